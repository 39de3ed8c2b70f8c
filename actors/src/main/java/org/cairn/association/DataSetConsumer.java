package org.cairn.association;

/**
 * Takes one message's data set as it arrives, fragment by fragment, so a data set of any size streams through.
 * Called on the association's thread, in order.
 */
@FunctionalInterface
public interface DataSetConsumer {
    void onFragment(DimseContext context, byte[] fragment, boolean last);
}
