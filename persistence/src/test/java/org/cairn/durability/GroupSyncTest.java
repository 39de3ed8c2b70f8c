package org.cairn.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupSyncTest {
    @TempDir
    Path dir;

    /** A forcer that records what it forces and can hold the first flush open. */
    private static final class HeldForcer implements GroupSync.Forcer {
        final CountDownLatch firstFlushStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<List<Path>> flushes = Collections.synchronizedList(new ArrayList<>());
        private List<Path> current;
        volatile Path failing;

        @Override
        public void force(Path path) throws IOException {
            if (firstFlushStarted.getCount() > 0) {
                firstFlushStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            if (path.equals(failing)) {
                throw new IOException("disk error on " + path);
            }
            synchronized (flushes) {
                if (current == null || !current.isEmpty() && current.contains(path)) {
                    current = new ArrayList<>();
                    flushes.add(current);
                }
                current.add(path);
            }
        }
    }

    @Test
    void requestsArrivingDuringAFlushShareTheNextOne() throws Exception {
        HeldForcer forcer = new HeldForcer();
        try (GroupSync sync = new GroupSync("test", forcer, served -> { })) {
            CompletableFuture<Void> first = sync.force(List.of(dir.resolve("a"))).toCompletableFuture();
            assertThat(forcer.firstFlushStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                waiting.add(sync.force(List.of(dir.resolve("a"), dir.resolve("b" + (i % 3)))).toCompletableFuture());
            }
            // made while the first flush ran: not covered by it, so none may complete before the next flush
            Thread.sleep(50);
            assertThat(first).isNotDone();
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
            forcer.release.countDown();
            first.get(5, TimeUnit.SECONDS);
            for (CompletableFuture<Void> w : waiting) {
                w.get(5, TimeUnit.SECONDS);
            }
            assertThat(sync.requests()).isEqualTo(11);
            assertThat(sync.flushes()).isEqualTo(2);
            // the second flush forced each distinct path once
            assertThat(forcer.flushes.get(forcer.flushes.size() - 1))
                .containsExactlyInAnyOrder(dir.resolve("a"), dir.resolve("b0"), dir.resolve("b1"), dir.resolve("b2"));
        }
    }

    @Test
    void aFailedPathFailsOnlyTheRequestsThatNeedIt() throws Exception {
        HeldForcer forcer = new HeldForcer();
        forcer.failing = dir.resolve("bad");
        try (GroupSync sync = new GroupSync("test", forcer, served -> { })) {
            CompletableFuture<Void> holder = sync.force(List.of(dir.resolve("x"))).toCompletableFuture();
            assertThat(forcer.firstFlushStarted.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> good = sync.force(List.of(dir.resolve("good"))).toCompletableFuture();
            CompletableFuture<Void> bad = sync.force(List.of(dir.resolve("good"), dir.resolve("bad"))).toCompletableFuture();
            forcer.release.countDown();
            holder.get(5, TimeUnit.SECONDS);
            good.get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class).hasMessageContaining("disk error");
        }
    }

    @Test
    void forcesRealFilesAndDirectories() throws Exception {
        Path file = Files.writeString(dir.resolve("journal.mv.db"), "committed");
        try (GroupSync sync = new GroupSync("real")) {
            sync.force(List.of(file, dir)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            sync.forceAndWait(dir);
            assertThatThrownBy(() -> sync.forceAndWait(dir.resolve("missing"))).isInstanceOf(IOException.class);
            assertThat(sync.flushes()).isEqualTo(3);
        }
    }

    @Test
    void afterCloseRequestsAreRefused() {
        GroupSync sync = new GroupSync("closed");
        sync.close();
        assertThatThrownBy(() -> sync.force(List.of(dir)).toCompletableFuture().get(5, TimeUnit.SECONDS))
            .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void embeddedH2JournalFileIsFoundFromItsUrl() {
        assertThat(JournalFiles.embeddedFile("jdbc:h2:file:/var/lib/cairn/journal/cairn;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"))
            .contains(Path.of("/var/lib/cairn/journal/cairn.mv.db"));
        assertThat(JournalFiles.embeddedFile("jdbc:h2:file:/data/j")).contains(Path.of("/data/j.mv.db"));
        assertThat(JournalFiles.embeddedFile("jdbc:postgresql://127.0.0.1:5432/cairn")).isEmpty();
        assertThat(JournalFiles.embeddedFile("jdbc:h2:mem:test")).isEmpty();
    }

    @Test
    void aServerJournalNeedsNoSync() throws Exception {
        try (JournalSync none = JournalSync.forJournal("jdbc:postgresql://127.0.0.1/cairn")) {
            assertThat(none.afterCommit().toCompletableFuture()).isCompleted();
        }
        Path db = Files.writeString(dir.resolve("cairn.mv.db"), "h2");
        try (JournalSync h2 = JournalSync.forJournal("jdbc:h2:file:" + dir.resolve("cairn") + ";WRITE_DELAY=0")) {
            h2.afterCommit().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(h2.flushes()).isEqualTo(1);
            assertThat(db).exists();
        }
    }
}
