package org.cairn.fhirpublish;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where one study's ImagingStudy publication stands: a row of {@code fhir_publication}.
 *
 * @param attempts       attempts made since the study last became stable (or was marked for retry)
 * @param lastError      why the last attempt failed (the server's OperationOutcome text where it gave one), or null
 * @param serviceRequest the ServiceRequest the ImagingStudy is based on ({@code ServiceRequest/<id>}), or null
 * @param resourceId     the ImagingStudy's id on the FHIR server once published; later publications update it
 * @param stableSeq      the change feed seq of the {@code study.stable} event being published
 * @param nextAttemptAt  when the next attempt is due; null once published or abandoned
 */
public record Publication(String studyUid, State state, int attempts, String lastError, String serviceRequest,
                          String resourceId, long stableSeq, Instant updatedAt, Instant nextAttemptAt) {

    /** The states of a publication, stored and shown in lower case. */
    public enum State {
        /** Recorded (or marked for retry), not attempted yet. */
        PENDING,
        /** Sent and accepted by the FHIR server. */
        PUBLISHED,
        /** Failed; another attempt is due at {@code nextAttemptAt}. */
        RETRYING,
        /** Failed for good (too many attempts, or a refusal that retrying cannot change); waits for a manual retry. */
        ABANDONED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<State> of(String id) {
            return Arrays.stream(values()).filter(s -> s.id().equalsIgnoreCase(id.strip())).findFirst();
        }
    }
}
