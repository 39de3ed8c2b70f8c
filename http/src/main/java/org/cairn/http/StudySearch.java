package org.cairn.http;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.Tag;
import org.cairn.query.FindRequest;
import org.cairn.query.FindResponses;
import org.cairn.query.InformationModel;
import org.cairn.query.QidoParameters;
import org.cairn.query.QueryException;
import org.cairn.query.QueryLevel;
import org.cairn.views.ViewQuery;

/**
 * A QIDO-RS style search (attribute keywords or tags as parameters, {@code limit}, {@code offset},
 * {@code includefield}, {@code fuzzymatching}) over the views, answered by the engine that serves C-FIND. QIDO-RS
 * and the REST study list both search through here.
 */
public final class StudySearch {
    private final DataSource views;
    private final String retrieveAeTitle;
    private final int maxMatches;
    private final boolean ignorePersonNameCase;

    public StudySearch(DataSource views, String retrieveAeTitle, int maxMatches, boolean ignorePersonNameCase) {
        this.views = views;
        this.retrieveAeTitle = retrieveAeTitle;
        this.maxMatches = maxMatches;
        this.ignorePersonNameCase = ignorePersonNameCase;
    }

    /** The matches of one page; {@code cutAtMaximum} when more matched than the node's maximum lets through. */
    public record Page(List<DataSet> matches, boolean more, boolean cutAtMaximum) {
    }

    public Page search(QueryLevel level, Map<Integer, String> path, Map<String, List<String>> params)
        throws QueryException, java.sql.SQLException {
        QidoParameters qido = QidoParameters.of(level, path, params);
        FindRequest request = FindRequest.parse(InformationModel.STUDY_ROOT, qido.identifier(), ignorePersonNameCase,
            true, qido.fuzzy());
        List<DataSet> answers = new ArrayList<>();
        int[] skipped = {0};
        int wanted = Math.min(qido.limit(), maxMatches);
        ViewQuery.Outcome outcome;
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            outcome = ViewQuery.find(c, request, saturatedSum(qido.offset(), wanted), () -> false, match -> {
                if (skipped[0] < qido.offset()) {
                    skipped[0]++;
                } else {
                    DataSet answer = FindResponses.identifier(request, match, retrieveAeTitle);
                    answer.remove(Tag.QueryRetrieveLevel); // a C-FIND key, not a QIDO-RS attribute
                    answers.add(answer);
                }
                return true;
            });
        }
        return new Page(answers, outcome.truncated(), outcome.truncated() && wanted == maxMatches
            && qido.limit() > maxMatches);
    }

    private static int saturatedSum(int a, int b) {
        long sum = (long) a + b;
        return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
    }
}
