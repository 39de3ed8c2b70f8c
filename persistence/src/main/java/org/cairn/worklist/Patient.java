package org.cairn.worklist;

/**
 * The patient an order is for, as the information systems know them.
 *
 * @param id        Patient ID (0010,0020)
 * @param issuer    Issuer of Patient ID (0010,0021), or null
 * @param name      Patient's Name in DICOM PN form (family^given^middle^prefix^suffix)
 * @param birthDate Patient's Birth Date as DA (YYYYMMDD), or null
 * @param sex       Patient's Sex: M, F, O, or null
 */
public record Patient(String id, String issuer, String name, String birthDate, String sex) {

    public Patient withId(String newId, String newIssuer) {
        return new Patient(newId, newIssuer, name, birthDate, sex);
    }
}
