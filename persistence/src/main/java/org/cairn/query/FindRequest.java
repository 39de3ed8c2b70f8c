package org.cairn.query;

import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.ElementDictionary;
import org.cairn.dicom.dict.Tag;

/**
 * A C-FIND identifier, understood: the information model and level, the keys to match (at the query level and
 * above), and the identifier itself, whose elements are the keys to return. Hierarchical rules are checked here:
 * the unique key of every level above the query level must be given as a single value (PS3.4 C.4.1.3.1).
 */
public record FindRequest(InformationModel model, QueryLevel level, List<MatchKey> keys, DataSet identifier) {

    /** Status A900: Identifier does not match SOP Class. */
    public static final int IDENTIFIER_DOES_NOT_MATCH = 0xA900;
    /** Status C000: Unable to process. */
    public static final int UNABLE_TO_PROCESS = 0xC000;

    public static FindRequest parse(InformationModel model, DataSet identifier, boolean ignorePnCase)
        throws QueryException {
        return parse(model, identifier, ignorePnCase, false);
    }

    /**
     * As {@link #parse(InformationModel, DataSet, boolean)}; a {@code relational} query (QIDO-RS's /series and
     * /instances) may leave the unique keys of the levels above out.
     */
    public static FindRequest parse(InformationModel model, DataSet identifier, boolean ignorePnCase, boolean relational)
        throws QueryException {
        return parse(model, identifier, ignorePnCase, relational, false);
    }

    /** As {@link #parse(InformationModel, DataSet, boolean, boolean)}, with fuzzy person-name matching if asked. */
    public static FindRequest parse(InformationModel model, DataSet identifier, boolean ignorePnCase, boolean relational,
                                    boolean fuzzyNames) throws QueryException {
        String levelValue = identifier.getString(Tag.QueryRetrieveLevel);
        QueryLevel level = QueryLevel.of(levelValue);
        if (level == null) {
            throw new QueryException(IDENTIFIER_DOES_NOT_MATCH, "Query/Retrieve Level missing or unknown: " + levelValue);
        }
        if (level.isAbove(model.top())) {
            throw new QueryException(IDENTIFIER_DOES_NOT_MATCH, "no " + level + " level in " + model);
        }
        for (QueryLevel above : QueryLevel.values()) {
            if (relational || !above.isAbove(level) || above.isAbove(model.top())) {
                continue;
            }
            int unique = AttributeLevels.uniqueKey(above);
            List<String> values = identifier.getStrings(unique);
            if (values.size() != 1 || values.get(0).contains("*") || values.get(0).contains("?")) {
                throw new QueryException(IDENTIFIER_DOES_NOT_MATCH, "a " + level + " query needs a single "
                    + ElementDictionary.keywordOf(unique) + " of its " + above + " (hierarchical query)");
            }
        }
        List<MatchKey> keys = new ArrayList<>();
        try {
            for (DataElement e : identifier) {
                if (AttributeLevels.isControl(e.tag()) || AttributeLevels.levelOf(e.tag()).ordinal() > level.ordinal()
                    || (e.tag() & 0xFFFF) == 0) {
                    continue;
                }
                MatchKey key = MatchKey.of(identifier, e, ignorePnCase, fuzzyNames);
                if (key != null) {
                    keys.add(key);
                }
            }
        } catch (RuntimeException malformed) {
            throw new QueryException(UNABLE_TO_PROCESS, "unreadable key: " + malformed.getMessage());
        }
        return new FindRequest(model, level, List.copyOf(keys), identifier);
    }

    /** Whether a candidate (a record of the views, with its computed attributes) matches every key. */
    public boolean matches(DataSet candidate) {
        for (MatchKey k : keys) {
            if (!k.matches(candidate)) {
                return false;
            }
        }
        return true;
    }
}
