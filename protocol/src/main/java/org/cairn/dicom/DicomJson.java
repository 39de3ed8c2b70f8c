package org.cairn.dicom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.cairn.dicom.dict.Tag;

/**
 * The DICOM JSON Model of PS3.18 Annex F.2, in both directions.
 *
 * <p>Writing: string values are decoded with the data set's Specific Character Set; IS, DS and the binary
 * numeric VRs become JSON numbers; PN values become objects with Alphabetic, Ideographic and Phonetic
 * groups; binary values become InlineBinary, or BulkDataURI above the threshold when a URI is supplied.
 * A value that cannot be represented (an IS or DS that is not a number) raises {@link DicomException}.
 *
 * <p>Reading: values are encoded back with the data set's Specific Character Set; a data set whose text
 * needs more than the default repertoire and declares no character set is given ISO_IR 192 (UTF-8).
 */
public final class DicomJson {

    /** Inline binary values can be large; callers bound the size of what they accept (e.g. request bodies). */
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
            .maxStringLength(1 << 30).maxNestingDepth(10_000).build())
        .build();

    /** Where the writer gets URIs for bulk data: given the element and its path, return a URI or null for inline. */
    @FunctionalInterface
    public interface BulkDataUris {
        String uriFor(DataElement element, String tagPath);
    }

    private final long bulkDataThreshold;
    private final BulkDataUris bulkDataUris;

    private DicomJson(long bulkDataThreshold, BulkDataUris bulkDataUris) {
        this.bulkDataThreshold = bulkDataThreshold;
        this.bulkDataUris = bulkDataUris;
    }

    /** A writer that puts every binary value inline. */
    public static DicomJson inline() {
        return new DicomJson(Long.MAX_VALUE, (e, p) -> null);
    }

    /** A writer that gives binary values longer than {@code thresholdBytes} as BulkDataURI from {@code uris}. */
    public static DicomJson withBulkData(long thresholdBytes, BulkDataUris uris) {
        return new DicomJson(thresholdBytes, uris);
    }

    /** The data set as a DICOM JSON object string. */
    public String toJson(DataSet dataSet) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(dataSet, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the data set as a DICOM JSON object to a stream, UTF-8. */
    public void write(DataSet dataSet, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(dataSet, g);
        }
    }

    /** Writes the data set as one JSON object. */
    public void write(DataSet dataSet, JsonGenerator g) throws IOException {
        writeObject(dataSet, g, "");
    }

    private void writeObject(DataSet ds, JsonGenerator g, String path) throws IOException {
        g.writeStartObject();
        for (DataElement e : ds) {
            String elementPath = path.isEmpty() ? Tags.toString(e.tag()) : path + "/" + Tags.toString(e.tag());
            Vr vr = ds.vrOf(e);
            g.writeFieldName(Tags.toHex(e.tag()));
            g.writeStartObject();
            g.writeStringField("vr", vr.name());
            try {
                writeValue(ds, e, vr, g, elementPath);
            } catch (NumberFormatException | ArithmeticException ex) {
                throw new DicomException(elementPath, -1, "value cannot be represented in DICOM JSON as " + vr + ": "
                    + ex.getMessage(), ex);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writeValue(DataSet ds, DataElement e, Vr vr, JsonGenerator g, String path) throws IOException {
        if (e.isSequence()) {
            if (e.items().isEmpty()) {
                return;
            }
            g.writeArrayFieldStart("Value");
            int n = 0;
            for (DataSet item : e.items()) {
                writeObject(item, g, path + "[" + (++n) + "]");
            }
            g.writeEndArray();
            return;
        }
        if (e.isFragments()) {
            writeBinary(e, encapsulated(e), g, path);
            return;
        }
        if (e.isEmpty()) {
            return;
        }
        switch (vr.kind()) {
            case BINARY -> writeBinary(e, e.toLittleEndian(vr).bytes(), g, path);
            case NUMBER -> writeNumbers(e.bytes(), e.bigEndian(), vr, g);
            case STRING, TEXT -> writeStrings(ds, e, vr, g);
            default -> {
            }
        }
    }

    private void writeBinary(DataElement e, byte[] bytes, JsonGenerator g, String path) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        String uri = bytes.length > bulkDataThreshold ? bulkDataUris.uriFor(e, path) : null;
        if (uri != null) {
            g.writeStringField("BulkDataURI", uri);
        } else {
            g.writeStringField("InlineBinary", Base64.getEncoder().encodeToString(bytes));
        }
    }

    /** The encoded items of encapsulated pixel data (little endian), without the sequence delimiter. */
    private static byte[] encapsulated(DataElement e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[8];
        for (byte[] fragment : e.fragments()) {
            Values.putUint16(header, 0, 0xFFFE, false);
            Values.putUint16(header, 2, 0xE000, false);
            Values.putInt32(header, 4, fragment.length, false);
            out.writeBytes(header);
            out.writeBytes(fragment);
        }
        return out.toByteArray();
    }

    private static void writeNumbers(byte[] b, boolean bigEndian, Vr vr, JsonGenerator g) throws IOException {
        List<Object> numbers = Values.numbers(b, bigEndian, vr);
        if (numbers.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("Value");
        for (Object n : numbers) {
            if (n instanceof Double d) {
                writeDouble(g, d);
            } else if (n instanceof java.math.BigInteger big) {
                g.writeNumber(big);
            } else if (n instanceof Number integral) {
                g.writeNumber(integral.longValue());
            } else {
                g.writeString(n.toString()); // AT
            }
        }
        g.writeEndArray();
    }

    private static void writeDouble(JsonGenerator g, double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            // JSON has no NaN or infinity; PS3.18 F.2.3.1 leaves no choice but a string
            g.writeString(Double.toString(value));
        } else {
            g.writeNumber(value);
        }
    }

    private static void writeStrings(DataSet ds, DataElement e, Vr vr, JsonGenerator g) throws IOException {
        List<String> values = Values.strings(e.bytes(), vr, ds.charset());
        if (values.isEmpty() || (values.size() == 1 && values.get(0).isEmpty())) {
            return;
        }
        g.writeArrayFieldStart("Value");
        for (String v : values) {
            if (v.isEmpty()) {
                g.writeNull();
                continue;
            }
            switch (vr) {
                case IS -> g.writeNumber(Long.parseLong(v.startsWith("+") ? v.substring(1) : v));
                case DS -> g.writeNumber(new BigDecimal(v));
                case PN -> writePersonName(v, g);
                default -> g.writeString(v);
            }
        }
        g.writeEndArray();
    }

    private static void writePersonName(String value, JsonGenerator g) throws IOException {
        String[] groups = value.split("=", -1);
        int last = groups.length;
        while (last > 1 && groups[last - 1].isEmpty()) {
            last--;
        }
        g.writeStartObject();
        String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
        for (int i = 0; i < Math.min(last, 3); i++) {
            if (i == 0 || !groups[i].isEmpty()) {
                g.writeStringField(names[i], groups[i]);
            }
        }
        g.writeEndObject();
    }

    // ---- reading -------------------------------------------------------------------------------------

    /** Reads a DICOM JSON object. {@code bulkData} resolves BulkDataURIs to bytes (or returns null for empty). */
    public static DataSet fromJson(String json, Function<String, byte[]> bulkData) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DicomException("", -1, "DICOM JSON must be an object");
            }
            List<Deferred> texts = new ArrayList<>();
            DataSet root = readObject(p, null, bulkData, "", 0, texts);
            // Text is encoded top-down once the tree is complete, so every item sees the character set it inherits
            texts.sort(java.util.Comparator.comparingInt(Deferred::depth));
            for (Deferred d : texts) {
                d.target().putString(d.tag(), d.vr(), d.values().toArray(new String[0]));
            }
            return root;
        } catch (IOException e) {
            throw new DicomException("", -1, "malformed JSON: " + e.getMessage(), e);
        }
    }

    /** A text value waiting for its data set's character set. Character sets themselves come first (depth - 1). */
    private record Deferred(int depth, DataSet target, int tag, Vr vr, List<String> values) {
    }

    private static DataSet readObject(JsonParser p, DataSet parent, Function<String, byte[]> bulkData, String path,
                                      int depth, List<Deferred> texts) throws IOException {
        DataSet ds = new DataSet(parent);
        boolean nonAscii = false;
        boolean declaresCharset = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int tag = Tags.parseHex(key);
            String elementPath = path + (path.isEmpty() ? "" : "/") + key;
            if (tag == -1 && !key.equalsIgnoreCase("FFFFFFFF")) {
                throw new DicomException(path, -1, "not a tag: " + key);
            }
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DicomException(elementPath, -1, "an element must be a JSON object");
            }
            Vr vr = null;
            List<Object> values = null;
            byte[] binary = null;
            DataElement sequence = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "vr" -> {
                        vr = Vr.ofName(p.getText());
                        if (vr == null) {
                            throw new DicomException(elementPath, -1, "unknown VR " + p.getText());
                        }
                    }
                    case "Value" -> {
                        if (p.currentToken() != JsonToken.START_ARRAY) {
                            throw new DicomException(elementPath, -1, "Value must be an array");
                        }
                        if (vr == Vr.SQ) {
                            sequence = DataElement.sequence(tag, Vr.SQ, false, false);
                            int n = 0;
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                sequence.items().add(readObject(p, ds, bulkData, elementPath + "[" + (++n) + "]",
                                    depth + 2, texts));
                            }
                        } else {
                            values = readValues(p, elementPath);
                        }
                    }
                    case "InlineBinary" -> binary = Base64.getDecoder().decode(textOrFirst(p));
                    case "BulkDataURI" -> {
                        byte[] resolved = bulkData.apply(textOrFirst(p));
                        binary = resolved == null ? new byte[0] : resolved;
                    }
                    default -> p.skipChildren();
                }
            }
            if (vr == null) {
                throw new DicomException(elementPath, -1, "element without vr");
            }
            if (vr == Vr.SQ) {
                ds.put(sequence != null ? sequence : DataElement.sequence(tag, Vr.SQ, false, false));
            } else if (binary != null) {
                ds.put(DataElement.of(tag, vr, binary));
            } else if (vr.isText()) {
                List<String> strings = values == null ? List.of() : toStrings(values, vr);
                for (String t : strings) {
                    nonAscii |= t.chars().anyMatch(c -> c > 0x7F);
                }
                boolean charsetElement = tag == Tag.SpecificCharacterSet;
                declaresCharset |= charsetElement;
                texts.add(new Deferred(charsetElement ? depth : depth + 1, ds, tag, vr, strings));
            } else {
                ds.put(DataElement.of(tag, vr, values == null ? new byte[0] : encodeNumbers(values, vr, elementPath)));
            }
        }
        if (nonAscii && parent == null && !declaresCharset) {
            // JSON text is Unicode: a data set that declares no character set gets UTF-8
            texts.add(new Deferred(depth, ds, Tag.SpecificCharacterSet, Vr.CS, List.of("ISO_IR 192")));
        }
        return ds;
    }

    private static String textOrFirst(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.START_ARRAY) {
            p.nextToken();
            String s = p.getText();
            p.skipChildren();
            while (p.currentToken() != JsonToken.END_ARRAY) {
                p.nextToken();
            }
            return s;
        }
        return p.getText();
    }

    private static List<Object> readValues(JsonParser p, String path) throws IOException {
        List<Object> values = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            switch (t) {
                case VALUE_NULL -> values.add(null);
                case VALUE_STRING -> values.add(p.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> values.add(p.getDecimalValue());
                case START_OBJECT -> {
                    String[] groups = new String[3];
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        int i = switch (name) {
                            case "Alphabetic" -> 0;
                            case "Ideographic" -> 1;
                            case "Phonetic" -> 2;
                            default -> -1;
                        };
                        if (i >= 0) {
                            groups[i] = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                    int last = groups[2] != null ? 3 : groups[1] != null ? 2 : 1;
                    StringBuilder s = new StringBuilder();
                    for (int i = 0; i < last; i++) {
                        if (i > 0) {
                            s.append('=');
                        }
                        s.append(groups[i] == null ? "" : groups[i]);
                    }
                    values.add(s.toString());
                }
                default -> throw new DicomException(path, -1, "unexpected JSON value " + t);
            }
        }
        return values;
    }

    private static List<String> toStrings(List<Object> values, Vr vr) {
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            if (v == null) {
                out.add("");
            } else if (v instanceof BigDecimal d) {
                out.add(vr == Vr.IS ? d.toBigInteger().toString() : formatDecimalString(d));
            } else {
                out.add(v.toString());
            }
        }
        return out;
    }

    /** A DS value of at most 16 characters (PS3.5 6.2), as exact as that allows. */
    static String formatDecimalString(BigDecimal d) {
        String plain = d.stripTrailingZeros().toPlainString();
        if (plain.length() <= 16) {
            return plain;
        }
        String sci = d.stripTrailingZeros().toString();
        if (sci.length() <= 16) {
            return sci;
        }
        for (int digits = 15; digits > 0; digits--) {
            String s = String.format("%." + digits + "G", d).replace("E+", "E").trim();
            if (s.length() <= 16) {
                return s;
            }
        }
        return String.format("%.1E", d);
    }

    private static byte[] encodeNumbers(List<Object> values, Vr vr, String path) {
        int size = vr.bytesPerValue();
        if (size == 0) {
            throw new DicomException(path, -1, "VR " + vr + " cannot hold JSON numbers");
        }
        byte[] out = new byte[values.size() * size];
        for (int i = 0, at = 0; i < values.size(); i++, at += size) {
            Object v = values.get(i);
            if (vr == Vr.AT) {
                int tag = Tags.parseHex(String.valueOf(v));
                Values.putUint16(out, at, tag >>> 16, false);
                Values.putUint16(out, at + 2, tag & 0xFFFF, false);
                continue;
            }
            if (!(v instanceof BigDecimal d)) {
                throw new DicomException(path, -1, "expected a number, found " + v);
            }
            switch (vr) {
                case US, SS -> Values.putUint16(out, at, d.intValue(), false);
                case UL, SL -> Values.putInt32(out, at, (int) d.longValue(), false);
                case SV, UV -> {
                    long l = vr == Vr.UV ? d.toBigInteger().longValue() : d.longValue();
                    Values.putInt32(out, at, (int) l, false);
                    Values.putInt32(out, at + 4, (int) (l >>> 32), false);
                }
                case FL -> Values.putInt32(out, at, Float.floatToIntBits(d.floatValue()), false);
                case FD -> {
                    long bits = Double.doubleToLongBits(d.doubleValue());
                    Values.putInt32(out, at, (int) bits, false);
                    Values.putInt32(out, at + 4, (int) (bits >>> 32), false);
                }
                default -> throw new DicomException(path, -1, "VR " + vr + " cannot hold JSON numbers");
            }
        }
        return out;
    }

    /** Convenience: UTF-8 bytes of {@link #toJson}. */
    public byte[] toJsonBytes(DataSet dataSet) {
        return toJson(dataSet).getBytes(StandardCharsets.UTF_8);
    }
}
