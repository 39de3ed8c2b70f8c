package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, acceptance 4: {@code rebuild-views} replays the journal into views equal, row for row, to those the
 * live projection built; the views survive restarts. {@code ViewRebuildOnPostgresTest} runs it on PostgreSQL.
 */
class ViewRebuildTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    protected Map<String, String> journalEnvironment() throws Exception {
        return Map.of();
    }

    protected String[] profile() {
        return new String[0];
    }

    @Test
    void rebuiltViewsEqualTheLiveOnesAndSurviveRestarts(@TempDir Path dir) throws Exception {
        Path corpus = Path.of(System.getProperty("cairn.corpus")).resolve("pydicom");
        Path data = dir.resolve("data");
        Map<String, String> environment = journalEnvironment();
        Set<String> live;
        try (NodeProcess node = NodeProcess.start(data, dir.resolve("node.log"), "512m", environment, profile())) {
            Process send = new ProcessBuilder("dcmsend", "-aec", "CAIRN", "--decompress-never", "--no-halt", "+sd",
                "127.0.0.1", Integer.toString(node.dicomPort), corpus.toString()).redirectErrorStream(true).start();
            send.getOutputStream().close();
            send.getInputStream().readAllBytes();
            assertThat(send.waitFor(5, TimeUnit.MINUTES)).isTrue();
            live = instancesSettled(node);
            assertThat(live).hasSizeGreaterThan(20);
            assertThat(node.stop()).isTrue();
        }
        Map<String, List<List<String>>> before = dump(environment, data);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), CairnNode.class.getName(), "rebuild-views",
            "--data-dir", data.toString()));
        command.addAll(List.of(profile()));
        ProcessBuilder rebuild = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("rebuild.log").toFile());
        rebuild.environment().putAll(environment);
        Process p = rebuild.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(java.nio.file.Files.readString(dir.resolve("rebuild.log"))).contains("Views rebuilt from");

        assertThat(dump(environment, data)).isEqualTo(before);
        assertThat(before.get("view_instance")).hasSize(live.size());

        try (NodeProcess again = NodeProcess.start(data, dir.resolve("node.log"), "512m", environment, profile())) {
            assertThat(instancesSettled(again)).isEqualTo(live);
        }
    }

    /** The SOP Instance UIDs QIDO-RS lists, once the projection has caught up (two equal answers in a row). */
    private static Set<String> instancesSettled(NodeProcess node) throws Exception {
        Set<String> previous = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Set<String> now = new TreeSet<>();
            for (JsonNode n : JSON.readTree(node.get("/dicom-web/instances?includefield=00080018").body())) {
                now.add(n.get("00080018").get("Value").get(0).asText());
            }
            if (now.equals(previous) && !now.isEmpty()) {
                return now;
            }
            previous = now;
            Thread.sleep(500);
        }
        throw new AssertionError("the views did not settle");
    }

    /** Every row of every view, in key order. */
    private static Map<String, List<List<String>>> dump(Map<String, String> environment, Path data) throws Exception {
        String url = environment.getOrDefault("CAIRN_JOURNAL_URL", "jdbc:h2:file:" + data + "/journal/cairn");
        Map<String, List<List<String>>> tables = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, environment.getOrDefault("CAIRN_JOURNAL_USER", "cairn"),
            environment.getOrDefault("CAIRN_JOURNAL_PASSWORD", "")); Statement s = c.createStatement()) {
            for (String[] table : new String[][] {{"view_patient", "patient_key"}, {"view_study", "study_uid"},
                {"view_series", "series_uid"}, {"view_instance", "sop_instance_uid"}}) {
                List<List<String>> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT * FROM " + table[0] + " ORDER BY " + table[1])) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= columns; i++) {
                            row.add(r.getString(i));
                        }
                        rows.add(row);
                    }
                }
                tables.put(table[0], rows);
            }
        }
        return tables;
    }
}
