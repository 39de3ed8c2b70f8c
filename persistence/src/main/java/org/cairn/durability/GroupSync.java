package org.cairn.durability;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * Group commit of fsyncs. Callers ask for paths (files or directories) to be forced to disk; one flusher thread
 * takes every request waiting, forces each distinct path once, and completes them all. A request completes only
 * after a flush that began after it was made, so whatever the caller wrote before asking is on disk. While one
 * flush runs, the requests of concurrently arriving instances gather for the next: under load one flush serves
 * many instances, and a lone instance waits no longer than for its own fsync.
 */
public final class GroupSync implements AutoCloseable {
    private record Request(Collection<Path> paths, CompletableFuture<Void> done) {
    }

    /** How one path is forced; tests substitute their own to hold a flush open. */
    interface Forcer {
        void force(Path path) throws IOException;
    }

    private final Forcer forcer;
    private final IntConsumer onFlush;
    private final Object lock = new Object();
    private final Thread flusher;
    private final LongAdder flushes = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private List<Request> waiting = new ArrayList<>();
    private boolean closed;

    public GroupSync(String name) {
        this(name, requestsServed -> { });
    }

    /** {@code onFlush} hears, after each flush, how many requests it served (for metrics). */
    public GroupSync(String name, IntConsumer onFlush) {
        this(name, GroupSync::forceNow, onFlush);
    }

    GroupSync(String name, Forcer forcer, IntConsumer onFlush) {
        this.forcer = forcer;
        this.onFlush = onFlush;
        this.flusher = new Thread(this::run, "cairn-group-sync-" + name);
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Completes once every path in {@code paths} has been forced by a flush that started after this call. */
    public CompletionStage<Void> force(Collection<Path> paths) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                done.completeExceptionally(new IOException("group sync closed"));
                return done;
            }
            waiting.add(new Request(List.copyOf(paths), done));
            lock.notifyAll();
        }
        requests.increment();
        return done;
    }

    /** {@link #force(Collection)}, waiting for it: for callers already on a thread meant for blocking I/O. */
    public void forceAndWait(Path path) throws IOException {
        try {
            force(List.of(path)).toCompletableFuture().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** Flushes done so far; with {@link #requests()}, how well requests were grouped. */
    public long flushes() {
        return flushes.sum();
    }

    public long requests() {
        return requests.sum();
    }

    private void run() {
        while (true) {
            List<Request> batch;
            synchronized (lock) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                batch = waiting;
                waiting = new ArrayList<>();
            }
            flush(batch);
        }
    }

    private void flush(List<Request> batch) {
        Set<Path> paths = new LinkedHashSet<>();
        for (Request r : batch) {
            paths.addAll(r.paths());
        }
        Set<Path> failed = new LinkedHashSet<>();
        IOException firstFailure = null;
        for (Path path : paths) {
            try {
                forcer.force(path);
            } catch (IOException e) {
                failed.add(path);
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        flushes.increment();
        onFlush.accept(batch.size());
        for (Request r : batch) {
            if (failed.isEmpty() || r.paths().stream().noneMatch(failed::contains)) {
                r.done().complete(null);
            } else {
                r.done().completeExceptionally(firstFailure);
            }
        }
    }

    /** fsync of a file's data and metadata, or of a directory's entries. */
    static void forceNow(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Stops the flusher after the requests already made are flushed. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            flusher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
