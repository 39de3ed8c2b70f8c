package org.cairn.cluster;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that must run on exactly one node of the cluster (webhook deliveries, the FHIR publisher, the stability
 * watcher, the purger of expired studies), run by a cluster singleton: started on the oldest node, stopped there
 * when it leaves (graceful hand-over) or is downed, then started on the next. The work's start, periodic tick and
 * stop may block; they run on the blocking dispatcher.
 */
public final class SingletonService {
    private static final Logger LOG = LoggerFactory.getLogger(SingletonService.class);

    private SingletonService() {
    }

    /** What the singleton does while it runs on this node. */
    public interface Work {
        /** Called once when the singleton starts on this node. */
        void start() throws Exception;

        /** Called every tick while it runs here (e.g. to pick up what other nodes changed in the database). */
        default void tick() {
        }

        /** Called once when the singleton stops on this node (hand-over, leave, shutdown). */
        void stop();
    }

    /** The singleton's messages. */
    public enum Command {
        TICK,
        STOP
    }

    /** Runs {@code work} as the cluster singleton {@code name}, ticking every {@code tickEvery}. */
    public static void run(ActorSystem<?> system, String name, Duration tickEvery, Work work) {
        ClusterSingleton.get(system).init(SingletonActor.of(behavior(name, tickEvery, work), name)
            .withStopMessage(Command.STOP)
            .withProps(DispatcherSelector.blocking()));
    }

    static Behavior<Command> behavior(String name, Duration tickEvery, Work work) {
        return Behaviors.setup(ctx -> {
            LOG.info("{} runs on this node", name);
            work.start();
            return Behaviors.withTimers(timers -> {
                timers.startTimerWithFixedDelay(Command.TICK, tickEvery);
                return Behaviors.receive(Command.class)
                    .onMessageEquals(Command.TICK, () -> {
                        try {
                            work.tick();
                        } catch (RuntimeException e) {
                            LOG.warn("{}: a periodic check failed: {}", name, e.toString());
                        }
                        return Behaviors.same();
                    })
                    .onMessageEquals(Command.STOP, Behaviors::stopped)
                    .onSignal(PostStop.class, signal -> {
                        LOG.info("{} stops on this node", name);
                        work.stop();
                        return Behaviors.same();
                    })
                    .build();
            });
        });
    }
}
