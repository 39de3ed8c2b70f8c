package org.cairn.http.wado;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** Cached series metadata is used only for the version it was made from, and the cache stays within its bounds. */
class MetadataCacheTest {
    private static final MetadataCache.Version V1 = new MetadataCache.Version(200, "2026-12-02T08:00:00Z", null);

    @Test
    void anEntryIsUsedOnlyWhileTheSeriesIsAsItWas() {
        MetadataCache cache = new MetadataCache(10, 1 << 20);
        cache.put("1.2", "1.2.3", "http://a", V1, ByteString.fromString("[{}]"));
        assertThat(cache.get("1.2", "1.2.3", "http://a", V1)).contains(ByteString.fromString("[{}]"));
        assertThat(cache.get("1.2", "1.2.3", "http://a", new MetadataCache.Version(201, "2026-12-02T08:00:01Z", null)))
            .as("a new instance").isEmpty();
        assertThat(cache.get("1.2", "1.2.3", "http://a", new MetadataCache.Version(200, "2026-12-02T08:00:00Z",
            "{\"00100010\":{}}"))).as("a correction").isEmpty();
        assertThat(cache.get("1.2", "1.2.3", "http://b", V1)).as("another base URI").isEmpty();
        assertThat(cache.get("9.9", "1.2.3", "http://a", V1)).as("another study in the path").isEmpty();
    }

    @Test
    void theLeastRecentlyUsedGoFirstWhenFull() {
        MetadataCache cache = new MetadataCache(2, 1 << 20);
        cache.put("s", "a", "u", V1, ByteString.fromString("a"));
        cache.put("s", "b", "u", V1, ByteString.fromString("b"));
        cache.get("s", "a", "u", V1);
        cache.put("s", "c", "u", V1, ByteString.fromString("c"));
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("s", "b", "u", V1)).isEmpty();
        assertThat(cache.get("s", "a", "u", V1)).isPresent();

        MetadataCache small = new MetadataCache(100, 40);
        small.put("s", "big", "u", V1, ByteString.fromString("x".repeat(11)));
        assertThat(small.size()).as("over a quarter of the bytes: not cached").isZero();
        for (int i = 0; i < 8; i++) {
            small.put("s", "n" + i, "u", V1, ByteString.fromString("x".repeat(10)));
        }
        assertThat(small.size()).isEqualTo(4);
    }
}
