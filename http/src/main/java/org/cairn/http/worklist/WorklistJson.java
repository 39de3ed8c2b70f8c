package org.cairn.http.worklist;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.cairn.worklist.Order;

/**
 * The REST API's JSON: orders read with the record component names as keys, entries and errors written. Unknown
 * keys in an order are refused rather than ignored, so a misspelt key ("studyUID") fails loudly instead of silently
 * scheduling an order without it. Null attributes are left out of what is written.
 */
public final class WorklistJson {
    private static final ObjectMapper READER = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final ObjectMapper WRITER = new ObjectMapper()
        .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    private WorklistJson() {
    }

    /** Thrown for a body that is not an order: malformed JSON, a wrong type, an unknown key. */
    public static final class BadOrderJson extends Exception {
        BadOrderJson(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The order in {@code body}. */
    public static Order readOrder(byte[] body) throws BadOrderJson {
        if (body.length == 0) {
            throw new BadOrderJson("the request body is empty; an order (JSON object) is expected", null);
        }
        try {
            JsonNode tree = READER.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new BadOrderJson("an order must be a JSON object", null);
            }
            return READER.treeToValue(tree, Order.class);
        } catch (UnrecognizedPropertyException e) {
            throw new BadOrderJson("unknown attribute \"" + e.getPropertyName() + "\" in " + path(e), e);
        } catch (JsonProcessingException e) {
            throw new BadOrderJson("malformed order JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadOrderJson("unreadable order JSON: " + e.getMessage(), e);
        }
    }

    private static String path(UnrecognizedPropertyException e) {
        StringBuilder where = new StringBuilder("order");
        var refs = e.getPath();
        for (int i = 0; i < refs.size() - 1; i++) {
            where.append('.').append(refs.get(i).getFieldName());
        }
        return where.toString();
    }

    /** An entry: accessionNumber, status, order, linkedStudies, updatedAt (ISO-8601 UTC), source. */
    public static ObjectNode entry(WorklistEntryView entry) {
        ObjectNode node = WRITER.createObjectNode();
        node.put("accessionNumber", entry.accessionNumber());
        node.put("status", entry.status() == null ? null : entry.status().name());
        if (entry.order() != null) {
            node.set("order", WRITER.valueToTree(entry.order()));
        }
        ArrayNode studies = node.putArray("linkedStudies");
        entry.linkedStudies().forEach(studies::add);
        if (entry.updatedAt() != null) {
            node.put("updatedAt", entry.updatedAt().toString());
        }
        if (entry.source() != null) {
            node.put("source", entry.source());
        }
        return node;
    }

    /** A page of entries: {@code {"entries": [...], "limit": n, "offset": n}}. */
    public static ObjectNode page(List<WorklistEntryView> entries, int limit, int offset) {
        ObjectNode node = WRITER.createObjectNode();
        ArrayNode list = node.putArray("entries");
        entries.forEach(e -> list.add(entry(e)));
        node.put("limit", limit);
        node.put("offset", offset);
        return node;
    }

    /** An error body: {@code {"error": "..."}}. */
    public static ObjectNode error(String message) {
        return WRITER.createObjectNode().put("error", message);
    }
}
