package org.cairn.hl7;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.cairn.worklist.FeedResult;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderFeed;
import org.cairn.worklist.OrderStatus;
import org.cairn.worklist.Patient;

/** An {@link OrderFeed} that records every call and answers what the test tells it to (by default: accepted). */
final class RecordingOrderFeed implements OrderFeed {

    /** One call: the method's name and its arguments in order. */
    record Call(String method, List<Object> arguments) {
        Object argument(int index) {
            return arguments.get(index);
        }
    }

    final List<Call> calls = new ArrayList<>();
    /** The answer for a call (schedule, update, cancel, discontinue, statusChanged). */
    Function<Call, FeedResult> answer = call -> new FeedResult.Accepted(accessionOf(call), statusOf(call), true);
    int patientsChanged = 1;

    private static String accessionOf(Call call) {
        Object first = call.argument(0);
        return first instanceof Order order ? order.accessionNumber() : (String) first;
    }

    private static OrderStatus statusOf(Call call) {
        return switch (call.method()) {
            case "cancel" -> OrderStatus.CANCELLED;
            case "discontinue" -> OrderStatus.DISCONTINUED;
            case "statusChanged" -> (OrderStatus) call.argument(1);
            default -> OrderStatus.SCHEDULED;
        };
    }

    private synchronized CompletionStage<FeedResult> record(String method, Object... arguments) {
        Call call = new Call(method, java.util.Arrays.asList(arguments));
        calls.add(call);
        return CompletableFuture.completedFuture(answer.apply(call));
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The order of the only call, which must have been schedule or update. */
    synchronized Order onlyOrder() {
        if (calls.size() != 1 || !(calls.get(0).argument(0) instanceof Order)) {
            throw new AssertionError("expected one schedule or update call, got " + calls);
        }
        return (Order) calls.get(0).argument(0);
    }

    @Override
    public CompletionStage<FeedResult> schedule(Order order, String source) {
        return record("schedule", order, source);
    }

    @Override
    public CompletionStage<FeedResult> update(Order order, String source) {
        return record("update", order, source);
    }

    @Override
    public CompletionStage<FeedResult> cancel(String accessionNumber, String reason, String source) {
        return record("cancel", accessionNumber, reason, source);
    }

    @Override
    public CompletionStage<FeedResult> discontinue(String accessionNumber, String reason, String source) {
        return record("discontinue", accessionNumber, reason, source);
    }

    @Override
    public CompletionStage<FeedResult> statusChanged(String accessionNumber, OrderStatus status, String source) {
        return record("statusChanged", accessionNumber, status, source);
    }

    @Override
    public synchronized CompletionStage<Integer> updatePatient(Patient patient, String source) {
        calls.add(new Call("updatePatient", java.util.Arrays.asList(patient, source)));
        return CompletableFuture.completedFuture(patientsChanged);
    }

    @Override
    public synchronized CompletionStage<Integer> mergePatient(String oldPatientId, String oldIssuer, Patient survivor,
                                                              String source) {
        calls.add(new Call("mergePatient", java.util.Arrays.asList(oldPatientId, oldIssuer, survivor, source)));
        return CompletableFuture.completedFuture(patientsChanged);
    }
}
