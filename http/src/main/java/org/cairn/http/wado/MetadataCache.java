package org.cairn.http.wado;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.util.ByteString;

/**
 * Series metadata already encoded, so a viewer opening a series again is answered without reading every instance's
 * attributes from the views (H2 keeps them as CLOBs: reading and decoding them dominates the request and its
 * garbage). An entry is used only while its series is as it was: the same instance count and latest reception time
 * (a new or replaced instance changes them) and the same corrections of its study, read from the views on each
 * request, so the cache stays right whichever node's projection changed them. Bounded by entries and bytes; least
 * recently used first out.
 */
final class MetadataCache {
    private final int maxEntries;
    private final long maxBytes;
    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    MetadataCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** What a series' metadata depends on, as the views say now. */
    record Version(long instances, String lastReceived, String corrections) {
        static Version of(Connection c, String study, String series) throws SQLException {
            long count;
            String last;
            try (PreparedStatement q = c.prepareStatement(
                "SELECT COUNT(*), MAX(received_at) FROM view_instance WHERE series_uid = ?")) {
                q.setString(1, series);
                try (ResultSet r = q.executeQuery()) {
                    r.next();
                    count = r.getLong(1);
                    last = r.getString(2);
                }
            }
            String corrections = null;
            try (PreparedStatement q = c.prepareStatement("SELECT attribute_changes FROM view_study WHERE study_uid = ?")) {
                q.setString(1, study);
                try (ResultSet r = q.executeQuery()) {
                    if (r.next()) {
                        corrections = r.getString(1);
                    }
                }
            }
            return new Version(count, last, corrections);
        }
    }

    private record Key(String study, String series, String baseUri) {
    }

    private record Entry(Version version, ByteString json) {
    }

    synchronized Optional<ByteString> get(String study, String series, String baseUri, Version now) {
        Entry e = entries.get(new Key(study, series, baseUri));
        return e != null && e.version().equals(now) ? Optional.of(e.json()) : Optional.empty();
    }

    synchronized void put(String study, String series, String baseUri, Version version, ByteString json) {
        if (json.size() > maxBytes / 4) {
            return; // a huge series would push out everything else
        }
        Entry old = entries.put(new Key(study, series, baseUri), new Entry(version, json));
        bytes += json.size() - (old == null ? 0 : old.json().size());
        var eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
            bytes -= eldest.next().getValue().json().size();
            eldest.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
