package org.cairn.hl7;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.cairn.dicom.Uids;
import org.cairn.worklist.Code;
import org.cairn.worklist.FeedResult;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderFeed;
import org.cairn.worklist.OrderStatus;
import org.cairn.worklist.Patient;
import org.cairn.worklist.ScheduledStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads imaging orders and patient updates out of HL7 v2 messages (versions 2.3 to 2.5.1) and applies them through an
 * {@link OrderFeed}, with the field mappings of IHE Radiology Scheduled Workflow (RAD-2/RAD-4 for ORM^O01 and
 * OMI^O23, RAD-12 for ADT^A08 and ADT^A40).
 *
 * <p>A message is checked completely before anything is applied: if any of its orders lacks a required field or has
 * an unknown order control, the answer is AE listing every such problem and nothing is scheduled. Once the message is
 * valid, its orders (one per ORC group, or per IPC segment of an OMI) go to the feed one after the other, in message
 * order. The feed may still refuse some (an order that does not exist, or may no longer change): the answer is then AE
 * listing those refusals, and <em>the orders the feed accepted stay accepted</em> — a feed change is persisted the
 * moment it is accepted and there is no undoing it. A sender that resends such a message gets its accepted orders
 * accepted again without change (scheduling is idempotent) and the same refusals.
 *
 * <p>Messages of another type, event or version are rejected (AR) without touching the feed.
 */
public final class OrderMessages {
    private static final Logger LOG = LoggerFactory.getLogger(OrderMessages.class);

    /** The versions whose ORM, OMI and ADT layouts this class knows. */
    public static final Set<String> SUPPORTED_VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");

    private static final int DICOM_SH_LENGTH = 16;

    private OrderMessages() {
    }

    /**
     * Applies a message through the feed and tells how it went. The stage never fails: a feed that fails or throws is
     * reported as error 207 (and logged).
     */
    public static CompletionStage<Hl7Outcome> process(Hl7Message message, OrderFeed feed) {
        Interpretation interpretation = interpret(message);
        if (interpretation.refusal() != null) {
            return CompletableFuture.completedFuture(interpretation.refusal());
        }
        CompletionStage<List<StepResult>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (FeedRequest request : interpretation.requests()) {
            chain = chain.thenCompose(done -> run(request, feed).thenApply(result -> {
                done.add(result);
                return done;
            }));
        }
        return chain.thenApply(OrderMessages::outcome);
    }

    /** Whether (and what) the message asks of the feed; a refusal when it cannot be applied as it is. */
    private record Interpretation(List<FeedRequest> requests, Hl7Outcome refusal) {
    }

    /** One call on the feed, named for the log and the ERR segments. */
    private interface FeedRequest {
        String describe();

        CompletionStage<StepResult> run(OrderFeed feed);
    }

    /** What one call came to: an error, or null when the feed accepted it. */
    private record StepResult(String summary, Hl7Error error) {
    }

    private static CompletionStage<StepResult> run(FeedRequest request, OrderFeed feed) {
        CompletionStage<StepResult> stage;
        try {
            stage = request.run(feed);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((result, failure) -> {
            if (failure == null && result != null) {
                return result;
            }
            LOG.warn("HL7 {}: the order feed failed", request.describe(), failure);
            return new StepResult(request.describe() + " failed",
                Hl7Error.general(Hl7ErrorCode.APPLICATION_INTERNAL_ERROR,
                    request.describe() + ": internal error, the message may be resent"));
        });
    }

    private static Hl7Outcome outcome(List<StepResult> results) {
        List<Hl7Error> errors = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        for (StepResult result : results) {
            summaries.add(result.summary());
            if (result.error() != null) {
                errors.add(result.error());
            }
        }
        return new Hl7Outcome(errors.isEmpty() ? AckCode.AA : AckCode.AE, errors, String.join("; ", summaries));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What the message asks for

    private static Interpretation interpret(Hl7Message message) {
        Hl7Segment msh = message.header();
        String version = message.version();
        if (version.isEmpty()) {
            return refuse(Hl7Error.at(Hl7ErrorCode.REQUIRED_FIELD_MISSING, "MSH", 1, 12, "MSH-12 (version id) is empty"));
        }
        if (!SUPPORTED_VERSIONS.contains(version)) {
            return refuse(Hl7Error.at(Hl7ErrorCode.UNSUPPORTED_VERSION_ID, "MSH", 1, 12,
                "version " + version + " is not supported (2.3, 2.3.1, 2.4, 2.5, 2.5.1 are)"));
        }
        String type = message.messageCode();
        String event = message.triggerEvent();
        String source = source(msh);
        List<Hl7Error> errors = new ArrayList<>();
        List<FeedRequest> requests = switch (type) {
            case "ORM", "OMI" -> {
                String expected = type.equals("ORM") ? "O01" : "O23";
                if (!event.equals(expected)) {
                    yield null;
                }
                yield orders(message, source, errors);
            }
            case "ADT" -> switch (event) {
                case "A08" -> patientUpdates(message, source, errors);
                case "A40" -> patientMerges(message, source, errors);
                default -> null;
            };
            default -> {
                errors.add(Hl7Error.at(Hl7ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "MSH", 1, 9,
                    "message type " + message.messageType() + " is not supported (ORM^O01, OMI^O23, ADT^A08 and "
                        + "ADT^A40 are)"));
                yield null;
            }
        };
        if (requests == null) {
            if (errors.isEmpty()) {
                errors.add(Hl7Error.at(Hl7ErrorCode.UNSUPPORTED_EVENT_CODE, "MSH", 1, 9,
                    "event " + message.messageType() + " is not supported (ORM^O01, OMI^O23, ADT^A08 and "
                        + "ADT^A40 are)"));
            }
            return refuse(errors.get(0));
        }
        if (!errors.isEmpty()) {
            // several orders missing the same PID report it once
            List<Hl7Error> distinct = List.copyOf(new java.util.LinkedHashSet<>(errors));
            return new Interpretation(List.of(),
                new Hl7Outcome(AckCode.AE, distinct, "invalid, nothing applied: " + distinct));
        }
        return new Interpretation(requests, null);
    }

    private static Interpretation refuse(Hl7Error error) {
        return new Interpretation(List.of(), Hl7Outcome.rejected(error));
    }

    /** The feed's "source": the sending application (MSH-3), so that events tell which system asked. */
    private static String source(Hl7Segment msh) {
        String application = DicomValues.text(msh.value(3, 1));
        return application == null ? "hl7" : "hl7:" + application;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ORM^O01 and OMI^O23

    /** The segments of one order: an ORC and what follows it up to the next ORC. */
    private static final class OrderGroup {
        final Hl7Segment orc;
        Hl7Segment obr;
        Hl7Segment tq1;
        Hl7Segment zds;
        final List<Hl7Segment> ipcs = new ArrayList<>();

        OrderGroup(Hl7Segment orc) {
            this.orc = orc;
        }
    }

    private static List<FeedRequest> orders(Hl7Message message, String source, List<Hl7Error> errors) {
        Hl7Segment pid = null;
        Hl7Segment pv1 = null;
        List<OrderGroup> groups = new ArrayList<>();
        OrderGroup current = null;
        for (Hl7Segment segment : message.segments()) {
            switch (segment.id()) {
                case "PID" -> pid = pid == null && current == null ? segment : pid;
                case "PV1" -> pv1 = pv1 == null && current == null ? segment : pv1;
                case "ORC" -> {
                    current = new OrderGroup(segment);
                    groups.add(current);
                }
                case "OBR", "TQ1", "IPC", "ZDS" -> {
                    if (current == null) {
                        errors.add(Hl7Error.at(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, segment.id(),
                            segment.occurrence(), 0, segment + " comes before any ORC"));
                    } else {
                        attach(current, segment, errors);
                    }
                }
                default -> {
                    // NTE, PD1, PV2, IN1, AL1, OBX, DG1 …: nothing a worklist entry carries
                }
            }
        }
        if (groups.isEmpty()) {
            errors.add(Hl7Error.at(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, "ORC", 1, 0, "the message has no ORC segment"));
            return List.of();
        }
        List<FeedRequest> requests = new ArrayList<>();
        Set<String> accessions = new HashSet<>();
        for (OrderGroup group : groups) {
            requests.addAll(new GroupReader(group, pid, pv1, source, errors).requests(accessions));
        }
        return requests;
    }

    private static void attach(OrderGroup group, Hl7Segment segment, List<Hl7Error> errors) {
        switch (segment.id()) {
            case "OBR" -> {
                if (group.obr != null) {
                    errors.add(Hl7Error.at(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, "OBR", segment.occurrence(), 0,
                        "a second OBR after " + group.orc + ": one OBR per ORC"));
                }
                group.obr = segment;
            }
            case "TQ1" -> group.tq1 = group.tq1 == null ? segment : group.tq1;
            case "ZDS" -> group.zds = group.zds == null ? segment : group.zds;
            default -> group.ipcs.add(segment);
        }
    }

    /** Reads one ORC group into feed requests, noting every missing or malformed field on the way. */
    private static final class GroupReader {
        private final OrderGroup group;
        private final Hl7Segment pid;
        private final Hl7Segment pv1;
        private final String source;
        private final List<Hl7Error> errors;
        private final String control;

        GroupReader(OrderGroup group, Hl7Segment pid, Hl7Segment pv1, String source, List<Hl7Error> errors) {
            this.group = group;
            this.pid = pid;
            this.pv1 = pv1;
            this.source = source;
            this.errors = errors;
            this.control = DicomValues.text(group.orc.value(1));
        }

        List<FeedRequest> requests(Set<String> accessionsSoFar) {
            if (control == null) {
                error(Hl7ErrorCode.REQUIRED_FIELD_MISSING, group.orc, 1, "ORC-1 (order control) is empty");
                return List.of();
            }
            List<FeedRequest> requests = new ArrayList<>();
            switch (control) {
                case "NW", "XO" -> {
                    if (group.obr == null) {
                        error(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, group.orc, 0, group.orc + " has no OBR");
                        return List.of();
                    }
                    Patient patient = patient(pid, errors);
                    for (Hl7Segment ipc : ipcsOrNone()) {
                        Order order = order(ipc, patient);
                        if (order != null && unique(order.accessionNumber(), ipc, accessionsSoFar)) {
                            requests.add(orderRequest(order));
                        }
                    }
                }
                case "CA", "DC", "SC" -> {
                    OrderStatus status = control.equals("SC") ? reportedStatus() : null;
                    String reason = DicomValues.text(group.orc.value(16, 2));
                    String reasonOrCode = reason != null ? reason : DicomValues.text(group.orc.value(16, 1));
                    for (Hl7Segment ipc : ipcsOrNone()) {
                        String accession = accession(ipc);
                        if (accession != null && unique(accession, ipc, accessionsSoFar)
                                && (status != null || !control.equals("SC"))) {
                            requests.add(changeRequest(accession, reasonOrCode, status));
                        }
                    }
                }
                default -> error(Hl7ErrorCode.TABLE_VALUE_NOT_FOUND, group.orc, 1,
                    "order control " + control + " is not supported (NW, XO, CA, DC, SC are)");
            }
            return requests;
        }

        /** An OMI order has one IPC per scheduled step; an ORM has none, and its order is read from OBR alone. */
        private List<Hl7Segment> ipcsOrNone() {
            List<Hl7Segment> ipcs = new ArrayList<>(group.ipcs);
            if (ipcs.isEmpty()) {
                ipcs.add(null);
            }
            return ipcs;
        }

        /** Cairn keeps one step per Accession Number: a second one in the same message cannot be honoured. */
        private boolean unique(String accession, Hl7Segment ipc, Set<String> accessionsSoFar) {
            if (accessionsSoFar.add(accession)) {
                return true;
            }
            Hl7Segment where = ipc != null ? ipc : group.orc;
            error(Hl7ErrorCode.APPLICATION_INTERNAL_ERROR, where, ipc != null ? 1 : 0, "accession " + accession
                + " appears twice in the message; Cairn keeps one Scheduled Procedure Step per Accession Number");
            return false;
        }

        private OrderStatus reportedStatus() {
            String status = DicomValues.text(group.orc.value(5));
            if (status == null) {
                error(Hl7ErrorCode.REQUIRED_FIELD_MISSING, group.orc, 5, "ORC-5 (order status) is empty for SC");
                return null;
            }
            return switch (status) {
                case "IP" -> OrderStatus.IN_PROGRESS;
                case "CM" -> OrderStatus.COMPLETED;
                case "CA" -> OrderStatus.CANCELLED;
                case "DC" -> OrderStatus.DISCONTINUED;
                case "SC" -> OrderStatus.SCHEDULED;
                default -> {
                    error(Hl7ErrorCode.TABLE_VALUE_NOT_FOUND, group.orc, 5,
                        "order status " + status + " is not supported (IP, CM, CA, DC, SC are)");
                    yield null;
                }
            };
        }

        /** Accession Number: IPC-1, else OBR-18 (placer field 1), else the filler order number ORC-3. */
        private String accession(Hl7Segment ipc) {
            String fromIpc = ipc == null ? null : DicomValues.text(ipc.value(1));
            String fromObr = group.obr == null ? null : DicomValues.text(group.obr.value(18));
            String accession = first(fromIpc, fromObr, DicomValues.text(group.orc.value(3)));
            if (accession == null) {
                Hl7Segment where = ipc != null ? ipc : group.obr != null ? group.obr : group.orc;
                int field = ipc != null ? 1 : group.obr != null ? 18 : 3;
                error(Hl7ErrorCode.REQUIRED_FIELD_MISSING, where, field, "no Accession Number: "
                    + (ipc != null ? "IPC-1, " : "") + "OBR-18 and ORC-3 are empty");
                return null;
            }
            if (accession.length() > DICOM_SH_LENGTH) {
                Hl7Segment where = fromIpc != null ? ipc : fromObr != null ? group.obr : group.orc;
                int field = fromIpc != null ? 1 : fromObr != null ? 18 : 3;
                error(Hl7ErrorCode.DATA_TYPE_ERROR, where, field,
                    "Accession Number " + accession + " is longer than 16 characters");
                return null;
            }
            return accession;
        }

        private Order order(Hl7Segment ipc, Patient patient) {
            Hl7Segment obr = group.obr;
            Hl7Segment orc = group.orc;
            String accession = accession(ipc);
            String requestedProcedureId = first(ipc == null ? null : DicomValues.text(ipc.value(2)),
                DicomValues.text(obr.value(19)), accession);
            String stepId = first(ipc == null ? null : DicomValues.text(ipc.value(4)),
                DicomValues.text(obr.value(20)), requestedProcedureId);
            String modality = first(ipc == null ? null : DicomValues.text(ipc.value(5, 1)),
                DicomValues.text(obr.value(24)));
            if (modality == null) {
                error(Hl7ErrorCode.REQUIRED_FIELD_MISSING, ipc != null ? ipc : obr, ipc != null ? 5 : 24,
                    "no Modality: " + (ipc != null ? "IPC-5 and " : "") + "OBR-24 are empty");
            }
            String[] start = startDateTime();
            String studyUid = studyInstanceUid(ipc);

            Code procedureCode = code(obr.value(4, 1), obr.value(4, 3), obr.value(4, 2));
            String procedureDescription = DicomValues.text(obr.value(4, 2));
            String stepDescription = first(DicomValues.text(obr.value(4, 5)), procedureDescription);
            Code protocol = ipc != null && DicomValues.text(ipc.value(6, 1)) != null
                ? code(ipc.value(6, 1), ipc.value(6, 3), ipc.value(6, 2))
                : code(obr.value(4, 4), obr.value(4, 6), obr.value(4, 5));
            String performing = DicomValues.personName(obr.value(34, 1, 1, 2), obr.value(34, 1, 1, 3),
                obr.value(34, 1, 1, 4), obr.value(34, 1, 1, 5), obr.value(34, 1, 1, 6));

            String priority = DicomValues.priority(first(group.tq1 == null ? null : DicomValues.text(group.tq1.value(9, 1)),
                DicomValues.text(obr.value(27, 1, 6)), DicomValues.text(orc.value(7, 1, 6))));
            String referring = pv1 == null ? null : xcnName(pv1, 8);
            String requesting = first(xcnName(orc, 12), xcnName(obr, 16));
            String placer = first(DicomValues.text(orc.value(2)), DicomValues.text(obr.value(2)));
            String filler = first(DicomValues.text(orc.value(3)), DicomValues.text(obr.value(3)));
            String admission = pv1 == null ? null : DicomValues.text(pv1.value(19));

            String stationName = ipc == null ? null : DicomValues.text(ipc.value(7));
            String location = ipc == null ? null : DicomValues.text(ipc.value(8));
            String stationAe = ipc == null ? null : DicomValues.text(ipc.value(9));

            if (accession == null || modality == null || start == null || patient == null) {
                return null;
            }
            ScheduledStep step = new ScheduledStep(stepId, stationAe, stationName, modality, start[0], start[1],
                performing, stepDescription, protocol, location);
            return new Order(accession, patient, requestedProcedureId, procedureDescription, procedureCode, studyUid,
                referring, requesting, placer, filler, admission, priority, step);
        }

        /**
         * SPS start date and time: TQ1-7, else the start of OBR-27 or ORC-7 (the quantity/timing of v2.3 and 2.4, its
         * component 4, whose first subcomponent is the time stamp).
         */
        private String[] startDateTime() {
            Hl7Segment where;
            int field;
            String value;
            if (group.tq1 != null && DicomValues.text(group.tq1.value(7)) != null) {
                where = group.tq1;
                field = 7;
                value = DicomValues.text(group.tq1.value(7));
            } else if (DicomValues.text(group.obr.value(27, 1, 4, 1)) != null) {
                where = group.obr;
                field = 27;
                value = DicomValues.text(group.obr.value(27, 1, 4, 1));
            } else if (DicomValues.text(group.orc.value(7, 1, 4, 1)) != null) {
                where = group.orc;
                field = 7;
                value = DicomValues.text(group.orc.value(7, 1, 4, 1));
            } else {
                error(Hl7ErrorCode.REQUIRED_FIELD_MISSING, group.tq1 != null ? group.tq1 : group.obr,
                    group.tq1 != null ? 7 : 27, "no start date/time: TQ1-7, OBR-27.4 and ORC-7.4 are empty");
                return null;
            }
            if (!DicomValues.isDateTime(value)) {
                error(Hl7ErrorCode.DATA_TYPE_ERROR, where, field,
                    "start date/time " + value + " is not YYYYMMDD[HHMM[SS[.S]]]");
                return null;
            }
            return new String[] {DicomValues.date(value), DicomValues.time(value)};
        }

        /** IPC-3, else ZDS-1 (IHE's Z segment for ORM): a UID, or null so that the feed makes one. */
        private String studyInstanceUid(Hl7Segment ipc) {
            Hl7Segment where = ipc != null && DicomValues.text(ipc.value(3)) != null ? ipc : group.zds;
            int field = where == ipc ? 3 : 1;
            String uid = where == null ? null : DicomValues.text(where.value(field));
            if (uid != null && !Uids.isValid(uid)) {
                error(Hl7ErrorCode.DATA_TYPE_ERROR, where, field, "Study Instance UID " + uid + " is not a valid UID");
                return null;
            }
            return uid;
        }

        private FeedRequest orderRequest(Order order) {
            String description = control + " " + order.accessionNumber();
            Function<OrderFeed, CompletionStage<FeedResult>> call = control.equals("NW")
                ? feed -> feed.schedule(order, source)
                : feed -> feed.update(order, source);
            return feedRequest(description, call);
        }

        private FeedRequest changeRequest(String accession, String reason, OrderStatus status) {
            String description = control + " " + accession + (status == null ? "" : " " + status);
            Function<OrderFeed, CompletionStage<FeedResult>> call = switch (control) {
                case "CA" -> feed -> feed.cancel(accession, reason, source);
                case "DC" -> feed -> feed.discontinue(accession, reason, source);
                default -> feed -> feed.statusChanged(accession, status, source);
            };
            return feedRequest(description, call);
        }

        private FeedRequest feedRequest(String description, Function<OrderFeed, CompletionStage<FeedResult>> call) {
            Hl7Segment orc = group.orc;
            return new FeedRequest() {
                @Override
                public String describe() {
                    return description;
                }

                @Override
                public CompletionStage<StepResult> run(OrderFeed feed) {
                    return call.apply(feed).thenApply(result -> stepResult(description, orc, result));
                }
            };
        }

        private void error(Hl7ErrorCode code, Hl7Segment segment, int field, String message) {
            errors.add(Hl7Error.at(code, segment.id(), segment.occurrence(), field, message));
        }
    }

    /** The feed's answer as an ERR: refusals of state (207) and of content (101 or 102), located at the ORC. */
    private static StepResult stepResult(String description, Hl7Segment orc, FeedResult result) {
        if (result instanceof FeedResult.Accepted accepted) {
            return new StepResult(description + " accepted" + (accepted.changed() ? "" : " (no change)"), null);
        }
        Hl7ErrorCode code;
        String reason;
        int field = 1;
        if (result instanceof FeedResult.NotFound notFound) {
            code = Hl7ErrorCode.APPLICATION_INTERNAL_ERROR;
            reason = notFound.reason();
        } else if (result instanceof FeedResult.Conflict conflict) {
            code = Hl7ErrorCode.APPLICATION_INTERNAL_ERROR;
            reason = conflict.reason();
        } else {
            reason = ((FeedResult.Invalid) result).reason();
            // the feed's reason is free text: "missing" and "required" are how a feed says a value is absent
            String lower = reason.toLowerCase(java.util.Locale.ROOT);
            code = lower.contains("missing") || lower.contains("required")
                ? Hl7ErrorCode.REQUIRED_FIELD_MISSING : Hl7ErrorCode.DATA_TYPE_ERROR;
            field = 0;
        }
        String kind = result.getClass().getSimpleName();
        return new StepResult(description + " refused (" + kind + ")",
            Hl7Error.at(code, orc.id(), orc.occurrence(), field, description + ": " + reason));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ADT^A08 and ADT^A40

    private static List<FeedRequest> patientUpdates(Hl7Message message, String source, List<Hl7Error> errors) {
        Hl7Segment pid = message.segment("PID").orElse(null);
        Patient patient = patient(pid, errors);
        if (patient == null) {
            return List.of();
        }
        return List.of(countingRequest("A08 patient update", feed -> feed.updatePatient(patient, source)));
    }

    /** A40 comes as PID (the surviving patient) then MRG (the merged-away one), repeated for several merges. */
    private static List<FeedRequest> patientMerges(Hl7Message message, String source, List<Hl7Error> errors) {
        List<FeedRequest> requests = new ArrayList<>();
        List<Hl7Segment> segments = message.segments();
        boolean anyPid = false;
        for (int i = 0; i < segments.size(); i++) {
            Hl7Segment pid = segments.get(i);
            if (!pid.id().equals("PID")) {
                continue;
            }
            anyPid = true;
            Hl7Segment mrg = null;
            for (int j = i + 1; j < segments.size() && !segments.get(j).id().equals("PID"); j++) {
                if (segments.get(j).id().equals("MRG")) {
                    mrg = segments.get(j);
                    break;
                }
            }
            Patient survivor = patient(pid, errors);
            if (mrg == null) {
                errors.add(Hl7Error.at(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, "MRG", 0, 0, pid + " has no MRG after it"));
                continue;
            }
            String oldId = DicomValues.text(mrg.value(1, 1, 1));
            String oldIssuer = issuer(mrg, 1);
            if (oldId == null) {
                errors.add(Hl7Error.at(Hl7ErrorCode.REQUIRED_FIELD_MISSING, "MRG", mrg.occurrence(), 1,
                    "MRG-1 (prior patient identifier) is empty"));
                continue;
            }
            if (survivor != null) {
                requests.add(countingRequest("A40 merge",
                    feed -> feed.mergePatient(oldId, oldIssuer, survivor, source)));
            }
        }
        if (!anyPid) {
            errors.add(Hl7Error.at(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, "PID", 0, 0, "the message has no PID segment"));
        }
        return requests;
    }

    private static FeedRequest countingRequest(String description, Function<OrderFeed, CompletionStage<Integer>> call) {
        return new FeedRequest() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public CompletionStage<StepResult> run(OrderFeed feed) {
                return call.apply(feed).thenApply(count -> new StepResult(
                    description + " accepted, " + count + (count == 1 ? " order" : " orders") + " changed", null));
            }
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Segments shared by both

    /**
     * The patient of PID: PID-3's first identifier and its assigning authority, PID-5's names (alphabetic, ideographic
     * and phonetic repetitions as PN component groups), PID-7 and PID-8. Null (with an error) without PID or PID-3.
     */
    private static Patient patient(Hl7Segment pid, List<Hl7Error> errors) {
        if (pid == null) {
            errors.add(Hl7Error.at(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, "PID", 0, 0, "the message has no PID segment"));
            return null;
        }
        String id = DicomValues.text(pid.value(3, 1, 1));
        if (id == null) {
            errors.add(Hl7Error.at(Hl7ErrorCode.REQUIRED_FIELD_MISSING, "PID", pid.occurrence(), 3,
                "PID-3 (patient identifier list) is empty"));
            return null;
        }
        return new Patient(id, issuer(pid, 3), patientName(pid),
            DicomValues.birthDate(pid.value(7, 1, 1)), DicomValues.sex(pid.value(8)));
    }

    /** The assigning authority of a CX's first repetition: its namespace id, else its universal id. */
    private static String issuer(Hl7Segment segment, int field) {
        return first(DicomValues.text(segment.value(field, 1, 4, 1)),
            DicomValues.text(segment.value(field, 1, 4, 2)));
    }

    /** PID-5: XPN repetitions sorted by name representation code (XPN-8: A, I, P) into DICOM's component groups. */
    private static String patientName(Hl7Segment pid) {
        String alphabetic = null;
        String ideographic = null;
        String phonetic = null;
        for (int r = 1; r <= pid.repetitionCount(5); r++) {
            String name = DicomValues.personName(pid.value(5, r, 1, 1), pid.value(5, r, 2), pid.value(5, r, 3),
                pid.value(5, r, 4), pid.value(5, r, 5));
            if (name == null) {
                continue;
            }
            String representation = DicomValues.text(pid.value(5, r, 8));
            if ("I".equals(representation)) {
                ideographic = ideographic == null ? name : ideographic;
            } else if ("P".equals(representation)) {
                phonetic = phonetic == null ? name : phonetic;
            } else {
                alphabetic = alphabetic == null ? name : alphabetic;
            }
        }
        return DicomValues.componentGroups(alphabetic, ideographic, phonetic);
    }

    /** An XCN's (first repetition's) name as PN: ID^family^given^middle^suffix^prefix. */
    private static String xcnName(Hl7Segment segment, int field) {
        return DicomValues.personName(segment.value(field, 1, 2, 1), segment.value(field, 1, 3),
            segment.value(field, 1, 4), segment.value(field, 1, 5), segment.value(field, 1, 6));
    }

    /** A CE as a DICOM code (value, scheme, meaning); null when it has no value. */
    private static Code code(String value, String scheme, String meaning) {
        String codeValue = DicomValues.text(value);
        return codeValue == null ? null
            : new Code(codeValue, DicomValues.text(scheme), DicomValues.text(meaning));
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
