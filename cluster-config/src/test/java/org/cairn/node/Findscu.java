package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomReader;

/** DCMTK's findscu against a node on loopback: the identifiers of its pending responses, as it wrote them (-X). */
final class Findscu {
    private Findscu() {
    }

    /**
     * Runs {@code findscu OPTIONS -X -od DIR -k KEY... 127.0.0.1 PORT} with its output under {@code dir}, asserts it
     * logged no error, and returns the responses in order.
     */
    static List<DataSet> run(Path dir, int port, List<String> options, List<String> keys) throws Exception {
        List<DataSet> answers = new ArrayList<>();
        for (Path f : files(dir, port, options, keys)) {
            answers.add(DicomReader.read(f).dataSet());
        }
        return answers;
    }

    /** As {@link #run}, returning the files findscu wrote, in order. */
    static List<Path> files(Path dir, int port, List<String> options, List<String> keys) throws Exception {
        Path out = Files.createTempDirectory(dir, "rsp");
        List<String> command = new ArrayList<>(List.of("findscu"));
        command.addAll(options);
        command.addAll(List.of("-X", "-od", out.toString()));
        for (String k : keys) {
            command.add("-k");
            command.add(k);
        }
        command.addAll(List.of("127.0.0.1", Integer.toString(port)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(log).as("findscu %s %s", options, keys).doesNotContain("E: ");
        try (Stream<Path> files = Files.list(out)) {
            return files.sorted().toList();
        }
    }
}
