package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node as a real process: /health answers, DCMTK's echoscu reaches it, SIGTERM stops it. */
class CairnNodeTest {

    @Test
    void nodeAnswersHealthAndEchoAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        int dicomPort = freePort();
        int httpPort = freePort();
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), CairnNode.class.getName(),
            "--bind", "127.0.0.1", "--dicom-port", Integer.toString(dicomPort), "--http-port", Integer.toString(httpPort),
            "--ae-title", "CAIRN_TEST", "--data-dir", dir.resolve("data").toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = null;
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                try {
                    health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                    break;
                } catch (java.io.IOException notYet) {
                    assertThat(node.isAlive()).as(java.nio.file.Files.readString(dir.resolve("node.log"))).isTrue();
                    Thread.sleep(200);
                }
            }
            assertThat(health).isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"dicomPort\":" + dicomPort);

            Process echo = new ProcessBuilder("echoscu", "-aec", "CAIRN_TEST", "127.0.0.1", Integer.toString(dicomPort))
                .redirectErrorStream(true).start();
            String out = new String(echo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(echo.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(echo.exitValue()).as(out).isZero();
            assertThat(java.nio.file.Files.isDirectory(dir.resolve("data"))).isTrue();
            assertThat(dir.resolve("data/journal/cairn.mv.db")).as("the embedded journal, schema by Flyway").exists();

            node.destroy(); // SIGTERM: coordinated shutdown
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(java.nio.file.Files.readString(dir.resolve("node.log"))).contains("Cairn stopping");
        } finally {
            node.destroyForcibly();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
