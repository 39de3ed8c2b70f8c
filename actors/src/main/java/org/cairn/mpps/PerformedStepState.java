package org.cairn.mpps;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.dict.Tag;
import org.cairn.journal.JournalSerializable;

/**
 * A Modality Performed Procedure Step as its events left it, and the rules of PS3.4 F.7.2 for what an N-CREATE or
 * N-SET may do to it. Pure: the entity only routes.
 *
 * @param status         the Performed Procedure Step Status ("" before N-CREATE)
 * @param attributesJson the step's attributes as DICOM JSON ("{}" before N-CREATE)
 */
public record PerformedStepState(String sopInstanceUid, String status, String attributesJson)
    implements JournalSerializable {

    public static final String IN_PROGRESS = "IN PROGRESS";
    public static final String COMPLETED = "COMPLETED";
    public static final String DISCONTINUED = "DISCONTINUED";
    private static final DicomJson JSON = DicomJson.inline();

    /** Present and valued at N-CREATE (Table F.7.2-1, N-CREATE Type 1 for the SCU). */
    private static final List<Integer> REQUIRED_AT_CREATE = List.of(Tag.ScheduledStepAttributesSequence,
        Tag.PerformedProcedureStepID, Tag.PerformedStationAETitle, Tag.PerformedProcedureStepStartDate,
        Tag.PerformedProcedureStepStartTime, Tag.PerformedProcedureStepStatus, Tag.Modality);

    /** What N-SET may change (Table F.7.2-1: every attribute whose N-SET usage is not "Not allowed"). */
    private static final Set<Integer> SETTABLE = Set.of(Tag.SpecificCharacterSet, Tag.PerformedProcedureStepStatus,
        Tag.PerformedProcedureStepDescription, Tag.PerformedProcedureTypeDescription, Tag.ProcedureCodeSequence,
        Tag.PerformedProcedureStepEndDate, Tag.PerformedProcedureStepEndTime, Tag.CommentsOnThePerformedProcedureStep,
        Tag.PerformedProcedureStepDiscontinuationReasonCodeSequence, Tag.PerformedProtocolCodeSequence,
        Tag.PerformedSeriesSequence, Tag.TotalTimeOfFluoroscopy, Tag.TotalNumberOfExposures, Tag.EntranceDose,
        Tag.ExposedArea, Tag.DistanceSourceToEntrance, Tag.ExposureDoseSequence, Tag.CommentsOnRadiationDose,
        Tag.ImageAndFluoroscopyAreaDoseProduct, Tag.BillingProcedureStepSequence, Tag.FilmConsumptionSequence,
        Tag.BillingSuppliesAndDevicesSequence);

    public static PerformedStepState empty(String sopInstanceUid) {
        return new PerformedStepState(sopInstanceUid, "", "{}");
    }

    public boolean exists() {
        return !status.isEmpty();
    }

    public boolean isFinal() {
        return COMPLETED.equals(status) || DISCONTINUED.equals(status);
    }

    public DataSet attributes() {
        return DicomJson.fromJson(attributesJson, uri -> null);
    }

    /** An event to persist, or why not. */
    public sealed interface Decision {
        record Persist(PerformedStepEvent event) implements Decision {
        }

        record Refuse(Refusal refusal) implements Decision {
        }
    }

    /** N-CREATE with {@code attributes}. */
    public Decision create(DataSet attributes, String callingAeTitle, Instant now) {
        if (exists()) {
            return refuse(Refusal.DUPLICATE_SOP_INSTANCE, "Performed Procedure Step " + sopInstanceUid + " exists",
                List.of());
        }
        Decision missing = missing(attributes, REQUIRED_AT_CREATE);
        if (missing != null) {
            return missing;
        }
        if (!IN_PROGRESS.equals(attributes.getString(Tag.PerformedProcedureStepStatus))) {
            return refuse(Refusal.INVALID_ATTRIBUTE_VALUE, "N-CREATE must set Performed Procedure Step Status to "
                + IN_PROGRESS, List.of(Tag.PerformedProcedureStepStatus));
        }
        for (DataSet item : attributes.get(Tag.ScheduledStepAttributesSequence).items()) {
            String study = item.getString(Tag.StudyInstanceUID);
            if (study == null || study.isEmpty()) {
                return refuse(Refusal.MISSING_ATTRIBUTE_VALUE, "Scheduled Step Attributes Sequence item without a "
                    + "Study Instance UID", List.of(Tag.StudyInstanceUID));
            }
        }
        return new Decision.Persist(new PerformedStepEvent.Created(sopInstanceUid, JSON.toJson(attributes),
            callingAeTitle, now));
    }

    /** N-SET of {@code modifications}. */
    public Decision set(DataSet modifications, String callingAeTitle, Instant now) {
        if (!exists()) {
            return refuse(Refusal.NO_SUCH_SOP_INSTANCE, "no Performed Procedure Step " + sopInstanceUid, List.of());
        }
        if (isFinal()) {
            return new Decision.Refuse(new Refusal(Refusal.PROCESSING_FAILURE,
                "Performed Procedure Step Object may no longer be updated", Refusal.MAY_NO_LONGER_BE_UPDATED, List.of()));
        }
        List<Integer> notAllowed = new ArrayList<>();
        for (DataElement e : modifications) {
            if (!SETTABLE.contains(e.tag()) && (e.tag() & 0xFFFF) != 0) {
                notAllowed.add(e.tag());
            }
        }
        if (!notAllowed.isEmpty()) {
            return refuse(Refusal.NO_SUCH_ATTRIBUTE, "N-SET may not change " + names(notAllowed), notAllowed);
        }
        DataSet merged = attributes();
        for (DataElement e : modifications) {
            merged.put(e);
        }
        String next = merged.getString(Tag.PerformedProcedureStepStatus);
        if (!List.of(IN_PROGRESS, COMPLETED, DISCONTINUED).contains(next)) {
            return refuse(Refusal.INVALID_ATTRIBUTE_VALUE, "Performed Procedure Step Status must be IN PROGRESS, "
                + "COMPLETED or DISCONTINUED, not '" + next + "'", List.of(Tag.PerformedProcedureStepStatus));
        }
        if (COMPLETED.equals(next) || DISCONTINUED.equals(next)) {
            // Table F.7.2-1, final state: End Date and Time, and for a completed step the series it produced
            List<Integer> finalKeys = COMPLETED.equals(next)
                ? List.of(Tag.PerformedProcedureStepEndDate, Tag.PerformedProcedureStepEndTime, Tag.PerformedSeriesSequence)
                : List.of(Tag.PerformedProcedureStepEndDate, Tag.PerformedProcedureStepEndTime);
            Decision missing = missing(merged, finalKeys);
            if (missing != null) {
                return missing;
            }
        }
        return new Decision.Persist(new PerformedStepEvent.Modified(sopInstanceUid, JSON.toJson(merged), next,
            callingAeTitle, now));
    }

    public PerformedStepState apply(PerformedStepEvent event) {
        if (event instanceof PerformedStepEvent.Created created) {
            return new PerformedStepState(sopInstanceUid, IN_PROGRESS, created.attributesJson());
        }
        PerformedStepEvent.Modified modified = (PerformedStepEvent.Modified) event;
        return new PerformedStepState(sopInstanceUid, modified.status(), modified.attributesJson());
    }

    /** Absent: 0120; present but empty (a sequence without items counts as empty): 0121. */
    private static Decision missing(DataSet attributes, List<Integer> required) {
        List<Integer> absent = new ArrayList<>();
        List<Integer> empty = new ArrayList<>();
        for (int tag : required) {
            DataElement e = attributes.get(tag);
            if (e == null) {
                absent.add(tag);
            } else if (attributes.vrOf(e) == org.cairn.dicom.Vr.SQ ? e.items().isEmpty()
                : attributes.getString(tag) == null || attributes.getString(tag).isBlank()) {
                empty.add(tag);
            }
        }
        if (!absent.isEmpty()) {
            return refuse(Refusal.MISSING_ATTRIBUTE, "missing " + names(absent), absent);
        }
        if (!empty.isEmpty()) {
            return refuse(Refusal.MISSING_ATTRIBUTE_VALUE, "no value for " + names(empty), empty);
        }
        return null;
    }

    private static Decision refuse(int status, String comment, List<Integer> attributes) {
        return new Decision.Refuse(new Refusal(status, comment, 0, attributes));
    }

    private static String names(List<Integer> tags) {
        List<String> names = new ArrayList<>();
        for (int tag : tags) {
            String keyword = org.cairn.dicom.dict.ElementDictionary.keywordOf(tag);
            names.add(keyword != null ? keyword : String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF));
        }
        return String.join(", ", names);
    }
}
