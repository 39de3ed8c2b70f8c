package org.cairn.http.stow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cairn.ingest.IngestOutcome;
import org.cairn.ingest.InstanceIds;

/**
 * What an upload did with each file, as its JSON answer:
 * {@code {"files": [{"name", "status": "stored"|"duplicate"|"rejected", "reason", "studyInstanceUid",
 * "seriesInstanceUid", "sopInstanceUid"}...], "stored", "duplicate", "rejected", "skipped"}}, plus {@code "error"} when
 * the upload stopped before its end. A UID is null when it could not be read. Filled by one request's stream, one
 * file after another.
 */
final class UploadResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode body = JSON.createObjectNode();
    private final ArrayNode files = body.putArray("files");
    private int stored;
    private int duplicate;
    private int rejected;
    private int skipped;

    void add(String name, IngestOutcome outcome) {
        if (outcome instanceof IngestOutcome.Stored) {
            stored++;
            file(name, "stored", null, outcome.ids());
        } else if (outcome instanceof IngestOutcome.AlreadyStored) {
            duplicate++;
            file(name, "duplicate", "the same instance was stored before", outcome.ids());
        } else {
            IngestOutcome.Refused refused = (IngestOutcome.Refused) outcome;
            rejected++;
            file(name, "rejected", String.format("%04X: %s", refused.status(), refused.reason()), outcome.ids());
        }
    }

    /** A file refused for a reason of the upload itself (e.g. a ZIP entry over the size limit). */
    void reject(String name, String reason) {
        rejected++;
        file(name, "rejected", reason, InstanceIds.UNKNOWN);
    }

    /** An entry that is not an instance (a directory, a DICOMDIR, macOS metadata): counted, not listed. */
    void skip() {
        skipped++;
    }

    private void file(String name, String status, String reason, InstanceIds ids) {
        files.addObject().put("name", name).put("status", status).put("reason", reason)
            .put("studyInstanceUid", ids.studyInstanceUid())
            .put("seriesInstanceUid", ids.seriesInstanceUid())
            .put("sopInstanceUid", ids.sopInstanceUid());
    }

    /** The JSON answer; {@code error} (or null) says why the upload stopped before its end. */
    byte[] json(String error) {
        ObjectNode answer = body.deepCopy();
        answer.put("stored", stored).put("duplicate", duplicate).put("rejected", rejected).put("skipped", skipped);
        if (error != null) {
            answer.put("error", error);
        }
        try {
            return JSON.writeValueAsBytes(answer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
