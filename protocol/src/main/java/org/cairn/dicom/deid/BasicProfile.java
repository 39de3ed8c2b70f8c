package org.cairn.dicom.deid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Basic Profile column of PS3.15 Annex E, Table E.1-1, read from {@code basic-profile.tsv} beside this class
 * (see the file's header for where its rows come from).
 *
 * <p>Besides the rows for single tags, the table has three rows that cover many tags, applied here by rule:
 * private attributes (odd groups, private creators included) are removed, because the Retain Safe Private Option
 * is not supported; Curve Data (50xx,xxxx) is removed; Overlay Data (60xx,3000) and Overlay Comments (60xx,4000)
 * are removed.
 */
public final class BasicProfile {

    /** One row of the table. {@code tag} is as written there: 8 hex digits, "xx" for a repeating group. */
    public record Row(String tag, ProfileAction action, String name) {
    }

    private static final String RESOURCE = "basic-profile.tsv";
    private static final List<Row> ROWS;
    private static final Map<Integer, ProfileAction> BY_TAG = new HashMap<>();

    static {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = BasicProfile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                Row row = new Row(fields[0], ProfileAction.of(fields[1]), fields[2]);
                rows.add(row);
                if (!row.tag().contains("x")) {
                    BY_TAG.put((int) Long.parseLong(row.tag(), 16), row.action());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ROWS = Collections.unmodifiableList(rows);
    }

    /** The Basic Profile as rules. */
    public static final ProfileRules RULES = BasicProfile::actionFor;

    private BasicProfile() {
    }

    /** The rows of the table, in its order (the repeating-group rows included, the private-attributes row not). */
    public static List<Row> rows() {
        return ROWS;
    }

    /** The Basic Profile action for {@code tag}, or {@code null} when the table has no row for it (keep). */
    public static ProfileAction actionFor(int tag) {
        int group = tag >>> 16;
        if ((group & 1) == 1) {
            return ProfileAction.X;
        }
        if (isRepeatingGroup(group, 0x5000)) {
            return ProfileAction.X;
        }
        if (isRepeatingGroup(group, 0x6000) && ((tag & 0xFFFF) == 0x3000 || (tag & 0xFFFF) == 0x4000)) {
            return ProfileAction.X;
        }
        return BY_TAG.get(tag);
    }

    /** Whether {@code group} is one of the even groups {@code base} to {@code base + 0x1E} of PS3.5 7.6. */
    static boolean isRepeatingGroup(int group, int base) {
        return group >= base && group <= base + 0x1E && (group & 1) == 0;
    }
}
