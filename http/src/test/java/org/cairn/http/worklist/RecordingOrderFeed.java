package org.cairn.http.worklist;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cairn.worklist.FeedResult;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderFeed;
import org.cairn.worklist.OrderStatus;
import org.cairn.worklist.Patient;

/**
 * An {@link OrderFeed} that records every call and keeps orders in memory with the feed's rules (schedule is
 * idempotent for the same order and a conflict for another, cancel only while scheduled, no change once final).
 * Every accepted change is also written to the directory, as the projection would. A result can be forced for the
 * next call with {@link #answerNext}.
 */
class RecordingOrderFeed implements OrderFeed {
    /** One call: which method, and its arguments (null where the method has none). */
    record Call(String method, Order order, String accessionNumber, String reason, OrderStatus status, String source) {
    }

    private final InMemoryWorklistDirectory directory;
    private final Map<String, Order> orders = new HashMap<>();
    private final Map<String, OrderStatus> statuses = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final Deque<FeedResult> forced = new ArrayDeque<>();

    RecordingOrderFeed(InMemoryWorklistDirectory directory) {
        this.directory = directory;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized Call lastCall() {
        return calls.get(calls.size() - 1);
    }

    synchronized void answerNext(FeedResult result) {
        forced.add(result);
    }

    synchronized void reset() {
        orders.clear();
        statuses.clear();
        calls.clear();
        forced.clear();
        directory.clear();
    }

    /** Puts an order in a state directly, as if other feeds had brought it there. */
    synchronized void seed(Order order, OrderStatus status) {
        orders.put(order.accessionNumber(), order);
        statuses.put(order.accessionNumber(), status);
        directory.put(new WorklistEntryView(order.accessionNumber(), status, order, List.of(),
            Instant.parse("2024-01-01T00:00:00Z"), "hl7:RIS"));
    }

    @Override
    public synchronized CompletionStage<FeedResult> schedule(Order order, String source) {
        calls.add(new Call("schedule", order, order.accessionNumber(), null, null, source));
        if (!forced.isEmpty()) {
            return done(forced.poll());
        }
        Order existing = orders.get(order.accessionNumber());
        if (existing != null) {
            return done(existing.equals(order)
                ? new FeedResult.Accepted(order.accessionNumber(), statuses.get(order.accessionNumber()), false)
                : new FeedResult.Conflict("another order has accession number " + order.accessionNumber()));
        }
        return done(change(order, OrderStatus.SCHEDULED, source));
    }

    @Override
    public synchronized CompletionStage<FeedResult> update(Order order, String source) {
        calls.add(new Call("update", order, order.accessionNumber(), null, null, source));
        if (!forced.isEmpty()) {
            return done(forced.poll());
        }
        OrderStatus status = statuses.get(order.accessionNumber());
        if (status == null) {
            return done(new FeedResult.NotFound("no order " + order.accessionNumber()));
        }
        if (status.isFinal()) {
            return done(new FeedResult.Conflict("order " + order.accessionNumber() + " is " + status));
        }
        if (order.equals(orders.get(order.accessionNumber()))) {
            return done(new FeedResult.Accepted(order.accessionNumber(), status, false));
        }
        return done(change(order, status, source));
    }

    @Override
    public synchronized CompletionStage<FeedResult> cancel(String accessionNumber, String reason, String source) {
        calls.add(new Call("cancel", null, accessionNumber, reason, null, source));
        return transition(accessionNumber, OrderStatus.CANCELLED, source);
    }

    @Override
    public synchronized CompletionStage<FeedResult> discontinue(String accessionNumber, String reason, String source) {
        calls.add(new Call("discontinue", null, accessionNumber, reason, null, source));
        return transition(accessionNumber, OrderStatus.DISCONTINUED, source);
    }

    @Override
    public synchronized CompletionStage<FeedResult> statusChanged(String accessionNumber, OrderStatus status,
                                                                  String source) {
        calls.add(new Call("statusChanged", null, accessionNumber, null, status, source));
        return transition(accessionNumber, status, source);
    }

    @Override
    public synchronized CompletionStage<Integer> updatePatient(Patient patient, String source) {
        calls.add(new Call("updatePatient", null, null, null, null, source));
        return CompletableFuture.completedFuture(0);
    }

    @Override
    public synchronized CompletionStage<Integer> mergePatient(String oldPatientId, String oldIssuer, Patient survivor,
                                                              String source) {
        calls.add(new Call("mergePatient", null, null, null, null, source));
        return CompletableFuture.completedFuture(0);
    }

    private CompletionStage<FeedResult> transition(String accession, OrderStatus target, String source) {
        if (!forced.isEmpty()) {
            return done(forced.poll());
        }
        OrderStatus status = statuses.get(accession);
        if (status == null) {
            return done(new FeedResult.NotFound("no order " + accession));
        }
        if (status == target) {
            return done(new FeedResult.Accepted(accession, status, false));
        }
        boolean allowed = target == OrderStatus.CANCELLED ? status == OrderStatus.SCHEDULED : !status.isFinal();
        if (!allowed) {
            return done(new FeedResult.Conflict("order " + accession + " is " + status));
        }
        return done(change(orders.get(accession), target, source));
    }

    private FeedResult change(Order order, OrderStatus status, String source) {
        orders.put(order.accessionNumber(), order);
        statuses.put(order.accessionNumber(), status);
        List<String> linked = directory.linkedStudies(order.accessionNumber());
        directory.put(new WorklistEntryView(order.accessionNumber(), status, order, linked, Instant.now(), source));
        return new FeedResult.Accepted(order.accessionNumber(), status, true);
    }

    private static CompletionStage<FeedResult> done(FeedResult result) {
        return CompletableFuture.completedFuture(result);
    }
}
