package org.cairn.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.cairn.load.events.ChangeLogReads;
import org.cairn.load.events.DeliveryLatencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events benchmark's own code at a tiny size, on a real node and a real Orthanc: every stored instance's event is
 * caught on both channels and both change logs are paged to their end. Timings are the benchmark's business, not
 * checked here.
 */
class EventsBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void catchesEveryInstanceOnBothChannelsAndPagesBothChangeLogsToTheirEnd() throws Exception {
        EventsBenchmark.Plan plan = new EventsBenchmark.Plan(2, 5, 2, 16, 3, Duration.ofMillis(10), List.of(1000, 3),
            Duration.ZERO, Duration.ofMillis(50), List.of("cairn.events.head-poll-interval = 20ms"), true,
            EnumSet.allOf(EventsBenchmark.Channel.class), Duration.ZERO);

        EventsBenchmark.Result result = EventsBenchmark.run(dir.resolve("bench"), plan);

        for (EventsBenchmark.Delivery phase : List.of(result.burst(), result.trickle())) {
            for (DeliveryLatencies channel : List.of(phase.sse(), phase.webhook())) {
                assertThat(channel.missing()).as("instances whose event never came").isEmpty();
                assertThat(channel.count()).isEqualTo(phase.instances());
            }
        }
        assertThat(result.burst().instances()).isEqualTo(10);
        assertThat(result.trickle().instances()).isEqualTo(3);
        // 4 + 10 + 3 instance.created, and a study.created and a series.created for each of the 5 studies
        assertThat(result.feedLatest()).isEqualTo(17 + 5 + 5);
        assertThat(result.webhookReplayEvents()).isEqualTo(17);
        ChangeLogReads.Throughput cairnWhole = read(result, "Cairn", 1000);
        ChangeLogReads.Throughput cairnSmall = read(result, "Cairn", 3);
        assertThat(cairnWhole.eventsPerPass()).isEqualTo(result.feedLatest());
        assertThat(cairnSmall.eventsPerPass()).isEqualTo(result.feedLatest());
        assertThat(cairnSmall.largestPage()).isEqualTo(3);
        assertThat(cairnSmall.passes()).isGreaterThanOrEqualTo(3);
        // Orthanc logs NewInstance for each instance, and NewSeries, NewStudy and NewPatient for each of 5 studies
        assertThat(read(result, "Orthanc 1.10", 1000).eventsPerPass()).isGreaterThanOrEqualTo(17 + 5 + 5 + 5);
        assertThat(read(result, "Orthanc 1.10", 3).eventsPerPass()).isGreaterThanOrEqualTo(17 + 5 + 5 + 5);
        assertThat(read(result, "Orthanc 1.10", 3).largestPage()).isLessThanOrEqualTo(3);
        assertThat(EventsBenchmark.report(result)).contains("| SSE", "| webhook", "Cairn ÷ Orthanc");
    }

    @Test
    void latenciesAreFromEachResponseToTheSameInstancesArrival() {
        Map<String, Long> stored = Map.of("1.1", 1_000_000L, "1.2", 2_000_000L, "1.3", 3_000_000L);
        Map<String, Long> arrived = Map.of("1.1", 6_000_000L, "1.2", 1_500_000L, "9.9", 1L);

        DeliveryLatencies latencies = DeliveryLatencies.of(stored, arrived);

        assertThat(latencies.count()).isEqualTo(2);
        assertThat(latencies.maxMillis()).isCloseTo(5.0, within(0.01)); // 3 significant digits
        assertThat(latencies.beforeResponse()).isEqualTo(1);
        assertThat(latencies.missing()).containsExactly("1.3");
        assertThat(latencies.drainMillis()).isNaN();
        assertThat(latencies.keptUpPerSecond()).as("1.2 arrived between the first and the last response, 2 ms apart")
            .isCloseTo(500.0, within(0.01));
    }

    private static ChangeLogReads.Throughput read(EventsBenchmark.Result result, String server, int limit) {
        return result.reads().stream().filter(t -> t.server().equals(server) && t.limit() == limit).findFirst()
            .orElseThrow();
    }
}
