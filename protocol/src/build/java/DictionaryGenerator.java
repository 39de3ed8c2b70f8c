import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Generates {@code org.cairn.dicom.dict.Tag} and {@code org.cairn.dicom.dict.UID} from the PS3.6 tables
 * kept in {@code src/main/dictionary}. Run by the build (generate-sources) with the single-file source
 * launcher: {@code java DictionaryGenerator.java <dictionary dir> <output dir>}.
 *
 * <p>Only constants are generated: the tables themselves ship as resources and are loaded once by
 * {@code ElementDictionary}, because a static initialiser holding 5,000 entries would exceed the JVM's
 * 64 KB method limit.
 */
public final class DictionaryGenerator {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: DictionaryGenerator <dictionary dir> <output dir>");
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1], "org", "cairn", "dicom", "dict");
        Files.createDirectories(out);
        writeTags(Files.readAllLines(in.resolve("elements.tsv"), StandardCharsets.UTF_8), out.resolve("Tag.java"));
        writeUids(Files.readAllLines(in.resolve("uids.tsv"), StandardCharsets.UTF_8), out.resolve("UID.java"));
    }

    private static void writeTags(List<String> lines, Path target) throws IOException {
        StringBuilder body = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length != 6 || f[0].length() != 8) {
                throw new IllegalStateException("bad elements.tsv row: " + line);
            }
            String keyword = f[3];
            if (keyword.isEmpty() || !seen.add(keyword)) {
                continue;
            }
            String hex = f[0].toUpperCase().replace('X', '0');
            body.append("    /** (").append(hex, 0, 4).append(',').append(hex, 4, 8).append(") ")
                .append(escape(f[4])).append(", VR ").append(f[1]).append(", VM ").append(f[2])
                .append(f[5].equals("Y") ? ", retired" : "")
                .append(f[0].toLowerCase().contains("x") ? "; repeating group, base value " : "")
                .append(" */\n")
                .append("    public static final int ").append(keyword).append(" = 0x").append(hex).append(";\n");
        }
        write(target, "Tag", "Data element tags of PS3.6 and the command elements of PS3.7, by keyword.", body);
    }

    private static void writeUids(List<String> lines, Path target) throws IOException {
        StringBuilder body = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length != 6) {
                throw new IllegalStateException("bad uids.tsv row: " + line);
            }
            String keyword = f[5];
            if (keyword.isEmpty() || !seen.add(keyword) || !Character.isJavaIdentifierStart(keyword.charAt(0))) {
                continue;
            }
            body.append("    /** ").append(escape(f[1])).append(" (").append(escape(f[2]))
                .append(f[4].equals("Y") ? ", retired" : "").append(") */\n")
                .append("    public static final String ").append(keyword).append(" = \"").append(f[0]).append("\";\n");
        }
        write(target, "UID", "Unique identifiers of the PS3.6 registry, by keyword.", body);
    }

    private static void write(Path target, String className, String doc, StringBuilder body) throws IOException {
        List<String> header = new ArrayList<>();
        header.add("package org.cairn.dicom.dict;");
        header.add("");
        header.add("/** " + doc + " Generated from src/main/dictionary by DictionaryGenerator; do not edit. */");
        header.add("@SuppressWarnings(\"unused\")");
        header.add("public final class " + className + " {");
        header.add("    private " + className + "() {");
        header.add("    }");
        header.add("");
        String text = String.join("\n", header) + "\n" + body + "}\n";
        if (Files.exists(target) && Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
            return; // unchanged: keep the timestamp so incremental compilation stays incremental
        }
        try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            w.write(text);
        }
    }

    private static String escape(String s) {
        // Comments are not opaque to javac: "*/" ends them and a backslash-u is read as a unicode escape.
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*/", "*&#47;").replace("\\", "&#92;");
    }
}
