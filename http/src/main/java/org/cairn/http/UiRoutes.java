package org.cairn.http;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.redirect;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.directives.ContentTypeResolver;

/**
 * The web UI under {@code /ui}: the page and its assets, built into the classpath's {@code ui/} by the http
 * module's build. Public, as it holds no patient data: the page signs in against the API. Asset names carry a hash
 * of their content, so they are cached for good; the page itself never, so a new build is seen at once.
 */
public final class UiRoutes {
    /** Browsers compile WebAssembly as it streams in only when it says what it is; Pekko knows no .wasm. */
    private static final ContentType WASM = ContentTypes.create(MediaTypes.applicationBinary("wasm", false));
    private static final ContentTypeResolver TYPES = name -> name.endsWith(".wasm") ? WASM
        : org.apache.pekko.http.scaladsl.server.directives.ContentTypeResolver$.MODULE$.Default().apply(name);

    private UiRoutes() {
    }

    public static Route create() {
        Route page = respondWithHeaders(List.of(CacheControl.create(CacheDirectives.NO_CACHE)),
            () -> getFromResource("ui/index.html"));
        return get(() -> pathPrefix("ui", () -> concat(
            pathEnd(() -> redirect(Uri.create("/ui/"), StatusCodes.MOVED_PERMANENTLY)),
            pathSingleSlash(() -> page),
            pathPrefix("assets", () -> respondWithHeaders(
                List.of(CacheControl.create(CacheDirectives.PUBLIC, CacheDirectives.MAX_AGE(31_536_000L))),
                () -> getFromResourceDirectory("ui/assets", TYPES))),
            getFromResourceDirectory("ui", TYPES))));
    }
}
