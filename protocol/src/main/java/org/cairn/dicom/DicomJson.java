package org.cairn.dicom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
            .maxStringLength(1 << 30).maxNestingDepth(4 * DicomStreamParser.MAX_SEQUENCE_DEPTH + 8).build())
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
            Vr vr = ds.vrOf(e);
            g.writeFieldName(Tags.toHex(e.tag()));
            g.writeStartObject();
            g.writeStringField("vr", vr.name());
            try {
                writeValue(ds, e, vr, g, path);
            } catch (NumberFormatException | ArithmeticException ex) {
                throw new DicomException(pathOf(path, e), -1, "value cannot be represented in DICOM JSON as " + vr
                    + ": " + ex.getMessage(), ex);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** The element's path, built only when needed (errors, bulk data URIs, items) and not per element. */
    private static String pathOf(String parentPath, DataElement e) {
        return parentPath.isEmpty() ? Tags.toString(e.tag()) : parentPath + "/" + Tags.toString(e.tag());
    }

    private void writeValue(DataSet ds, DataElement e, Vr vr, JsonGenerator g, String parentPath) throws IOException {
        if (e.isSequence()) {
            if (e.items().isEmpty()) {
                return;
            }
            g.writeArrayFieldStart("Value");
            String path = pathOf(parentPath, e);
            int n = 0;
            for (DataSet item : e.items()) {
                writeObject(item, g, path + "[" + (++n) + "]");
            }
            g.writeEndArray();
            return;
        }
        if (e.isBulkDataPlaceholder()) {
            String uri = e.bulkDataLength() > 0 ? bulkDataUris.uriFor(e, pathOf(parentPath, e)) : null;
            if (uri != null) {
                g.writeStringField("BulkDataURI", uri);
            }
            return;
        }
        if (e.isFragments()) {
            long encoded = 0;
            for (byte[] fragment : e.fragments()) {
                encoded += 8 + fragment.length;
            }
            String uri = encoded > bulkDataThreshold ? bulkDataUris.uriFor(e, pathOf(parentPath, e)) : null;
            if (uri != null) {
                g.writeStringField("BulkDataURI", uri);
            } else if (encoded > 0) {
                g.writeStringField("InlineBinary", Base64.getEncoder().encodeToString(encapsulated(e)));
            }
            return;
        }
        if (e.isEmpty()) {
            return;
        }
        switch (vr.kind()) {
            case BINARY -> writeBinary(e, e.toLittleEndian(vr).bytes(), g, parentPath);
            case NUMBER -> writeNumbers(e.bytes(), e.bigEndian(), vr, g);
            case STRING, TEXT -> writeStrings(ds, e, vr, g);
            default -> {
            }
        }
    }

    private void writeBinary(DataElement e, byte[] bytes, JsonGenerator g, String parentPath) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        String uri = bytes.length > bulkDataThreshold ? bulkDataUris.uriFor(e, pathOf(parentPath, e)) : null;
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

    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    /** Deep enough for any real object (the parser refuses deeper sequences anyway), shallow enough for the stack. */
    private static final int MAX_DEPTH = DicomStreamParser.MAX_SEQUENCE_DEPTH;

    /**
     * Reads one DICOM JSON object. {@code bulkData} resolves a BulkDataURI to the value's bytes (null for empty).
     * Malformed input, values that do not fit their VR, and anything but one object raise {@link DicomException}.
     */
    public static DataSet fromJson(String json, Function<String, byte[]> bulkData) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new DicomException("", -1, "malformed JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new DicomException("", -1, "DICOM JSON must be an object");
        }
        DataSet ds = new DataSet();
        if (needsUnicode(root, 0) && !root.has(Tags.toHex(Tag.SpecificCharacterSet))) {
            // JSON text is Unicode: a data set that declares no character set but needs one gets UTF-8
            ds.putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        }
        readInto(ds, root, bulkData, "", 0);
        return ds;
    }

    private static boolean needsUnicode(JsonNode node, int depth) {
        if (depth > 3 * MAX_DEPTH) {
            return false;
        }
        if (node.isTextual()) {
            return node.textValue().chars().anyMatch(c -> c > 0x7F);
        }
        for (JsonNode child : node) {
            if (needsUnicode(child, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fills {@code ds} from a JSON object. The Specific Character Set goes in first, so every text value (here
     * and in nested items) is encoded in the character set it will be read back with.
     */
    private static void readInto(DataSet ds, JsonNode object, Function<String, byte[]> bulkData, String path,
                                 int depth) {
        if (depth > MAX_DEPTH) {
            throw new DicomException(path, -1, "sequences nested deeper than " + MAX_DEPTH + " levels");
        }
        JsonNode charset = object.get(Tags.toHex(Tag.SpecificCharacterSet));
        if (charset != null) {
            readElement(ds, Tags.toHex(Tag.SpecificCharacterSet), charset, bulkData, path, depth);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue() != charset) {
                readElement(ds, field.getKey(), field.getValue(), bulkData, path, depth);
            }
        }
    }

    private static void readElement(DataSet ds, String key, JsonNode element, Function<String, byte[]> bulkData,
                                    String path, int depth) {
        String where = path + (path.isEmpty() ? "" : "/") + key;
        int tag = Tags.parseHex(key);
        if (tag == -1 && !key.equalsIgnoreCase("FFFFFFFF")) {
            throw new DicomException(path, -1, "not a tag: " + key);
        }
        if (!element.isObject()) {
            throw new DicomException(where, -1, "an element must be a JSON object");
        }
        JsonNode vrNode = element.get("vr");
        Vr vr = vrNode == null ? null : Vr.ofName(vrNode.asText());
        if (vr == null) {
            throw new DicomException(where, -1, vrNode == null ? "element without vr" : "unknown VR " + vrNode.asText());
        }
        JsonNode value = element.get("Value");
        JsonNode inline = element.get("InlineBinary");
        JsonNode uri = element.get("BulkDataURI");
        if (value != null && !value.isArray()) {
            throw new DicomException(where, -1, "Value must be an array");
        }
        if (vr == Vr.SQ) {
            DataElement sq = DataElement.sequence(tag, Vr.SQ, false, false);
            ds.put(sq);
            int n = 0;
            for (JsonNode item : value == null ? MAPPER.createArrayNode() : value) {
                String itemPath = where + "[" + (++n) + "]";
                if (!item.isObject()) {
                    throw new DicomException(itemPath, -1, "a sequence item must be a JSON object");
                }
                DataSet child = new DataSet(ds);
                sq.items().add(child);
                readInto(child, item, bulkData, itemPath, depth + 1);
            }
            return;
        }
        if (inline != null || uri != null) {
            byte[] bytes = inline != null ? base64(firstText(inline, where), where) : bulkData.apply(firstText(uri, where));
            ds.put(DataElement.of(tag, vr, bytes == null ? new byte[0] : bytes));
            return;
        }
        List<JsonNode> values = new ArrayList<>();
        if (value != null) {
            value.forEach(values::add);
        }
        if (values.isEmpty()) {
            ds.put(DataElement.of(tag, vr, new byte[0]));
        } else if (vr.isText()) {
            List<String> strings = new ArrayList<>(values.size());
            for (JsonNode v : values) {
                strings.add(textValue(v, vr, where));
            }
            ds.putString(tag, vr, strings.toArray(new String[0]));
        } else if (vr.kind() == Vr.Kind.NUMBER) {
            ds.put(DataElement.of(tag, vr, encodeNumbers(values, vr, where)));
        } else {
            throw new DicomException(where, -1, "VR " + vr + " takes InlineBinary or BulkDataURI, not Value");
        }
    }

    private static String firstText(JsonNode node, String path) {
        JsonNode text = node.isArray() && node.size() > 0 ? node.get(0) : node;
        if (!text.isTextual()) {
            throw new DicomException(path, -1, "InlineBinary and BulkDataURI must be strings");
        }
        return text.textValue();
    }

    private static byte[] base64(String text, String path) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new DicomException(path, -1, "InlineBinary is not base64: " + e.getMessage(), e);
        }
    }

    /** One value of a string VR as DICOM text: PN objects joined with '=', numbers checked against IS and DS. */
    private static String textValue(JsonNode v, Vr vr, String path) {
        if (v.isNull()) {
            return "";
        }
        if (vr == Vr.PN && v.isObject()) {
            String[] groups = {v.path("Alphabetic").asText(""), v.path("Ideographic").asText(""),
                v.path("Phonetic").asText("")};
            int last = v.has("Phonetic") ? 3 : v.has("Ideographic") ? 2 : 1;
            return String.join("=", java.util.Arrays.copyOf(groups, last));
        }
        if (vr == Vr.IS) {
            return Long.toString(integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE, path));
        }
        if (vr == Vr.DS) {
            return formatDecimalString(decimal(v, path));
        }
        if (!v.isTextual()) {
            throw new DicomException(path, -1, "expected a string for VR " + vr + ", found " + v);
        }
        return v.textValue();
    }

    /** A JSON number (or numeric string), refused before conversion when its magnitude is absurd. */
    private static BigDecimal decimal(JsonNode v, String path) {
        BigDecimal d;
        try {
            d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().strip());
        } catch (NumberFormatException e) {
            throw new DicomException(path, -1, "not a number: " + v);
        }
        // Digits before the point (precision - scale) and after it (scale): both bounded well beyond any double
        if (Math.abs((long) d.precision() - d.scale()) > 400 || d.scale() > 400) {
            throw new DicomException(path, -1, "number out of range: " + v);
        }
        return d;
    }

    private static long integer(JsonNode v, long min, long max, String path) {
        BigDecimal d = decimal(v, path);
        try {
            long l = d.longValueExact();
            if (l < min || l > max) {
                throw new ArithmeticException();
            }
            return l;
        } catch (ArithmeticException e) {
            throw new DicomException(path, -1, "integer out of range [" + min + ", " + max + "]: " + v);
        }
    }

    /** A DS value of at most 16 characters (PS3.5 6.2), as exact as that allows. */
    static String formatDecimalString(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() <= 16 && stripped.precision() - stripped.scale() <= 16) {
            String plain = stripped.toPlainString();
            if (plain.length() <= 16) {
                return plain;
            }
        }
        for (int digits = 15; digits > 0; digits--) {
            String s = String.format(java.util.Locale.ROOT, "%." + digits + "E", stripped).replace("E+", "E");
            if (s.length() <= 16) {
                return s;
            }
        }
        throw new IllegalStateException("unreachable: %.1E always fits");
    }

    private static byte[] encodeNumbers(List<JsonNode> values, Vr vr, String path) {
        int size = vr.bytesPerValue();
        byte[] out = new byte[values.size() * size];
        for (int i = 0, at = 0; i < values.size(); i++, at += size) {
            JsonNode v = values.get(i);
            switch (vr) {
                case AT -> {
                    int tag = Tags.parseHex(v.asText());
                    if (!v.isTextual() || (tag == -1 && !v.asText().equalsIgnoreCase("FFFFFFFF"))) {
                        throw new DicomException(path, -1, "an AT value must be 8 hex digits, found " + v);
                    }
                    Values.putUint16(out, at, tag >>> 16, false);
                    Values.putUint16(out, at + 2, tag & 0xFFFF, false);
                }
                case US -> Values.putUint16(out, at, (int) integer(v, 0, 0xFFFF, path), false);
                case SS -> Values.putUint16(out, at, (int) integer(v, Short.MIN_VALUE, Short.MAX_VALUE, path), false);
                case UL -> Values.putInt32(out, at, (int) integer(v, 0, 0xFFFFFFFFL, path), false);
                case SL -> Values.putInt32(out, at, (int) integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE, path), false);
                case SV, UV -> {
                    BigDecimal d = decimal(v, path);
                    java.math.BigInteger big;
                    try {
                        big = d.toBigIntegerExact();
                    } catch (ArithmeticException e) {
                        throw new DicomException(path, -1, "not an integer: " + v);
                    }
                    boolean fits = vr == Vr.SV ? big.bitLength() < 64 : big.signum() >= 0 && big.bitLength() <= 64;
                    if (!fits) {
                        throw new DicomException(path, -1, "integer out of range for " + vr + ": " + v);
                    }
                    long l = big.longValue();
                    Values.putInt32(out, at, (int) l, false);
                    Values.putInt32(out, at + 4, (int) (l >>> 32), false);
                }
                case FL, FD -> {
                    double d = special(v);
                    if (Double.isNaN(d) && !(v.isTextual() && v.textValue().equals("NaN"))) {
                        d = decimal(v, path).doubleValue();
                    }
                    if (vr == Vr.FL) {
                        Values.putInt32(out, at, Float.floatToIntBits((float) d), false);
                    } else {
                        long bits = Double.doubleToLongBits(d);
                        Values.putInt32(out, at, (int) bits, false);
                        Values.putInt32(out, at + 4, (int) (bits >>> 32), false);
                    }
                }
                default -> throw new DicomException(path, -1, "VR " + vr + " cannot hold JSON numbers");
            }
        }
        return out;
    }

    /** NaN and the infinities, which the writer gives as strings since JSON has no such numbers; else NaN. */
    private static double special(JsonNode v) {
        if (!v.isTextual()) {
            return Double.NaN;
        }
        return switch (v.textValue()) {
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }

    /** Convenience: UTF-8 bytes of {@link #toJson}. */
    public byte[] toJsonBytes(DataSet dataSet) {
        return toJson(dataSet).getBytes(StandardCharsets.UTF_8);
    }
}
