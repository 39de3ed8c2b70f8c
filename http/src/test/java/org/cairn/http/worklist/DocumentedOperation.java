package org.cairn.http.worklist;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of the OpenAPI document as a request the tests can send: its path with every path parameter filled
 * with the parameter's {@code example} (so the document's examples are what the walk sends, and an operation whose
 * parameter has none cannot be walked), and, when it takes a body, the smallest one: {@code {}} for a JSON body,
 * a few bytes of the wrong type otherwise (the route refuses them, which is enough to show it was reached).
 *
 * @param method      upper-case HTTP method
 * @param template    the document's path, e.g. {@code /api/studies/{study}}
 * @param path        the path sent
 * @param permission  its {@code x-cairn-permission}
 * @param contentType the body's media type, or null for no body
 * @param body        the body, or null
 * @param statuses    the response codes it documents
 */
record DocumentedOperation(String method, String template, String path, String permission, String contentType,
                           String body, Set<String> statuses) {
    /** The methods an OpenAPI path item may hold, in the order the document lists them. */
    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** The values of {@code x-cairn-permission}: a {@link org.cairn.http.auth.Permission} id, or one of these two. */
    static final String AUTHENTICATED = "authenticated";
    static final String PUBLIC = "public";
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final String NOT_ITS_TYPE = "not the media type this operation takes";

    /** Every operation of {@code document}, in the document's order. */
    static List<DocumentedOperation> all(JsonNode document) {
        List<DocumentedOperation> operations = new ArrayList<>();
        JsonNode paths = document.path("paths");
        for (String template : fieldNames(paths)) {
            JsonNode item = paths.path(template);
            for (String method : fieldNames(item)) {
                if (METHODS.contains(method)) {
                    operations.add(of(document, template, item, method));
                }
            }
        }
        return operations;
    }

    private static DocumentedOperation of(JsonNode document, String template, JsonNode item, String method) {
        JsonNode operation = item.path(method);
        List<JsonNode> parameters = new ArrayList<>();
        item.path("parameters").forEach(p -> parameters.add(resolve(document, p)));
        operation.path("parameters").forEach(p -> parameters.add(resolve(document, p)));
        StringBuilder path = new StringBuilder();
        Matcher m = PATH_PARAMETER.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            JsonNode example = parameters.stream()
                .filter(p -> p.path("in").asText().equals("path") && p.path("name").asText().equals(name))
                .map(p -> p.path("example"))
                .filter(JsonNode::isValueNode)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(method.toUpperCase() + " " + template
                    + ": path parameter " + name + " is not declared with an example"));
            m.appendReplacement(path, Matcher.quoteReplacement(example.asText()));
        }
        m.appendTail(path);
        String contentType = null;
        String body = null;
        JsonNode requestBody = operation.path("requestBody").path("content");
        if (!requestBody.isMissingNode()) {
            List<String> types = fieldNames(requestBody);
            contentType = types.stream().filter(t -> t.equals("application/json") || t.equals("application/fhir+json"))
                .findFirst().orElse("application/octet-stream");
            body = contentType.equals("application/octet-stream") ? NOT_ITS_TYPE : "{}";
        }
        return new DocumentedOperation(method.toUpperCase(), template, path.toString(),
            operation.path("x-cairn-permission").asText(null), contentType, body,
            new LinkedHashSet<>(fieldNames(operation.path("responses"))));
    }

    /** A parameter given in place or as a {@code $ref} to components. */
    private static JsonNode resolve(JsonNode document, JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> i = node.fieldNames(); i.hasNext(); ) {
            names.add(i.next());
        }
        return names;
    }

    /** "POST /api/studies/{study}/purge". */
    @Override
    public String toString() {
        return method + " " + template;
    }
}
