package org.cairn.dicom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The shared corpus of real DICOM files, read in place beside the project root. */
public final class Corpus {
    private Corpus() {
    }

    public static Path root() {
        String configured = System.getProperty("cairn.corpus");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "corpus");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("..", "shared", "corpus");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("shared corpus not found (set -Dcairn.corpus): " + dir.toAbsolutePath());
        }
        return dir.toAbsolutePath().normalize();
    }

    /** Every DICOM file of the corpus (everything but its MANIFEST and README), sorted. */
    public static List<Path> files() {
        try (Stream<Path> walk = Files.walk(root())) {
            return walk.filter(Files::isRegularFile)
                .filter(p -> !p.getFileName().toString().equals("MANIFEST.tsv"))
                .filter(p -> !p.getFileName().toString().equals("README.md"))
                .sorted()
                .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of a corpus file relative to the corpus root, e.g. "pydicom/CT_small.dcm". */
    public static String name(Path file) {
        return root().relativize(file).toString();
    }
}
