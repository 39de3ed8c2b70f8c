package org.cairn.query;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.ElementDictionary;
import org.cairn.dicom.dict.Tag;

/**
 * A QIDO-RS query string as a C-FIND identifier (PS3.18 8.3.4): matching attributes by keyword or tag,
 * {@code includefield} (or {@code all}), {@code limit}, {@code offset} and {@code fuzzymatching}; the resource
 * gives the level and the UIDs of the path. The identifier asks for the level's default return attributes
 * (PS3.18 Tables 10.6.3-3 to 10.6.3-5) besides those matched and included.
 */
public record QidoParameters(DataSet identifier, int limit, int offset, boolean fuzzy) {
    private static final List<Integer> STUDY_DEFAULTS = List.of(Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber,
        Tag.InstanceAvailability, Tag.ModalitiesInStudy, Tag.ReferringPhysicianName, Tag.PatientName, Tag.PatientID,
        Tag.PatientBirthDate, Tag.PatientSex, Tag.StudyInstanceUID, Tag.StudyID, Tag.NumberOfStudyRelatedSeries,
        Tag.NumberOfStudyRelatedInstances);
    private static final List<Integer> SERIES_DEFAULTS = List.of(Tag.Modality, Tag.SeriesDescription,
        Tag.SeriesNumber, Tag.SeriesInstanceUID, Tag.NumberOfSeriesRelatedInstances,
        Tag.PerformedProcedureStepStartDate, Tag.PerformedProcedureStepStartTime);
    private static final List<Integer> INSTANCE_DEFAULTS = List.of(Tag.SOPClassUID, Tag.SOPInstanceUID,
        Tag.InstanceAvailability, Tag.InstanceNumber, Tag.Rows, Tag.Columns, Tag.BitsAllocated, Tag.NumberOfFrames);
    private static final Set<String> CONTROL = Set.of("includefield", "limit", "offset", "fuzzymatching");

    /**
     * @param level  the resource's level (STUDY for /studies, SERIES for .../series, IMAGE for .../instances)
     * @param path   UIDs from the path: Study Instance UID and Series Instance UID when given
     * @param params the query string, each parameter with its values
     */
    public static QidoParameters of(QueryLevel level, Map<Integer, String> path, Map<String, List<String>> params)
        throws QueryException {
        DataSet identifier = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192")
            .putString(Tag.QueryRetrieveLevel, Vr.CS, level.name());
        for (QueryLevel l : QueryLevel.values()) {
            if (l.ordinal() > level.ordinal() || l == QueryLevel.PATIENT) {
                continue;
            }
            for (int tag : l == QueryLevel.STUDY ? STUDY_DEFAULTS : l == QueryLevel.SERIES ? SERIES_DEFAULTS
                : INSTANCE_DEFAULTS) {
                identifier.put(empty(tag));
            }
        }
        int limit = Integer.MAX_VALUE;
        int offset = 0;
        boolean fuzzy = false;
        boolean all = false;
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String name = p.getKey();
            for (String value : p.getValue()) {
                switch (name) {
                    case "includefield" -> {
                        for (String field : value.split(",")) {
                            if (field.equals("all")) {
                                all = true;
                            } else if (!field.isBlank() && !identifier.contains(tagOf(field.strip()))) {
                                // a return key never replaces a match key given before it
                                identifier.put(empty(tagOf(field.strip())));
                            }
                        }
                    }
                    case "limit" -> limit = number(name, value);
                    case "offset" -> offset = number(name, value);
                    case "fuzzymatching" -> fuzzy = Boolean.parseBoolean(value);
                    default -> {
                        int tag = tagOf(name);
                        Vr vr = ElementDictionary.vrOf(tag);
                        if (vr == null || vr == Vr.SQ || vr.isBinary()) {
                            throw new QueryException(FindRequest.UNABLE_TO_PROCESS, "cannot match on " + name);
                        }
                        identifier.putString(tag, vr, value);
                    }
                }
            }
        }
        for (Map.Entry<Integer, String> uid : path.entrySet()) {
            identifier.putString(uid.getKey(), Vr.UI, uid.getValue());
        }
        if (all) {
            for (int tag : List.of(Tag.StudyDescription, Tag.InstitutionName, Tag.BodyPartExamined, Tag.ContentDate,
                Tag.SeriesDate, Tag.PatientAge, Tag.IssuerOfPatientID, Tag.SOPClassesInStudy)) {
                if (!identifier.contains(tag)) {
                    identifier.put(empty(tag));
                }
            }
        }
        return new QidoParameters(identifier, limit, offset, fuzzy);
    }

    /** Whether a query parameter steers the query rather than matching an attribute. */
    public static boolean isControl(String name) {
        return CONTROL.contains(name);
    }

    private static DataElement empty(int tag) {
        Vr vr = ElementDictionary.vrOf(tag);
        return vr == Vr.SQ ? DataElement.sequence(tag, Vr.SQ, false, false)
            : DataElement.of(tag, vr == null ? Vr.UN : vr, new byte[0]);
    }

    /** A keyword ("PatientName") or a tag in hex ("00100010"). */
    static int tagOf(String name) throws QueryException {
        if (name.matches("[0-9A-Fa-f]{8}")) {
            return (int) Long.parseLong(name, 16);
        }
        int tag = ElementDictionary.tagOf(name);
        if (tag == -1) {
            throw new QueryException(FindRequest.UNABLE_TO_PROCESS, "unknown attribute " + name);
        }
        return tag;
    }

    private static int number(String name, String value) throws QueryException {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new QueryException(FindRequest.UNABLE_TO_PROCESS, name + " must be a number of 0 or more: " + value);
        }
    }
}
