package org.cairn.dicom;

/** Cairn's identity in File Meta Information and, later, in association negotiation (PS3.7 D.3.3.2). */
public final class Implementation {
    /** Cairn's Implementation Class UID: a UUID-derived UID (PS3.5 B.2), fixed for the product. */
    public static final String CLASS_UID = "2.25.118387279639590745054075151935538569333";
    /** Implementation Version Name: at most 16 characters of the default repertoire. */
    public static final String VERSION_NAME = "CAIRN_0_1";

    private Implementation() {
    }
}
