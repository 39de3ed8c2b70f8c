package org.cairn.worklist;

/**
 * An imaging order as the hospital's information systems send it: one Requested Procedure with one Scheduled
 * Procedure Step. Its identity is the Accession Number, which the RIS, the modality and the images share.
 *
 * @param accessionNumber               Accession Number (0008,0050): the order's identity in Cairn
 * @param patient                       who it is for
 * @param requestedProcedureId          Requested Procedure ID (0040,1001)
 * @param requestedProcedureDescription Requested Procedure Description (0032,1060), or null
 * @param requestedProcedureCode        Requested Procedure Code Sequence (0032,1064) item, or null
 * @param studyInstanceUid              the Study Instance UID (0020,000D) the images are to carry
 * @param referringPhysicianName        Referring Physician's Name (0008,0090), or null
 * @param requestingPhysician           Requesting Physician (0032,1032), or null
 * @param placerOrderNumber             Placer Order Number / Imaging Service Request (0040,2016), or null
 * @param fillerOrderNumber             Filler Order Number / Imaging Service Request (0040,2017), or null
 * @param admissionId                   Admission ID (0038,0010), or null
 * @param priority                      Requested Procedure Priority (0040,1003): STAT, HIGH, ROUTINE, MEDIUM, LOW, or null
 * @param step                          the Scheduled Procedure Step
 */
public record Order(String accessionNumber, Patient patient, String requestedProcedureId,
                    String requestedProcedureDescription, Code requestedProcedureCode, String studyInstanceUid,
                    String referringPhysicianName, String requestingPhysician, String placerOrderNumber,
                    String fillerOrderNumber, String admissionId, String priority, ScheduledStep step) {

    public Order withPatient(Patient newPatient) {
        return new Order(accessionNumber, newPatient, requestedProcedureId, requestedProcedureDescription,
            requestedProcedureCode, studyInstanceUid, referringPhysicianName, requestingPhysician, placerOrderNumber,
            fillerOrderNumber, admissionId, priority, step);
    }

    public Order withStudyInstanceUid(String uid) {
        return new Order(accessionNumber, patient, requestedProcedureId, requestedProcedureDescription,
            requestedProcedureCode, uid, referringPhysicianName, requestingPhysician, placerOrderNumber,
            fillerOrderNumber, admissionId, priority, step);
    }
}
