package org.cairn.dicom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs Debian's pydicom (the independent reference implementation) on files and returns its DICOM JSON. */
public final class Pydicom {
    public static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
        .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
            .maxStringLength(Integer.MAX_VALUE).build())
        .build());

    private Pydicom() {
    }

    /** pydicom's verdict on one file: its meta and data set as DICOM JSON, or the error it raised. */
    public record Result(boolean ok, JsonNode meta, JsonNode dataSet, String error) {
    }

    public static Path script() {
        Path fromModule = Path.of("src", "test", "python", "pydicom_json.py");
        return Files.exists(fromModule) ? fromModule : Path.of("protocol", "src", "test", "python", "pydicom_json.py");
    }

    /** pydicom's DICOM JSON for each file, keyed by absolute path, from one run of the reference script. */
    public static Map<Path, Result> json(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
        files.forEach(f -> command.add(f.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<Path, Result> results = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode node = MAPPER.readTree(line);
                results.put(Path.of(node.get("path").asText()), node.get("ok").asBoolean()
                    ? new Result(true, node.get("meta"), node.get("dataset"), null)
                    : new Result(false, null, null, node.get("error").asText()));
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || results.size() != files.size()) {
            throw new IllegalStateException("pydicom reference script failed (exit " + exit + ", " + results.size()
                + " of " + files.size() + " files); is python3-pydicom installed? Run ./cairn test");
        }
        return results;
    }
}
