package org.cairn.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The order's rules as plain functions: what each request comes to in each status. */
class OrderStateTest {
    private static final Instant T = Instant.parse("2027-01-01T08:00:00Z");
    private static final Order ORDER = Orders.ct("A1", "P1", "Doe^Jane", "CT01", "20270105", "0830");

    private static OrderState scheduled() {
        return OrderState.empty("A1").apply(new OrderEvent.Scheduled("A1", ORDER, "rest", T));
    }

    private static OrderState.Decision decide(OrderState state, OrderState.Request request) {
        return state.decide(request, T);
    }

    private static OrderState after(OrderState state, OrderState.Request request) {
        return state.apply(((OrderState.Decision.Persist) decide(state, request)).event());
    }

    @Test
    void schedulingCreatesTheOrderOnceAndRefusesAnother() {
        OrderState empty = OrderState.empty("A1");
        assertThat(decide(empty, new OrderState.Request.Schedule(ORDER, "rest")))
            .isEqualTo(new OrderState.Decision.Persist(new OrderEvent.Scheduled("A1", ORDER, "rest", T)));
        assertThat(decide(scheduled(), new OrderState.Request.Schedule(ORDER, "hl7:RIS")))
            .isInstanceOf(OrderState.Decision.Unchanged.class);
        // a retransmission whose feed generated another Study Instance UID: the one handed out stays
        assertThat(decide(scheduled(), new OrderState.Request.Schedule(ORDER.withStudyInstanceUid("2.25.99"), "hl7:RIS")))
            .isInstanceOf(OrderState.Decision.Unchanged.class);
        Order other = Orders.ct("A1", "P1", "Doe^Jane", "CT02", "20270105", "0830");
        assertThat(decide(scheduled(), new OrderState.Request.Schedule(other, "rest")))
            .isInstanceOfSatisfying(OrderState.Decision.Refuse.class, r ->
                assertThat(r.refusal()).isInstanceOf(FeedResult.Conflict.class));
    }

    @Test
    void anInvalidOrderOrOneForAnotherAccessionIsRefused() {
        Order noModality = Orders.withModality(ORDER, "");
        assertThat(decide(OrderState.empty("A1"), new OrderState.Request.Schedule(noModality, "rest")))
            .isEqualTo(new OrderState.Decision.Refuse(new FeedResult.Invalid("step.modality is required")));
        assertThat(decide(OrderState.empty("A9"), new OrderState.Request.Schedule(ORDER, "rest")))
            .isInstanceOfSatisfying(OrderState.Decision.Refuse.class, r ->
                assertThat(r.refusal()).isInstanceOf(FeedResult.Invalid.class));
    }

    @Test
    void requestsToAnUnknownOrderAreNotFound() {
        for (OrderState.Request r : new OrderState.Request[] {new OrderState.Request.Cancel("x", "rest"),
            new OrderState.Request.Update(ORDER, "rest"), new OrderState.Request.Start("1.2", "mpps"),
            new OrderState.Request.RecordImages("1.2.3", "ingest")}) {
            assertThat(decide(OrderState.empty("A1"), r)).isInstanceOfSatisfying(OrderState.Decision.Refuse.class,
                refuse -> assertThat(refuse.refusal()).isInstanceOf(FeedResult.NotFound.class));
        }
    }

    @Test
    void theLifecycleFollowsTheProcedure() {
        OrderState started = after(scheduled(), new OrderState.Request.Start("1.2.9", "mpps:CT01"));
        assertThat(started.status()).isEqualTo(OrderStatus.IN_PROGRESS);
        assertThat(decide(started, new OrderState.Request.Start("1.2.9", "mpps:CT01")))
            .isInstanceOf(OrderState.Decision.Unchanged.class);
        assertThat(decide(started, new OrderState.Request.Cancel("no", "hl7:RIS")))
            .isInstanceOf(OrderState.Decision.Refuse.class);
        OrderState completed = after(started, new OrderState.Request.Complete("1.2.9", "mpps:CT01"));
        assertThat(completed.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(decide(completed, new OrderState.Request.Update(ORDER, "rest")))
            .isInstanceOf(OrderState.Decision.Refuse.class);
        assertThat(decide(completed, new OrderState.Request.Discontinue(null, "x", "hl7:RIS")))
            .isInstanceOf(OrderState.Decision.Refuse.class);
        OrderState withImages = after(completed, new OrderState.Request.RecordImages("1.2.3", "ingest"));
        assertThat(withImages.studies()).containsExactly("1.2.3");
        assertThat(decide(withImages, new OrderState.Request.RecordImages("1.2.3", "ingest")))
            .isInstanceOf(OrderState.Decision.Unchanged.class);
    }

    @Test
    void cancellingAndDiscontinuing() {
        OrderState cancelled = after(scheduled(), new OrderState.Request.Cancel("patient declined", "hl7:RIS"));
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(decide(cancelled, new OrderState.Request.Cancel("again", "hl7:RIS")))
            .isInstanceOf(OrderState.Decision.Unchanged.class);
        assertThat(decide(cancelled, new OrderState.Request.Start("1.2", "mpps"))).isInstanceOf(
            OrderState.Decision.Refuse.class);
        OrderState started = after(scheduled(), new OrderState.Request.Start(null, "hl7:RIS"));
        OrderState stopped = after(started, new OrderState.Request.Discontinue("1.2", "contrast reaction", "mpps"));
        assertThat(stopped.status()).isEqualTo(OrderStatus.DISCONTINUED);
    }

    @Test
    void patientChangesReachOpenOrdersOnly() {
        Patient renamed = new Patient("P1", "HOSP", "Doe^Janet", "19700101", "F");
        OrderState updated = after(scheduled(), new OrderState.Request.ChangePatient(renamed, "hl7:ADT"));
        assertThat(updated.order().patient()).isEqualTo(renamed);
        assertThat(updated.status()).isEqualTo(OrderStatus.SCHEDULED);
        OrderState done = after(after(scheduled(), new OrderState.Request.Start(null, "x")),
            new OrderState.Request.Complete(null, "x"));
        assertThat(decide(done, new OrderState.Request.ChangePatient(renamed, "hl7:ADT")))
            .isInstanceOf(OrderState.Decision.Unchanged.class);
    }
}
