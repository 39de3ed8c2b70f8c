package org.cairn.query;

import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;

/**
 * A Modality Worklist C-FIND identifier (PS3.4 K.6), understood: one {@link MatchKey} per non-universal key, the
 * Scheduled Procedure Step Sequence's keys matched within one item. When both Scheduled Procedure Step Start Date
 * and Start Time are ranges they match as one date-time range (PS3.4 C.2.2.2.5): "20261201-20261202" with
 * "0800-1200" runs from 1 December 08:00 to 2 December 12:00. Pure; the views narrow the candidates with
 * {@link #singleValue} and {@link #startDateRange} first.
 */
public final class WorklistRequest {
    private final DataSet identifier;
    private final List<MatchKey> keys;
    private final List<MatchKey> stepKeys;
    private final MatchKey startDate;
    private final MatchKey startTime;
    private final boolean combinedStart;

    private WorklistRequest(DataSet identifier, List<MatchKey> keys, List<MatchKey> stepKeys, MatchKey startDate,
                            MatchKey startTime) {
        this.identifier = identifier;
        this.keys = keys;
        this.stepKeys = stepKeys;
        this.startDate = startDate;
        this.startTime = startTime;
        this.combinedStart = startDate != null && startTime != null && startDate.kind() == MatchKey.Kind.RANGE
            && startTime.kind() == MatchKey.Kind.RANGE;
    }

    public static WorklistRequest parse(DataSet identifier, boolean ignorePnCase) throws QueryException {
        List<MatchKey> keys = new ArrayList<>();
        List<MatchKey> stepKeys = new ArrayList<>();
        MatchKey date = null;
        MatchKey time = null;
        try {
            for (DataElement e : identifier) {
                int tag = e.tag();
                if (tag == Tag.SpecificCharacterSet || (tag & 0xFFFF) == 0) {
                    continue;
                }
                if (tag == Tag.ScheduledProcedureStepSequence) {
                    List<DataSet> items = e.items();
                    if (items == null || items.isEmpty()) {
                        continue;
                    }
                    if (items.size() > 1) {
                        throw new QueryException(FindRequest.UNABLE_TO_PROCESS,
                            "the Scheduled Procedure Step Sequence key may hold one item, not " + items.size());
                    }
                    for (DataElement k : items.get(0)) {
                        MatchKey key = MatchKey.of(items.get(0), k, ignorePnCase);
                        if (key == null) {
                            continue;
                        }
                        if (k.tag() == Tag.ScheduledProcedureStepStartDate) {
                            date = key;
                        } else if (k.tag() == Tag.ScheduledProcedureStepStartTime) {
                            time = key;
                        } else {
                            stepKeys.add(key);
                        }
                    }
                    continue;
                }
                MatchKey key = MatchKey.of(identifier, e, ignorePnCase);
                if (key != null) {
                    keys.add(key);
                }
            }
        } catch (RuntimeException malformed) {
            throw new QueryException(FindRequest.UNABLE_TO_PROCESS, "unreadable key: " + malformed.getMessage());
        }
        return new WorklistRequest(identifier, List.copyOf(keys), List.copyOf(stepKeys), date, time);
    }

    /** The identifier as received: its elements are the keys to return. */
    public DataSet identifier() {
        return identifier;
    }

    /** Whether a worklist item matches every key. */
    public boolean matches(DataSet item) {
        for (MatchKey k : keys) {
            if (!k.matches(item)) {
                return false;
            }
        }
        if (stepKeys.isEmpty() && startDate == null && startTime == null) {
            return true;
        }
        DataElement steps = item.get(Tag.ScheduledProcedureStepSequence);
        if (steps == null || steps.items() == null) {
            return false;
        }
        for (DataSet step : steps.items()) {
            if (stepMatches(step)) {
                return true;
            }
        }
        return false;
    }

    private boolean stepMatches(DataSet step) {
        for (MatchKey k : stepKeys) {
            if (!k.matches(step)) {
                return false;
            }
        }
        if (combinedStart) {
            return startMatches(step.getString(Tag.ScheduledProcedureStepStartDate),
                step.getString(Tag.ScheduledProcedureStepStartTime));
        }
        return (startDate == null || startDate.matches(step)) && (startTime == null || startTime.matches(step));
    }

    /** Date and time as one instant in the range from (low date, low time) to (high date, high time). */
    private boolean startMatches(String date, String time) {
        String d = MatchKey.normalizeTemporal(date, Vr.DA);
        if (d.isEmpty()) {
            return false;
        }
        String t = MatchKey.normalizeTemporal(time, Vr.TM);
        String low = startDate.low().isEmpty() ? "" : startDate.low() + padTime(startTime.low(), "000000");
        String high = startDate.high().isEmpty() ? ""
            : startDate.high() + MatchKey.upperBound(startTime.high().isEmpty() ? "" : startTime.high(), Vr.TM);
        String candidate = d + padTime(t, "000000");
        if (t.isEmpty()) {
            // no time scheduled: the day decides
            return (startDate.low().isEmpty() || d.compareTo(startDate.low()) >= 0)
                && (startDate.high().isEmpty() || d.compareTo(startDate.high()) <= 0);
        }
        return (low.isEmpty() || candidate.compareTo(low) >= 0) && (high.isEmpty() || candidate.compareTo(high) <= 0);
    }

    private static String padTime(String time, String zeros) {
        return time.length() >= zeros.length() ? time : time + zeros.substring(time.length());
    }

    /**
     * The single value asked for {@code tag} (a top-level key, or one in the Scheduled Procedure Step item), or null
     * when it is absent, universal, a wildcard, a range or a list: what SQL may narrow on as an equality.
     */
    public String singleValue(int tag) {
        for (MatchKey k : keys) {
            if (k.tag() == tag) {
                return single(k);
            }
        }
        for (MatchKey k : stepKeys) {
            if (k.tag() == tag) {
                return single(k);
            }
        }
        return null;
    }

    private static String single(MatchKey k) {
        return k.kind() == MatchKey.Kind.SINGLE && k.values().size() == 1 && k.vr() != Vr.PN ? k.values().get(0) : null;
    }

    /**
     * The Scheduled Procedure Step Start Date range asked, as {low, high} (either "" when open), or null when the
     * date is not a key: what SQL may narrow on.
     */
    public String[] startDateRange() {
        if (startDate == null) {
            return null;
        }
        if (startDate.kind() == MatchKey.Kind.RANGE) {
            return new String[] {startDate.low(), startDate.high()};
        }
        if (startDate.kind() == MatchKey.Kind.SINGLE && startDate.values().size() == 1) {
            return new String[] {startDate.values().get(0), startDate.values().get(0)};
        }
        return null;
    }
}
