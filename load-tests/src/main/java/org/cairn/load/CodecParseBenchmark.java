package org.cairn.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.dict.Tag;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One operation reads every file of a list (a corpus pass), from the page cache as pydicom does: a full parse
 * into the tree (values kept as bytes), or the header only (stopping before Pixel Data).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecParseBenchmark {

    /** Name of the file list, resolved through the system property {@code cairn.bench.list.<name>}. */
    @Param({"corpus", "ct"})
    public String files;

    @Param({"full", "header"})
    public String mode;

    private List<Path> paths;

    @Setup
    public void load() throws IOException {
        String list = System.getProperty("cairn.bench.list." + files);
        if (list == null) {
            throw new IllegalStateException("set -Dcairn.bench.list." + files + "=FILE (see CodecBenchmark)");
        }
        paths = Files.readAllLines(Path.of(list)).stream().filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    @Benchmark
    public long parseEveryFile() throws IOException {
        boolean header = mode.equals("header");
        long elements = 0;
        for (Path path : paths) {
            DicomFile file = header ? DicomReader.read(path, Long.MAX_VALUE, Tag.PixelData) : DicomReader.read(path);
            elements += file.dataSet().size();
        }
        return elements;
    }
}
