package org.cairn.http.stow;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Limits of the HTTP ingest paths ({@code cairn.stow} in reference.conf).
 *
 * @param maxInstanceBytes  the largest instance: one STOW-RS part, one uploaded file, one ZIP entry once inflated
 * @param requestTimeout    how long one STOW-RS or upload request may take, from its first byte to its answer
 * @param maxZipEntries     the most entries read from one uploaded ZIP archive
 */
public record StowSettings(long maxInstanceBytes, Duration requestTimeout, int maxZipEntries) {

    public StowSettings {
        if (maxInstanceBytes < 1024) {
            throw new IllegalArgumentException("cairn.stow.max-instance-size must be at least 1 KiB");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("cairn.stow.request-timeout must be positive");
        }
        if (maxZipEntries < 1) {
            throw new IllegalArgumentException("cairn.stow.max-zip-entries must be at least 1");
        }
    }

    public static StowSettings fromConfig(Config config) {
        Config stow = config.getConfig("cairn.stow");
        return new StowSettings(stow.getBytes("max-instance-size"), stow.getDuration("request-timeout"),
            stow.getInt("max-zip-entries"));
    }
}
