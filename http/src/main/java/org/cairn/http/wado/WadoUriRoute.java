package org.cairn.http.wado;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMultiMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.dicom.pixel.ImageEncoding;
import org.cairn.dicom.pixel.PixelDescription;
import org.cairn.dicom.pixel.RenderOptions;
import org.cairn.dicom.pixel.VoiWindow;
import org.cairn.views.InstanceFiles;
import org.cairn.views.RetrievableInstance;

/**
 * WADO-URI (PS3.18 chapter 9): {@code GET /wado?requestType=WADO&studyUID=&seriesUID=&objectUID=} with
 * {@code contentType} application/dicom (the file, in its stored transfer syntax; {@code transferSyntax} may only
 * name that one), image/jpeg or image/png (rendered: {@code frameNumber}, {@code windowCenter} and
 * {@code windowWidth}, {@code rows}, {@code columns}, {@code region}, {@code imageQuality}). Without contentType
 * an image is rendered as JPEG and any other object sent as application/dicom. Missing or malformed parameters
 * are 400; {@code anonymize=yes} and {@code presentationUID} are refused (400) rather than ignored, since
 * ignoring them would hand out something other than what was asked for.
 */
public final class WadoUriRoute {
    private final WadoService service;

    private WadoUriRoute(WadoService service) {
        this.service = service;
    }

    /** The route; arguments as for {@link WadoRoutes#create(DataSource, InstanceFiles, Executor, DicomwebSettings)}. */
    public static Route create(DataSource views, InstanceFiles files, Executor blocking, DicomwebSettings settings) {
        return new WadoUriRoute(new WadoService(views, files, blocking, settings)).route();
    }

    public static Route create(DataSource views, InstanceFiles files, Executor blocking, Config config) {
        return create(views, files, blocking, DicomwebSettings.fromConfig(config));
    }

    private Route route() {
        return path("wado", () -> get(() -> parameterMultiMap(params ->
            completeWithFuture(service.async(() -> answer(params))))));
    }

    private HttpResponse answer(Map<String, List<String>> params) throws Exception {
        String requestType = required(params, "requestType");
        if (!requestType.equals("WADO")) {
            throw WadoException.badRequest("requestType must be WADO: " + requestType);
        }
        InstanceCatalog.Scope scope = new InstanceCatalog.Scope(uid(params, "studyUID"), uid(params, "seriesUID"),
            uid(params, "objectUID"));
        if ("yes".equalsIgnoreCase(RenderParameters.single(params, "anonymize"))) {
            throw WadoException.badRequest("anonymize=yes is not supported");
        }
        if (RenderParameters.single(params, "presentationUID") != null) {
            throw WadoException.badRequest("presentation states (presentationUID) are not supported");
        }
        String contentType = RenderParameters.single(params, "contentType");
        String transferSyntax = RenderParameters.single(params, "transferSyntax");
        List<MediaRange> wanted = MediaRange.parseList(contentType);
        boolean dicom = !wanted.isEmpty() && wanted.get(0).essence().equals(WadoService.DICOM);
        if (wanted.isEmpty()) {
            // PS3.18 9.1.2.1.4: rendered JPEG for an image, the object itself otherwise
            RetrievableInstance instance = service.instance(scope);
            dicom = !service.isImage(instance);
        }
        if (dicom) {
            for (String imageOnly : List.of("frameNumber", "windowCenter", "windowWidth", "rows", "columns", "region",
                "imageQuality")) {
                if (params.containsKey(imageOnly)) {
                    throw WadoException.badRequest(imageOnly + " applies to image/jpeg or image/png, not application/dicom");
                }
            }
            return service.file(scope, transferSyntax);
        }
        if (transferSyntax != null) {
            throw WadoException.badRequest("transferSyntax applies to contentType=application/dicom only");
        }
        ImageEncoding.Format format = Negotiation.rendered(wanted);
        int frame = params.containsKey("frameNumber")
            ? RenderParameters.positive(RenderParameters.single(params, "frameNumber"), "frameNumber") : 1;
        int quality = RenderParameters.quality(RenderParameters.single(params, "imageQuality"),
            service.settings().jpegQuality());
        VoiWindow window = window(params);
        int rows = params.containsKey("rows") ? RenderParameters.positive(RenderParameters.single(params, "rows"), "rows") : 0;
        int columns = params.containsKey("columns")
            ? RenderParameters.positive(RenderParameters.single(params, "columns"), "columns") : 0;
        double[] region = region(RenderParameters.single(params, "region"));
        return service.rendered(service.instance(scope), frame, format, quality,
            d -> new RenderOptions(window, pixels(region, d), columns, rows));
    }

    private static VoiWindow window(Map<String, List<String>> params) {
        String center = RenderParameters.single(params, "windowCenter");
        String width = RenderParameters.single(params, "windowWidth");
        if (center == null && width == null) {
            return null;
        }
        if (center == null || width == null) {
            throw WadoException.badRequest("windowCenter and windowWidth go together");
        }
        try {
            return new VoiWindow(RenderParameters.number(center, "windowCenter"),
                RenderParameters.number(width, "windowWidth"), VoiWindow.Function.LINEAR);
        } catch (IllegalArgumentException e) {
            throw WadoException.badRequest("window " + center + "/" + width + ": " + e.getMessage());
        }
    }

    /** region=x1,y1,x2,y2: fractions of the image from 0 to 1 (PS3.18 9.1.2.1.10). */
    private static double[] region(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(",", -1);
        if (parts.length != 4) {
            throw WadoException.badRequest("region is x1,y1,x2,y2: " + value);
        }
        double[] r = new double[4];
        for (int i = 0; i < 4; i++) {
            r[i] = RenderParameters.number(parts[i], "region");
            if (r[i] < 0 || r[i] > 1) {
                throw WadoException.badRequest("region values are fractions from 0 to 1: " + value);
            }
        }
        if (r[2] <= r[0] || r[3] <= r[1]) {
            throw WadoException.badRequest("a region's bottom right is below and right of its top left: " + value);
        }
        return r;
    }

    private static RenderOptions.Region pixels(double[] region, PixelDescription d) {
        if (region == null) {
            return null;
        }
        int x = (int) Math.floor(region[0] * d.columns());
        int y = (int) Math.floor(region[1] * d.rows());
        int x2 = (int) Math.ceil(region[2] * d.columns());
        int y2 = (int) Math.ceil(region[3] * d.rows());
        return new RenderOptions.Region(Math.min(x, d.columns() - 1), Math.min(y, d.rows() - 1),
            Math.max(1, x2 - x), Math.max(1, y2 - y));
    }

    private static String required(Map<String, List<String>> params, String name) {
        String value = RenderParameters.single(params, name);
        if (value == null || value.isBlank()) {
            throw WadoException.badRequest("the parameter " + name + " is required");
        }
        return value.trim();
    }

    private static String uid(Map<String, List<String>> params, String name) {
        String value = required(params, name);
        if (value.length() > 64 || !value.matches("[0-9]+(\\.[0-9]+)*")) {
            throw WadoException.badRequest(name + " is not a UID: " + value);
        }
        return value;
    }
}
