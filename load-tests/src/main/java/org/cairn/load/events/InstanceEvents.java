package org.cairn.load.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** Reading the SOP Instance UID out of a public event's CloudEvents JSON (docs/events.md). */
public final class InstanceEvents {
    public static final String INSTANCE_CREATED = "instance.created";
    private static final ObjectMapper JSON = new ObjectMapper();

    private InstanceEvents() {
    }

    /** The instance an {@code instance.created} event is about; empty for any other event. */
    public static Optional<String> createdInstance(String eventJson) throws IOException {
        JsonNode event = JSON.readTree(eventJson);
        if (!INSTANCE_CREATED.equals(event.path("type").asText())) {
            return Optional.empty();
        }
        String sop = event.path("data").path("sopInstanceUid").asText();
        if (sop.isEmpty()) {
            throw new IOException("an instance.created event without data.sopInstanceUid: " + eventJson);
        }
        return Optional.of(sop);
    }
}
