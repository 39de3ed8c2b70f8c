package org.cairn.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.cairn.access.Role;

/**
 * Recently verified passwords, so that a client sending HTTP Basic with every request (a DICOMweb client fetching a
 * study frame by frame) pays the ~100 ms of PBKDF2 once per {@code ttl}, not per request.
 *
 * <p>Per user name it keeps a digest of the one password that verified, with the roles read at that time. The digest
 * is HMAC-SHA-256 under a key drawn at start and never stored, so the cache holds nothing that a memory dump could
 * turn back into passwords faster than the database's PBKDF2 hashes. A wrong password never matches and always goes
 * to PBKDF2. Entries expire after {@code ttl}; {@link #forget} drops a user's entry at once when their password or
 * roles change on this node (another node's change takes effect here within {@code ttl}). A verification that
 * started before a {@code forget} is not remembered, so a password changed mid-check cannot come back.
 */
final class VerifiedPasswords {
    private record Entry(byte[] digest, Set<Role> roles, Instant expires) {
    }

    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong forgets = new AtomicLong();

    VerifiedPasswords(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The roles with which {@code password} of {@code name} was verified, if it was within the ttl. */
    Optional<Set<Role>> lookup(String name, String password) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(name, entry);
            return Optional.empty();
        }
        return MessageDigest.isEqual(entry.digest(), digest(name, password)) ? Optional.of(entry.roles())
            : Optional.empty();
    }

    /** A token to take before reading the user, for {@link #remember}. */
    long generation() {
        return forgets.get();
    }

    /**
     * Remembers that {@code password} of {@code name} verified with {@code roles}, unless a {@link #forget} happened
     * since {@code generation} was taken (the user read may be stale) or the cache is full of live entries.
     */
    void remember(String name, String password, Set<Role> roles, long generation) {
        if (entries.size() >= maxEntries) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !now.isBefore(e.expires()));
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(name, new Entry(digest(name, password), Set.copyOf(roles), clock.instant().plus(ttl)));
        if (forgets.get() != generation) {
            entries.remove(name);
        }
    }

    /** Drops what is known of {@code name}: their password or roles changed, or they were deleted. */
    void forget(String name) {
        forgets.incrementAndGet();
        entries.remove(name);
    }

    int size() {
        return entries.size();
    }

    private byte[] digest(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
