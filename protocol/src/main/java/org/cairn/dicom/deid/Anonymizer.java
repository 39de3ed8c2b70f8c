package org.cairn.dicom.deid;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;

/**
 * De-identification of a data set by the Basic Application Level Confidentiality Profile of PS3.15 Annex E: the
 * actions of Table E.1-1 ({@link BasicProfile}) applied to every attribute, at the top level and inside every
 * sequence item, then Patient Identity Removed (0012,0062) = YES, De-identification Method (0012,0063) and the code
 * of the profile in De-identification Method Code Sequence (0012,0064) added. No option is supported (in
 * particular not Retain Safe Private, Clean Pixel Data or Clean Graphics); see {@link BurnedInAnnotation}.
 *
 * <p>What each action does here:
 * <ul>
 *   <li>X: the attribute is removed. So are all private attributes, the repeating Curve groups (50xx) and, beyond the
 *       table's Overlay Data and Overlay Comments rows, the whole of each Overlay group (60xx): an overlay plane
 *       without its Type 1 Overlay Data would break the IOD, and its labels and descriptions are free text too.
 *       Group length elements (gggg,0000) are removed as well: they are retired and wrong once values change.</li>
 *   <li>Z: an empty value; a sequence keeps no item.</li>
 *   <li>D: a dummy value valid for the VR: {@value #DUMMY_PERSON_NAME} for PN, {@value #DUMMY_DATE} for DA,
 *       {@value #DUMMY_TIME} for TM, {@value #DUMMY_DATE_TIME} for DT, {@value #DUMMY_AGE} for AS,
 *       {@value #DUMMY_NUMBER} for IS and DS, {@value #DUMMY_TEXT} for the other text VRs, a new UID for UI, zeros
 *       for binary VRs. An empty value stays empty (there is nothing to protect, and an empty value was already
 *       conformant). A sequence keeps its items, and within them every attribute gets the stricter of its own row
 *       and D: removed (X) or emptied (Z) by its own row, else UIDs replaced and text, names, dates and times
 *       replaced by dummies, while code strings (CS) and numbers stay so that the structure remains valid, and so
 *       do the coded entries of nested code sequences that have no row of their own (e.g. the concept names of an
 *       SR content tree), because codes identify nobody (E.1.1 Note 10) except those of providers, staff and
 *       institutions, which have rows of their own.</li>
 *   <li>U: every UID of the value replaced through the job's {@link UidMapper}.</li>
 *   <li>K, and attributes the table does not list: kept; a kept sequence has the profile applied to its items.
 *       Except dates: a DA or DT attribute the table does not list (e.g. Instance Creation Date, which is
 *       usually the study's date) gets D, as E.1.1 Note 4 suggests, since the table removes the study's dates and
 *       no Retain Longitudinal Temporal Information option is supported. Times of day (TM) are kept.</li>
 *   <li>C (no Basic Profile row uses it): text and dates as D; sequences have the profile applied to their items;
 *       anything else is kept.</li>
 *   <li>Z/D, X/D, X/Z/D are done as D, X/Z as Z, X/Z/U* as K: see {@link ProfileAction#resolved()}.</li>
 * </ul>
 */
public final class Anonymizer {

    public static final String DUMMY_TEXT = "ANONYMIZED";
    public static final String DUMMY_PERSON_NAME = "ANONYMOUS";
    public static final String DUMMY_DATE = "19000101";
    public static final String DUMMY_TIME = "000000";
    public static final String DUMMY_DATE_TIME = "19000101000000";
    public static final String DUMMY_AGE = "000Y";
    public static final String DUMMY_NUMBER = "0";
    /** The value Cairn adds to De-identification Method (0012,0063), at most 64 characters (LO). */
    public static final String METHOD = "Cairn: PS3.15 Basic Application Confidentiality Profile";
    /** CID 7050 code of the Basic Application Confidentiality Profile: (113100, DCM). */
    public static final String PROFILE_CODE_VALUE = "113100";
    public static final String PROFILE_CODING_SCHEME = "DCM";
    public static final String PROFILE_CODE_MEANING = "Basic Application Confidentiality Profile";

    /** The top-level attributes that de-identification puts (when they apply), in tag order. */
    static final int[] ADDED_TAGS = {Tag.PatientName, Tag.PatientID, Tag.PatientIdentityRemoved,
        Tag.DeidentificationMethod, Tag.DeidentificationMethodCodeSequence};

    private final UidMapper uids;
    private final ProfileRules rules;

    Anonymizer(UidMapper uids, ProfileRules rules) {
        this.uids = uids;
        this.rules = rules;
    }

    /**
     * The de-identified copy of {@code attributes} under the Basic Profile. {@code attributes} is not changed; the
     * result shares the byte arrays of the values it keeps. Deterministic for a given {@code uids} secret.
     */
    public static DataSet anonymize(DataSet attributes, UidMapper uids, Replacements replacements) {
        return anonymize(attributes, uids, replacements, BasicProfile.RULES);
    }

    /** As {@link #anonymize(DataSet, UidMapper, Replacements)} with other rules (e.g. the Basic Profile plus options). */
    public static DataSet anonymize(DataSet attributes, UidMapper uids, Replacements replacements, ProfileRules rules) {
        DataSet out = new Anonymizer(uids, rules).applyProfile(attributes);
        for (int tag : ADDED_TAGS) {
            addAttribute(out, tag, replacements);
        }
        return out;
    }

    /** The action taken for {@code tag}: the rules' action resolved to a simple one, K when there is no row. */
    ProfileAction actionFor(int tag) {
        if (BasicProfile.isRepeatingGroup(tag >>> 16, 0x6000)) {
            return ProfileAction.X;
        }
        ProfileAction action = rules.actionFor(tag);
        return action == null ? ProfileAction.K : action.resolved();
    }

    /**
     * The action taken for element {@code e} of {@code source}: {@link #actionFor(int)}, except that a date (DA or
     * DT) the rules have no row for is replaced with a dummy like the dates they list (see the class comment).
     */
    private ProfileAction actionFor(DataSet source, DataElement e) {
        ProfileAction action = actionFor(e.tag());
        if (action == ProfileAction.K && rules.actionFor(e.tag()) == null && !e.isSequence()
            && !CODE_ATTRIBUTES.contains(e.tag())) {
            Vr vr = source.vrOf(e);
            if (vr == Vr.DA || vr == Vr.DT) {
                return ProfileAction.D;
            }
        }
        return action;
    }

    /** The profile's actions applied to a copy of {@code source}, without the added attributes. */
    DataSet applyProfile(DataSet source) {
        DataSet target = new DataSet();
        copy(source, target, Contents.PROFILE);
        return target;
    }

    /** How the contents of a data set or item are treated. */
    private enum Contents {
        /** Each attribute by its own row. */
        PROFILE,
        /** Inside a sequence whose own row is D: every attribute the stricter of its row and D. */
        DUMMY,
        /**
         * Inside a sequence that has no row of its own, nested in a D sequence: as DUMMY, except that the attributes
         * of a coded entry are kept, since coded entries identify nobody (PS3.15 E.1.1 Note 10); the code sequences
         * that do (providers, staff, institutions) have rows of their own, and those rows decide.
         */
        DUMMY_KEEPING_CODES
    }

    /** The attributes of a coded entry (PS3.3 Table 8.8-1), kept in a DUMMY_KEEPING_CODES item. */
    private static final java.util.Set<Integer> CODE_ATTRIBUTES = java.util.Set.of(Tag.CodeValue,
        Tag.CodingSchemeDesignator, Tag.CodingSchemeVersion, Tag.CodeMeaning, Tag.MappingResource,
        Tag.ContextGroupVersion, Tag.ContextGroupLocalVersion, Tag.ContextGroupExtensionFlag, Tag.CodingSchemeUID,
        Tag.ContextGroupExtensionCreatorUID, Tag.ContextIdentifier, Tag.ContextUID, Tag.MappingResourceUID,
        Tag.LongCodeValue, Tag.URNCodeValue, Tag.MappingResourceName);

    /** Copies {@code source}'s elements into {@code target} as the profile says. */
    private void copy(DataSet source, DataSet target, Contents contents) {
        for (DataElement e : source) {
            if ((e.tag() & 0xFFFF) == 0) {
                continue;
            }
            ProfileAction action = actionFor(source, e);
            if (contents != Contents.PROFILE && action != ProfileAction.X && action != ProfileAction.Z) {
                if (contents == Contents.DUMMY_KEEPING_CODES && CODE_ATTRIBUTES.contains(e.tag())) {
                    target.append(e);
                } else if (e.isSequence()) {
                    target.append(copySequence(e, target,
                        action == ProfileAction.D ? Contents.DUMMY : Contents.DUMMY_KEEPING_CODES));
                } else {
                    target.append(dummy(source, target, e, true));
                }
                continue;
            }
            switch (action) {
                case X -> {
                }
                case Z -> target.append(empty(source, e));
                case D -> target.append(dummy(source, target, e, false));
                case U -> target.append(e.isSequence() ? copySequence(e, target, Contents.PROFILE) : newUids(source, e));
                case C -> target.append(e.isSequence() ? copySequence(e, target, Contents.PROFILE)
                    : source.vrOf(e).isText() ? dummy(source, target, e, false) : e);
                default -> target.append(e.isSequence() ? copySequence(e, target, Contents.PROFILE) : e);
            }
        }
    }

    private DataElement copySequence(DataElement sequence, DataSet target, Contents contents) {
        DataElement copy = DataElement.sequence(sequence.tag(), sequence.vr(), sequence.isImplicitVr(),
            sequence.undefinedLength());
        for (DataSet item : sequence.items()) {
            DataSet itemCopy = new DataSet(target).undefinedLength(item.undefinedLength());
            copy(item, itemCopy, contents);
            copy.items().add(itemCopy);
        }
        return copy;
    }

    private static DataElement empty(DataSet source, DataElement e) {
        if (e.isSequence()) {
            return DataElement.sequence(e.tag(), e.vr(), e.isImplicitVr(), e.undefinedLength());
        }
        return DataElement.of(e.tag(), source.vrOf(e), new byte[0]);
    }

    /**
     * A dummy for {@code e}. Inside a dummied sequence ({@code keepCodesAndNumbers}) code strings, numbers and
     * binary values are kept, since they carry the structure and no identity.
     */
    private DataElement dummy(DataSet source, DataSet target, DataElement e, boolean keepCodesAndNumbers) {
        if (e.isSequence()) {
            return copySequence(e, target, Contents.DUMMY);
        }
        if (e.isEmpty()) {
            return e;
        }
        Vr vr = source.vrOf(e);
        if (vr == Vr.UI) {
            return newUids(source, e);
        }
        boolean codeOrNumber = vr == Vr.CS || vr == Vr.IS || vr == Vr.DS || !vr.isText();
        if (keepCodesAndNumbers && codeOrNumber) {
            return e;
        }
        String text = switch (vr) {
            case PN -> DUMMY_PERSON_NAME;
            case DA -> DUMMY_DATE;
            case TM -> DUMMY_TIME;
            case DT -> DUMMY_DATE_TIME;
            case AS -> DUMMY_AGE;
            case IS, DS -> DUMMY_NUMBER;
            case AE, CS, LO, LT, SH, ST, UC, UT, UR -> DUMMY_TEXT;
            default -> null;
        };
        if (text != null) {
            return DataElement.of(e.tag(), vr, ascii(text, vr));
        }
        int size = vr.kind() == Vr.Kind.NUMBER ? vr.bytesPerValue() : Math.max(2, vr.bytesPerValue());
        return DataElement.of(e.tag(), vr, new byte[size]);
    }

    /** {@code e} with each of its UIDs replaced; a placeholder without bytes stays as it is. */
    private DataElement newUids(DataSet source, DataElement e) {
        if (e.bytes() == null || e.isBulkDataPlaceholder()) {
            return e;
        }
        List<String> mapped = new ArrayList<>();
        for (String uid : Values.strings(e.bytes(), Vr.UI, source.charset())) {
            mapped.add(uids.map(uid));
        }
        return DataElement.of(e.tag(), Vr.UI, ascii(String.join("\\", mapped), Vr.UI));
    }

    /** Puts the top-level attribute {@code tag} of {@link #ADDED_TAGS} into a data set the profile was applied to. */
    static void addAttribute(DataSet out, int tag, Replacements replacements) {
        switch (tag) {
            case Tag.PatientName -> {
                if (replacements.patientName() != null) {
                    out.put(DataElement.of(tag, Vr.PN, ascii(replacements.patientName(), Vr.PN)));
                }
            }
            case Tag.PatientID -> {
                if (replacements.patientId() != null) {
                    out.put(DataElement.of(tag, Vr.LO, ascii(replacements.patientId(), Vr.LO)));
                }
            }
            case Tag.PatientIdentityRemoved -> out.put(DataElement.of(tag, Vr.CS, ascii("YES", Vr.CS)));
            case Tag.DeidentificationMethod -> {
                List<String> methods = new ArrayList<>(out.getStrings(tag));
                methods.removeIf(String::isEmpty);
                if (!methods.contains(METHOD)) {
                    methods.add(METHOD);
                }
                out.putString(tag, Vr.LO, methods.toArray(String[]::new));
            }
            case Tag.DeidentificationMethodCodeSequence -> out.put(withProfileCode(out, out.get(tag)));
            default -> throw new IllegalArgumentException("not an added attribute: " + tag);
        }
    }

    /** The existing code sequence's items (earlier de-identifications) plus the Basic Profile's code if missing. */
    private static DataElement withProfileCode(DataSet out, DataElement existing) {
        DataElement codes = DataElement.sequence(Tag.DeidentificationMethodCodeSequence, Vr.SQ, false, false);
        boolean present = false;
        if (existing != null) {
            for (DataSet item : existing.items()) {
                codes.items().add(item);
                present |= PROFILE_CODE_VALUE.equals(item.getString(Tag.CodeValue))
                    && PROFILE_CODING_SCHEME.equals(item.getString(Tag.CodingSchemeDesignator));
            }
        }
        if (!present) {
            codes.items().add(new DataSet(out)
                .putString(Tag.CodeValue, Vr.SH, PROFILE_CODE_VALUE)
                .putString(Tag.CodingSchemeDesignator, Vr.SH, PROFILE_CODING_SCHEME)
                .putString(Tag.CodeMeaning, Vr.LO, PROFILE_CODE_MEANING));
        }
        return codes;
    }

    /** Default-repertoire text as a value, padded to even length with the VR's padding byte. */
    private static byte[] ascii(String text, Vr vr) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length % 2 == 0) {
            return bytes;
        }
        byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        padded[bytes.length] = vr.padding();
        return padded;
    }
}
