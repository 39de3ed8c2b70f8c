package org.cairn.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagSlicesTest {

    @Test
    void anEntityAlwaysLandsInTheSameSlice() {
        TagSlices slices = new TagSlices(4);
        // String.hashCode is part of the Java specification: these values hold on every JVM, now and later
        assertThat("Study|1.2.3".hashCode()).isEqualTo(635_212_327);
        assertThat(slices.sliceOf("Study|1.2.3")).isEqualTo(Math.floorMod(635_212_327, 4));
        assertThat(slices.tagOf("study", "Study|1.2.3")).isEqualTo("study-" + Math.floorMod(635_212_327, 4));
    }

    @Test
    void negativeHashesStillGiveASliceInRange() {
        TagSlices slices = new TagSlices(7);
        for (int i = 0; i < 10_000; i++) {
            int slice = slices.sliceOf("Study|1.2.840." + i);
            assertThat(slice).isBetween(0, 6);
        }
    }

    @Test
    void studyUidsSpreadOverTheSlices() {
        TagSlices slices = new TagSlices(4);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4_000; i++) {
            counts.merge(slices.sliceOf("Study|1.2.826.0.1.3680043.8.498." + (1_000_000 + i * 37)), 1, Integer::sum);
        }
        assertThat(counts).hasSize(4);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(700, 1300));
    }

    @Test
    void tagsNameEverySliceInOrder() {
        assertThat(new TagSlices(3).tags("order")).containsExactly("order-0", "order-1", "order-2");
        assertThat(new TagSlices(1).tagOf("mpps", "Mpps|1.2")).isEqualTo("mpps-0");
    }

    @Test
    void theCountIsReadFromConfigurationAndChecked() {
        assertThat(TagSlices.from(ConfigFactory.parseString("cairn.projections.slices = 5")).count()).isEqualTo(5);
        assertThatThrownBy(() -> new TagSlices(0)).hasMessageContaining("cairn.projections.slices");
        assertThatThrownBy(() -> new TagSlices(2).tag("study", 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
