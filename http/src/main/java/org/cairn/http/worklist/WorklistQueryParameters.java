package org.cairn.http.worklist;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cairn.worklist.OrderStatus;

/**
 * The query parameters of {@code GET /api/worklist} turned into a {@link WorklistFilter}: {@code status} (a
 * comma-separated list of {@link OrderStatus} names, or of the DICOM step statuses STARTED and CANCELED, any case),
 * {@code modality}, {@code station} (Scheduled Station AE Title), {@code patientId}, {@code from} and {@code to}
 * (YYYYMMDD, inclusive), {@code limit} (1 to 1000, default 100) and {@code offset} (default 0). A value that cannot
 * be read is refused rather than ignored, so a client never mistakes an unfiltered list for a filtered one.
 * Empty values count as absent; unknown parameters are ignored.
 */
public final class WorklistQueryParameters {
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd")
        .withResolverStyle(ResolverStyle.STRICT);

    private WorklistQueryParameters() {
    }

    /** The filter; {@link IllegalArgumentException} with a message for the client on a bad value. */
    public static WorklistFilter parse(Map<String, String> params) {
        Set<OrderStatus> statuses = statuses(value(params, "status"));
        String from = date(value(params, "from"), "from");
        String to = date(value(params, "to"), "to");
        if (from != null && to != null && from.compareTo(to) > 0) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
        int limit = integer(value(params, "limit"), "limit", WorklistFilter.DEFAULT_LIMIT);
        if (limit < 1 || limit > WorklistFilter.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + WorklistFilter.MAX_LIMIT + ": " + limit);
        }
        int offset = integer(value(params, "offset"), "offset", 0);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        return new WorklistFilter(statuses, value(params, "modality"), value(params, "station"),
            value(params, "patientId"), from, to, limit, offset);
    }

    private static String value(Map<String, String> params, String name) {
        String v = params.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Set<OrderStatus> statuses(String list) {
        if (list == null) {
            return null;
        }
        Set<OrderStatus> wanted = EnumSet.noneOf(OrderStatus.class);
        for (String item : list.split(",", -1)) {
            wanted.add(status(item.trim()));
        }
        return wanted;
    }

    private static OrderStatus status(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (OrderStatus s : OrderStatus.values()) {
            if (s.name().equals(upper) || s.stepStatus().equals(upper)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status \"" + name + "\" (expected SCHEDULED, IN_PROGRESS, "
            + "COMPLETED, DISCONTINUED or CANCELLED)");
    }

    private static String date(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            LocalDate.parse(value, DA);
            return value;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date as YYYYMMDD: \"" + value + "\"");
        }
    }

    private static int integer(String value, String name, int absent) {
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer: \"" + value + "\"");
        }
    }
}
