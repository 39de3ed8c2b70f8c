package org.cairn.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cairn.study.StudyEvent;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderEvent;
import org.cairn.worklist.Patient;
import org.cairn.worklist.ScheduledStep;
import org.junit.jupiter.api.Test;

class PublicEventsTest {
    private static final String STUDY = "1.2.840.99.1";
    private static final Instant T0 = Instant.parse("2027-01-05T10:00:00Z");

    /** The feed's memory as the JDBC one keeps it, in maps. */
    static final class MemoryInMaps implements FeedMemory {
        final Set<String> studies = new HashSet<>();
        final Set<String> series = new HashSet<>();
        final Map<String, Instant> lastReceived = new HashMap<>();
        final List<String> stable = new ArrayList<>();

        @Override
        public boolean firstOfStudy(String studyUid) {
            return studies.add(studyUid);
        }

        @Override
        public boolean firstOfSeries(String studyUid, String seriesUid) {
            return series.add(studyUid + "/" + seriesUid);
        }

        @Override
        public void received(String studyUid, Instant receivedAt) {
            lastReceived.merge(studyUid, receivedAt, (a, b) -> a.isAfter(b) ? a : b);
        }

        @Override
        public void stable(String studyUid, Instant lastReceivedAt) {
            stable.add(studyUid);
        }

        @Override
        public void forget(String studyUid, boolean purged) {
            lastReceived.remove(studyUid);
            if (purged) {
                studies.remove(studyUid);
                series.removeIf(s -> s.startsWith(studyUid + "/"));
            }
        }
    }

    private final MemoryInMaps memory = new MemoryInMaps();

    private static StudyEvent.StoredInstance instance(String series, String sop, Instant at) {
        String json = "{\"00080050\":{\"vr\":\"SH\",\"Value\":[\"ACC-7\"]},"
            + "\"00080060\":{\"vr\":\"CS\",\"Value\":[\"CT\"]},"
            + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]},"
            + "\"00100020\":{\"vr\":\"LO\",\"Value\":[\"P-1\"]},"
            + "\"00200011\":{\"vr\":\"IS\",\"Value\":[3]},"
            + "\"00200013\":{\"vr\":\"IS\",\"Value\":[12]}}";
        return new StudyEvent.StoredInstance(series, sop, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
            "d" + sop, "s" + sop, 1234, "MODALITY", at, json);
    }

    private List<PublicEvent> map(long seqNr, Object event) {
        return PublicEvents.of("Study|" + STUDY, seqNr, event, memory);
    }

    private static List<String> types(List<PublicEvent> events) {
        return events.stream().map(PublicEvent::type).toList();
    }

    @Test
    void theFirstInstanceAnnouncesTheStudyAndItsSeriesOnce() {
        List<PublicEvent> first = map(1, new StudyEvent.InstanceStored(STUDY, instance("1.1", "1.1.1", T0)));
        assertThat(types(first)).containsExactly("study.created", "series.created", "instance.created");
        assertThat(first).extracting(PublicEvent::id)
            .containsExactly("Study|" + STUDY + "/1/0", "Study|" + STUDY + "/1/1", "Study|" + STUDY + "/1/2");
        assertThat(first.get(0).data().get("patientName").asText()).isEqualTo("Doe^Jane");
        assertThat(first.get(0).data().get("patientId").asText()).isEqualTo("P-1");
        assertThat(first.get(0).data().get("accessionNumber").asText()).isEqualTo("ACC-7");
        assertThat(first.get(1).data().get("modality").asText()).isEqualTo("CT");
        assertThat(first.get(1).data().get("seriesNumber").asText()).isEqualTo("3");
        assertThat(first.get(2).data().get("retrieveUrl").asText())
            .isEqualTo("/dicom-web/studies/" + STUDY + "/series/1.1/instances/1.1.1");
        assertThat(first.get(2).data().get("instanceNumber").asText()).isEqualTo("12");
        assertThat(first).allSatisfy(e -> assertThat(e.studyUid()).isEqualTo(STUDY));

        assertThat(types(map(2, new StudyEvent.InstanceStored(STUDY, instance("1.1", "1.1.2", T0)))))
            .containsExactly("instance.created");
        assertThat(types(map(3, new StudyEvent.InstanceStored(STUDY, instance("1.2", "1.2.1", T0)))))
            .containsExactly("series.created", "instance.created");
        assertThat(types(map(4, new StudyEvent.InstanceReplaced(STUDY, instance("1.2", "1.2.1", T0), "old"))))
            .containsExactly("instance.replaced");
        assertThat(memory.lastReceived).containsEntry(STUDY, T0);
    }

    @Test
    void aPurgedStudyStoredAgainIsCreatedAgain() {
        map(1, new StudyEvent.InstanceStored(STUDY, instance("1.1", "1.1.1", T0)));
        map(2, new StudyEvent.StudyDeleted(STUDY, "admin", "wrong patient", T0));
        assertThat(memory.lastReceived).as("a deleted study is not watched for stability").doesNotContainKey(STUDY);
        assertThat(types(map(3, new StudyEvent.StudyPurged(STUDY, "admin", T0, List.of("d1.1.1")))))
            .containsExactly("study.purged");
        assertThat(types(map(4, new StudyEvent.InstanceStored(STUDY, instance("1.1", "1.1.1", T0)))))
            .containsExactly("study.created", "series.created", "instance.created");
    }

    @Test
    void lifecycleEventsCarryWhoWhyAndWhat() {
        PublicEvent changed = map(5, new StudyEvent.AttributesChanged(STUDY, List.of(
            new StudyEvent.AttributeChange("PatientName", "Doe^Jane", "Roe^Jane"),
            new StudyEvent.AttributeChange("AccessionNumber", null, "A-1")), "radiologist", "typo", T0)).get(0);
        assertThat(changed.type()).isEqualTo("study.attributes-changed");
        assertThat(changed.data().get("changes").get(0).get("before").asText()).isEqualTo("Doe^Jane");
        assertThat(changed.data().get("changes").get(0).get("after").asText()).isEqualTo("Roe^Jane");
        assertThat(changed.data().get("changes").get(1).get("before").isNull()).isTrue();
        assertThat(changed.data().get("by").asText()).isEqualTo("radiologist");
        assertThat(changed.data().get("reason").asText()).isEqualTo("typo");
        assertThat(changed.time()).isEqualTo(T0);

        PublicEvent stable = map(6, new StudyEvent.StudyStable(STUDY, 2, 40, T0, T0.plusSeconds(60))).get(0);
        assertThat(stable.type()).isEqualTo("study.stable");
        assertThat(stable.data().get("instanceCount").asInt()).isEqualTo(40);
        assertThat(stable.data().get("seriesCount").asInt()).isEqualTo(2);
        assertThat(memory.stable).containsExactly(STUDY);

        assertThat(map(7, new StudyEvent.LinkedToOrder(STUDY, "ACC-7", T0)).get(0).data().get("accessionNumber")
            .asText()).isEqualTo("ACC-7");
        assertThat(types(map(8, new StudyEvent.StudyRestored(STUDY, "admin", T0)))).containsExactly("study.restored");
    }

    @Test
    void worklistEntryChangesArePublicEventsToo() {
        Order order = new Order("ACC-9", new Patient("P-9", "HOSP", "Poe^Ed", "19700101", "M"), "RP1",
            "CT head", null, STUDY, null, null, null, null, null, "STAT",
            new ScheduledStep("SPS1", "CT01", null, "CT", "20270105", "1000", null, "head", null, null));
        PublicEvent scheduled = PublicEvents.of("Order|ACC-9", 1, new OrderEvent.Scheduled("ACC-9", order, "hl7:RIS", T0),
            memory).get(0);
        assertThat(scheduled.type()).isEqualTo("worklist.scheduled");
        assertThat(scheduled.studyUid()).isEqualTo(STUDY);
        assertThat(scheduled.data().get("patient").get("name").asText()).isEqualTo("Poe^Ed");
        assertThat(scheduled.data().get("scheduledStep").get("modality").asText()).isEqualTo("CT");
        assertThat(scheduled.data().get("scheduledStep").get("stationAeTitle").asText()).isEqualTo("CT01");
        assertThat(scheduled.data().get("source").asText()).isEqualTo("hl7:RIS");

        List<PublicEvent> more = new ArrayList<>();
        more.addAll(PublicEvents.of("Order|ACC-9", 2, new OrderEvent.ProcedureStarted("ACC-9", "1.2.3", "mpps:CT01", T0), memory));
        more.addAll(PublicEvents.of("Order|ACC-9", 3, new OrderEvent.ImagesArrived("ACC-9", STUDY, "ingest", T0), memory));
        more.addAll(PublicEvents.of("Order|ACC-9", 4, new OrderEvent.ProcedureCompleted("ACC-9", "1.2.3", "mpps:CT01", T0), memory));
        more.addAll(PublicEvents.of("Order|ACC-9", 5, new OrderEvent.Cancelled("ACC-9", "duplicate", "rest:admin", T0), memory));
        assertThat(types(more)).containsExactly("worklist.procedure-started", "worklist.images-arrived",
            "worklist.procedure-completed", "worklist.cancelled");
        assertThat(more.get(1).studyUid()).isEqualTo(STUDY);
        assertThat(more.get(3).data().get("reason").asText()).isEqualTo("duplicate");
        assertThat(EventTypes.ALL).containsAll(types(more)).contains(scheduled.type());
    }

    @Test
    void theEnvelopeIsACloudEventWithTheFeedsSequence() throws Exception {
        PublicEvent event = map(1, new StudyEvent.InstanceStored(STUDY, instance("1.1", "1.1.1", T0))).get(2);
        FeedEvent stored = FeedEnvelope.of(event, 42, "/cairn/CAIRN");
        var json = PublicEvents.JSON.readTree(stored.json());
        assertThat(json.get("specversion").asText()).isEqualTo("1.0");
        assertThat(json.get("id").asText()).isEqualTo(event.id());
        assertThat(json.get("source").asText()).isEqualTo("/cairn/CAIRN");
        assertThat(json.get("type").asText()).isEqualTo("instance.created");
        assertThat(json.get("subject").asText()).isEqualTo(STUDY);
        assertThat(json.get("seq").asLong()).isEqualTo(42);
        assertThat(json.get("time").asText()).isEqualTo(T0.toString());
        assertThat(json.get("dataschema").asText()).isEqualTo(EventTypes.SCHEMA);
        assertThat(json.get("data").get("sopInstanceUid").asText()).isEqualTo("1.1.1");
        assertThat(stored.seq()).isEqualTo(42);
        assertThat(stored.type()).isEqualTo("instance.created");
    }
}
