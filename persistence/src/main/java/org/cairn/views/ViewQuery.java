package org.cairn.views;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.query.AttributeLevels;
import org.cairn.query.FindRequest;
import org.cairn.query.MatchKey;
import org.cairn.query.QueryLevel;

/**
 * Runs a {@link FindRequest} against the views. The keys that have an indexed column become SQL that narrows
 * the candidates; every candidate is then matched in Java against all keys ({@link FindRequest#matches}), which
 * is what decides. Candidates are the level's record (the attributes of its first instance) with the computed
 * attributes added.
 */
public final class ViewQuery {
    /** Indexed columns by attribute; "pn" columns hold names in match form, "da" columns dates as YYYYMMDD. */
    private record Column(String sql, String kind) {
    }

    private static final Map<Integer, Column> COLUMNS = Map.ofEntries(
        Map.entry(Tag.PatientID, new Column("p.patient_id", "")),
        Map.entry(Tag.IssuerOfPatientID, new Column("p.issuer_of_patient_id", "")),
        Map.entry(Tag.PatientName, new Column("p.patient_name", "pn")),
        Map.entry(Tag.PatientBirthDate, new Column("p.patient_birth_date", "da")),
        Map.entry(Tag.PatientSex, new Column("p.patient_sex", "")),
        Map.entry(Tag.StudyInstanceUID, new Column("s.study_uid", "")),
        Map.entry(Tag.StudyDate, new Column("s.study_date", "da")),
        Map.entry(Tag.AccessionNumber, new Column("s.accession_number", "")),
        Map.entry(Tag.StudyID, new Column("s.study_id", "")),
        Map.entry(Tag.StudyDescription, new Column("s.study_description", "")),
        Map.entry(Tag.ReferringPhysicianName, new Column("s.referring_physician_name", "pn")),
        Map.entry(Tag.InstitutionName, new Column("s.institution_name", "")),
        Map.entry(Tag.SeriesInstanceUID, new Column("se.series_uid", "")),
        Map.entry(Tag.Modality, new Column("se.modality", "")),
        Map.entry(Tag.SeriesNumber, new Column("se.series_number", "")),
        Map.entry(Tag.SeriesDescription, new Column("se.series_description", "")),
        Map.entry(Tag.BodyPartExamined, new Column("se.body_part_examined", "")),
        Map.entry(Tag.SeriesDate, new Column("se.series_date", "da")),
        Map.entry(Tag.PerformedProcedureStepStartDate, new Column("se.pps_start_date", "da")),
        Map.entry(Tag.SOPInstanceUID, new Column("i.sop_instance_uid", "")),
        Map.entry(Tag.SOPClassUID, new Column("i.sop_class_uid", "")),
        Map.entry(Tag.InstanceNumber, new Column("i.instance_number", "")),
        Map.entry(Tag.ContentDate, new Column("i.content_date", "da")),
        Map.entry(Tag.NumberOfFrames, new Column("i.number_of_frames", "")));

    /** How a find ended. */
    public record Outcome(int matches, boolean truncated, boolean cancelled) {
    }

    /** The statement for a request (for tests and EXPLAIN): SQL text and its parameters. */
    public record Statement(String sql, List<String> parameters) {
    }

    private ViewQuery() {
    }

    /**
     * Streams the matches of {@code request} to {@code onMatch}, at most {@code maxMatches} of them (then
     * {@code truncated}), checking {@code cancelled} between matches.
     */
    public static Outcome find(Connection c, FindRequest request, int maxMatches, BooleanSupplier cancelled,
                               Predicate<DataSet> onMatch) throws SQLException {
        Statement statement = statement(request);
        try (PreparedStatement q = c.prepareStatement(statement.sql())) {
            return CandidateScan.scan(q, statement.parameters(), r -> candidate(request.level(), r), request::matches,
                maxMatches, cancelled, onMatch);
        }
    }

    /**
     * The instances under the matches of {@code request} (a C-MOVE or C-GET identifier): the records of the
     * request's level are found as for C-FIND, then every instance below them.
     */
    public static List<RetrievableInstance> instances(Connection c, FindRequest request) throws SQLException {
        int unique = AttributeLevels.uniqueKey(request.level());
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        find(c, request, Integer.MAX_VALUE, () -> false, match -> {
            String uid = match.getString(unique);
            if (uid != null) {
                keys.add(uid);
            }
            return true;
        });
        String column = switch (request.level()) {
            case PATIENT -> "s.patient_key";
            case STUDY -> "i.study_uid";
            case SERIES -> "i.series_uid";
            case IMAGE -> "i.sop_instance_uid";
        };
        if (request.level() == QueryLevel.PATIENT) {
            // patients are keyed by ID and issuer: find their keys, as the patient records hold them
            java.util.Set<String> patientKeys = new java.util.LinkedHashSet<>();
            for (List<String> chunk : chunks(List.copyOf(keys))) {
                try (PreparedStatement q = c.prepareStatement("SELECT patient_key FROM view_patient WHERE patient_id IN ("
                    + placeholders(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        q.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            patientKeys.add(r.getString(1));
                        }
                    }
                }
            }
            keys.clear();
            keys.addAll(patientKeys);
        }
        List<RetrievableInstance> out = new ArrayList<>();
        for (List<String> chunk : chunks(List.copyOf(keys))) {
            try (PreparedStatement q = c.prepareStatement("SELECT i.study_uid, i.series_uid, i.sop_instance_uid,"
                + " i.sop_class_uid, i.transfer_syntax_uid, i.digest FROM view_instance i"
                + " JOIN view_study s ON s.study_uid = i.study_uid WHERE " + column + " IN ("
                + placeholders(chunk.size()) + ") ORDER BY i.study_uid, i.series_uid, i.instance_number")) {
                for (int i = 0; i < chunk.size(); i++) {
                    q.setString(i + 1, chunk.get(i));
                }
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(new RetrievableInstance(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getString(6)));
                    }
                }
            }
        }
        return out;
    }

    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < values.size(); i += 500) {
            chunks.add(values.subList(i, Math.min(values.size(), i + 500)));
        }
        return chunks;
    }

    /** The SQL that narrows the candidates of {@code request}. */
    public static Statement statement(FindRequest request) {
        StringBuilder sql = new StringBuilder("SELECT ").append(switch (request.level()) {
            case PATIENT -> "p.attributes, p.study_count, p.series_count, p.instance_count, p.patient_id"
                + " FROM view_patient p";
            case STUDY -> "s.attributes, s.series_count, s.instance_count, s.modalities_in_study,"
                + " s.sop_classes_in_study, p.study_count, p.series_count, p.instance_count, s.study_uid"
                + " FROM view_study s JOIN view_patient p ON p.patient_key = s.patient_key";
            case SERIES -> "se.attributes, se.instance_count, se.study_uid, se.series_uid FROM view_series se"
                + " JOIN view_study s ON s.study_uid = se.study_uid JOIN view_patient p ON p.patient_key = s.patient_key";
            case IMAGE -> "i.attributes, i.study_uid, i.series_uid, i.sop_instance_uid, i.sop_class_uid"
                + " FROM view_instance i JOIN view_series se ON se.series_uid = i.series_uid"
                + " JOIN view_study s ON s.study_uid = i.study_uid JOIN view_patient p ON p.patient_key = s.patient_key";
        });
        List<String> where = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        for (MatchKey key : request.keys()) {
            if (key.tag() == Tag.ModalitiesInStudy && key.kind() == MatchKey.Kind.SINGLE) {
                where.add("EXISTS (SELECT 1 FROM view_series ms WHERE ms.study_uid = s.study_uid AND ms.modality IN ("
                    + placeholders(key.values().size()) + "))");
                parameters.addAll(key.values());
                continue;
            }
            Column column = COLUMNS.get(key.tag());
            if (column == null || key.fuzzy()) {
                continue; // fuzzy names are folded beyond what the column holds: matched in Java only
            }
            switch (key.kind()) {
                case SINGLE -> {
                    if (column.kind().equals("pn")) {
                        personName(column.sql(), key, where, parameters);
                    } else {
                        where.add(column.sql() + " IN (" + placeholders(key.values().size()) + ")");
                        parameters.addAll(key.values());
                    }
                }
                case WILDCARD -> {
                    if (column.kind().equals("pn")) {
                        personName(column.sql(), key, where, parameters);
                    } else {
                        List<String> alternatives = new ArrayList<>();
                        for (String v : key.values()) {
                            alternatives.add(column.sql() + " LIKE ? ESCAPE '!'");
                            parameters.add(likePattern(v, true));
                        }
                        where.add("(" + String.join(" OR ", alternatives) + ")");
                    }
                }
                case RANGE -> {
                    if (column.kind().equals("da")) {
                        if (!key.low().isEmpty()) {
                            where.add(column.sql() + " >= ?");
                            parameters.add(key.low());
                        }
                        if (!key.high().isEmpty()) {
                            where.add(column.sql() + " <= ?");
                            parameters.add(key.high());
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        return new Statement(sql.toString(), List.copyOf(parameters));
    }

    /**
     * A name matches as a whole or by any of its component groups: the column (match form, upper case) is the
     * pattern itself, or starts, ends or contains it as a group between '='. A superset when case matters.
     */
    private static void personName(String column, MatchKey key, List<String> where, List<String> parameters) {
        List<String> alternatives = new ArrayList<>();
        for (String v : key.values()) {
            String pattern = likePattern(v.toUpperCase(java.util.Locale.ROOT), key.kind() == MatchKey.Kind.WILDCARD);
            for (String shape : List.of("%s", "%s=%%", "%%=%s", "%%=%s=%%")) {
                alternatives.add(column + " LIKE ? ESCAPE '!'");
                parameters.add(String.format(shape, pattern));
            }
        }
        where.add("(" + String.join(" OR ", alternatives) + ")");
    }

    /** A LIKE pattern ('!' escapes): DICOM's '*' and '?' become '%' and '_' when {@code wildcards}. */
    static String likePattern(String value, boolean wildcards) {
        StringBuilder p = new StringBuilder();
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '%', '_', '!' -> p.append('!').append(ch);
                case '*' -> p.append(wildcards ? "%" : "*");
                case '?' -> p.append(wildcards ? "_" : "?");
                default -> p.append(ch);
            }
        }
        return p.toString();
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static DataSet candidate(QueryLevel level, ResultSet r) throws SQLException {
        DataSet ds = ViewUpdater.parse(r.getString(1));
        switch (level) {
            case PATIENT -> {
                patientCounts(ds, r, 2);
                keep(ds, Tag.PatientID, Vr.LO, r.getString(5));
            }
            case STUDY -> {
                count(ds, Tag.NumberOfStudyRelatedSeries, r.getInt(2));
                count(ds, Tag.NumberOfStudyRelatedInstances, r.getInt(3));
                String modalities = r.getString(4);
                if (modalities.isEmpty()) {
                    ds.put(org.cairn.dicom.DataElement.of(Tag.ModalitiesInStudy, Vr.CS, new byte[0]));
                } else {
                    ds.putString(Tag.ModalitiesInStudy, Vr.CS, modalities.split("\\\\"));
                }
                ds.putString(Tag.SOPClassesInStudy, Vr.UI, r.getString(5).split("\\\\"));
                patientCounts(ds, r, 6);
                keep(ds, Tag.StudyInstanceUID, Vr.UI, r.getString(9));
            }
            case SERIES -> {
                count(ds, Tag.NumberOfSeriesRelatedInstances, r.getInt(2));
                keep(ds, Tag.StudyInstanceUID, Vr.UI, r.getString(3));
                keep(ds, Tag.SeriesInstanceUID, Vr.UI, r.getString(4));
            }
            case IMAGE -> {
                keep(ds, Tag.StudyInstanceUID, Vr.UI, r.getString(2));
                keep(ds, Tag.SeriesInstanceUID, Vr.UI, r.getString(3));
                keep(ds, Tag.SOPInstanceUID, Vr.UI, r.getString(4));
                keep(ds, Tag.SOPClassUID, Vr.UI, r.getString(5));
            }
        }
        return ds;
    }

    /** The record's identity from its columns, for the records whose attributes could not be kept as JSON. */
    private static void keep(DataSet ds, int tag, Vr vr, String value) {
        if (value != null && !value.isEmpty() && ds.getString(tag) == null) {
            ds.putString(tag, vr, value);
        }
    }

    /** Number of Patient Related Studies, Series and Instances, from three columns starting at {@code column}. */
    private static void patientCounts(DataSet ds, ResultSet r, int column) throws SQLException {
        count(ds, Tag.NumberOfPatientRelatedStudies, r.getInt(column));
        count(ds, Tag.NumberOfPatientRelatedSeries, r.getInt(column + 1));
        count(ds, Tag.NumberOfPatientRelatedInstances, r.getInt(column + 2));
    }

    private static void count(DataSet ds, int tag, int value) {
        ds.putString(tag, Vr.IS, Integer.toString(value));
    }
}
