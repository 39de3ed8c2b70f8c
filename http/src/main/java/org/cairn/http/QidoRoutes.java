package org.cairn.http;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMultiMap;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.dict.Tag;
import org.cairn.query.FindRequest;
import org.cairn.query.FindResponses;
import org.cairn.query.InformationModel;
import org.cairn.query.QidoParameters;
import org.cairn.query.QueryException;
import org.cairn.query.QueryLevel;
import org.cairn.views.ViewQuery;

/**
 * QIDO-RS (PS3.18 10.6): {@code /dicom-web/studies}, {@code /studies/{study}/series}, {@code /series},
 * {@code /studies/{study}/series/{series}/instances}, {@code /studies/{study}/instances} and {@code /instances},
 * answered as {@code application/dicom+json} by the query engine that serves C-FIND. Queries are relational, as
 * QIDO-RS allows; {@code fuzzymatching=true} matches person names as C-FIND's fuzzy option does. More matches than {@code cairn.query.max-matches} are cut there, with a Warning header.
 */
public final class QidoRoutes {
    static final ContentType DICOM_JSON = ContentTypes.create(
        MediaTypes.applicationWithFixedCharset("dicom+json", HttpCharsets.UTF_8));
    private static final JsonFactory JSON = new JsonFactory();

    private final DataSource views;
    private final Executor blocking;
    private final String retrieveAeTitle;
    private final int maxMatches;
    private final boolean ignorePersonNameCase;

    private QidoRoutes(DataSource views, Executor blocking, String retrieveAeTitle, int maxMatches,
                       boolean ignorePersonNameCase) {
        this.views = views;
        this.blocking = blocking;
        this.retrieveAeTitle = retrieveAeTitle;
        this.maxMatches = maxMatches;
        this.ignorePersonNameCase = ignorePersonNameCase;
    }

    public static Route create(DataSource views, Executor blocking, String retrieveAeTitle, int maxMatches,
                               boolean ignorePersonNameCase) {
        return new QidoRoutes(views, blocking, retrieveAeTitle, maxMatches, ignorePersonNameCase).route();
    }

    private Route route() {
        return pathPrefix("dicom-web", () -> concat(
            pathPrefix("studies", () -> concat(
                pathEndOrSingleSlash(() -> query(QueryLevel.STUDY, Map.of())),
                pathPrefix(study -> concat(
                    pathPrefix("series", () -> concat(
                        pathEndOrSingleSlash(() -> query(QueryLevel.SERIES, Map.of(Tag.StudyInstanceUID, study))),
                        pathPrefix(series -> pathPrefix("instances", () -> pathEndOrSingleSlash(() ->
                            query(QueryLevel.IMAGE, Map.of(Tag.StudyInstanceUID, study, Tag.SeriesInstanceUID,
                                series))))))),
                    pathPrefix("instances", () -> pathEndOrSingleSlash(() ->
                        query(QueryLevel.IMAGE, Map.of(Tag.StudyInstanceUID, study)))))))),
            pathPrefix("series", () -> pathEndOrSingleSlash(() -> query(QueryLevel.SERIES, Map.of()))),
            pathPrefix("instances", () -> pathEndOrSingleSlash(() -> query(QueryLevel.IMAGE, Map.of())))));
    }

    private Route query(QueryLevel level, Map<Integer, String> path) {
        return get(() -> parameterMultiMap(params -> completeWithFuture(run(level, path, params))));
    }

    private CompletionStage<HttpResponse> run(QueryLevel level, Map<Integer, String> path,
                                              Map<String, List<String>> params) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                QidoParameters qido = QidoParameters.of(level, path, params);
                FindRequest request = FindRequest.parse(InformationModel.STUDY_ROOT, qido.identifier(),
                    ignorePersonNameCase, true, qido.fuzzy());
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
                HttpResponse response = HttpResponse.create().withEntity(HttpEntities.create(DICOM_JSON, json(answers)));
                if (outcome.truncated() && wanted == maxMatches && qido.limit() > maxMatches) {
                    response = response.addHeader(RawHeader.create("Warning",
                        "299 Cairn: \"There are additional results that can be requested\""));
                }
                return response;
            } catch (QueryException e) {
                return HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST)
                    .withEntity(ContentTypes.TEXT_PLAIN_UTF8, e.getMessage());
            } catch (Exception e) {
                return HttpResponse.create().withStatus(StatusCodes.INTERNAL_SERVER_ERROR)
                    .withEntity(ContentTypes.TEXT_PLAIN_UTF8, "query failed: " + e.getMessage());
            }
        }, blocking);
    }

    private static int saturatedSum(int a, int b) {
        long sum = (long) a + b;
        return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
    }

    private static byte[] json(List<DataSet> answers) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (DataSet a : answers) {
                DicomJson.inline().write(a, g);
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }
}
