package org.cairn.http.worklist;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FHIR {@code date} or {@code dateTime} as a DICOM date (DA, YYYYMMDD) and time (TM, HHMMSS[.FFFFFF]).
 *
 * <p>The wall-clock date and time are kept as written and the UTC offset is dropped, not converted to the node's
 * zone: a scheduled start of {@code 2024-05-02T09:30:00+02:00} is {@code 20240502} {@code 093000}. The ordering
 * system writes times for the department where the modality stands, DICOM's DA and TM carry no zone, and a
 * modality shows them as local times; converting would move the appointment whenever the node's zone differs.
 *
 * @param date the DA value
 * @param time the TM value, or null when only a date was given
 */
public record DicomDateTime(String date, String time) {
    private static final Pattern DATE_TIME = Pattern.compile(
        "(\\d{4})-(\\d{2})-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?(?:Z|[+-]\\d{2}:\\d{2})?)?");
    private static final Pattern PARTIAL_DATE = Pattern.compile("\\d{4}(-\\d{2})?");

    /** A FHIR dateTime with at least a full date; {@link IllegalArgumentException} otherwise. */
    public static DicomDateTime fromFhir(String value) {
        Matcher m = value == null ? null : DATE_TIME.matcher(value.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("\"" + value + "\" is not a FHIR dateTime with a full date "
                + "(YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.fff][Z|+hh:mm])");
        }
        String date = date(m.group(1), m.group(2), m.group(3), value);
        if (m.group(4) == null) {
            return new DicomDateTime(date, null);
        }
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        if (hour > 23 || minute > 59 || second > 60) {
            throw new IllegalArgumentException("\"" + value + "\" has no valid time of day");
        }
        StringBuilder time = new StringBuilder(m.group(4)).append(m.group(5)).append(m.group(6) == null ? "00" : m.group(6));
        if (m.group(7) != null) {
            String fraction = m.group(7);
            time.append('.').append(fraction, 0, Math.min(6, fraction.length())); // TM holds microseconds at most
        }
        return new DicomDateTime(date, time.toString());
    }

    /**
     * A FHIR {@code date} (a birth date) as DA; null for a partial date (YYYY or YYYY-MM), which DA cannot hold;
     * {@link IllegalArgumentException} for anything else that is not a date.
     */
    public static String birthDate(String value) {
        if (value != null && PARTIAL_DATE.matcher(value.trim()).matches()) {
            return null;
        }
        DicomDateTime parsed = fromFhir(value);
        if (parsed.time() != null) {
            throw new IllegalArgumentException("\"" + value + "\" is a dateTime, not a date");
        }
        return parsed.date();
    }

    private static String date(String year, String month, String day, String value) {
        try {
            LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("\"" + value + "\" is not a valid date");
        }
        return year + month + day;
    }
}
