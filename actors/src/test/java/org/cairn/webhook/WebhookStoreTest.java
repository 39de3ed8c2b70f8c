package org.cairn.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.cairn.webhook.WebhookSubscription.State;
import org.junit.jupiter.api.Test;

class WebhookStoreTest {
    private static final Instant T0 = Instant.parse("2027-01-05T10:00:00.123Z");
    private final WebhookStore store = new WebhookStore(TestDatabase.migrated());

    private static NewWebhook request(String url, Set<String> types) {
        return NewWebhook.of(url, types, "a secret of 22 chars..", "the RIS", null, Set.of());
    }

    @Test
    void createsWithAGeneratedIdAndReadsItBack() throws Exception {
        WebhookSubscription created = store.create(request("https://ris.example.org/h", Set.of("b.t", "a.t")), 41,
            "the-admin", T0);

        assertThat(created.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(store.get(created.id())).contains(created);
        WebhookSubscription read = store.get(created.id()).orElseThrow();
        assertThat(read.url().toString()).isEqualTo("https://ris.example.org/h");
        assertThat(read.eventTypes()).containsExactlyInAnyOrder("a.t", "b.t");
        assertThat(read.secret()).isEqualTo("a secret of 22 chars..");
        assertThat(read.description()).isEqualTo("the RIS");
        assertThat(read.createdBy()).isEqualTo("the-admin");
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(read.cursor()).isEqualTo(41);
        assertThat(read.state()).isEqualTo(State.ACTIVE);
        assertThat(read.consecutiveFailures()).isZero();
        assertThat(read.lastError()).isNull();
        assertThat(read.lastAttemptAt()).isNull();
        assertThat(read.lastSuccessAt()).isNull();
        assertThat(read.delivered()).isZero();
        assertThat(read.toString()).doesNotContain("secret of");
    }

    @Test
    void listsOldestFirstAndDeletes() throws Exception {
        WebhookSubscription first = store.create(request("http://a/", Set.of()), 0, "x", T0);
        WebhookSubscription second = store.create(request("http://b/", Set.of()), 0, "x", T0.plusSeconds(1));

        assertThat(store.list()).extracting(WebhookSubscription::id).containsExactly(first.id(), second.id());
        assertThat(store.delete(first.id())).isTrue();
        assertThat(store.delete(first.id())).isFalse();
        assertThat(store.get(first.id())).isEmpty();
        assertThat(store.list()).extracting(WebhookSubscription::id).containsExactly(second.id());
    }

    @Test
    void failuresDeadLetterAndResume() throws Exception {
        String id = store.create(request("http://a/", Set.of()), 5, "x", T0).id();

        store.delivered(id, 6, T0.plusSeconds(1));
        store.failed(id, 1, "HTTP 500", T0.plusSeconds(2));
        store.failed(id, 2, "e".repeat(3000), T0.plusSeconds(3));
        WebhookSubscription failing = store.get(id).orElseThrow();
        assertThat(failing.cursor()).isEqualTo(6);
        assertThat(failing.delivered()).isEqualTo(1);
        assertThat(failing.consecutiveFailures()).isEqualTo(2);
        assertThat(failing.lastError()).hasSize(WebhookStore.MAX_ERROR);
        assertThat(failing.lastAttemptAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(failing.lastSuccessAt()).isEqualTo(T0.plusSeconds(1));

        store.deadLetter(id, 3, "could not connect: refused", T0.plusSeconds(4));
        assertThat(store.get(id).orElseThrow()).extracting(WebhookSubscription::state,
                WebhookSubscription::consecutiveFailures, WebhookSubscription::lastError)
            .containsExactly(State.DEAD_LETTER, 3, "could not connect: refused");

        WebhookSubscription resumed = store.resume(id).orElseThrow();
        assertThat(resumed.state()).isEqualTo(State.ACTIVE);
        assertThat(resumed.consecutiveFailures()).isZero();
        assertThat(resumed.cursor()).isEqualTo(6);
        assertThat(store.resume("no-such-id")).isEmpty();
    }

    @Test
    void theCursorNeverMovesBack() throws Exception {
        String id = store.create(request("http://a/", Set.of()), 0, "x", T0).id();

        store.delivered(id, 9, T0);
        store.delivered(id, 4, T0);

        assertThat(store.get(id).orElseThrow().cursor()).isEqualTo(9);
        assertThat(store.get(id).orElseThrow().delivered()).as("the replay of 4 is not counted").isEqualTo(1);
    }
}
