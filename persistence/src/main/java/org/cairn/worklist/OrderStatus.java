package org.cairn.worklist;

/**
 * Where an order stands. The worklist shows it as the Scheduled Procedure Step Status (0040,0020): SCHEDULED,
 * STARTED, COMPLETED, DISCONTINUED or CANCELED (PS3.3 C.4.10).
 */
public enum OrderStatus {
    SCHEDULED("SCHEDULED"),
    IN_PROGRESS("STARTED"),
    COMPLETED("COMPLETED"),
    DISCONTINUED("DISCONTINUED"),
    CANCELLED("CANCELED");

    private final String stepStatus;

    OrderStatus(String stepStatus) {
        this.stepStatus = stepStatus;
    }

    /** The Scheduled Procedure Step Status value. */
    public String stepStatus() {
        return stepStatus;
    }

    /** Nothing changes an order any more once it is here (but images may still arrive). */
    public boolean isFinal() {
        return this == COMPLETED || this == DISCONTINUED || this == CANCELLED;
    }
}
