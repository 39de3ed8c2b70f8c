package org.cairn.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cairn.study.StudyEvent;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderEvent;

/**
 * Maps journal events to public events at the edge: the journal's records stay inside, and the public schema
 * (version 1, {@code docs/events.md}) changes only on purpose. Pure apart from the {@link FeedMemory} it consults
 * and updates, so a study or series is announced as created once.
 */
public final class PublicEvents {
    static final ObjectMapper JSON = new ObjectMapper();

    private PublicEvents() {
    }

    /**
     * The public events of one journal event ({@code persistenceId}, {@code sequenceNr} name it), in order; an
     * event with no public meaning gives none.
     */
    public static List<PublicEvent> of(String persistenceId, long sequenceNr, Object event, FeedMemory memory) {
        Ids ids = new Ids(persistenceId + "/" + sequenceNr);
        if (event instanceof StudyEvent study) {
            return study(study, ids, memory);
        }
        if (event instanceof OrderEvent order) {
            return List.of(order(order, ids));
        }
        return List.of();
    }

    private static List<PublicEvent> study(StudyEvent event, Ids ids, FeedMemory memory) {
        String study = event.studyUid();
        List<PublicEvent> events = new ArrayList<>();
        if (event instanceof StudyEvent.InstanceStored || event instanceof StudyEvent.InstanceReplaced) {
            StudyEvent.StoredInstance i = event.stored();
            JsonNode attributes = attributes(i.attributesJson());
            if (event instanceof StudyEvent.InstanceStored && memory.firstOfStudy(study)) {
                ObjectNode data = studyData(study);
                put(data, "patientId", text(attributes, "00100020"));
                put(data, "patientName", personName(attributes, "00100010"));
                put(data, "patientBirthDate", text(attributes, "00100030"));
                put(data, "patientSex", text(attributes, "00100040"));
                put(data, "accessionNumber", text(attributes, "00080050"));
                put(data, "studyId", text(attributes, "00200010"));
                put(data, "studyDate", text(attributes, "00080020"));
                put(data, "studyTime", text(attributes, "00080030"));
                put(data, "studyDescription", text(attributes, "00081030"));
                put(data, "referringPhysicianName", personName(attributes, "00080090"));
                events.add(new PublicEvent(ids.next(), EventTypes.STUDY_CREATED, study, i.receivedAt(), data));
            }
            if (event instanceof StudyEvent.InstanceStored && memory.firstOfSeries(study, i.seriesUid())) {
                ObjectNode data = studyData(study);
                data.put("seriesInstanceUid", i.seriesUid());
                put(data, "modality", text(attributes, "00080060"));
                put(data, "seriesNumber", text(attributes, "00200011"));
                put(data, "seriesDescription", text(attributes, "0008103E"));
                put(data, "bodyPartExamined", text(attributes, "00180015"));
                events.add(new PublicEvent(ids.next(), EventTypes.SERIES_CREATED, study, i.receivedAt(), data));
            }
            memory.received(study, i.receivedAt());
            ObjectNode data = studyData(study);
            data.put("seriesInstanceUid", i.seriesUid());
            data.put("sopInstanceUid", i.sopInstanceUid());
            data.put("sopClassUid", i.sopClassUid());
            data.put("transferSyntaxUid", i.transferSyntaxUid());
            put(data, "instanceNumber", text(attributes, "00200013"));
            put(data, "numberOfFrames", text(attributes, "00280008"));
            data.put("size", i.size());
            put(data, "sourceAeTitle", i.sourceAeTitle());
            data.put("receivedAt", i.receivedAt().toString());
            data.put("retrieveUrl", "/dicom-web/studies/" + study + "/series/" + i.seriesUid() + "/instances/"
                + i.sopInstanceUid());
            String type = event instanceof StudyEvent.InstanceStored
                ? EventTypes.INSTANCE_CREATED : EventTypes.INSTANCE_REPLACED;
            events.add(new PublicEvent(ids.next(), type, study, i.receivedAt(), data));
            return events;
        }
        if (event instanceof StudyEvent.AttributesChanged changed) {
            ObjectNode data = studyData(study);
            ArrayNode changes = data.putArray("changes");
            changed.changes().forEach(c -> {
                ObjectNode change = changes.addObject().put("attribute", c.keyword());
                change.put("before", c.before());
                change.put("after", c.after());
            });
            put(data, "by", changed.by());
            put(data, "reason", changed.reason());
            return List.of(new PublicEvent(ids.next(), EventTypes.STUDY_ATTRIBUTES_CHANGED, study, changed.at(), data));
        }
        if (event instanceof StudyEvent.LinkedToOrder linked) {
            ObjectNode data = studyData(study).put("accessionNumber", linked.accessionNumber());
            return List.of(new PublicEvent(ids.next(), EventTypes.STUDY_LINKED_TO_ORDER, study, linked.at(), data));
        }
        if (event instanceof StudyEvent.StudyStable stable) {
            memory.stable(study, stable.lastReceivedAt());
            ObjectNode data = studyData(study).put("seriesCount", stable.seriesCount())
                .put("instanceCount", stable.instanceCount())
                .put("lastReceivedAt", stable.lastReceivedAt().toString());
            return List.of(new PublicEvent(ids.next(), EventTypes.STUDY_STABLE, study, stable.at(), data));
        }
        if (event instanceof StudyEvent.StudyDeleted deleted) {
            memory.forget(study, false);
            ObjectNode data = studyData(study);
            put(data, "by", deleted.by());
            put(data, "reason", deleted.reason());
            return List.of(new PublicEvent(ids.next(), EventTypes.STUDY_DELETED, study, deleted.at(), data));
        }
        if (event instanceof StudyEvent.StudyRestored restored) {
            ObjectNode data = studyData(study);
            put(data, "by", restored.by());
            return List.of(new PublicEvent(ids.next(), EventTypes.STUDY_RESTORED, study, restored.at(), data));
        }
        StudyEvent.StudyPurged purged = (StudyEvent.StudyPurged) event;
        memory.forget(study, true);
        ObjectNode data = studyData(study);
        put(data, "by", purged.by());
        return List.of(new PublicEvent(ids.next(), EventTypes.STUDY_PURGED, study, purged.at(), data));
    }

    private static PublicEvent order(OrderEvent event, Ids ids) {
        ObjectNode data = JSON.createObjectNode().put("accessionNumber", event.accessionNumber());
        put(data, "source", event.source());
        String type;
        String study = null;
        if (event instanceof OrderEvent.Scheduled scheduled) {
            type = EventTypes.WORKLIST_SCHEDULED;
            study = order(data, scheduled.order());
        } else if (event instanceof OrderEvent.Updated updated) {
            type = EventTypes.WORKLIST_UPDATED;
            study = order(data, updated.order());
        } else if (event instanceof OrderEvent.Cancelled cancelled) {
            type = EventTypes.WORKLIST_CANCELLED;
            put(data, "reason", cancelled.reason());
        } else if (event instanceof OrderEvent.ProcedureStarted started) {
            type = EventTypes.WORKLIST_PROCEDURE_STARTED;
            put(data, "mppsUid", started.mppsUid());
        } else if (event instanceof OrderEvent.ProcedureCompleted completed) {
            type = EventTypes.WORKLIST_PROCEDURE_COMPLETED;
            put(data, "mppsUid", completed.mppsUid());
        } else if (event instanceof OrderEvent.ProcedureDiscontinued discontinued) {
            type = EventTypes.WORKLIST_PROCEDURE_DISCONTINUED;
            put(data, "mppsUid", discontinued.mppsUid());
            put(data, "reason", discontinued.reason());
        } else {
            OrderEvent.ImagesArrived arrived = (OrderEvent.ImagesArrived) event;
            type = EventTypes.WORKLIST_IMAGES_ARRIVED;
            study = arrived.studyUid();
            put(data, "studyInstanceUid", study);
        }
        return new PublicEvent(ids.next(), type, study, event.at(), data);
    }

    /** The order's public details into {@code data}; returns its Study Instance UID. */
    private static String order(ObjectNode data, Order order) {
        put(data, "studyInstanceUid", order.studyInstanceUid());
        if (order.patient() != null) {
            ObjectNode patient = data.putObject("patient");
            put(patient, "id", order.patient().id());
            put(patient, "issuer", order.patient().issuer());
            put(patient, "name", order.patient().name());
            put(patient, "birthDate", order.patient().birthDate());
            put(patient, "sex", order.patient().sex());
        }
        put(data, "requestedProcedureId", order.requestedProcedureId());
        put(data, "requestedProcedureDescription", order.requestedProcedureDescription());
        put(data, "priority", order.priority());
        put(data, "referringPhysicianName", order.referringPhysicianName());
        if (order.step() != null) {
            ObjectNode step = data.putObject("scheduledStep");
            put(step, "stepId", order.step().stepId());
            put(step, "modality", order.step().modality());
            put(step, "stationAeTitle", order.step().stationAeTitle());
            put(step, "stationName", order.step().stationName());
            put(step, "startDate", order.step().startDate());
            put(step, "startTime", order.step().startTime());
            put(step, "description", order.step().description());
            put(step, "location", order.step().location());
        }
        return order.studyInstanceUid();
    }

    private static ObjectNode studyData(String studyUid) {
        return JSON.createObjectNode().put("studyInstanceUid", studyUid);
    }

    private static void put(ObjectNode node, String name, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(name, value);
        }
    }

    private static JsonNode attributes(String dicomJson) {
        try {
            return dicomJson == null ? JSON.createObjectNode() : JSON.readTree(dicomJson);
        } catch (IOException e) {
            return JSON.createObjectNode(); // the views parsed it when it was stored; a feed event goes out anyway
        }
    }

    /** The first value of a DICOM JSON attribute as text (numbers as written), or null. */
    static String text(JsonNode attributes, String tag) {
        JsonNode value = attributes.path(tag).path("Value").path(0);
        return value.isMissingNode() || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    /** A PN attribute's alphabetic form (PS3.18 F.2.2), or null. */
    static String personName(JsonNode attributes, String tag) {
        JsonNode value = attributes.path(tag).path("Value").path(0).path("Alphabetic");
        return value.isTextual() ? value.asText() : null;
    }

    /** Ids of the public events made of one journal event: its name and their index. */
    private static final class Ids {
        private final String base;
        private int index;

        Ids(String base) {
            this.base = base;
        }

        String next() {
            return base + "/" + index++;
        }
    }
}
