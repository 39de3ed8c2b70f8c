package org.cairn.http;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefixTest;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.http.auth.Access;
import org.cairn.http.auth.HttpSecurity;
import org.cairn.http.auth.Permission;

/**
 * The node's whole HTTP API and the permission each part needs, in one place: the node serves it, and the test that
 * walks the OpenAPI document checks it. Routes that mix permissions (the study management API, the event routes:
 * feed, streams, webhooks, FHIR publications) say theirs inside; the others are wrapped here. {@code /health} is
 * public, and so is the web UI's page ({@code /ui}, which signs in against the API); everything else is behind
 * {@link HttpSecurity#secure}.
 */
public record ApiRoutes(Route health, Route metrics, Route studies, Route qido, Route wado, Route wadoUri, Route stow,
                        Route upload, Route worklist, Route fhir, Route worklistAudit, Route events,
                        Route openApi, Route ui) {

    /** The API as served: {@link #routes} behind {@code security}. */
    public Route secured(HttpSecurity security) {
        return security.secure(routes(security));
    }

    /** Every route with the permission it needs, not yet behind authentication (which {@link #secured} adds). */
    public Route routes(HttpSecurity security) {
        return concat(
            health,
            ui,
            security.routes(),
            studies,
            under("dicom-web", get(() -> Access.require(Permission.READ, () -> concat(qido, wado)))),
            under("dicom-web", post(() -> Access.require(Permission.STORE, () -> stow))),
            under("wado", Access.require(Permission.READ, () -> wadoUri)),
            pathPrefixTest(segment("api").slash("uploads"), () -> Access.require(Permission.STORE, () -> upload)),
            pathPrefixTest(segment("api").slash("worklist"), () -> concat(
                get(() -> Access.require(Permission.READ, () -> worklist)),
                Access.require(Permission.WORKLIST, () -> worklist))),
            under("fhir", Access.require(Permission.WORKLIST, () -> fhir)),
            pathPrefixTest(segment("api").slash("audit").slash("worklist-queries"), () ->
                Access.require(Permission.ADMIN, () -> worklistAudit)),
            under("metrics", Access.require(Permission.ADMIN, () -> metrics)),
            events,
            Access.authenticated(principal -> openApi));
    }

    /**
     * {@code inner} for paths under {@code prefix} only (the path is left for {@code inner} to match): a permission
     * is asked where a route may answer, so a path no route serves stays a 404, whoever asks.
     */
    private static Route under(String prefix, Route inner) {
        return pathPrefixTest(prefix, () -> inner);
    }
}
