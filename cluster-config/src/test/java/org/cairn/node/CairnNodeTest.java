package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node as a real process: /health answers, DCMTK's echoscu reaches it, SIGTERM stops it. */
class CairnNodeTest {

    @Test
    void nodeAnswersHealthAndEchoAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        try (NodeProcess node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.log"), "256m",
            "--ae-title", "CAIRN_TEST")) {
            var health = node.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(new String(health.body(), StandardCharsets.UTF_8)).contains("\"status\":\"UP\"")
                .contains("\"dicomPort\":" + node.dicomPort);

            Process echo = new ProcessBuilder("echoscu", "-aec", "CAIRN_TEST", "127.0.0.1",
                Integer.toString(node.dicomPort)).redirectErrorStream(true).start();
            String out = new String(echo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(echo.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(echo.exitValue()).as(out).isZero();
            assertThat(dir.resolve("data/journal/cairn.mv.db")).as("the embedded journal, schema by Flyway").exists();

            String metrics = "";
            long deadline = System.currentTimeMillis() + 30_000; // a snapshot is taken every 5 s
            while (!metrics.contains("cairn_dicom_associations_open") && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                var response = node.get("/metrics");
                metrics = response.statusCode() == 200 ? new String(response.body(), StandardCharsets.UTF_8) : "";
            }
            assertThat(metrics).as("Prometheus metrics on /metrics").contains("cairn_dicom_associations_open");

            assertThat(node.stop()).as("stopped after SIGTERM").isTrue(); // coordinated shutdown
            assertThat(Files.readString(node.log)).contains("Cairn stopping");
        }
    }
}
