package org.cairn.views;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.cairn.dicom.DataSet;

/**
 * How the views answer a query: SQL selects candidates on indexed columns, each candidate is decoded and the query's
 * keys decide; matches stream to the caller, at most a maximum (then truncated), with the cancel flag checked between
 * candidates.
 */
final class CandidateScan {
    /** A candidate row as a data set to match. */
    interface Decoder {
        DataSet decode(ResultSet row) throws SQLException;
    }

    private CandidateScan() {
    }

    static ViewQuery.Outcome scan(PreparedStatement query, List<String> parameters, Decoder decoder,
                                  Predicate<DataSet> matches, int maxMatches, BooleanSupplier cancelled,
                                  Predicate<DataSet> onMatch) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            query.setString(i + 1, parameters.get(i));
        }
        query.setFetchSize(256);
        int found = 0;
        try (ResultSet r = query.executeQuery()) {
            while (r.next()) {
                if (cancelled.getAsBoolean()) {
                    return new ViewQuery.Outcome(found, false, true);
                }
                DataSet candidate = decoder.decode(r);
                if (!matches.test(candidate)) {
                    continue;
                }
                if (found == maxMatches) {
                    return new ViewQuery.Outcome(found, true, false);
                }
                found++;
                if (!onMatch.test(candidate)) {
                    return new ViewQuery.Outcome(found, false, true);
                }
            }
        }
        return new ViewQuery.Outcome(found, false, false);
    }
}
