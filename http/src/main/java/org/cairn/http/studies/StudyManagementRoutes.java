package org.cairn.http.studies;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractEntity;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMultiMap;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;
import org.cairn.dicom.AttributePatch;
import org.cairn.http.StudySearch;
import org.cairn.http.auth.Access;
import org.cairn.http.auth.Permission;
import org.cairn.http.auth.Principal;
import org.cairn.http.worklist.RequestBodies;
import org.cairn.jobs.JobState;
import org.cairn.jobs.JobStatus;
import org.cairn.jobs.JobWork;
import org.cairn.jobs.Jobs;
import org.cairn.jobs.StudyArchive;
import org.cairn.jobs.StudyJobs;
import org.cairn.qr.MoveDestination;
import org.cairn.query.QueryException;
import org.cairn.query.QueryLevel;
import org.cairn.study.ChangeableAttribute;
import org.cairn.study.StudyEntity;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyHistory;
import org.cairn.study.StudyStore;
import org.cairn.views.InstanceFiles;
import org.cairn.views.RetrievableInstance;
import org.cairn.views.StudyViewChanges;

/**
 * The REST API for studies, for people and integrations: search with paging, detail, history, attribute corrections,
 * soft delete / restore / purge, ZIP download (streamed) and export, sending to a configured AE (the router, with
 * optional changes on the way) and the jobs that run the long operations. Every route says the permission it needs.
 */
public final class StudyManagementRoutes {
    private static final int MAX_HISTORY = 10_000;

    private final StudyStore studies;
    private final StudySearch search;
    private final DataSource views;
    private final InstanceFiles files;
    private final Jobs jobs;
    private final StudyJobs work;
    private final Map<String, MoveDestination> destinations;
    private final ActorSystem<?> system;
    private final Executor blocking;
    private final Duration retention;
    private final Optional<StudyAnonymizer> anonymizer;

    public StudyManagementRoutes(StudyStore studies, StudySearch search, DataSource views, InstanceFiles files,
                                 Jobs jobs, StudyJobs work, Map<String, MoveDestination> destinations,
                                 ActorSystem<?> system, Executor blocking, Duration retention,
                                 Optional<StudyAnonymizer> anonymizer) {
        this.studies = studies;
        this.search = search;
        this.views = views;
        this.files = files;
        this.jobs = jobs;
        this.work = work;
        this.destinations = destinations;
        this.system = system;
        this.blocking = blocking;
        this.retention = retention;
        this.anonymizer = anonymizer;
    }

    /** Makes an anonymized copy of a study (the anonymize job's work); supplied by the node's wiring. */
    @FunctionalInterface
    public interface StudyAnonymizer {
        JobWork anonymize(String studyUid, String patientName, String patientId, String by);
    }

    public Route route() {
        return pathPrefix("api", () -> concat(
            pathPrefix("studies", () -> concat(
                pathEndOrSingleSlash(() -> get(() -> Access.require(Permission.READ, () ->
                    parameterMultiMap(params -> completeWithFuture(list(params)))))),
                pathPrefix(this::study))),
            path("deleted-studies", () -> get(() -> Access.require(Permission.DELETE, () ->
                parameterOptional("offset", offset -> parameterOptional("limit", limit ->
                    completeWithFuture(deletedStudies(number(offset, 0), number(limit, 100)))))))),
            path("destinations", () -> get(() -> Access.require(Permission.READ, () ->
                complete(json(StatusCodes.OK, destinationsJson()))))),
            pathPrefix("jobs", this::jobRoutes)));
    }

    private Route study(String uid) {
        return concat(
            pathEndOrSingleSlash(() -> concat(
                get(() -> Access.require(Permission.READ, () -> completeWithFuture(detail(uid)))),
                delete(() -> Access.require(Permission.DELETE, principal -> parameterOptional("reason", reason ->
                    completeWithFuture(outcome(studies.delete(uid, principal.name(), reason.orElse(null))))))))),
            path("history", () -> get(() -> Access.require(Permission.READ, () ->
                completeWithFuture(history(uid))))),
            path("attributes", () -> jsonPost(Permission.MODIFY, (body, principal) -> change(uid, body, principal))),
            path("restore", () -> post(() -> Access.require(Permission.DELETE, principal ->
                completeWithFuture(outcome(studies.restore(uid, principal.name())))))),
            path("purge", () -> post(() -> Access.require(Permission.ADMIN, principal -> completeWithFuture(
                submit("purge", uid, principal, work.purge(uid, principal.name(), Instant.now())))))),
            path("archive", () -> get(() -> Access.require(Permission.READ, () -> completeWithFuture(archive(uid))))),
            path("export", () -> post(() -> Access.require(Permission.READ, principal ->
                completeWithFuture(submit("export", uid, principal, work.export(uid)))))),
            path("send", () -> jsonPost(Permission.SEND, (body, principal) -> send(uid, body, principal))),
            path("anonymize", () -> jsonPost(Permission.MODIFY, (body, principal) -> anonymize(uid, body, principal))),
            pathPrefix("series", () -> pathPrefix(series -> pathPrefix("instances", () -> pathPrefix(sop ->
                path("file", () -> get(() -> Access.require(Permission.READ, () ->
                    completeWithFuture(file(uid, series, sop))))))))));
    }

    /**
     * A POST whose JSON body (at most 1 MiB; an empty body is an empty object) is handled by {@code handler} for a
     * principal holding {@code needed}; a body that is not JSON is answered 400 here.
     */
    private static Route jsonPost(Permission needed,
                                  java.util.function.BiFunction<JsonNode, Principal, CompletionStage<HttpResponse>> handler) {
        return post(() -> Access.require(needed, principal -> extractEntity(entity ->
            extractMaterializer(materializer -> completeWithFuture(
                RequestBodies.read(entity, materializer, RequestBodies.MAX_BYTES)
                    .thenCompose(body -> {
                        JsonNode request;
                        try {
                            request = body.length == 0 ? null : StudyJson.MAPPER.readTree(body);
                        } catch (IOException e) {
                            return done(problem(StatusCodes.BAD_REQUEST, "not JSON: " + e.getMessage()));
                        }
                        return handler.apply(request == null || request.isMissingNode()
                            ? StudyJson.MAPPER.createObjectNode() : request, principal);
                    })
                    .exceptionally(StudyManagementRoutes::bodyFailure))))));
    }

    private Route jobRoutes() {
        return concat(
            pathEndOrSingleSlash(() -> get(() -> Access.require(Permission.READ, principal ->
                completeWithFuture(jobs.list().thenApply(all -> {
                    ArrayNode list = StudyJson.MAPPER.createArrayNode();
                    all.stream().filter(j -> visible(j, principal)).forEach(j -> list.add(StudyJson.job(j)));
                    return json(StatusCodes.OK, list);
                }))))),
            pathPrefix(id -> concat(
                pathEndOrSingleSlash(() -> get(() -> Access.require(Permission.READ, principal ->
                    completeWithFuture(job(id, principal).thenApply(job -> job
                        .map(j -> json(StatusCodes.OK, StudyJson.job(j)))
                        .orElseGet(() -> problem(StatusCodes.NOT_FOUND, "no job " + id))))))),
                path("cancel", () -> post(() -> Access.require(Permission.READ, principal ->
                    completeWithFuture(job(id, principal).thenCompose(job -> job.isEmpty()
                        ? done(problem(StatusCodes.NOT_FOUND, "no job " + id))
                        : jobs.cancel(id).thenApply(c -> json(StatusCodes.ACCEPTED,
                            StudyJson.job(c.orElse(job.get()))))))))),
                path("file", () -> get(() -> Access.require(Permission.READ, principal ->
                    completeWithFuture(job(id, principal).thenApply(job -> job.map(this::exportDownload)
                        .orElseGet(() -> problem(StatusCodes.NOT_FOUND, "no job " + id))))))))));
    }

    private CompletionStage<Optional<JobStatus>> job(String id, Principal principal) {
        return jobs.get(id).thenApply(job -> job.filter(j -> visible(j, principal)));
    }

    /** People see the jobs they started; administrators see every job. */
    private static boolean visible(JobStatus job, Principal principal) {
        return principal.may(Permission.ADMIN) || principal.name().equals(job.createdBy());
    }

    private CompletionStage<HttpResponse> list(Map<String, List<String>> params) {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, List<String>> query = new LinkedHashMap<>(params);
            query.merge("includefield", List.of("PatientBirthDate", "PatientSex", "StudyDescription",
                "ModalitiesInStudy", "NumberOfStudyRelatedSeries", "NumberOfStudyRelatedInstances", "StudyID"),
                (a, b) -> {
                    List<String> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                });
            try {
                StudySearch.Page page = search.search(QueryLevel.STUDY, Map.of(), query);
                ObjectNode body = StudyJson.MAPPER.createObjectNode();
                body.put("offset", number(first(params, "offset"), 0));
                body.put("count", page.matches().size());
                body.put("more", page.more());
                ArrayNode list = body.putArray("studies");
                page.matches().forEach(m -> list.add(StudyJson.summary(m)));
                return json(StatusCodes.OK, body);
            } catch (QueryException e) {
                return problem(StatusCodes.BAD_REQUEST, e.getMessage());
            } catch (Exception e) {
                return problem(StatusCodes.INTERNAL_SERVER_ERROR, "search failed: " + e.getMessage());
            }
        }, blocking);
    }

    private CompletionStage<HttpResponse> detail(String uid) {
        return studies.study(uid).thenApply(state -> state.exists() ? json(StatusCodes.OK, StudyJson.detail(state))
            : problem(StatusCodes.NOT_FOUND, "no study " + uid));
    }

    private CompletionStage<HttpResponse> history(String uid) {
        return StudyHistory.of(system, uid, 1, MAX_HISTORY).thenApply(entries -> {
            if (entries.isEmpty()) {
                return problem(StatusCodes.NOT_FOUND, "no study " + uid);
            }
            ObjectNode body = StudyJson.MAPPER.createObjectNode().put("studyInstanceUid", uid);
            ArrayNode events = body.putArray("events");
            entries.forEach(e -> events.add(StudyJson.entry(e)));
            return json(StatusCodes.OK, body);
        });
    }

    private CompletionStage<HttpResponse> change(String uid, JsonNode request, Principal principal) {
        JsonNode changes = request.get("changes");
        if (changes == null || !changes.isObject() || changes.isEmpty()) {
            return done(problem(StatusCodes.BAD_REQUEST,
                "expected {\"changes\": {\"PatientName\": \"...\", ...}, \"reason\": \"...\"}"));
        }
        Map<ChangeableAttribute, String> values = new EnumMap<>(ChangeableAttribute.class);
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<ChangeableAttribute> attribute = ChangeableAttribute.find(field.getKey());
            if (attribute.isEmpty() || !(field.getValue().isTextual() || field.getValue().isNull())) {
                unknown.add(field.getKey());
            } else {
                values.put(attribute.get(), field.getValue().isNull() ? "" : field.getValue().asText());
            }
        }
        if (!unknown.isEmpty()) {
            return done(problem(StatusCodes.BAD_REQUEST, "not changeable here (or not a text value): " + unknown
                + "; changeable: " + List.of(ChangeableAttribute.values()).stream().map(ChangeableAttribute::keyword)
                .toList()));
        }
        String reason = request.hasNonNull("reason") ? request.get("reason").asText() : null;
        return outcome(studies.changeAttributes(uid, values, principal.name(), reason));
    }

    private CompletionStage<HttpResponse> send(String uid, JsonNode request, Principal principal) {
        String target = request.hasNonNull("destination") ? request.get("destination").asText() : null;
        MoveDestination destination = target == null ? null : destinations.get(target);
        if (destination == null) {
            return done(problem(StatusCodes.BAD_REQUEST, "destination must be one of the configured AEs "
                + destinations.keySet()));
        }
        List<AttributePatch.Change> changes = new ArrayList<>();
        JsonNode requested = request.get("changes");
        if (requested != null && requested.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = requested.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Optional<ChangeableAttribute> attribute = ChangeableAttribute.find(field.getKey());
                String value = field.getValue().isNull() ? "" : field.getValue().asText();
                if (attribute.isEmpty()) {
                    return done(problem(StatusCodes.BAD_REQUEST, "not changeable: " + field.getKey()));
                }
                Optional<String> problem = attribute.get().problem(value);
                if (problem.isPresent()) {
                    return done(problem(StatusCodes.BAD_REQUEST, problem.get()));
                }
                changes.add(attribute.get().change(value));
            }
        }
        return submit("send", uid, principal, work.send(uid, destination, changes));
    }

    private CompletionStage<HttpResponse> anonymize(String uid, JsonNode request, Principal principal) {
        if (anonymizer.isEmpty()) {
            return done(problem(StatusCodes.NOT_IMPLEMENTED, "anonymization is not available on this node"));
        }
        String name = request.hasNonNull("patientName") ? request.get("patientName").asText() : "ANONYMOUS";
        String id = request.hasNonNull("patientId") ? request.get("patientId").asText() : null;
        for (Map.Entry<ChangeableAttribute, String> given : Map.of(ChangeableAttribute.PATIENT_NAME, name,
            ChangeableAttribute.PATIENT_ID, id == null ? "" : id).entrySet()) {
            Optional<String> problem = given.getKey().problem(given.getValue());
            if (problem.isPresent()) {
                return done(problem(StatusCodes.BAD_REQUEST, problem.get()));
            }
        }
        return submit("anonymize", uid, principal, anonymizer.get().anonymize(uid, name, id, principal.name()));
    }

    /** A job for a live study: 404 for an unknown one, 409 for a deleted one (purge: only deleted ones). */
    private CompletionStage<HttpResponse> submit(String type, String uid, Principal principal, JobWork job) {
        return studies.study(uid).thenCompose(state -> {
            if (!state.exists()) {
                return done(problem(StatusCodes.NOT_FOUND, "no study " + uid));
            }
            if (state.deletedNow() != type.equals("purge")) {
                return done(problem(StatusCodes.CONFLICT, type.equals("purge")
                    ? "study " + uid + " is not deleted: delete it before purging it"
                    : "study " + uid + " is deleted"));
            }
            return jobs.submit(type, uid, principal.name(), job)
                .thenApply(status -> json(StatusCodes.ACCEPTED, StudyJson.job(status))
                    .addHeader(org.apache.pekko.http.javadsl.model.headers.Location.create("/api/jobs/" + status.id())));
        });
    }

    private CompletionStage<HttpResponse> outcome(CompletionStage<StudyEntity.Outcome> outcome) {
        return outcome.thenApply(result -> {
            if (result instanceof StudyEntity.Outcome.Refused refused) {
                return problem(refused.reason().startsWith("no study") ? StatusCodes.NOT_FOUND
                    : refused.reason().contains("is deleted") || refused.reason().contains("not deleted")
                    ? StatusCodes.CONFLICT : StatusCodes.BAD_REQUEST, refused.reason());
            }
            StudyEvent event = ((StudyEntity.Outcome.Done) result).event();
            ObjectNode body = StudyJson.MAPPER.createObjectNode().put("changed", event != null);
            if (event != null) {
                body.set("event", StudyJson.entry(historyEntry(event)));
            }
            return json(StatusCodes.OK, body);
        });
    }

    /** An event just persisted, as its history entry (its sequence number is not known here). */
    private static StudyHistory.Entry historyEntry(StudyEvent event) {
        return StudyHistory.entry(0, event);
    }

    private CompletionStage<HttpResponse> deletedStudies(int offset, int limit) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = views.getConnection()) {
                c.setReadOnly(true);
                ObjectNode body = StudyJson.MAPPER.createObjectNode();
                body.put("retentionDays", retention.toDays());
                ArrayNode list = body.putArray("studies");
                StudyViewChanges.deleted(c, Instant.now().plus(Duration.ofDays(36500)), offset, Math.min(limit, 1000))
                    .forEach(d -> list.add(StudyJson.deleted(d).put("purgeAfter", d.deletedAt().plus(retention).toString())));
                return json(StatusCodes.OK, body);
            } catch (Exception e) {
                return problem(StatusCodes.INTERNAL_SERVER_ERROR, "cannot list deleted studies: " + e.getMessage());
            }
        }, blocking);
    }

    /** The study as a ZIP, written while it is sent: nothing of it is held beyond the stream's buffers. */
    private CompletionStage<HttpResponse> archive(String uid) {
        return studies.study(uid).thenApply(state -> {
            if (!state.exists() || state.deletedNow()) {
                return problem(StatusCodes.NOT_FOUND, "no study " + uid);
            }
            List<RetrievableInstance> instances = StudyArchive.instances(state);
            Source<ByteString, ?> zip = StreamConverters.asOutputStream(Duration.ofMinutes(5))
                .mapMaterializedValue(out -> {
                    CompletableFuture.runAsync(() -> writeArchive(uid, instances, out), blocking);
                    return out;
                });
            return HttpResponse.create()
                .withEntity(HttpEntities.createChunked(ContentTypes.create(MediaTypes.APPLICATION_ZIP), zip))
                .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT,
                    Map.of("filename", uid + ".zip")));
        });
    }

    private void writeArchive(String studyUid, List<RetrievableInstance> instances, OutputStream out) {
        try (out) {
            StudyArchive.write(instances, files.forStudy(studyUid), out, JobWork.Progress.untracked("download"));
        } catch (Exception e) {
            // the client sees a truncated (invalid) ZIP: the response status was sent before the first entry
            org.slf4j.LoggerFactory.getLogger(StudyManagementRoutes.class)
                .warn("ZIP download stopped: {}", e.toString());
        }
    }

    private HttpResponse exportDownload(JobStatus job) {
        if (!job.type().equals("export") || job.state() != JobState.SUCCEEDED) {
            return problem(StatusCodes.CONFLICT, "job " + job.id() + " has no file (yet): " + job.state());
        }
        Path file = work.exportFile(job.id());
        if (!Files.exists(file)) {
            return problem(StatusCodes.GONE, "the export of job " + job.id() + " is no longer there");
        }
        return HttpResponse.create()
            .withEntity(HttpEntities.create(ContentTypes.create(MediaTypes.APPLICATION_ZIP), file.toFile().length(),
                FileIO.fromPath(file)))
            .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT,
                Map.of("filename", job.studyUid() + ".zip")));
    }

    private CompletionStage<HttpResponse> file(String studyUid, String seriesUid, String sopUid) {
        return studies.study(studyUid).thenApply(state -> {
            StudyEvent.StoredInstance instance = state.deletedNow() ? null : state.find(sopUid);
            if (instance == null || !instance.seriesUid().equals(seriesUid)) {
                return problem(StatusCodes.NOT_FOUND, "no instance " + sopUid + " in series " + seriesUid + " of study "
                    + studyUid);
            }
            RetrievableInstance retrievable = new RetrievableInstance(studyUid, seriesUid, sopUid,
                instance.sopClassUid(), instance.transferSyntaxUid(), instance.digest());
            return HttpResponse.create().withEntity(HttpEntities.createChunked(
                ContentTypes.create(MediaTypes.customBinary("application", "dicom", false)),
                StreamConverters.fromInputStream(() -> files.open(retrievable))));
        });
    }

    private ArrayNode destinationsJson() {
        ArrayNode list = StudyJson.MAPPER.createArrayNode();
        destinations.values().forEach(d -> list.addObject().put("aeTitle", d.aeTitle()).put("host", d.host())
            .put("port", d.port()));
        return list;
    }

    private static HttpResponse bodyFailure(Throwable failure) {
        if (RequestBodies.tooLarge(failure)) {
            return problem(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is larger than " + RequestBodies.MAX_BYTES
                + " bytes");
        }
        return problem(StatusCodes.INTERNAL_SERVER_ERROR, String.valueOf(failure.getMessage()));
    }

    private static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    static HttpResponse json(StatusCode status, JsonNode body) {
        return HttpResponse.create().withStatus(status)
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
    }

    static HttpResponse problem(StatusCode status, String message) {
        return json(status, StudyJson.MAPPER.createObjectNode().put("error", message));
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static int number(Optional<String> value, int fallback) {
        return number(value.orElse(null), fallback);
    }

    private static int number(String value, int fallback) {
        try {
            return value == null ? fallback : Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
