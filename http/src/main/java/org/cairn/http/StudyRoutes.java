package org.cairn.http;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.cairn.blob.BlobStore;
import org.cairn.blob.Digest;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyStore;

/**
 * A minimal read API over the Study entities: {@code GET /api/studies/{study}} (its series and instances) and
 * {@code GET /api/studies/{study}/series/{series}/instances/{sop}/file} (the stored Part 10 file, streamed).
 */
public final class StudyRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StudyRoutes() {
    }

    public static Route create(StudyStore studies, BlobStore blobs) {
        return pathPrefix("api", () -> pathPrefix("studies", () -> pathPrefix(study -> concat(
            pathEndOrSingleSlash(() -> get(() -> completeWithFuture(studyJson(studies, study)))),
            fileRoute(studies, blobs, study)))));
    }

    private static Route fileRoute(StudyStore studies, BlobStore blobs, String study) {
        return pathPrefix("series", () -> pathPrefix(series -> pathPrefix("instances", () -> pathPrefix(sop ->
            pathPrefix("file", () -> pathEndOrSingleSlash(() -> get(() ->
                completeWithFuture(file(studies, blobs, study, series, sop)))))))));
    }

    private static CompletionStage<HttpResponse> studyJson(StudyStore studies, String studyUid) {
        return studies.study(studyUid).thenApply(state -> {
            if (state.instanceCount() == 0) {
                return notFound("no study " + studyUid);
            }
            ObjectNode body = JSON.createObjectNode().put("studyInstanceUid", studyUid);
            ArrayNode orders = body.putArray("orders"); // Accession Numbers of the orders its images were linked to
            state.orders().forEach(orders::add);
            ArrayNode series = body.putArray("series");
            for (Map.Entry<String, Map<String, StudyEvent.StoredInstance>> s : state.series().entrySet()) {
                ObjectNode node = series.addObject().put("seriesInstanceUid", s.getKey());
                ArrayNode instances = node.putArray("instances");
                for (StudyEvent.StoredInstance i : s.getValue().values()) {
                    instances.addObject()
                        .put("sopInstanceUid", i.sopInstanceUid())
                        .put("sopClassUid", i.sopClassUid())
                        .put("transferSyntaxUid", i.transferSyntaxUid())
                        .put("digest", i.digest())
                        .put("size", i.size())
                        .put("sourceAeTitle", i.sourceAeTitle())
                        .put("receivedAt", i.receivedAt().toString());
                }
            }
            return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
        });
    }

    private static CompletionStage<HttpResponse> file(StudyStore studies, BlobStore blobs, String studyUid,
                                                      String seriesUid, String sopUid) {
        return studies.study(studyUid).thenApply(state -> {
            StudyEvent.StoredInstance instance = state.find(sopUid);
            if (instance == null || !instance.seriesUid().equals(seriesUid)) {
                return notFound("no instance " + sopUid + " in series " + seriesUid + " of study " + studyUid);
            }
            try {
                var in = blobs.open(new Digest(instance.digest()));
                if (in.isEmpty()) {
                    return HttpResponse.create().withStatus(StatusCodes.INTERNAL_SERVER_ERROR)
                        .withEntity("the blob of " + sopUid + " is missing");
                }
                return HttpResponse.create().withEntity(HttpEntities.create(
                    ContentTypes.create(MediaTypes.customBinary("application", "dicom", false)), instance.size(),
                    StreamConverters.fromInputStream(in::get)));
            } catch (java.io.IOException e) {
                return HttpResponse.create().withStatus(StatusCodes.INTERNAL_SERVER_ERROR).withEntity(e.getMessage());
            }
        });
    }

    private static HttpResponse notFound(String why) {
        return HttpResponse.create().withStatus(StatusCodes.NOT_FOUND)
            .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, why));
    }
}
