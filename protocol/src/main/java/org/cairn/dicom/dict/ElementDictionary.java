package org.cairn.dicom.dict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cairn.dicom.Vr;

/**
 * Lookups in the PS3.6 data element registry: VR, VM and keyword by tag, tag by keyword. Repeating groups
 * (50xx, 60xx, ...) and private creator elements (gggg,0010-00FF) are resolved.
 *
 * <p>The registry is the {@code elements.tsv} table kept with the generator's input, loaded once.
 */
public final class ElementDictionary {

    private static final Vr[] NO_VRS = new Vr[0];
    private static final Vr[] UL_ONLY = {Vr.UL};
    private static final Vr[] LO_ONLY = {Vr.LO};
    private static final Vr[] UN_ONLY = {Vr.UN};

    private static final Map<Integer, ElementInfo> EXACT = new HashMap<>(8192);
    private static final Map<String, ElementInfo> BY_KEYWORD = new HashMap<>(8192);
    private static final List<ElementInfo> MASKED = new ArrayList<>();

    static {
        try (InputStream in = ElementDictionary.class.getResourceAsStream("elements.tsv")) {
            if (in == null) {
                throw new IllegalStateException("elements.tsv missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                ElementInfo info = parse(line);
                if (info.mask() == 0xFFFFFFFF) {
                    EXACT.put(info.tag(), info);
                } else {
                    MASKED.add(info);
                }
                if (!info.keyword().isEmpty()) {
                    BY_KEYWORD.putIfAbsent(info.keyword(), info);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ElementDictionary() {
    }

    private static ElementInfo parse(String line) {
        String[] f = line.split("\t", -1);
        String hex = f[0].toUpperCase();
        int tag = 0;
        int mask = 0;
        for (int i = 0; i < 8; i++) {
            char c = hex.charAt(i);
            tag <<= 4;
            mask <<= 4;
            if (c != 'X') {
                tag |= Character.digit(c, 16);
                mask |= 0xF;
            }
        }
        return new ElementInfo(tag, mask, parseVrs(f[1]), f[2], f[3], f[4], f[5].equals("Y"));
    }

    private static Vr[] parseVrs(String text) {
        if (text.equals("NONE") || text.isEmpty()) {
            return NO_VRS;
        }
        String[] names = text.split(" or ");
        Vr[] vrs = new Vr[names.length];
        for (int i = 0; i < names.length; i++) {
            vrs[i] = Vr.ofName(names[i].trim());
            if (vrs[i] == null) {
                throw new IllegalStateException("unknown VR in dictionary: " + text);
            }
        }
        return vrs;
    }

    /**
     * The registry entry for a tag, or {@code null} for private and unregistered tags. Group length
     * elements (gggg,0000) are answered although PS3.6 lists only a few of them.
     */
    public static ElementInfo lookup(int tag) {
        ElementInfo exact = EXACT.get(tag);
        if (exact != null) {
            return exact;
        }
        if (isPrivate(tag)) {
            return null;
        }
        for (ElementInfo masked : MASKED) {
            if (masked.matches(tag)) {
                return masked;
            }
        }
        return null;
    }

    /**
     * The VRs an implicit-VR encoding of {@code tag} may have: the registered ones; UL for group lengths;
     * LO for private creators; UN for anything unknown.
     */
    public static Vr[] vrsOf(int tag) {
        if ((tag & 0xFFFF) == 0) {
            return UL_ONLY;
        }
        if (isPrivateCreator(tag)) {
            return LO_ONLY;
        }
        ElementInfo info = lookup(tag);
        if (info == null) {
            return UN_ONLY;
        }
        return info.vrs().length == 0 ? UN_ONLY : info.vrs();
    }

    /** The VR to assume for {@code tag} when the encoding does not carry one. */
    public static Vr vrOf(int tag) {
        return vrsOf(tag)[0];
    }

    /** The keyword of {@code tag}, or an empty string. */
    public static String keywordOf(int tag) {
        ElementInfo info = lookup(tag);
        return info == null ? "" : info.keyword();
    }

    /** The tag with this keyword, or -1. For repeating groups the base tag (group 5000 or 6000). */
    public static int tagOf(String keyword) {
        ElementInfo info = BY_KEYWORD.get(keyword);
        return info == null ? -1 : info.tag();
    }

    /** Whether the tag is in an odd group, other than the reserved groups 0001, 0003, 0005, 0007 and FFFF. */
    public static boolean isPrivate(int tag) {
        int group = tag >>> 16;
        return (group & 1) == 1 && group > 0x0008 && group != 0xFFFF;
    }

    /** Whether the tag is a private creator data element (gggg,0010-00FF) of a private group. */
    public static boolean isPrivateCreator(int tag) {
        int element = tag & 0xFFFF;
        return isPrivate(tag) && element >= 0x0010 && element <= 0x00FF;
    }

    /**
     * The private creator element that reserves the block of a private tag, e.g. (0029,1010) is reserved
     * by (0029,0010); -1 if {@code tag} is not in a reserved private block.
     */
    public static int privateCreatorOf(int tag) {
        int element = tag & 0xFFFF;
        if (!isPrivate(tag) || element < 0x1000) {
            return -1;
        }
        return (tag & 0xFFFF0000) | (element >>> 8);
    }
}
