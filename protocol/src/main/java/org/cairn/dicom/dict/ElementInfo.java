package org.cairn.dicom.dict;

import org.cairn.dicom.Vr;

/**
 * One row of the PS3.6 data element registry.
 *
 * @param tag      the tag; for repeating groups and masked elements the base value (x digits as 0)
 * @param mask     the bits of {@code tag} that identify this entry ({@code 0xFFFFFFFF} unless repeating)
 * @param vrs      the registered VRs; several where PS3.6 says "US or SS", "OB or OW"; empty for items and delimiters
 * @param vm       the value multiplicity as written in PS3.6, e.g. "1", "1-n", "2-2n"
 * @param keyword  the keyword, empty for a few retired entries that have none
 * @param name     the attribute name
 * @param retired  whether the attribute is retired
 */
public record ElementInfo(int tag, int mask, Vr[] vrs, String vm, String keyword, String name, boolean retired) {

    /** The VR to assume when the encoding does not say: the first registered one, UN when there is none. */
    public Vr vr() {
        return vrs.length == 0 ? Vr.UN : vrs[0];
    }

    /** Whether PS3.6 lists more than one VR, so the actual VR depends on other attributes. */
    public boolean isAmbiguous() {
        return vrs.length > 1;
    }

    public boolean matches(int candidate) {
        return (candidate & mask) == tag;
    }
}
