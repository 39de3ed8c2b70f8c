package org.cairn.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A public event as subscribers receive it: a CloudEvents 1.0 structured-mode JSON object, with the feed's
 * sequence number as the {@code seq} extension attribute (the cursor to resume after) and the schema version in
 * {@code dataschema}.
 */
public final class FeedEnvelope {
    private FeedEnvelope() {
    }

    /** {@code source} names the archive (a URI reference such as {@code /cairn/CAIRN}). */
    public static FeedEvent of(PublicEvent event, long seq, String source) {
        ObjectNode envelope = PublicEvents.JSON.createObjectNode()
            .put("specversion", "1.0")
            .put("id", event.id())
            .put("source", source)
            .put("type", event.type())
            .put("time", event.time().toString())
            .put("seq", seq)
            .put("datacontenttype", "application/json")
            .put("dataschema", EventTypes.SCHEMA);
        if (event.studyUid() != null) {
            envelope.put("subject", event.studyUid());
        }
        envelope.set("data", event.data());
        try {
            return new FeedEvent(seq, event.type(), event.studyUid(), event.time(),
                PublicEvents.JSON.writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
