package org.cairn.dicom.dict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Lookups in the PS3.6 UID registry ({@code uids.tsv} kept with the generator's input): names, types, classes. */
public final class UidDictionary {

    /** One registry row. */
    public record Entry(String uid, String name, String type, boolean retired) {
    }

    private static final Map<String, Entry> BY_UID = new HashMap<>();
    private static final Set<String> STORAGE = new LinkedHashSet<>();

    static {
        try (InputStream in = UidDictionary.class.getResourceAsStream("uids.tsv")) {
            if (in == null) {
                throw new IllegalStateException("uids.tsv missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split("\t", -1);
                Entry e = new Entry(f[0], f[1], f[2], f[4].equals("Y"));
                BY_UID.put(e.uid(), e);
                // Composite storage SOP classes: "... Storage", not the commitment or management services
                if (e.type().equals("SOP Class") && e.name().contains("Storage")
                    && !e.name().contains("Commitment") && !e.name().contains("Storage Management")) {
                    STORAGE.add(e.uid());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private UidDictionary() {
    }

    /** The registry entry, or null for a UID the registry does not list (private or newer SOP classes). */
    public static Entry lookup(String uid) {
        return BY_UID.get(uid);
    }

    /** Every Storage SOP Class of the registry (PS3.4 Annex B), retired ones included. */
    public static Set<String> storageSopClasses() {
        return java.util.Collections.unmodifiableSet(STORAGE);
    }
}
