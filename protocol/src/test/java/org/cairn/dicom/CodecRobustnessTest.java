package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cairn.dicom.testing.Corpus;
import org.cairn.dicom.testing.Mutator;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: 20,000 seeded, reproducible mutations and truncations of corpus files each end within one second in
 * a parse or in {@link DicomException}; no other exception type escapes. Runs in its own JVM with a 256 MB heap
 * (see the protocol pom), so running out of memory is a failure too.
 */
class CodecRobustnessTest {
    static final long SEED = Long.getLong("cairn.fuzz.seed", 20261124L);
    static final int MUTATIONS = 20_000;
    /** Files above this size are left out so the run stays short; the small ones cover every encoding. */
    static final long MAX_FILE = 600_000;

    @Test
    void mutatedFilesEndInAParseOrTheTypedError() throws Exception {
        List<byte[]> originals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path file : Corpus.files()) {
            if (Files.size(file) <= MAX_FILE) {
                originals.add(Files.readAllBytes(file));
                names.add(Corpus.name(file));
            }
        }
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Xmx256m").isLessThanOrEqualTo(256L << 20);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        List<String> failures = new ArrayList<>();
        int parsed = 0;
        int rejected = 0;
        long slowest = 0;
        try {
            for (int i = 0; i < MUTATIONS && failures.size() < 20; i++) {
                int fileIndex = i % originals.size();
                byte[] mutated = Mutator.mutate(originals.get(fileIndex), SEED, i);
                long start = System.nanoTime();
                Future<Boolean> outcome = worker.submit(() -> exercise(mutated));
                try {
                    if (outcome.get(1, TimeUnit.SECONDS)) {
                        parsed++;
                    } else {
                        rejected++;
                    }
                } catch (TimeoutException e) {
                    outcome.cancel(true);
                    failures.add(describe(i, names.get(fileIndex)) + ": took more than a second");
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(describe(i, names.get(fileIndex)) + ": " + e.getCause());
                }
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
        } finally {
            worker.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(parsed + rejected).isEqualTo(MUTATIONS);
        assertThat(rejected).as("mutations must actually break files").isGreaterThan(MUTATIONS / 10);
        System.out.printf("robustness: %d mutations, %d parsed, %d rejected with DicomException, slowest %.1f ms%n",
            MUTATIONS, parsed, rejected, slowest / 1e6);
    }

    /** Reads, converts to JSON and rewrites; true if it all worked, false on {@link DicomException}. */
    static boolean exercise(byte[] bytes) throws Exception {
        try {
            DicomFile file = DicomReader.read(bytes);
            DicomJson.inline().toJson(file.dataSet());
            DicomWriter.writeFile(file, new ByteArrayOutputStream());
            return true;
        } catch (DicomException expected) {
            return false;
        }
    }

    private static String describe(int index, String name) {
        return "mutation " + index + " of " + name + " (seed " + SEED + ", Mutator.mutate(bytes, SEED, " + index + "))";
    }
}
