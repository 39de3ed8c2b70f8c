package org.cairn.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomReader;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./cairn bench codec}: Cairn's parse throughput (JMH) against pydicom's dcmread on the same files in the
 * same run: the shared corpus and a generated 200-slice 512×512 16-bit CT series, full parse and header only.
 * Prints a Markdown table and writes it to {@code load-tests/target/codec-benchmark.md}.
 */
public final class CodecBenchmark {
    private static final String PYTHON = "/usr/bin/python3";

    private CodecBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path work = root.resolve("load-tests/target/bench");
        Files.createDirectories(work);
        Map<String, Path> lists = new LinkedHashMap<>();
        lists.put("corpus", writeList(work.resolve("corpus.txt"), corpusFiles(root.resolveSibling("shared/corpus"))));
        lists.put("ct", writeList(work.resolve("ct.txt"), SyntheticStudies.ctSeries(work.resolve("ct"), 200)));

        OptionsBuilder options = new OptionsBuilder();
        options.include(CodecParseBenchmark.class.getSimpleName())
            .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
            .measurementIterations(5).measurementTime(TimeValue.seconds(2))
            .jvmArgs("-Xmx1g");
        // jvmArgsAppend replaces what an earlier call appended: pass every list at once
        options.jvmArgsAppend(lists.entrySet().stream()
            .map(e -> "-Dcairn.bench.list." + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        Options built = options.build();
        List<RunResult> cairn = new ArrayList<>(new Runner(built).run());

        StringBuilder table = new StringBuilder();
        table.append("| files | parse | files in set | MB in set | Cairn files/s | pydicom files/s | Cairn ÷ pydicom |\n")
            .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (String name : lists.keySet()) {
            List<String> paths = Files.readAllLines(lists.get(name)).stream().filter(s -> !s.isBlank()).toList();
            long bytes = 0;
            for (String p : paths) {
                bytes += Files.size(Path.of(p));
            }
            for (String mode : List.of("full", "header")) {
                RunResult result = cairn.stream()
                    .filter(r -> r.getParams().getParam("files").equals(name) && r.getParams().getParam("mode").equals(mode))
                    .findFirst().orElseThrow();
                double cairnFiles = result.getPrimaryResult().getScore() * paths.size();
                double cairnError = result.getPrimaryResult().getScoreError() * paths.size();
                double pydicomFiles = pydicom(root, mode, lists.get(name), paths.size());
                table.append(String.format("| %s | %s | %d | %.1f | %,.0f ± %,.0f | %,.0f | %.1f× |%n", name,
                    mode.equals("full") ? "full" : "header only", paths.size(), bytes / 1e6, cairnFiles, cairnError,
                    pydicomFiles, cairnFiles / pydicomFiles));
            }
        }
        String report = "Codec parse throughput, " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
            + " cores, Java " + System.getProperty("java.version") + ", pydicom " + pydicomVersion() + "\n\n" + table;
        Files.writeString(work.resolveSibling("codec-benchmark.md"), report);
        System.out.println();
        System.out.println(report);
    }

    /** Corpus files that both Cairn and pydicom read (Cairn deliberately rejects the truncated ones). */
    static List<Path> corpusFiles(Path corpus) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(corpus)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.equals("MANIFEST.tsv") || name.equals("README.md")) {
                    continue;
                }
                try {
                    DicomReader.read(p);
                    files.add(p);
                } catch (DicomException rejected) {
                    // not comparable: pydicom reads truncated files that Cairn refuses
                }
            }
        }
        return files;
    }

    private static Path writeList(Path list, List<Path> files) throws IOException {
        Files.write(list, files.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
        return list;
    }

    /** pydicom's files per second: the median pass of the reference script. */
    private static double pydicom(Path root, String mode, Path list, int files) throws Exception {
        Path script = root.resolve("load-tests/src/main/python/pydicom_parse_bench.py");
        Process p = new ProcessBuilder(PYTHON, script.toString(), mode, "10", list.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pydicom benchmark failed: " + out);
        }
        double[] passes = passSeconds(out);
        Arrays.sort(passes);
        return files / passes[passes.length / 2];
    }

    private static double[] passSeconds(String json) throws IOException {
        List<Double> seconds = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && parser.currentName().equals("pass_seconds")) {
                    parser.nextToken();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        seconds.add(parser.getDoubleValue());
                    }
                }
            }
        }
        return seconds.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String pydicomVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, "-c", "import pydicom; print(pydicom.__version__)").start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return v;
    }
}
