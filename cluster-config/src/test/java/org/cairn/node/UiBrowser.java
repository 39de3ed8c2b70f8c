package org.cairn.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a browser scenario of the web UI ({@code http/src/main/ui/e2e/<name>.mjs}: playwright-core driving Debian's
 * chromium, headless) against a node, and returns what it reported on its {@code RESULT} line. Screenshots go to
 * {@code target/ui-screenshots}, kept as test artifacts.
 */
final class UiBrowser {
    static final Path UI = Path.of("..", "http", "src", "main", "ui").toAbsolutePath().normalize();
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private UiBrowser() {
    }

    /** Runs scenario {@code name} as {@code user}; {@code extra} become environment variables of the script. */
    static JsonNode run(String name, NodeProcess node, String user, String password, Map<String, String> extra)
        throws Exception {
        Path log = Files.createTempFile("ui-" + name, ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of("node", UI.resolve("e2e").resolve(name + ".mjs").toString()))
            .directory(UI.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("CAIRN_URL", "http://127.0.0.1:" + node.httpPort);
        environment.put("CAIRN_USER", user);
        environment.put("CAIRN_PASSWORD", password);
        environment.put("CAIRN_UI_SCREENSHOTS", SCREENSHOTS.toString());
        builder.environment().putAll(environment);
        Process p = builder.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("scenario " + name + " did not finish in 5 minutes: " + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("scenario " + name + " failed:\n" + output);
        }
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                return JSON.readTree(line.substring("RESULT ".length()));
            }
        }
        throw new AssertionError("scenario " + name + " reported no RESULT:\n" + output);
    }

    /** As the node's administrator. */
    static JsonNode run(String name, NodeProcess node, Map<String, String> extra) throws Exception {
        return run(name, node, "admin", NodeProcess.ADMIN_PASSWORD, extra);
    }
}
