package org.cairn.query;

import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;

/**
 * The identifier of one C-FIND match (PS3.4 C.4.1.1.3.2): exactly the keys asked for, valued from the matching
 * record (zero length where it has none, and for keys below the query level), plus Query/Retrieve Level,
 * Retrieve AE Title and Specific Character Set. Text is re-encoded in UTF-8 whenever the record had any
 * character set of its own, so that names from different character sets can share one response stream.
 */
public final class FindResponses {
    private FindResponses() {
    }

    public static DataSet identifier(FindRequest request, DataSet candidate, String retrieveAeTitle) {
        DataSet out = new DataSet();
        if (candidate.get(Tag.SpecificCharacterSet) != null) {
            out.putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        }
        DataSet keys = request.identifier();
        for (DataElement key : keys) {
            int tag = key.tag();
            if (tag == Tag.SpecificCharacterSet || (tag & 0xFFFF) == 0) {
                continue;
            }
            if (tag == Tag.QueryRetrieveLevel) {
                out.putString(tag, Vr.CS, request.level().name());
            } else if (tag == Tag.RetrieveAETitle) {
                out.putString(tag, Vr.AE, retrieveAeTitle);
            } else if (tag == Tag.InstanceAvailability) {
                out.putString(tag, Vr.CS, "ONLINE");
            } else if (AttributeLevels.levelOf(tag).ordinal() > request.level().ordinal()) {
                out.put(empty(keys, key));
            } else {
                copy(candidate, keys, key, out);
            }
        }
        if (!keys.contains(Tag.QueryRetrieveLevel)) {
            out.putString(Tag.QueryRetrieveLevel, Vr.CS, request.level().name());
        }
        return out;
    }

    /**
     * Exactly the keys of {@code keys}, valued from {@code candidate} (zero length where it has none), with no
     * Query/Retrieve control keys: a Modality Worklist response (PS3.4 K.4.1.3.2). Text is re-encoded in UTF-8 when
     * the candidate had a character set.
     */
    public static DataSet requestedKeys(DataSet keys, DataSet candidate) {
        DataSet out = new DataSet();
        if (candidate.get(Tag.SpecificCharacterSet) != null) {
            out.putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        }
        for (DataElement key : keys) {
            if (key.tag() != Tag.SpecificCharacterSet && (key.tag() & 0xFFFF) != 0) {
                copy(candidate, keys, key, out);
            }
        }
        return out;
    }

    /** Copies the candidate's value of {@code key} into {@code out}; a requested sequence item limits the keys. */
    private static void copy(DataSet from, DataSet keys, DataElement key, DataSet out) {
        DataElement stored = from.get(key.tag());
        if (stored == null || stored.isBulkDataPlaceholder()) {
            out.put(empty(keys, key));
            return;
        }
        DataSet itemKeys = key.items().isEmpty() || key.items().get(0).isEmpty() ? null : key.items().get(0);
        copyValue(from, stored, itemKeys, out);
    }

    /** Copies {@code stored}; of its items, only the elements {@code itemKeys} names (all when null). */
    private static void copyValue(DataSet from, DataElement stored, DataSet itemKeys, DataSet out) {
        int tag = stored.tag();
        Vr vr = from.vrOf(stored);
        if (vr == Vr.SQ) {
            DataElement seq = DataElement.sequence(tag, Vr.SQ, false, false);
            for (DataSet item : stored.items()) {
                DataSet copy = new DataSet(out);
                if (itemKeys == null) {
                    for (DataElement e : item) {
                        if (!e.isBulkDataPlaceholder()) {
                            copyValue(item, e, null, copy);
                        }
                    }
                } else {
                    for (DataElement k : itemKeys) {
                        copy(item, itemKeys, k, copy);
                    }
                }
                seq.items().add(copy);
            }
            out.put(seq);
        } else if (vr.isCharacterSetSensitive()) {
            out.putString(tag, vr, from.getStrings(tag).toArray(String[]::new));
        } else if (stored.isFragments()) {
            out.put(DataElement.of(tag, vr, new byte[0]));
        } else {
            out.put(DataElement.read(tag, vr, false, stored.bigEndian(), stored.bytes()));
        }
    }

    private static DataElement empty(DataSet keys, DataElement key) {
        Vr vr = keys.vrOf(key);
        return vr == Vr.SQ ? DataElement.sequence(key.tag(), Vr.SQ, false, false)
            : DataElement.of(key.tag(), vr, new byte[0]);
    }
}
