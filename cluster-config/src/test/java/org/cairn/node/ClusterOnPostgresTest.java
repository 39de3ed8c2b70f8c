package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.Tag;
import org.cairn.scu.DicomClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, acceptance 1 to 3: three Cairn node processes in one cluster on loopback, journal and views in one
 * PostgreSQL database, blobs in one shared directory. Instances of the same and of different studies go to every
 * node; one node is SIGKILLed during ingest and restarted; all three are restarted one after the other under
 * ingest. Nothing acknowledged may be lost, and every node must answer for everything. Runs alone: the recovery time
 * it asserts is measured against the whole machine.
 */
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOnPostgresTest {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterOnPostgresTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NODES = 3;

    @RegisterExtension
    static final PostgresJournal POSTGRES = new PostgresJournal();

    private Path dir;
    private LocalCluster cluster;
    private DicomClient client;

    @BeforeAll
    void startCluster() throws Exception {
        dir = Files.createTempDirectory("cairn-cluster");
        // quick stability announcements; a short drain keeps the rolling restart brisk
        cluster = LocalCluster.start(dir, POSTGRES.newDatabase(), "cluster", NODES,
            "cairn.dicom.drain-timeout = 10s\n");
        client = DicomClient.create();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (dir != null) {
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void instancesSentToEveryNodeAreFoundFromEveryNodeAndTheFeedIsInCommitOrder() throws Exception {
        long seed = System.nanoTime();
        int studies = 4;
        List<FailoverSender> senders = new ArrayList<>();
        for (int node = 0; node < NODES; node++) {
            // every sender sends to every study: the same study arrives through all three nodes at once
            senders.add(new FailoverSender(client, cluster, node, n -> CrashSafetyTest.studyUid(seed, n % studies),
                "2.25." + Math.abs(seed % 1_000_000_000L) + ".9." + node, 40, 10,
                System.currentTimeMillis() + 180_000));
        }
        runAll(senders);
        Map<String, Set<String>> byStudy = byStudy(senders);
        assertThat(FailoverSender.acknowledged(senders)).hasSize(NODES * 40);
        assertThat(senders).allSatisfy(s -> assertThat(s.failures).as("failures on a healthy cluster").isEmpty());

        for (int node = 0; node < NODES; node++) {
            awaitEveryInstanceVisible(node, byStudy, Duration.ofSeconds(60));
            for (Map.Entry<String, Set<String>> study : byStudy.entrySet()) {
                List<DataSet> found = Findscu.run(dir, cluster.node(node).dicomPort, List.of("-S", "-aec", "CAIRN"),
                    List.of("QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + study.getKey(),
                        "NumberOfStudyRelatedInstances"));
                assertThat(found).as("C-FIND on node %d", node).hasSize(1);
                assertThat(found.get(0).getString(Tag.NumberOfStudyRelatedInstances))
                    .isEqualTo(Integer.toString(study.getValue().size()));
            }
        }

        // the change feed, read from each node: gap-free, every instance once, each study's events in its order
        for (int node = 0; node < NODES; node++) {
            List<JsonNode> feed = readFeed(node, byStudy.keySet(), NODES * 40);
            for (int i = 1; i < feed.size(); i++) {
                assertThat(feed.get(i).get("seq").asLong()).isGreaterThan(feed.get(i - 1).get("seq").asLong());
            }
            Map<String, Long> lastJournalSeqOfStudy = new HashMap<>();
            Map<String, Integer> created = new HashMap<>();
            for (JsonNode e : feed) {
                String study = e.get("subject").asText();
                // the public id is <persistence id>/<journal sequence number>/<index>: within a study the feed
                // follows the journal
                String[] id = e.get("id").asText().split("/");
                long journalSeq = Long.parseLong(id[id.length - 2]);
                Long before = lastJournalSeqOfStudy.put(study, journalSeq);
                assertThat(before == null || before <= journalSeq).as("study %s in journal order", study).isTrue();
                if (e.get("type").asText().equals("instance.created")) {
                    created.merge(e.get("data").get("sopInstanceUid").asText(), 1, Integer::sum);
                }
            }
            assertThat(created.keySet()).isEqualTo(FailoverSender.acknowledged(senders));
            assertThat(created.values()).containsOnly(1);
        }
        assertFeedGapFree(0);
    }

    @Test
    @Order(2)
    void aNodeKilledDuringIngestLosesNothingItsShardsMoveWithinTenSecondsAndItRejoins() throws Exception {
        long seed = System.nanoTime();
        int studies = 12;
        String prefix = "2.25." + Math.abs(seed % 1_000_000_000L) + ".8";
        List<FailoverSender> senders = new ArrayList<>();
        for (int node = 0; node < NODES; node++) {
            senders.add(new FailoverSender(client, cluster, node, n -> CrashSafetyTest.studyUid(seed, n % studies),
                prefix + "." + node, 90, 10, System.currentTimeMillis() + 240_000).pausing(100));
        }
        List<CompletableFuture<Void>> running = senders.stream().map(CompletableFuture::runAsync).toList();
        awaitAcks(senders, NODES * 30);
        int victim = 0; // the oldest node: the shard coordinator and the singletons go down with it
        int survivor = 1;
        long killedAt = System.currentTimeMillis();
        cluster.kill(victim);

        // one probe per study through a survivor: each completes once its study's shard is served again
        List<FailoverSender> probes = new ArrayList<>();
        for (int s = 0; s < studies; s++) {
            int study = s;
            probes.add(new FailoverSender(client, cluster, survivor, n -> CrashSafetyTest.studyUid(seed, study),
                prefix + ".7." + s, 1, 1, killedAt + 120_000));
        }
        try {
            runAll(probes);
        } finally {
            if (cluster.node(victim) == null) {
                cluster.startNode(victim); // the next test needs all three, whatever happened here
            }
        }
        List<Long> recovery = probes.stream().map(p -> p.acks.peek().atMillis() - killedAt).sorted().toList();
        LOG.info("After SIGKILL of node {}: each study's first store through a survivor completed after {} ms",
            victim, recovery);
        assertThat(recovery.get(recovery.size() - 1)).as("every study served again within 10 s (ms)")
            .isLessThanOrEqualTo(10_000L);

        cluster.awaitMembersUp(NODES, Duration.ofSeconds(90));
        for (CompletableFuture<Void> r : running) {
            r.get(240, TimeUnit.SECONDS);
        }
        List<FailoverSender> all = new ArrayList<>(senders);
        all.addAll(probes);
        assertThat(FailoverSender.acknowledged(all)).hasSize(NODES * 90 + studies);
        Map<String, Set<String>> byStudy = byStudy(all);
        for (int node = 0; node < NODES; node++) {
            awaitEveryInstanceVisible(node, byStudy, Duration.ofSeconds(90));
        }
        assertEveryBlobReadable(byStudy);
        assertFeedGapFree(victim);
    }

    @Test
    @Order(3)
    void aRollingRestartUnderIngestLosesNothingAndEndsOnlyTheRestartingNodesAssociations() throws Exception {
        long seed = System.nanoTime();
        int studies = 6;
        List<FailoverSender> senders = new ArrayList<>();
        for (int node = 0; node < NODES; node++) {
            senders.add(new FailoverSender(client, cluster, node, n -> CrashSafetyTest.studyUid(seed, n % studies),
                "2.25." + Math.abs(seed % 1_000_000_000L) + ".6." + node, 100_000, 5,
                System.currentTimeMillis() + 400_000).pausing(250)); // steady, not saturating: nodes must restart
        }
        List<CompletableFuture<Void>> running = senders.stream().map(CompletableFuture::runAsync).toList();
        awaitAcks(senders, 30);
        // per node: from when its stop began to when it was Up again
        long[][] restartWindows = new long[NODES][2];
        for (int node = 0; node < NODES; node++) {
            restartWindows[node][0] = System.currentTimeMillis();
            assertThat(cluster.stop(node)).as("node %d stops within a minute", node).isTrue();
            cluster.awaitMembersUp(NODES - 1, Duration.ofSeconds(60));
            cluster.startNode(node);
            cluster.awaitMembersUp(NODES, Duration.ofSeconds(90));
            restartWindows[node][1] = System.currentTimeMillis();
            int before = FailoverSender.acknowledged(senders).size();
            awaitAcks(senders, before + 15); // ingest goes on with all three back
        }
        senders.forEach(FailoverSender::stopAfterCurrent);
        for (CompletableFuture<Void> r : running) {
            r.get(120, TimeUnit.SECONDS);
        }
        for (FailoverSender sender : senders) {
            for (FailoverSender.Failure f : sender.failures) {
                long[] window = restartWindows[f.node()];
                assertThat(f.atMillis()).as("failure on node %d (%s) happened while it restarted", f.node(), f.what())
                    .isBetween(window[0], window[1]);
            }
        }
        Map<String, Set<String>> byStudy = byStudy(senders);
        LOG.info("Rolling restart: {} instances acknowledged, failures per sender {}",
            FailoverSender.acknowledged(senders).size(), senders.stream().map(s -> s.failures.size()).toList());
        for (int node = 0; node < NODES; node++) {
            awaitEveryInstanceVisible(node, byStudy, Duration.ofSeconds(90));
        }
        assertEveryBlobReadable(byStudy);
        assertFeedGapFree(2);
    }

    private static void runAll(List<FailoverSender> senders) throws Exception {
        List<CompletableFuture<Void>> running = senders.stream().map(CompletableFuture::runAsync).toList();
        for (CompletableFuture<Void> r : running) {
            r.get(300, TimeUnit.SECONDS);
        }
    }

    private static void awaitAcks(List<FailoverSender> senders, int atLeast) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (senders.stream().mapToInt(FailoverSender::acknowledged).sum() < atLeast) {
            assertThat(System.currentTimeMillis()).as("%d instances acknowledged in time", atLeast).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Map<String, Set<String>> byStudy(List<FailoverSender> senders) {
        Map<String, Set<String>> byStudy = new HashMap<>();
        senders.forEach(s -> s.acks.forEach(a -> byStudy.computeIfAbsent(a.study(), k -> new HashSet<>()).add(a.sop())));
        return byStudy;
    }

    /** QIDO-RS on {@code node} lists exactly the acknowledged instances of each study (the views are eventual). */
    private void awaitEveryInstanceVisible(int node, Map<String, Set<String>> byStudy, Duration timeout)
        throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        for (Map.Entry<String, Set<String>> study : byStudy.entrySet()) {
            Set<String> listed = Set.of();
            while (System.currentTimeMillis() < deadline) {
                listed = qidoInstances(node, study.getKey());
                if (listed.containsAll(study.getValue())) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(listed).as("QIDO-RS on node %d, study %s", node, study.getKey())
                .containsAll(study.getValue());
        }
    }

    private Set<String> qidoInstances(int node, String study) throws Exception {
        HttpResponse<byte[]> r = cluster.node(node).get("/dicom-web/studies/" + study + "/instances?limit=1000");
        if (r.statusCode() == 204) {
            return Set.of();
        }
        assertThat(r.statusCode()).isEqualTo(200);
        Set<String> sops = new HashSet<>();
        for (JsonNode instance : JSON.readTree(r.body())) {
            sops.add(instance.path("00080018").path("Value").path(0).asText());
        }
        return sops;
    }

    /** Every acknowledged instance's file is served (WADO-RS) from the shared blob store, by a node that did not store it. */
    private void assertEveryBlobReadable(Map<String, Set<String>> byStudy) throws Exception {
        for (Map.Entry<String, Set<String>> study : byStudy.entrySet()) {
            int node = Math.floorMod(study.getKey().hashCode(), NODES);
            HttpResponse<byte[]> r = cluster.node(node).get("/dicom-web/studies/" + study.getKey());
            assertThat(r.statusCode()).isEqualTo(200);
            int parts = MultipartBodies.parts(r.headers().firstValue("Content-Type").orElseThrow(), r.body()).size();
            assertThat(parts).as("WADO-RS parts of %s", study.getKey()).isEqualTo(study.getValue().size());
        }
    }

    /** The whole feed, read from {@code node}, numbers its events 1, 2, 3 … with nothing missing. */
    private void assertFeedGapFree(int node) throws Exception {
        long cursor = 0;
        while (true) {
            JsonNode page = JSON.readTree(cluster.node(node).get("/api/changefeed?after=" + cursor + "&limit=1000")
                .body());
            for (JsonNode e : page.get("events")) {
                assertThat(e.get("seq").asLong()).as("feed seq after %d", cursor).isEqualTo(cursor + 1);
                cursor++;
            }
            if (page.get("events").isEmpty()) {
                return;
            }
        }
    }

    /** The feed's events about {@code studies}, read from {@code node} until {@code instances} instances were seen. */
    private List<JsonNode> readFeed(int node, Set<String> studies, int instances) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long cursor = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        while (events.stream().filter(e -> e.get("type").asText().equals("instance.created")).count() < instances) {
            assertThat(System.currentTimeMillis()).as("feed complete in time").isLessThan(deadline);
            JsonNode page = JSON.readTree(cluster.node(node).get("/api/changefeed?after=" + cursor + "&limit=500")
                .body());
            for (JsonNode e : page.get("events")) {
                if (studies.contains(e.path("subject").asText())) {
                    events.add(e);
                }
            }
            long next = page.get("next").asLong();
            if (next == cursor) {
                Thread.sleep(100);
            }
            cursor = next;
        }
        return events;
    }
}
