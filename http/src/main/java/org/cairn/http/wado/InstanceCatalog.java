package org.cairn.http.wado;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cairn.views.RetrievableInstance;

/**
 * Reads what WADO needs from the instance view: the instances under a study, series or instance in display order
 * (series by Series Number, instances by Instance Number, numerically, then by UID), and their stored attributes.
 * Only primary-key and indexed columns are used, so these are index lookups.
 */
final class InstanceCatalog {
    private InstanceCatalog() {
    }

    /** The scope of a request: a study, a series of it, or one instance of that series. */
    record Scope(String study, String series, String instance) {
        String describe() {
            return instance != null ? "instance " + instance : series != null ? "series " + series : "study " + study;
        }
    }

    /** An instance with the numbers that order it. */
    private record Row(RetrievableInstance instance, long seriesNumber, long instanceNumber) {
    }

    static List<RetrievableInstance> instances(Connection c, Scope scope) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT i.study_uid, i.series_uid, i.sop_instance_uid, i.sop_class_uid,"
            + " i.transfer_syntax_uid, i.digest, i.instance_number, se.series_number FROM view_instance i"
            + " LEFT JOIN view_series se ON se.series_uid = i.series_uid WHERE ");
        List<String> parameters = new ArrayList<>();
        if (scope.instance() != null) {
            sql.append("i.sop_instance_uid = ? AND ");
            parameters.add(scope.instance());
        }
        if (scope.series() != null) {
            sql.append("i.series_uid = ? AND ");
            parameters.add(scope.series());
        }
        sql.append("i.study_uid = ?");
        parameters.add(scope.study());
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                q.setString(i + 1, parameters.get(i));
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(new Row(new RetrievableInstance(r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4), r.getString(5), r.getString(6)), number(r.getString(8)), number(r.getString(7))));
                }
            }
        }
        rows.sort(Comparator.comparingLong(Row::seriesNumber)
            .thenComparing(row -> row.instance().seriesUid())
            .thenComparingLong(Row::instanceNumber)
            .thenComparing(row -> row.instance().sopInstanceUid()));
        return rows.stream().map(Row::instance).toList();
    }

    /** The stored attributes (DICOM JSON objects) of {@code sopUids}, in the same order. */
    static List<String> attributes(Connection c, List<String> sopUids) throws SQLException {
        if (sopUids.isEmpty()) {
            return List.of();
        }
        Map<String, String> byUid = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT sop_instance_uid, attributes FROM view_instance"
            + " WHERE sop_instance_uid IN (" + String.join(", ", Collections.nCopies(sopUids.size(), "?")) + ")")) {
            for (int i = 0; i < sopUids.size(); i++) {
                q.setString(i + 1, sopUids.get(i));
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    byUid.put(r.getString(1), r.getString(2));
                }
            }
        }
        List<String> out = new ArrayList<>(sopUids.size());
        for (String uid : sopUids) {
            String json = byUid.get(uid);
            if (json != null) {
                out.add(json); // an instance removed since the list was read is left out
            }
        }
        return out;
    }

    /** Which of {@code sopUids} are images (their attributes have Rows). */
    static Set<String> images(Connection c, List<String> sopUids) throws SQLException {
        Set<String> images = new HashSet<>();
        for (int from = 0; from < sopUids.size(); from += 500) {
            List<String> chunk = sopUids.subList(from, Math.min(sopUids.size(), from + 500));
            try (PreparedStatement q = c.prepareStatement("SELECT sop_instance_uid FROM view_instance WHERE"
                + " sop_instance_uid IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")"
                + " AND attributes LIKE '%\"00280010\"%'")) {
                for (int i = 0; i < chunk.size(); i++) {
                    q.setString(i + 1, chunk.get(i));
                }
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        images.add(r.getString(1));
                    }
                }
            }
        }
        return images;
    }

    private static long number(String value) {
        if (value == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
