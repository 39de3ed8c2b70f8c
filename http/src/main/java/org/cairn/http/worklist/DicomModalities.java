package org.cairn.http.worklist;

import java.util.Set;

/**
 * The Modality (0008,0060) defined terms of PS3.3 C.7.3.1.1.1 that a worklist entry can schedule, as codes of the
 * DICOM coding scheme (DCM). They tell a DCM code that names a modality ({@code CT}) from one that names a
 * procedure or anything else, when a ServiceRequest carries both in {@code code.coding}.
 */
public final class DicomModalities {
    private static final Set<String> MODALITIES = Set.of(
        "AR", "ASMT", "AU", "BDUS", "BI", "BMD", "CFM", "CR", "CT", "DG", "DOC", "DX", "ECG", "EEG", "EMG", "EOG",
        "EPS", "ES", "FID", "GM", "HC", "HD", "IO", "IOL", "IVOCT", "IVUS", "KER", "LEN", "LS", "MG", "MR", "M3D",
        "NM", "OAM", "OCT", "OP", "OPM", "OPT", "OPTBSV", "OPTENF", "OPV", "OSS", "OT", "PA", "POS", "PT", "PX",
        "RESP", "RF", "RG", "RTIMAGE", "RWV", "SM", "SMR", "SRF", "STAIN", "TG", "US", "VA", "XA", "XC");

    private DicomModalities() {
    }

    /** Whether {@code code} is a modality a modality worklist can schedule. */
    public static boolean isModality(String code) {
        return code != null && MODALITIES.contains(code);
    }
}
