package org.cairn.dicom.pixel;

import java.util.Locale;

/**
 * A VOI window (PS3.3 C.11.2.1.2): which range of modality values spreads over the displayed grey levels, and by
 * which function.
 */
public record VoiWindow(double center, double width, Function function) {

    /** The VOI LUT Functions of PS3.3 C.11.2.1.3 (and PS3.18's {@code window} query parameter). */
    public enum Function {
        LINEAR, LINEAR_EXACT, SIGMOID;

        /** The function named by (0028,1056) or the query parameter ("linear-exact" as well as "LINEAR_EXACT"). */
        public static Function of(String name) {
            if (name == null || name.isBlank()) {
                return LINEAR;
            }
            return switch (name.trim().toUpperCase(Locale.ROOT).replace('-', '_')) {
                case "LINEAR" -> LINEAR;
                case "LINEAR_EXACT" -> LINEAR_EXACT;
                case "SIGMOID" -> SIGMOID;
                default -> throw new IllegalArgumentException("unknown VOI LUT function: " + name);
            };
        }
    }

    public VoiWindow {
        if (!(width > 0) || !Double.isFinite(center) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("a window needs a finite center and a width above 0");
        }
        if (function == Function.LINEAR && width < 1) {
            throw new IllegalArgumentException("a LINEAR window needs a width of at least 1");
        }
    }

    /** The output level (0..1) of modality value {@code x}. */
    public double apply(double x) {
        return switch (function) {
            case LINEAR -> {
                double c = center - 0.5;
                double w = width - 1;
                if (x <= c - w / 2) {
                    yield 0;
                }
                if (x > c + w / 2) {
                    yield 1;
                }
                yield w == 0 ? 1 : (x - c) / w + 0.5;
            }
            case LINEAR_EXACT -> {
                if (x <= center - width / 2) {
                    yield 0;
                }
                if (x > center + width / 2) {
                    yield 1;
                }
                yield (x - center) / width + 0.5;
            }
            case SIGMOID -> 1 / (1 + Math.exp(-4 * (x - center) / width));
        };
    }
}
