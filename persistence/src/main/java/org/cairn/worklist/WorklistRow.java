package org.cairn.worklist;

import java.time.Instant;
import java.util.List;

/** One order as the worklist view holds it. */
public record WorklistRow(String accessionNumber, OrderStatus status, Order order, List<String> linkedStudies,
                          Instant updatedAt, String source) {
}
