package org.cairn.fhirpublish;

/**
 * The ServiceRequest (order) a study was made for, as found on the FHIR server: its logical id, and the reference to
 * its subject ({@code Patient/<id>}), which the ImagingStudy takes over; {@code subject} is null when the order has none.
 */
public record ServiceRequestRef(String id, String subject) {

    public ServiceRequestRef {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a ServiceRequest needs an id");
        }
    }

    /** The reference to the ServiceRequest itself, as in {@code basedOn}. */
    public String reference() {
        return "ServiceRequest/" + id;
    }
}
