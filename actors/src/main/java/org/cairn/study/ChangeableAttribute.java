package org.cairn.study;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.cairn.dicom.AttributePatch;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;

/**
 * The patient and study attributes people may correct on a stored study. They are all top-level attributes that
 * every instance of a study shares, so one change applies to every file; series and instance attributes (and UIDs,
 * which identify the objects themselves) are not changed in place.
 */
public enum ChangeableAttribute {
    PATIENT_NAME("PatientName", Tag.PatientName, Vr.PN, 64 * 5, true),
    PATIENT_ID("PatientID", Tag.PatientID, Vr.LO, 64, true),
    ISSUER_OF_PATIENT_ID("IssuerOfPatientID", Tag.IssuerOfPatientID, Vr.LO, 64, true),
    PATIENT_BIRTH_DATE("PatientBirthDate", Tag.PatientBirthDate, Vr.DA, 8, true),
    PATIENT_SEX("PatientSex", Tag.PatientSex, Vr.CS, 16, true),
    ACCESSION_NUMBER("AccessionNumber", Tag.AccessionNumber, Vr.SH, 16, false),
    STUDY_DATE("StudyDate", Tag.StudyDate, Vr.DA, 8, false),
    STUDY_TIME("StudyTime", Tag.StudyTime, Vr.TM, 14, false),
    STUDY_DESCRIPTION("StudyDescription", Tag.StudyDescription, Vr.LO, 64, false),
    STUDY_ID("StudyID", Tag.StudyID, Vr.SH, 16, false),
    REFERRING_PHYSICIAN_NAME("ReferringPhysicianName", Tag.ReferringPhysicianName, Vr.PN, 64 * 5, false);

    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd")
        .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern TM = Pattern.compile("([01]\\d|2[0-3])([0-5]\\d([0-5]\\d(\\.\\d{1,6})?)?)?");
    private static final Pattern SEX = Pattern.compile("M|F|O");

    private final String keyword;
    private final int tag;
    private final Vr vr;
    private final int maxLength;
    private final boolean patientLevel;

    ChangeableAttribute(String keyword, int tag, Vr vr, int maxLength, boolean patientLevel) {
        this.keyword = keyword;
        this.tag = tag;
        this.vr = vr;
        this.maxLength = maxLength;
        this.patientLevel = patientLevel;
    }

    public String keyword() {
        return keyword;
    }

    public int tag() {
        return tag;
    }

    public Vr vr() {
        return vr;
    }

    /** Whether the attribute identifies the patient (so a change may move the study to another patient). */
    public boolean patientLevel() {
        return patientLevel;
    }

    /** By DICOM keyword (PatientName) or tag as eight hex digits (00100010). */
    public static Optional<ChangeableAttribute> find(String keywordOrTag) {
        return Arrays.stream(values())
            .filter(a -> a.keyword.equals(keywordOrTag) || String.format("%08X", a.tag).equalsIgnoreCase(keywordOrTag))
            .findFirst();
    }

    public static Optional<ChangeableAttribute> ofTag(int tag) {
        return Arrays.stream(values()).filter(a -> a.tag == tag).findFirst();
    }

    /** Why {@code value} is not a valid value of this attribute, or empty when it is (empty text is valid). */
    public Optional<String> problem(String value) {
        if (value == null) {
            return Optional.of(keyword + ": no value (give \"\" for an empty value)");
        }
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > maxLength) {
            return Optional.of(keyword + ": longer than " + maxLength + " characters");
        }
        if (value.contains("\\") || value.chars().anyMatch(c -> c < 0x20 && c != 0x1B)) {
            return Optional.of(keyword + ": one value without control characters or backslashes");
        }
        return switch (vr) {
            case DA -> {
                try {
                    LocalDate.parse(value, DA);
                    yield Optional.empty();
                } catch (DateTimeParseException e) {
                    yield Optional.of(keyword + ": not a date YYYYMMDD: " + value);
                }
            }
            case TM -> TM.matcher(value).matches() ? Optional.empty()
                : Optional.of(keyword + ": not a time HHMMSS.FFFFFF: " + value);
            case CS -> this == PATIENT_SEX && !SEX.matcher(value).matches()
                ? Optional.of(keyword + ": M, F or O") : Optional.empty();
            case PN -> value.chars().filter(c -> c == '=').count() > 2
                ? Optional.of(keyword + ": at most three component groups") : Optional.empty();
            default -> Optional.empty();
        };
    }

    public AttributePatch.Change change(String value) {
        return new AttributePatch.Change(tag, vr, value);
    }
}
