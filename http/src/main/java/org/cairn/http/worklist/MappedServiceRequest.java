package org.cairn.http.worklist;

import java.util.List;
import org.cairn.worklist.Order;

/** What a FHIR ServiceRequest comes to for the worklist: a change for the feed, or the reasons it is refused. */
public sealed interface MappedServiceRequest {

    /** Status active, draft or on-hold: schedule {@code order}. */
    record Schedule(Order order, boolean studyUidGenerated) implements MappedServiceRequest {
    }

    /** Status revoked or entered-in-error: cancel the order with that Accession Number, which must exist. */
    record Cancel(String accessionNumber, String reason) implements MappedServiceRequest {
    }

    /** Status completed: the ordering system reports the procedure done. */
    record Complete(String accessionNumber) implements MappedServiceRequest {
    }

    /** Not usable; every problem found, for an OperationOutcome. */
    record Rejected(List<FhirIssue> issues) implements MappedServiceRequest {
        public Rejected {
            issues = List.copyOf(issues);
        }
    }
}
