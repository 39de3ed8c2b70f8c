package org.cairn.http.wado;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMultiMap;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.dicom.pixel.ImageEncoding;
import org.cairn.dicom.pixel.RenderOptions;
import org.cairn.views.InstanceFiles;

/**
 * WADO-RS (PS3.18 10.4): the retrieve side of DICOMweb under {@code /dicom-web}.
 *
 * <ul>
 *   <li>{@code /studies/{s}}, {@code /studies/{s}/series/{se}}, {@code .../instances/{i}}: Part 10 files as
 *       {@code multipart/related; type="application/dicom"}, served in their stored transfer syntax (see
 *       {@link Negotiation#dicom});</li>
 *   <li>{@code .../metadata}: the stored attributes as DICOM JSON, from the views without opening a file;</li>
 *   <li>{@code .../instances/{i}/frames/{1,2,...}}: frames in their stored encoding;</li>
 *   <li>{@code .../instances/{i}/bulkdata/{tag}}: a top-level element's value;</li>
 *   <li>{@code .../instances/{i}/rendered}, {@code .../frames/{n}/rendered}: JPEG or PNG, with {@code window},
 *       {@code viewport} and {@code quality}; a multi-frame instance renders its first frame;</li>
 *   <li>{@code .../thumbnail} of a study, series, instance or frame.</li>
 * </ul>
 *
 * The {@code accept} query parameter, when given, stands for the Accept header (PS3.18 8.3.3.1). Authentication
 * is not done here: the node wraps these routes.
 */
public final class WadoRoutes {
    private final WadoService service;

    private WadoRoutes(WadoService service) {
        this.service = service;
    }

    /**
     * The routes over the views, serving files through {@code files} (never the blob store directly, so that
     * changes to a study apply to what leaves the archive).
     *
     * @param views     the view database
     * @param files     opens the instance files as they are served
     * @param blocking  runs database reads, file headers and rendering
     * @param settings  the {@code cairn.dicomweb} settings
     */
    public static Route create(DataSource views, InstanceFiles files, Executor blocking, DicomwebSettings settings) {
        return new WadoRoutes(new WadoService(views, files, blocking, settings)).route();
    }

    /** As {@link #create(DataSource, InstanceFiles, Executor, DicomwebSettings)}, settings read from {@code config}. */
    public static Route create(DataSource views, InstanceFiles files, Executor blocking, Config config) {
        return create(views, files, blocking, DicomwebSettings.fromConfig(config));
    }

    private Route route() {
        return pathPrefix("dicom-web", () -> pathPrefix("studies", () -> pathPrefix(study -> concat(
            pathEndOrSingleSlash(() -> retrieve(new InstanceCatalog.Scope(study, null, null))),
            level(new InstanceCatalog.Scope(study, null, null)),
            pathPrefix("series", () -> pathPrefix(series -> concat(
                pathEndOrSingleSlash(() -> retrieve(new InstanceCatalog.Scope(study, series, null))),
                level(new InstanceCatalog.Scope(study, series, null)),
                pathPrefix("instances", () -> pathPrefix(sop -> instance(new InstanceCatalog.Scope(study, series, sop))))
            )))))));
    }

    /** metadata and thumbnail of a study or series. */
    private Route level(InstanceCatalog.Scope scope) {
        return concat(
            pathPrefix("metadata", () -> pathEndOrSingleSlash(() -> metadata(scope))),
            pathPrefix("thumbnail", () -> pathEndOrSingleSlash(() -> thumbnail(scope))));
    }

    private Route instance(InstanceCatalog.Scope scope) {
        return concat(
            pathEndOrSingleSlash(() -> retrieve(scope)),
            pathPrefix("metadata", () -> pathEndOrSingleSlash(() -> metadata(scope))),
            pathPrefix("thumbnail", () -> pathEndOrSingleSlash(() -> thumbnail(scope))),
            pathPrefix("rendered", () -> pathEndOrSingleSlash(() -> rendered(scope, "1"))),
            pathPrefix("bulkdata", () -> pathPrefix(tag -> pathEndOrSingleSlash(() -> bulkData(scope, tag)))),
            pathPrefix("frames", () -> pathPrefix(list -> concat(
                pathEndOrSingleSlash(() -> frames(scope, list)),
                pathPrefix("rendered", () -> pathEndOrSingleSlash(() -> rendered(scope, list))),
                pathPrefix("thumbnail", () -> pathEndOrSingleSlash(() -> thumbnailOfFrame(scope, list)))))));
    }

    /** A GET whose answer runs on the blocking executor, given the request and its query parameters. */
    private Route handle(Handler handler) {
        return get(() -> extractRequest(request -> parameterMultiMap(params -> completeWithFuture(
            service.async(() -> handler.handle(request, params))))));
    }

    @FunctionalInterface
    private interface Handler {
        HttpResponse handle(HttpRequest request, Map<String, List<String>> params) throws Exception;
    }

    private Route retrieve(InstanceCatalog.Scope scope) {
        return handle((request, params) -> service.retrieve(scope, accept(request, params)));
    }

    private Route metadata(InstanceCatalog.Scope scope) {
        return handle((request, params) -> service.metadata(scope, accept(request, params), baseUri(request)));
    }

    private Route frames(InstanceCatalog.Scope scope, String list) {
        return handle((request, params) -> service.frames(scope, frameNumbers(list), accept(request, params)));
    }

    private Route bulkData(InstanceCatalog.Scope scope, String tag) {
        return handle((request, params) -> service.bulkData(scope, tag(tag), accept(request, params)));
    }

    private Route rendered(InstanceCatalog.Scope scope, String frame) {
        return handle((request, params) -> {
            List<Integer> frames = frameNumbers(frame);
            if (frames.size() != 1) {
                throw WadoException.badRequest("a rendered frame is one frame number, not a list: " + frame);
            }
            ImageEncoding.Format format = Negotiation.rendered(accept(request, params));
            int quality = RenderParameters.quality(RenderParameters.single(params, "quality"),
                service.settings().jpegQuality());
            RenderOptions options = RenderParameters.options(RenderParameters.single(params, "viewport"),
                RenderParameters.window(RenderParameters.single(params, "window")));
            return service.rendered(service.instance(scope), frames.get(0), format, quality, d -> options);
        });
    }

    private Route thumbnail(InstanceCatalog.Scope scope) {
        return handle((request, params) -> {
            ImageEncoding.Format format = Negotiation.rendered(accept(request, params));
            int quality = RenderParameters.quality(RenderParameters.single(params, "quality"),
                service.settings().jpegQuality());
            return service.thumbnail(scope, format, quality,
                RenderParameters.options(RenderParameters.single(params, "viewport"), null));
        });
    }

    private Route thumbnailOfFrame(InstanceCatalog.Scope scope, String frame) {
        return handle((request, params) -> {
            List<Integer> frames = frameNumbers(frame);
            if (frames.size() != 1) {
                throw WadoException.badRequest("a thumbnail is of one frame, not a list: " + frame);
            }
            ImageEncoding.Format format = Negotiation.rendered(accept(request, params));
            int quality = RenderParameters.quality(RenderParameters.single(params, "quality"),
                service.settings().jpegQuality());
            RenderOptions options = RenderParameters.options(RenderParameters.single(params, "viewport"), null);
            RenderOptions fitted = options.maxWidth() > 0 ? options : new RenderOptions(null, null,
                service.settings().thumbnailSize(), service.settings().thumbnailSize());
            return service.rendered(service.instance(scope), frames.get(0), format, quality, d -> fitted);
        });
    }

    /** The {@code accept} query parameter if given, else the Accept header(s). */
    static List<MediaRange> accept(HttpRequest request, Map<String, List<String>> params) {
        List<String> query = params.get("accept");
        if (query != null && !query.isEmpty()) {
            return MediaRange.parseList(String.join(",", query));
        }
        List<String> values = new ArrayList<>();
        for (HttpHeader h : request.getHeaders()) {
            if (h.is("accept")) {
                values.add(h.value());
            }
        }
        return MediaRange.parseList(String.join(",", values));
    }

    /** The URL of {@code /dicom-web} as the client reached it, for BulkDataURIs. */
    private static String baseUri(HttpRequest request) {
        Uri uri = request.getUri(); // the server makes it absolute from the Host header
        String host = uri.host().address();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return uri.scheme() + "://" + host + (uri.port() > 0 ? ":" + uri.port() : "") + "/dicom-web";
    }

    /** "1,3,5": frame numbers from 1, in the order asked. */
    static List<Integer> frameNumbers(String list) {
        List<Integer> numbers = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            try {
                int n = Integer.parseInt(item.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                numbers.add(n);
            } catch (NumberFormatException e) {
                throw WadoException.badRequest("frame numbers are whole numbers from 1, separated by commas: " + list);
            }
        }
        return numbers;
    }

    /** An 8-digit hexadecimal tag ("7FE00010"). */
    static int tag(String value) {
        if (!value.matches("[0-9A-Fa-f]{8}")) {
            throw WadoException.badRequest("a bulk data tag is 8 hexadecimal digits, like 7FE00010: " + value);
        }
        return (int) Long.parseLong(value, 16);
    }
}
