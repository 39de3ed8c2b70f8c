package org.cairn.fhirpublish;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.dict.Tag;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyState;

/**
 * A study as a FHIR R4 ImagingStudy (JSON), from its stored instances' attributes with the corrections in force
 * applied over them: identified by its Study Instance UID and its Accession Number, based on its ServiceRequest when
 * one was found (whose subject it takes), else about the patient by a logical reference to the Patient ID. Pure.
 *
 * <p>Series and instances are ordered by their numbers (then UIDs). Body Part Examined is a code without a system:
 * its values are DICOM's defined terms, not the SNOMED CT codes the R4 example binding suggests.
 */
public final class ImagingStudyBuilder {
    static final String DICOM_UID_SYSTEM = "urn:dicom:uid";
    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String URI_SYSTEM = "urn:ietf:rfc:3986";
    /** A series must name a modality in R4; DICOM's "other" stands in for a missing one. */
    private static final String OTHER_MODALITY = "OT";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd")
        .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern TM = Pattern.compile("(\\d{2})(\\d{2})?(\\d{2})?(?:\\.(\\d{1,6}))?");
    private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{2})(\\d{2})");

    private final String accessionSystem;
    private final String patientIdentifierSystem;
    private final ZoneId zone;

    /**
     * @param accessionSystem         the Accession Number identifier's system, or null
     * @param patientIdentifierSystem the Patient ID's system in a logical subject reference, or null
     * @param zone                    the zone of DICOM dates and times without a Timezone Offset From UTC
     */
    public ImagingStudyBuilder(String accessionSystem, String patientIdentifierSystem, ZoneId zone) {
        this.accessionSystem = accessionSystem;
        this.patientIdentifierSystem = patientIdentifierSystem;
        this.zone = zone;
    }

    public static ImagingStudyBuilder of(FhirPublisherSettings settings) {
        return new ImagingStudyBuilder(settings.accessionSystem(), settings.patientIdentifierSystem(),
            settings.timeZone());
    }

    /** The study's Accession Number with the corrections in force, or null when it has none. */
    public static String accessionNumber(StudyState study) {
        // A study-level attribute: any one instance tells it
        DataSet any = study.series().values().stream().flatMap(s -> s.values().stream()).findFirst()
            .map(i -> parse(i.attributesJson())).orElseGet(DataSet::new);
        return studyValue(study.changes(), any, "AccessionNumber", Tag.AccessionNumber);
    }

    /** The ImagingStudy of {@code study}, based on {@code serviceRequest} (may be null); no id (the server gives one). */
    public ObjectNode build(StudyState study, ServiceRequestRef serviceRequest) {
        List<SeriesView> series = series(study);
        DataSet top = series.isEmpty() ? new DataSet() : first(series);
        Map<String, String> changes = study.changes();
        ObjectNode resource = JSON.objectNode().put("resourceType", "ImagingStudy");
        ArrayNode identifiers = resource.putArray("identifier");
        identifiers.addObject().put("system", DICOM_UID_SYSTEM).put("value", "urn:oid:" + study.studyUid());
        String accession = studyValue(changes, top, "AccessionNumber", Tag.AccessionNumber);
        if (accession != null) {
            ObjectNode acsn = identifiers.addObject().put("use", "usual");
            acsn.putObject("type").putArray("coding").addObject().put("system", V2_0203).put("code", "ACSN");
            if (accessionSystem != null && !accessionSystem.isBlank()) {
                acsn.put("system", accessionSystem);
            }
            acsn.put("value", accession);
        }
        resource.put("status", "available");
        Set<String> modalities = new LinkedHashSet<>();
        series.forEach(s -> modalities.add(s.modality()));
        if (!modalities.isEmpty()) {
            ArrayNode modality = resource.putArray("modality");
            modalities.forEach(m -> modality.add(coding(DCM, m)));
        }
        resource.set("subject", subject(changes, top, serviceRequest));
        String started = dateTime(studyValue(changes, top, "StudyDate", Tag.StudyDate),
            studyValue(changes, top, "StudyTime", Tag.StudyTime), top.getString(Tag.TimezoneOffsetFromUTC));
        if (started != null) {
            resource.put("started", started);
        }
        if (serviceRequest != null) {
            resource.putArray("basedOn").addObject().put("reference", serviceRequest.reference());
        }
        resource.put("numberOfSeries", series.size());
        resource.put("numberOfInstances", series.stream().mapToInt(s -> s.instances().size()).sum());
        String description = studyValue(changes, top, "StudyDescription", Tag.StudyDescription);
        if (description != null) {
            resource.put("description", description);
        }
        if (!series.isEmpty()) {
            ArrayNode seriesArray = resource.putArray("series");
            series.forEach(s -> seriesArray.add(series(s)));
        }
        return resource;
    }

    private ObjectNode subject(Map<String, String> changes, DataSet top, ServiceRequestRef serviceRequest) {
        ObjectNode subject = JSON.objectNode();
        if (serviceRequest != null && serviceRequest.subject() != null) {
            return subject.put("reference", serviceRequest.subject());
        }
        String patientId = studyValue(changes, top, "PatientID", Tag.PatientID);
        if (patientId != null) {
            ObjectNode identifier = subject.put("type", "Patient").putObject("identifier");
            if (patientIdentifierSystem != null) {
                identifier.put("system", patientIdentifierSystem);
            }
            identifier.put("value", patientId);
            return subject;
        }
        String name = studyValue(changes, top, "PatientName", Tag.PatientName);
        return subject.put("display", name == null ? "unknown patient" : name);
    }

    private ObjectNode series(SeriesView s) {
        DataSet attributes = s.instances().get(0).attributes();
        ObjectNode node = JSON.objectNode().put("uid", s.uid());
        if (s.number() >= 0) {
            node.put("number", s.number());
        }
        node.set("modality", coding(DCM, s.modality()));
        String description = attributes.getString(Tag.SeriesDescription);
        if (description != null) {
            node.put("description", description);
        }
        node.put("numberOfInstances", s.instances().size());
        String bodyPart = attributes.getString(Tag.BodyPartExamined);
        if (bodyPart != null) {
            node.putObject("bodySite").put("code", bodyPart).put("display", bodyPart);
        }
        String started = dateTime(attributes.getString(Tag.SeriesDate), attributes.getString(Tag.SeriesTime),
            attributes.getString(Tag.TimezoneOffsetFromUTC));
        if (started != null) {
            node.put("started", started);
        }
        ArrayNode instances = node.putArray("instance");
        for (InstanceView i : s.instances()) {
            ObjectNode instance = instances.addObject().put("uid", i.stored().sopInstanceUid());
            instance.set("sopClass", coding(URI_SYSTEM, "urn:oid:" + i.stored().sopClassUid()));
            if (i.number() >= 0) {
                instance.put("number", i.number());
            }
            String title = i.attributes().getString(Tag.DocumentTitle);
            if (title == null) {
                title = i.attributes().getString(Tag.ContentLabel);
            }
            if (title != null) {
                instance.put("title", title);
            }
        }
        return node;
    }

    /**
     * A FHIR dateTime from a DICOM DA and TM: the date alone without a time; with one, the offset of the data set's
     * Timezone Offset From UTC or else of the configured zone (FHIR requires an offset with a time). Null when the
     * date is absent or not a valid DA.
     */
    String dateTime(String da, String tm, String dicomOffset) {
        if (da == null) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(da.strip(), DA);
        } catch (DateTimeException notADate) {
            return null;
        }
        LocalTime time = tm == null ? null : time(tm.strip().replace(":", ""));
        if (time == null) {
            return date.toString();
        }
        ZoneOffset offset = offset(dicomOffset);
        if (offset == null) {
            offset = zone.getRules().getOffset(LocalDateTime.of(date, time));
        }
        String clock = String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
        int millis = time.getNano() / 1_000_000;
        return date + "T" + clock + (millis > 0 ? String.format(".%03d", millis) : "") + offset.getId();
    }

    private static LocalTime time(String tm) {
        Matcher m = TM.matcher(tm);
        if (!m.matches()) {
            return null;
        }
        try {
            int nanos = m.group(4) == null ? 0 : Integer.parseInt((m.group(4) + "00000").substring(0, 6)) * 1000;
            return LocalTime.of(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), nanos);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    private static ZoneOffset offset(String dicomOffset) {
        if (dicomOffset == null) {
            return null;
        }
        Matcher m = OFFSET.matcher(dicomOffset.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            int sign = "-".equals(m.group(1)) ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(m.group(2)), sign * Integer.parseInt(m.group(3)));
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    private static ObjectNode coding(String system, String code) {
        return JSON.objectNode().put("system", system).put("code", code);
    }

    /** A study-level attribute: the correction in force if any (empty meaning none), else the stored value. */
    private static String studyValue(Map<String, String> changes, DataSet top, String keyword, int tag) {
        if (changes.containsKey(keyword)) {
            String changed = changes.get(keyword);
            return changed == null || changed.isBlank() ? null : changed.strip();
        }
        return top.getString(tag);
    }

    private static DataSet first(List<SeriesView> series) {
        return series.get(0).instances().get(0).attributes();
    }

    /** One stored instance with its parsed attributes and Instance Number (-1 when absent or negative). */
    private record InstanceView(StudyEvent.StoredInstance stored, DataSet attributes, int number) {
    }

    /** One series: UID, Series Number (-1 when absent or negative), modality, instances in order. */
    private record SeriesView(String uid, int number, String modality, List<InstanceView> instances) {
    }

    private static List<SeriesView> series(StudyState study) {
        List<SeriesView> all = new ArrayList<>();
        study.series().forEach((seriesUid, stored) -> {
            if (stored.isEmpty()) {
                return;
            }
            List<InstanceView> instances = new ArrayList<>();
            stored.values().forEach(i -> {
                DataSet attributes = parse(i.attributesJson());
                instances.add(new InstanceView(i, attributes, nonNegative(attributes.getInt(Tag.InstanceNumber, -1))));
            });
            instances.sort(Comparator.comparingInt((InstanceView i) -> i.number() < 0 ? Integer.MAX_VALUE : i.number())
                .thenComparing(i -> i.stored().sopInstanceUid()));
            DataSet first = instances.get(0).attributes();
            String modality = first.getString(Tag.Modality);
            all.add(new SeriesView(seriesUid, nonNegative(first.getInt(Tag.SeriesNumber, -1)),
                modality == null ? OTHER_MODALITY : modality, List.copyOf(instances)));
        });
        all.sort(Comparator.comparingInt((SeriesView s) -> s.number() < 0 ? Integer.MAX_VALUE : s.number())
            .thenComparing(SeriesView::uid));
        return all;
    }

    private static int nonNegative(int number) {
        return number < 0 ? -1 : number;
    }

    private static DataSet parse(String json) {
        try {
            return json == null ? new DataSet() : DicomJson.fromJson(json, uri -> null);
        } catch (DicomException | IllegalArgumentException unreadable) {
            return new DataSet();
        }
    }
}
