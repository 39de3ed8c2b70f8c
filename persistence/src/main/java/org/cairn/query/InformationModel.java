package org.cairn.query;

import org.cairn.dicom.dict.UID;

/** The Query/Retrieve information models Cairn serves (PS3.4 C.6.1 and C.6.2). */
public enum InformationModel {
    PATIENT_ROOT(QueryLevel.PATIENT, UID.PatientRootQueryRetrieveInformationModelFind,
        UID.PatientRootQueryRetrieveInformationModelMove, UID.PatientRootQueryRetrieveInformationModelGet),
    STUDY_ROOT(QueryLevel.STUDY, UID.StudyRootQueryRetrieveInformationModelFind,
        UID.StudyRootQueryRetrieveInformationModelMove, UID.StudyRootQueryRetrieveInformationModelGet);

    private final QueryLevel top;
    private final String find;
    private final String move;
    private final String get;

    InformationModel(QueryLevel top, String find, String move, String get) {
        this.top = top;
        this.find = find;
        this.move = move;
        this.get = get;
    }

    /** The highest level of the model: Study Root has no patient level of its own. */
    public QueryLevel top() {
        return top;
    }

    public String findSopClass() {
        return find;
    }

    public String moveSopClass() {
        return move;
    }

    public String getSopClass() {
        return get;
    }

    /** The model a FIND, MOVE or GET SOP class belongs to; {@code null} for any other. */
    public static InformationModel ofSopClass(String sopClass) {
        for (InformationModel m : values()) {
            if (m.find.equals(sopClass) || m.move.equals(sopClass) || m.get.equals(sopClass)) {
                return m;
            }
        }
        return null;
    }
}
