package org.cairn.http.worklist;

import java.time.Instant;
import java.util.List;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderStatus;

/**
 * One worklist entry as the REST API shows it.
 *
 * @param accessionNumber the order's identity
 * @param status          where the order stands
 * @param order           the order as last scheduled or updated
 * @param linkedStudies   Study Instance UIDs of the stored studies linked to the order (empty when no images arrived)
 * @param updatedAt       when the entry last changed
 * @param source          the feed and sender of the last change ("rest", "fhir", "hl7:RIS", "mpps:CT01")
 */
public record WorklistEntryView(String accessionNumber, OrderStatus status, Order order, List<String> linkedStudies,
                                Instant updatedAt, String source) {

    public WorklistEntryView {
        linkedStudies = linkedStudies == null ? List.of() : List.copyOf(linkedStudies);
    }
}
