package org.cairn.http.worklist;

/**
 * One problem found in a FHIR request, as an {@code OperationOutcome.issue}.
 *
 * @param code        the FHIR IssueType: {@code invalid}, {@code required}, {@code not-found}, {@code conflict},
 *                    {@code structure}, {@code not-supported}, {@code exception}
 * @param diagnostics what is wrong, for a person
 * @param expression  where (a FHIRPath such as {@code ServiceRequest.subject}), or null
 */
public record FhirIssue(String code, String diagnostics, String expression) {

    public static FhirIssue invalid(String expression, String diagnostics) {
        return new FhirIssue("invalid", diagnostics, expression);
    }

    public static FhirIssue required(String expression, String diagnostics) {
        return new FhirIssue("required", diagnostics, expression);
    }

    public static FhirIssue notFound(String expression, String diagnostics) {
        return new FhirIssue("not-found", diagnostics, expression);
    }
}
