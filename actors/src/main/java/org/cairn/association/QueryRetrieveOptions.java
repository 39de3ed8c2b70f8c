package org.cairn.association;

import java.util.Set;
import org.cairn.dicom.dict.UID;

/**
 * The Query/Retrieve options agreed by SOP Class Extended Negotiation (PS3.4 C.5.1 to C.5.3). For FIND: byte 0
 * relational queries, byte 1 combined date-time matching, byte 2 fuzzy semantic matching of person names, byte 3
 * timezone adjustment; for MOVE and GET: byte 0 relational retrieval. Cairn agrees to relational queries and
 * retrieval and to fuzzy name matching, not to the other two.
 */
public record QueryRetrieveOptions(boolean relational, boolean fuzzyNames) {
    public static final QueryRetrieveOptions NONE = new QueryRetrieveOptions(false, false);

    private static final Set<String> FIND = Set.of(UID.PatientRootQueryRetrieveInformationModelFind,
        UID.StudyRootQueryRetrieveInformationModelFind);
    private static final Set<String> RETRIEVE = Set.of(UID.PatientRootQueryRetrieveInformationModelMove,
        UID.StudyRootQueryRetrieveInformationModelMove, UID.PatientRootQueryRetrieveInformationModelGet,
        UID.StudyRootQueryRetrieveInformationModelGet);

    /** Cairn's answer to a proposal for {@code sopClass}: as many bytes as proposed; null if none is due. */
    static byte[] answer(String sopClass, byte[] proposed) {
        if (proposed == null || proposed.length == 0 || !FIND.contains(sopClass) && !RETRIEVE.contains(sopClass)) {
            return null;
        }
        byte[] answer = new byte[FIND.contains(sopClass) ? Math.min(proposed.length, 4) : 1];
        answer[0] = (byte) (proposed[0] == 1 ? 1 : 0);
        if (answer.length > 2) {
            answer[2] = (byte) (proposed[2] == 1 ? 1 : 0);
        }
        return answer;
    }

    /** The options an accepted answer grants. */
    public static QueryRetrieveOptions of(byte[] accepted) {
        if (accepted == null || accepted.length == 0) {
            return NONE;
        }
        return new QueryRetrieveOptions(accepted[0] == 1, accepted.length > 2 && accepted[2] == 1);
    }

    @Override
    public String toString() {
        return "relational=" + relational + ", fuzzyNames=" + fuzzyNames;
    }
}
