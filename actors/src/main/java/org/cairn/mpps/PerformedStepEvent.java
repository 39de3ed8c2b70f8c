package org.cairn.mpps;

import java.time.Instant;
import org.cairn.journal.JournalSerializable;

/**
 * What happens to a Modality Performed Procedure Step, in the journal (persistence id {@code Mpps|<SOP Instance
 * UID>}, tag {@code mpps}). Each event carries the step's whole attributes as DICOM JSON after it.
 */
public sealed interface PerformedStepEvent extends JournalSerializable {

    String sopInstanceUid();

    /** N-CREATE: the step began (IN PROGRESS). */
    record Created(String sopInstanceUid, String attributesJson, String callingAeTitle, Instant at)
        implements PerformedStepEvent {
    }

    /** N-SET: attributes changed; {@code status} is the Performed Procedure Step Status after it. */
    record Modified(String sopInstanceUid, String attributesJson, String status, String callingAeTitle, Instant at)
        implements PerformedStepEvent {
    }
}
