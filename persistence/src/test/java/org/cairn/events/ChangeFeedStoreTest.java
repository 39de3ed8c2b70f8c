package org.cairn.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cairn.journal.JournalSchema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feed's table on H2: numbering, pages, filters, and no gap ever visible while several writers append. */
class ChangeFeedStoreTest {
    private static int databases;
    private String url;

    @BeforeEach
    void open() throws Exception {
        url = "jdbc:h2:mem:feed" + (++databases) + ";DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
    }

    private Connection connect() throws Exception {
        Connection c = DriverManager.getConnection(url, "cairn", "");
        c.setAutoCommit(false);
        return c;
    }

    /** Appends {@code types} as one writer's transaction; the seq numbers it got. */
    private List<Long> append(Connection c, String study, Instant at, String... types) throws Exception {
        long seq = ChangeFeedStore.reserve(c, types.length);
        List<FeedEvent> events = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String type : types) {
            events.add(new FeedEvent(seq, type, study, at, "{\"seq\":" + seq + "}"));
            ids.add(study + "/" + seq++);
        }
        ChangeFeedStore.append(c, events, ids);
        c.commit();
        return events.stream().map(FeedEvent::seq).toList();
    }

    @Test
    void pagesFollowTheCursorAndFiltersNeverHideWhereToReadOn() throws Exception {
        Instant t = Instant.parse("2027-01-05T10:00:00Z");
        try (Connection c = connect()) {
            assertThat(ChangeFeedStore.latest(c)).isZero();
            assertThat(append(c, "1.1", t, "study.created", "series.created", "instance.created")).containsExactly(1L, 2L, 3L);
            assertThat(append(c, "1.1", t.plusSeconds(60), "instance.created")).containsExactly(4L);
            assertThat(append(c, "1.2", t.plusSeconds(120), "study.created", "study.stable")).containsExactly(5L, 6L);
            assertThat(ChangeFeedStore.latest(c)).isEqualTo(6);

            assertThat(ChangeFeedStore.page(c, 0, 6, 2, FeedFilter.ALL)).extracting(FeedEvent::seq).containsExactly(1L, 2L);
            assertThat(ChangeFeedStore.page(c, 2, 6, 100, FeedFilter.ALL)).extracting(FeedEvent::seq)
                .containsExactly(3L, 4L, 5L, 6L);
            assertThat(ChangeFeedStore.page(c, 0, 4, 100, FeedFilter.ALL)).as("never past the head taken first")
                .extracting(FeedEvent::seq).containsExactly(1L, 2L, 3L, 4L);
            assertThat(ChangeFeedStore.page(c, 0, 6, 100, FeedFilter.types(Set.of("study.created", "study.stable"))))
                .extracting(FeedEvent::seq).containsExactly(1L, 5L, 6L);
            assertThat(ChangeFeedStore.page(c, 0, 6, 100, new FeedFilter(Set.of(), t.plusSeconds(60), t.plusSeconds(120))))
                .as("from inclusive, to exclusive").extracting(FeedEvent::seq).containsExactly(4L);
            FeedEvent first = ChangeFeedStore.page(c, 0, 6, 1, FeedFilter.ALL).get(0);
            assertThat(first).isEqualTo(new FeedEvent(1, "study.created", "1.1", t, "{\"seq\":1}"));
        }
    }

    @Test
    void aReaderNeverSeesAGapWhileSeveralWritersAppend() throws Exception {
        int writers = 4;
        int transactions = 150;
        AtomicBoolean writing = new AtomicBoolean(true);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String study = "1." + w;
            running.add(CompletableFuture.runAsync(() -> {
                try (Connection c = connect()) {
                    for (int i = 0; i < transactions; i++) {
                        int n = 1 + ThreadLocalRandom.current().nextInt(3);
                        long seq = ChangeFeedStore.reserve(c, n);
                        if (ThreadLocalRandom.current().nextInt(10) == 0) {
                            Thread.sleep(2); // hold the head a while, as a slow transaction does
                        }
                        List<FeedEvent> events = new ArrayList<>();
                        List<String> ids = new ArrayList<>();
                        for (int k = 0; k < n; k++) {
                            events.add(new FeedEvent(seq + k, "instance.created", study, Instant.now(), "{}"));
                            ids.add(study + "/" + i + "/" + k);
                        }
                        ChangeFeedStore.append(c, events, ids);
                        c.commit();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
            .whenComplete((done, failure) -> writing.set(false));
        long cursor = 0;
        int reads = 0;
        try (Connection reader = DriverManager.getConnection(url, "cairn", "")) {
            while (writing.get() || cursor < ChangeFeedStore.latest(reader)) {
                long head = ChangeFeedStore.latest(reader);
                List<FeedEvent> page = ChangeFeedStore.page(reader, cursor, head, 50, FeedFilter.ALL);
                for (FeedEvent e : page) {
                    assertThat(e.seq()).as("the event after %d", cursor).isEqualTo(cursor + 1);
                    cursor = e.seq();
                }
                assertThat(page.size() == 50 || cursor == head).as("a short page reaches the head %d", head).isTrue();
                reads++;
            }
        }
        all.get(60, TimeUnit.SECONDS);
        assertThat(reads).isGreaterThan(1);
        try (Connection c = connect()) {
            assertThat(cursor).isEqualTo(ChangeFeedStore.latest(c));
            assertThat(ChangeFeedStore.page(c, 0, cursor, 100_000, FeedFilter.ALL)).hasSize((int) cursor);
        }
    }
}
