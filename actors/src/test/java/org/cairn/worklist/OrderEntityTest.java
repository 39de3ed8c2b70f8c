package org.cairn.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order entity with Pekko's event-sourced test kit: replies and events together, every command, event and
 * state round-tripping through the Jackson CBOR serializer.
 */
class OrderEntityTest {
    static final ActorTestKit TESTKIT = ActorTestKit.create(
        EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private static final Order ORDER = Orders.ct("A1", "P1", "Doe^Jane", "CT01", "20270105", "0830");

    private EventSourcedBehaviorTestKit<OrderEntity.Command, OrderEvent, OrderState> kit;

    @BeforeEach
    void fresh() {
        kit = EventSourcedBehaviorTestKit.create(TESTKIT.system(), OrderEntity.create("A1"));
    }

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    @Test
    void aScheduledOrderStartsAndSurvivesARestart() {
        var scheduled = kit.<FeedResult>runCommand(r -> new OrderEntity.Handle(
            new OrderState.Request.Schedule(ORDER, "rest"), r));
        assertThat(scheduled.reply()).isEqualTo(new FeedResult.Accepted("A1", OrderStatus.SCHEDULED, true));
        assertThat(scheduled.event()).isInstanceOf(OrderEvent.Scheduled.class);

        var again = kit.<FeedResult>runCommand(r -> new OrderEntity.Handle(
            new OrderState.Request.Schedule(ORDER, "hl7:RIS"), r));
        assertThat(again.reply()).isEqualTo(new FeedResult.Accepted("A1", OrderStatus.SCHEDULED, false));
        assertThat(again.hasNoEvents()).isTrue();

        var started = kit.<FeedResult>runCommand(r -> new OrderEntity.Handle(
            new OrderState.Request.Start("1.2.3", "mpps:CT01"), r));
        assertThat(started.reply()).isEqualTo(new FeedResult.Accepted("A1", OrderStatus.IN_PROGRESS, true));

        var cancel = kit.<FeedResult>runCommand(r -> new OrderEntity.Handle(
            new OrderState.Request.Cancel("late", "rest"), r));
        assertThat(cancel.reply()).isInstanceOf(FeedResult.Conflict.class);

        var restarted = kit.restart();
        assertThat(restarted.state().status()).isEqualTo(OrderStatus.IN_PROGRESS);
        assertThat(restarted.state().order()).isEqualTo(ORDER);
    }
}
