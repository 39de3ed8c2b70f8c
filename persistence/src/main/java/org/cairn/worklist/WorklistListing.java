package org.cairn.worklist;

import java.util.Set;

/**
 * Which orders a listing asks for: statuses (null or empty: all), equalities (null: any), an inclusive range of
 * scheduled start dates (DA, null: open), and a page.
 */
public record WorklistListing(Set<OrderStatus> statuses, String modality, String stationAeTitle, String patientId,
                              String startDateFrom, String startDateTo, int limit, int offset) {
}
