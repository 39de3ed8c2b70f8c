package org.cairn.journal;

import java.util.List;
import java.util.stream.IntStream;

/**
 * How events are tagged so that projections can run in parallel across a cluster: each entity's events carry the
 * tag {@code <base>-<slice>}, the slice being a fixed function of the persistence id, and one projection instance
 * reads one slice. An entity's events all land in one slice, so each entity's order is kept; entities in different
 * slices are projected independently. The number of slices ({@code cairn.projections.slices}) is fixed for the life
 * of a journal: events keep the tag they were written with.
 *
 * @param count how many slices, 1 to 1,024
 */
public record TagSlices(int count) {
    /** Where the number of slices is configured. */
    public static final String CONFIG_PATH = "cairn.projections.slices";

    public TagSlices {
        if (count < 1 || count > 1024) {
            throw new IllegalArgumentException(CONFIG_PATH + " must be 1 to 1024, not " + count);
        }
    }

    /** The slices configured in {@code config}. */
    public static TagSlices from(com.typesafe.config.Config config) {
        return new TagSlices(config.getInt(CONFIG_PATH));
    }

    /** The slice of an entity; {@link String#hashCode()} is specified, so every JVM and release agrees. */
    public int sliceOf(String persistenceId) {
        return Math.floorMod(persistenceId.hashCode(), count);
    }

    /** The tag of one slice, e.g. {@code study-3}. */
    public String tag(String base, int slice) {
        if (slice < 0 || slice >= count) {
            throw new IllegalArgumentException("slice " + slice + " of " + count);
        }
        return base + "-" + slice;
    }

    /** The tag an entity's events carry. */
    public String tagOf(String base, String persistenceId) {
        return tag(base, sliceOf(persistenceId));
    }

    /** Every slice's tag, in slice order. */
    public List<String> tags(String base) {
        return IntStream.range(0, count).mapToObj(slice -> tag(base, slice)).toList();
    }
}
