package org.cairn.http.wado;

import java.util.List;
import java.util.Map;
import org.cairn.dicom.pixel.RenderOptions;
import org.cairn.dicom.pixel.VoiWindow;

/**
 * The query parameters of a rendered resource (PS3.18 8.3.5.1): {@code window=center,width[,function]},
 * {@code viewport=vw,vh[,sx,sy,sw,sh]} and {@code quality=1..100}. Malformed values are 400, never ignored.
 */
final class RenderParameters {
    private RenderParameters() {
    }

    static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw WadoException.badRequest("the parameter " + name + " is given " + values.size() + " times");
        }
        return values.get(0);
    }

    static VoiWindow window(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(",", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw WadoException.badRequest("window is center,width[,function]: " + value);
        }
        try {
            return new VoiWindow(number(parts[0], "window center"), number(parts[1], "window width"),
                VoiWindow.Function.of(parts.length == 3 ? parts[2] : null));
        } catch (IllegalArgumentException e) {
            throw WadoException.badRequest("window " + value + ": " + e.getMessage());
        }
    }

    /** The viewport as render options with {@code window}; {@code null} value: the image's own size. */
    static RenderOptions options(String viewport, VoiWindow window) {
        if (viewport == null) {
            return new RenderOptions(window, null, 0, 0);
        }
        String[] parts = viewport.split(",", -1);
        if (parts.length != 2 && parts.length != 6) {
            throw WadoException.badRequest("viewport is vw,vh or vw,vh,sx,sy,sw,sh: " + viewport);
        }
        int vw = positive(parts[0], "viewport width");
        int vh = positive(parts[1], "viewport height");
        RenderOptions.Region region = null;
        if (parts.length == 6) {
            int sx = (int) number(parts[2], "sx");
            int sy = (int) number(parts[3], "sy");
            int sw = positive(parts[4], "sw");
            int sh = positive(parts[5], "sh");
            if (sx < 0 || sy < 0) {
                throw WadoException.badRequest("the viewport's source region starts at 0 or more: " + viewport);
            }
            region = new RenderOptions.Region(sx, sy, sw, sh);
        }
        return new RenderOptions(window, region, vw, vh);
    }

    static int quality(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        int q = positive(value, "quality");
        if (q > 100) {
            throw WadoException.badRequest("quality is 1 to 100: " + value);
        }
        return q;
    }

    static double number(String value, String what) {
        try {
            double d = Double.parseDouble(value.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw WadoException.badRequest(what + " is not a number: " + value);
        }
    }

    static int positive(String value, String what) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n <= 0 || n > 65536) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw WadoException.badRequest(what + " is not a whole number from 1 to 65536: " + value);
        }
    }
}
