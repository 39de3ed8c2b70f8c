package org.cairn.http.worklist;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;

/**
 * FHIR R4 {@code OperationOutcome} responses: how the FHIR feed says what went wrong, every issue at once so a
 * sender can fix its message in one round. All issues are errors (severity {@code error}); warnings are not used.
 */
public final class OperationOutcomes {
    /** {@code application/fhir+json}, the FHIR R4 JSON media type, always UTF-8. */
    public static final ContentType.WithFixedCharset FHIR_JSON = ContentTypes.create(
        MediaTypes.applicationWithFixedCharset("fhir+json", HttpCharsets.UTF_8));

    private OperationOutcomes() {
    }

    /** The OperationOutcome resource listing {@code issues}. */
    public static ObjectNode outcome(List<FhirIssue> issues) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("resourceType", "OperationOutcome");
        ArrayNode list = node.putArray("issue");
        for (FhirIssue issue : issues) {
            ObjectNode i = list.addObject().put("severity", "error").put("code", issue.code())
                .put("diagnostics", issue.diagnostics());
            if (issue.expression() != null) {
                i.putArray("expression").add(issue.expression());
            }
        }
        return node;
    }

    /** A response with that status and an OperationOutcome of {@code issues}. */
    public static HttpResponse response(StatusCode status, List<FhirIssue> issues) {
        return HttpResponse.create().withStatus(status)
            .withEntity(HttpEntities.create(FHIR_JSON, outcome(issues).toString()));
    }

    /** A response with one issue. */
    public static HttpResponse response(StatusCode status, FhirIssue issue) {
        return response(status, List.of(issue));
    }
}
