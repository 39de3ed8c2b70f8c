package org.cairn.worklist;

import java.time.Instant;

/** What an order event does to the worklist view: the edge between the order entities and the read side. */
public sealed interface WorklistChange {

    String accessionNumber();

    Instant at();

    /** The order was scheduled or changed: its details, as they now stand ({@code status} null: unchanged). */
    record Placed(String accessionNumber, Order order, OrderStatus status, String source, Instant at)
        implements WorklistChange {
    }

    /** The order moved to {@code status}. */
    record StatusChanged(String accessionNumber, OrderStatus status, String source, Instant at)
        implements WorklistChange {
    }

    /** Images of {@code studyUid} arrived for the order. */
    record ImagesArrived(String accessionNumber, String studyUid, Instant at) implements WorklistChange {
    }
}
