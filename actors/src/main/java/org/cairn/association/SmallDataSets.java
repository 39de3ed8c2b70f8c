package org.cairn.association;

import java.io.ByteArrayOutputStream;
import java.util.function.BiConsumer;

/**
 * Consumers for data sets that are a few attributes by nature (query identifiers, N-CREATE and N-SET attributes):
 * collected whole, up to a limit, and handed on at the last fragment. Beyond the limit the bytes are dropped as they
 * arrive (never buffered) and the receiver gets null, to answer with a failure status.
 */
public final class SmallDataSets {
    private SmallDataSets() {
    }

    /** Collects a data set of at most {@code maxBytes}; {@code whenComplete} gets its bytes, or null when larger. */
    public static DataSetConsumer collect(int maxBytes, BiConsumer<DimseContext, byte[]> whenComplete) {
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        boolean[] tooLarge = new boolean[1];
        return (ctx, fragment, last) -> {
            if (!tooLarge[0] && collected.size() + fragment.length <= maxBytes) {
                collected.write(fragment, 0, fragment.length);
            } else {
                tooLarge[0] = true;
                collected.reset();
            }
            if (last) {
                whenComplete.accept(ctx, tooLarge[0] ? null : collected.toByteArray());
            }
        };
    }
}
