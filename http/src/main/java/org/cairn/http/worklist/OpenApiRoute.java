package org.cairn.http.worklist;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.0.3 document of the node's whole HTTP API (DICOMweb, the REST study
 * API and jobs, uploads, users and audits, the worklist REST and FHIR feeds, health and metrics), each operation
 * with the permission it needs ({@code x-cairn-permission}). It is a static resource, {@code openapi.json}, written
 * by hand next to the routes rather than generated from them; a test walks every operation through the routes, with
 * and without credentials and as every role, so the two cannot drift apart unnoticed.
 */
public final class OpenApiRoute {
    /** Where the document is on the class path. */
    public static final String RESOURCE = "/openapi.json";

    private OpenApiRoute() {
    }

    /** The route serving the document, read once. */
    public static Route create() {
        byte[] document = document();
        return pathPrefix("api", () -> path("openapi.json", () -> get(() ->
            complete(HttpEntities.create(ContentTypes.APPLICATION_JSON, document)))));
    }

    /** The document's bytes (UTF-8 JSON). */
    public static byte[] document() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
