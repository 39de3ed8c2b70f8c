package org.cairn.dicom.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.Tags;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.ElementDictionary;

/**
 * {@code cairn dump FILE [--json]}: prints a DICOM file's elements, one per line with nesting, or its DICOM
 * JSON (data set only, PS3.18 F.2). Exit status 1 with the codec's message when the file cannot be read.
 */
public final class DicomDump {
    private static final int MAX_SHOWN = 64;

    private DicomDump() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        int status = run(args, out, System.err);
        out.flush();
        System.exit(status);
    }

    /** Runs the command; returns the exit status: 0 done, 1 the file is not readable DICOM, 2 bad usage. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        boolean json = List.of(args).contains("--json");
        List<String> files = List.of(args).stream().filter(a -> !a.startsWith("--")).toList();
        if (files.size() != 1) {
            err.println("usage: cairn dump FILE [--json]");
            return 2;
        }
        Path file = Path.of(files.get(0));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            err.println("cannot read " + file);
            return 2;
        }
        try {
            DicomFile read = DicomReader.read(file);
            if (json) {
                out.println(DicomJson.inline().toJson(read.dataSet()));
            } else {
                out.println("# transfer syntax " + read.transferSyntax().uid());
                if (read.fileMeta() != null) {
                    print(read.fileMeta(), out, "");
                }
                print(read.dataSet(), out, "");
            }
            return 0;
        } catch (DicomException e) {
            out.flush();
            err.println(file + ": " + e.getMessage());
            return 1;
        }
    }

    private static void print(DataSet ds, PrintStream out, String indent) {
        for (DataElement e : ds) {
            Vr vr = ds.vrOf(e);
            String keyword = ElementDictionary.keywordOf(e.tag());
            StringBuilder line = new StringBuilder(indent).append(Tags.toString(e.tag())).append(' ').append(vr);
            if (e.isSequence()) {
                out.println(line.append(" ").append(keyword).append(" (").append(e.items().size()).append(" items)"));
                int n = 0;
                for (DataSet item : e.items()) {
                    out.println(indent + "  item " + (++n));
                    print(item, out, indent + "    ");
                }
                continue;
            }
            if (e.isFragments()) {
                out.println(line.append(" ").append(keyword).append(" (").append(e.fragments().size())
                    .append(" fragments)"));
                continue;
            }
            line.append(" [").append(e.length()).append("] ").append(keyword).append(" = ").append(show(ds, e, vr));
            out.println(line);
        }
    }

    private static String show(DataSet ds, DataElement e, Vr vr) {
        if (e.isEmpty()) {
            return "";
        }
        if (vr.isText()) {
            String s = String.join("\\", Values.strings(e.bytes(), vr, ds.charset()));
            return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "…" : s;
        }
        if (vr.kind() == Vr.Kind.NUMBER) {
            String numbers = Values.numbers(e.bytes(), e.bigEndian(), vr).stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining("\\"));
            return numbers.length() > MAX_SHOWN ? numbers.substring(0, MAX_SHOWN) + "…" : numbers;
        }
        StringBuilder hex = new StringBuilder();
        byte[] b = e.bytes();
        for (int i = 0; i < Math.min(b.length, 16); i++) {
            hex.append(String.format("%02x", b[i] & 0xFF));
        }
        return hex + (b.length > 16 ? "…" : "");
    }
}
