package org.cairn.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.cairn.access.Role;
import org.junit.jupiter.api.Test;

class VerifiedPasswordsTest {

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        private Instant now = Instant.parse("2027-01-01T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Hands clock = new Hands();
    private final VerifiedPasswords cache = new VerifiedPasswords(Duration.ofMinutes(2), 3, clock);

    @Test
    void onlyTheVerifiedPasswordIsRecognisedUntilItExpires() {
        cache.remember("jane", "right password", Set.of(Role.VIEWER), cache.generation());
        assertThat(cache.lookup("jane", "right password")).contains(Set.of(Role.VIEWER));
        assertThat(cache.lookup("jane", "wrong password")).isEmpty();
        assertThat(cache.lookup("sam", "right password")).isEmpty();
        clock.now = clock.now.plus(Duration.ofSeconds(119));
        assertThat(cache.lookup("jane", "right password")).isPresent();
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThat(cache.lookup("jane", "right password")).isEmpty();
    }

    @Test
    void forgettingAUserDropsTheirEntryAtOnce() {
        cache.remember("jane", "old password", Set.of(Role.VIEWER), cache.generation());
        cache.remember("sam", "his password", Set.of(Role.ADMIN), cache.generation());
        cache.forget("jane");
        assertThat(cache.lookup("jane", "old password")).isEmpty();
        assertThat(cache.lookup("sam", "his password")).isPresent();
    }

    @Test
    void aVerificationThatStartedBeforeAChangeIsNotRemembered() {
        long generation = cache.generation(); // the user is read ...
        cache.forget("jane");                   // ... an admin changes the password meanwhile ...
        cache.remember("jane", "old password", Set.of(Role.VIEWER), generation); // ... the old one verified
        assertThat(cache.lookup("jane", "old password")).isEmpty();
    }

    @Test
    void aFullCacheMakesRoomFromExpiredEntriesOnly() {
        cache.remember("a", "password a", Set.of(), cache.generation());
        cache.remember("b", "password b", Set.of(), cache.generation());
        cache.remember("c", "password c", Set.of(), cache.generation());
        cache.remember("d", "password d", Set.of(), cache.generation());
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.lookup("d", "password d")).isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(3));
        cache.remember("d", "password d", Set.of(), cache.generation());
        assertThat(cache.lookup("d", "password d")).isPresent();
        assertThat(cache.size()).isEqualTo(1);
    }
}
