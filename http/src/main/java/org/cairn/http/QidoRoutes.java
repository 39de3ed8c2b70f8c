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
import org.cairn.query.QueryException;
import org.cairn.query.QueryLevel;

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

    private final StudySearch search;
    private final Executor blocking;

    private QidoRoutes(DataSource views, Executor blocking, String retrieveAeTitle, int maxMatches,
                       boolean ignorePersonNameCase) {
        this.search = new StudySearch(views, retrieveAeTitle, maxMatches, ignorePersonNameCase);
        this.blocking = blocking;
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
                StudySearch.Page page = search.search(level, path, params);
                HttpResponse response = HttpResponse.create().withEntity(HttpEntities.create(DICOM_JSON,
                    json(page.matches())));
                if (page.cutAtMaximum()) {
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
