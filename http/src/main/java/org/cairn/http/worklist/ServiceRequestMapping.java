package org.cairn.http.worklist;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.cairn.dicom.Uids;
import org.cairn.worklist.Code;
import org.cairn.worklist.Order;
import org.cairn.worklist.Patient;
import org.cairn.worklist.ScheduledStep;

/**
 * A FHIR R4 ServiceRequest (JSON) as a worklist change. A function of the resource, the {@link FhirMapping} and the
 * UID source only: no I/O, so every rule is testable on its own and the route only has to call the feed.
 *
 * <p>What is read:
 * <ul>
 *   <li>{@code status}: active, draft, on-hold → schedule; revoked, entered-in-error → cancel; completed →
 *       completed. {@code intent}: order, original-order, instance-order or filler-order.</li>
 *   <li>Accession Number: the {@code identifier} whose type is v2-0203 {@code ACSN}, else the first identifier
 *       (other than a {@code urn:dicom:uid} one). Identifiers typed {@code PLAC} and {@code FILL} give the placer
 *       and filler order numbers; one of system {@code urn:dicom:uid} (value {@code urn:oid:...}) gives the Study
 *       Instance UID, else a new {@code 2.25} UID is made.</li>
 *   <li>Patient: {@code subject.reference "#id"} to a contained Patient (identifier[0] → Patient ID and issuer,
 *       name[0] → PN, birthDate, gender), or {@code subject.identifier} with {@code subject.display} as the name,
 *       or {@code subject.reference "Patient/{id}"} with the id as the Patient ID.</li>
 *   <li>{@code code}: the first coding that is not a DICOM modality code → Requested Procedure Code (system mapped
 *       to a coding scheme designator); {@code code.text} or the coding's display → Requested Procedure and
 *       Scheduled Procedure Step Description.</li>
 *   <li>{@code occurrenceDateTime} or {@code occurrencePeriod.start} → SPS start date and time, wall-clock as
 *       written (see {@link DicomDateTime}).</li>
 *   <li>{@code requester.display} → Requesting Physician; {@code performer[0].display} → Scheduled Performing
 *       Physician's Name; {@code priority} routine/urgent/asap/stat → ROUTINE/HIGH/HIGH/STAT.</li>
 *   <li>{@code locationCode[0].coding[0].code}, else {@code locationReference[0].display} → Scheduled Station Name;
 *       the location's display → Scheduled Procedure Step Location.</li>
 *   <li>Modality and Scheduled Station AE Title: see {@link FhirMapping}; no modality is an error.</li>
 *   <li>Requested Procedure ID: the resource {@code id} if it fits an SH (16 characters), else the Accession Number;
 *       the SPS ID is the Requested Procedure ID (one step per procedure).</li>
 * </ul>
 * A cancel or a completion needs only status, intent and the Accession Number; the rest is not checked for them.
 */
public final class ServiceRequestMapping {
    static final String ACCESSION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String DICOM_UID_SYSTEM = "urn:dicom:uid";
    static final String DCM_SYSTEM = "http://dicom.nema.org/resources/ontology/DCM";

    private static final Set<String> SCHEDULE = Set.of("active", "draft", "on-hold");
    private static final Set<String> CANCEL = Set.of("revoked", "entered-in-error");
    private static final String COMPLETE = "completed";
    private static final Set<String> INTENTS = Set.of("order", "original-order", "instance-order", "filler-order");
    private static final Map<String, String> PRIORITIES = Map.of(
        "routine", "ROUTINE", "urgent", "HIGH", "asap", "HIGH", "stat", "STAT");
    private static final Map<String, String> GENDERS = Map.of("male", "M", "female", "F", "other", "O");
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern MODALITY = Pattern.compile("[A-Z0-9_ ]{1,16}");
    private static final int SH = 16;
    private static final int LO = 64;

    private final FhirMapping mapping;
    private final Supplier<String> newStudyUid;

    /** A mapping that makes new Study Instance UIDs with {@link Uids#random()}. */
    public ServiceRequestMapping(FhirMapping mapping) {
        this(mapping, Uids::random);
    }

    /** A mapping taking new Study Instance UIDs from {@code newStudyUid} (fixed ones, in tests). */
    public ServiceRequestMapping(FhirMapping mapping, Supplier<String> newStudyUid) {
        this.mapping = Objects.requireNonNull(mapping);
        this.newStudyUid = Objects.requireNonNull(newStudyUid);
    }

    /** The change {@code resource} asks for, or every problem found in it. */
    public MappedServiceRequest map(JsonNode resource) {
        List<FhirIssue> issues = new ArrayList<>();
        if (resource == null || !resource.isObject()) {
            return new MappedServiceRequest.Rejected(List.of(
                new FhirIssue("structure", "the body must be a JSON object (a FHIR resource)", null)));
        }
        String resourceType = text(resource, "resourceType");
        if (!"ServiceRequest".equals(resourceType)) {
            // Nothing else can be read sensibly from another kind of resource.
            return new MappedServiceRequest.Rejected(List.of(FhirIssue.invalid("resourceType",
                "resourceType must be ServiceRequest, not " + (resourceType == null ? "absent" : resourceType))));
        }
        String status = text(resource, "status");
        if (status == null) {
            issues.add(FhirIssue.required("ServiceRequest.status", "status is required"));
        } else if (!SCHEDULE.contains(status) && !CANCEL.contains(status) && !COMPLETE.equals(status)) {
            issues.add(FhirIssue.invalid("ServiceRequest.status", "status " + status + " is not supported: active, "
                + "draft or on-hold schedule; revoked or entered-in-error cancel; completed completes"));
        }
        String intent = text(resource, "intent");
        if (intent == null) {
            issues.add(FhirIssue.required("ServiceRequest.intent", "intent is required"));
        } else if (!INTENTS.contains(intent)) {
            issues.add(FhirIssue.invalid("ServiceRequest.intent",
                "intent " + intent + " is not an order: expected order, original-order, instance-order or filler-order"));
        }
        String accession = accession(resource, issues);

        if (status != null && CANCEL.contains(status)) {
            return issues.isEmpty() ? new MappedServiceRequest.Cancel(accession, "FHIR ServiceRequest " + status)
                : new MappedServiceRequest.Rejected(issues);
        }
        if (COMPLETE.equals(status)) {
            return issues.isEmpty() ? new MappedServiceRequest.Complete(accession)
                : new MappedServiceRequest.Rejected(issues);
        }
        // An order to schedule, or one whose status is wrong: check it all, so the sender sees every problem at once.
        Patient patient = patient(resource, issues);
        Procedure procedure = procedure(resource, issues);
        DicomDateTime start = occurrence(resource, issues);
        String priority = priority(resource, issues);
        Location location = location(resource);
        Optional<FhirMapping.CodeRule> procedureRule = procedure.codings.stream()
            .map(c -> mapping.procedure(c.system, c.code)).flatMap(Optional::stream).findFirst();
        Optional<FhirMapping.CodeRule> locationRule = location.code == null ? Optional.empty()
            : mapping.location(location.system, location.code);
        String modality = modality(resource, procedure, procedureRule, locationRule, issues);
        String aeTitle = locationRule.map(FhirMapping.CodeRule::stationAeTitle)
            .or(() -> procedureRule.map(FhirMapping.CodeRule::stationAeTitle)).orElse(null);
        String givenUid = studyUid(resource, issues);
        String procedureId = procedureId(resource, accession, issues);
        String placer = typedIdentifier(resource, "PLAC");
        String filler = typedIdentifier(resource, "FILL");
        if (!issues.isEmpty()) {
            return new MappedServiceRequest.Rejected(issues);
        }
        String uid = givenUid != null ? givenUid : newStudyUid.get();
        ScheduledStep step = new ScheduledStep(procedureId, aeTitle, location.stationName, modality, start.date(),
            start.time(), PersonNames.fromDisplay(text(resource.path("performer").path(0), "display")),
            procedure.description, null, location.description);
        Order order = new Order(accession, patient, procedureId, procedure.description, procedure.code, uid, null,
            PersonNames.fromDisplay(text(resource.path("requester"), "display")), placer, filler, null, priority, step);
        return new MappedServiceRequest.Schedule(order, givenUid == null);
    }

    private static String accession(JsonNode resource, List<FhirIssue> issues) {
        JsonNode identifiers = resource.path("identifier");
        JsonNode chosen = null;
        int index = -1;
        for (int i = 0; i < identifiers.size(); i++) {
            if (hasType(identifiers.get(i), "ACSN")) {
                chosen = identifiers.get(i);
                index = i;
                break;
            }
        }
        for (int i = 0; chosen == null && i < identifiers.size(); i++) {
            if (!DICOM_UID_SYSTEM.equals(text(identifiers.get(i), "system"))) {
                chosen = identifiers.get(i);
                index = i;
            }
        }
        String value = chosen == null ? null : text(chosen, "value");
        if (value == null || value.isBlank()) {
            issues.add(FhirIssue.required(chosen == null ? "ServiceRequest.identifier"
                : "ServiceRequest.identifier[" + index + "].value",
                "an Accession Number is required: an identifier of type ACSN (" + ACCESSION_TYPE_SYSTEM + "), or "
                    + "another identifier with a value"));
            return null;
        }
        if (value.length() > SH || value.contains("\\")) {
            issues.add(FhirIssue.invalid("ServiceRequest.identifier[" + index + "].value",
                "the Accession Number \"" + value + "\" is longer than " + SH + " characters or holds a backslash"));
        }
        return value;
    }

    private static boolean hasType(JsonNode identifier, String code) {
        for (JsonNode coding : identifier.path("type").path("coding")) {
            String system = text(coding, "system");
            if (code.equals(text(coding, "code")) && (system == null || ACCESSION_TYPE_SYSTEM.equals(system))) {
                return true;
            }
        }
        return false;
    }

    private static String typedIdentifier(JsonNode resource, String type) {
        for (JsonNode identifier : resource.path("identifier")) {
            if (hasType(identifier, type)) {
                return text(identifier, "value");
            }
        }
        return null;
    }

    private static Patient patient(JsonNode resource, List<FhirIssue> issues) {
        JsonNode subject = resource.path("subject");
        if (!subject.isObject()) {
            issues.add(FhirIssue.required("ServiceRequest.subject", "subject (the patient) is required"));
            return null;
        }
        String reference = text(subject, "reference");
        if (reference != null && reference.startsWith("#")) {
            return containedPatient(resource, reference.substring(1), issues);
        }
        JsonNode identifier = subject.path("identifier");
        String name = PersonNames.fromDisplay(text(subject, "display"));
        if (identifier.isObject()) {
            String id = text(identifier, "value");
            if (id == null || id.isBlank()) {
                issues.add(FhirIssue.required("ServiceRequest.subject.identifier.value",
                    "the subject's identifier has no value (the Patient ID)"));
                return null;
            }
            return checkedPatient(new Patient(id, text(identifier, "system"), name == null ? "" : name, null, null),
                "ServiceRequest.subject.identifier", issues);
        }
        if (reference != null) {
            String id = patientIdOf(reference);
            if (id == null) {
                issues.add(FhirIssue.invalid("ServiceRequest.subject.reference",
                    "the subject must be a Patient (\"#id\" of a contained Patient or \"Patient/{id}\"), not "
                        + reference));
                return null;
            }
            return checkedPatient(new Patient(id, null, name == null ? "" : name, null, null),
                "ServiceRequest.subject.reference", issues);
        }
        issues.add(FhirIssue.required("ServiceRequest.subject",
            "the subject needs a reference (\"#id\" or \"Patient/{id}\") or an identifier"));
        return null;
    }

    /** The id in "Patient/{id}", "Patient/{id}/_history/{v}" or an absolute URL ending so; null if not a Patient. */
    private static String patientIdOf(String reference) {
        String[] parts = reference.split("/");
        for (int i = parts.length - 2; i >= 0; i--) {
            if (parts[i].equals("Patient") && !parts[i + 1].isBlank()) {
                int after = parts.length - (i + 2);
                if (after == 0 || (after == 2 && parts[i + 2].equals("_history"))) {
                    return parts[i + 1];
                }
            }
        }
        return null;
    }

    private static Patient containedPatient(JsonNode resource, String id, List<FhirIssue> issues) {
        JsonNode contained = resource.path("contained");
        for (int i = 0; i < contained.size(); i++) {
            JsonNode r = contained.get(i);
            if (!id.equals(text(r, "id"))) {
                continue;
            }
            String where = "ServiceRequest.contained[" + i + "]";
            if (!"Patient".equals(text(r, "resourceType"))) {
                issues.add(FhirIssue.invalid("ServiceRequest.subject.reference",
                    "the subject #" + id + " is a " + text(r, "resourceType") + ", not a Patient"));
                return null;
            }
            JsonNode identifier = r.path("identifier").path(0);
            String patientId = text(identifier, "value");
            if (patientId == null || patientId.isBlank()) {
                issues.add(FhirIssue.required(where + ".identifier",
                    "the contained Patient needs an identifier with a value (the Patient ID)"));
            }
            String name = PersonNames.fromHumanName(r.path("name").path(0));
            String birthDate = null;
            String birth = text(r, "birthDate");
            if (birth != null) {
                try {
                    birthDate = DicomDateTime.birthDate(birth);
                } catch (IllegalArgumentException e) {
                    issues.add(FhirIssue.invalid(where + ".birthDate", "birthDate: " + e.getMessage()));
                }
            }
            String sex = null;
            String gender = text(r, "gender");
            if (gender != null && !gender.equals("unknown")) {
                sex = GENDERS.get(gender);
                if (sex == null) {
                    issues.add(FhirIssue.invalid(where + ".gender",
                        "gender must be male, female, other or unknown, not " + gender));
                }
            }
            if (patientId == null || patientId.isBlank()) {
                return null;
            }
            return checkedPatient(new Patient(patientId, text(identifier, "system"), name == null ? "" : name,
                birthDate, sex), where + ".identifier", issues);
        }
        issues.add(FhirIssue.notFound("ServiceRequest.subject.reference",
            "the subject refers to #" + id + ", which is not a contained resource"));
        return null;
    }

    private static Patient checkedPatient(Patient p, String where, List<FhirIssue> issues) {
        if (p.id().length() > LO || p.id().contains("\\")) {
            issues.add(FhirIssue.invalid(where, "the Patient ID is longer than " + LO + " characters or holds a backslash"));
        }
        if (p.issuer() != null && p.issuer().length() > LO) {
            issues.add(FhirIssue.invalid(where, "the identifier system (Issuer of Patient ID) is longer than " + LO
                + " characters"));
        }
        return p;
    }

    /** One coding of {@code code}. */
    private record Coding(String system, String code, String display) {
    }

    /** What {@code ServiceRequest.code} gives. */
    private record Procedure(List<Coding> codings, Code code, String description, String dicomModality) {
    }

    private Procedure procedure(JsonNode resource, List<FhirIssue> issues) {
        JsonNode concept = resource.path("code");
        List<Coding> codings = new ArrayList<>();
        for (JsonNode c : concept.path("coding")) {
            codings.add(new Coding(text(c, "system"), text(c, "code"), text(c, "display")));
        }
        String text = text(concept, "text");
        if (codings.isEmpty() && (text == null || text.isBlank())) {
            issues.add(FhirIssue.required("ServiceRequest.code",
                "code (the requested procedure, as a coding or text) is required"));
            return new Procedure(codings, null, null, null);
        }
        String dicomModality = codings.stream().filter(c -> DCM_SYSTEM.equals(c.system)
            && DicomModalities.isModality(c.code)).map(Coding::code).findFirst().orElse(null);
        int index = -1;
        for (int i = 0; i < codings.size(); i++) {
            Coding c = codings.get(i);
            if (!(DCM_SYSTEM.equals(c.system) && DicomModalities.isModality(c.code))) {
                index = i;
                break;
            }
        }
        Code code = null;
        String display = null;
        if (index >= 0) {
            Coding c = codings.get(index);
            String where = "ServiceRequest.code.coding[" + index + "]";
            if (c.code == null || c.code.isBlank()) {
                issues.add(FhirIssue.required(where + ".code", "the procedure coding has no code"));
            } else if (c.system == null || c.system.isBlank()) {
                issues.add(FhirIssue.required(where + ".system", "the procedure code " + c.code
                    + " has no system, so it has no coding scheme"));
            } else {
                String meaning = c.display != null && !c.display.isBlank() ? c.display
                    : text != null && !text.isBlank() ? text : c.code;
                code = new Code(c.code, mapping.codingScheme(c.system), cut(meaning, LO));
            }
            display = c.display;
        }
        String description = text != null && !text.isBlank() ? text : display;
        return new Procedure(codings, code, description == null ? null : cut(description, LO), dicomModality);
    }

    private static DicomDateTime occurrence(JsonNode resource, List<FhirIssue> issues) {
        String where = "ServiceRequest.occurrenceDateTime";
        String value = text(resource, "occurrenceDateTime");
        if (value == null) {
            where = "ServiceRequest.occurrencePeriod.start";
            value = text(resource.path("occurrencePeriod"), "start");
        }
        if (value == null) {
            issues.add(FhirIssue.required("ServiceRequest.occurrence[x]", "occurrenceDateTime or "
                + "occurrencePeriod.start (the scheduled start) is required; occurrenceTiming is not supported"));
            return new DicomDateTime(null, null);
        }
        try {
            return DicomDateTime.fromFhir(value);
        } catch (IllegalArgumentException e) {
            issues.add(FhirIssue.invalid(where, e.getMessage()));
            return new DicomDateTime(null, null);
        }
    }

    private static String priority(JsonNode resource, List<FhirIssue> issues) {
        String priority = text(resource, "priority");
        if (priority == null) {
            return null;
        }
        String dicom = PRIORITIES.get(priority);
        if (dicom == null) {
            issues.add(FhirIssue.invalid("ServiceRequest.priority",
                "priority must be routine, urgent, asap or stat, not " + priority));
        }
        return dicom;
    }

    /** Where: the code to look the station up by, the Scheduled Station Name and the SPS Location. */
    private record Location(String system, String code, String stationName, String description) {
    }

    private static Location location(JsonNode resource) {
        JsonNode concept = resource.path("locationCode").path(0);
        JsonNode coding = concept.path("coding").path(0);
        String code = text(coding, "code");
        String referenceDisplay = text(resource.path("locationReference").path(0), "display");
        String description = referenceDisplay != null ? referenceDisplay
            : text(coding, "display") != null ? text(coding, "display") : text(concept, "text");
        if (code != null && !code.isBlank()) {
            return new Location(text(coding, "system"), code, cut(code, SH), description == null ? null : cut(description, LO));
        }
        if (referenceDisplay != null && !referenceDisplay.isBlank()) {
            return new Location(null, referenceDisplay, cut(referenceDisplay, SH), cut(referenceDisplay, LO));
        }
        return new Location(null, null, null, description == null ? null : cut(description, LO));
    }

    private static String modality(JsonNode resource, Procedure procedure, Optional<FhirMapping.CodeRule> procedureRule,
                                   Optional<FhirMapping.CodeRule> locationRule, List<FhirIssue> issues) {
        for (JsonNode extension : resource.path("extension")) {
            String url = text(extension, "url");
            if (url != null && (url.equals("modality") || url.endsWith("/modality"))) {
                String value = firstText(extension.path("valueCode"), extension.path("valueString"),
                    extension.path("valueCoding").path("code"),
                    extension.path("valueCodeableConcept").path("coding").path(0).path("code"));
                if (value == null || !MODALITY.matcher(value).matches()) {
                    issues.add(FhirIssue.invalid("ServiceRequest.extension",
                        "the modality extension must hold a modality code such as CT, not " + value));
                    return null;
                }
                return value;
            }
        }
        if (procedure.dicomModality != null) {
            return procedure.dicomModality;
        }
        String mapped = procedureRule.map(FhirMapping.CodeRule::modality)
            .or(() -> locationRule.map(FhirMapping.CodeRule::modality)).orElse(null);
        if (mapped == null) {
            issues.add(FhirIssue.required("ServiceRequest.code", "the modality cannot be determined: give a code of "
                + "system " + DCM_SYSTEM + " (such as CT) or a modality extension, or configure cairn.fhir.procedures "
                + "or cairn.fhir.locations for this procedure or location"));
        }
        return mapped;
    }

    private String studyUid(JsonNode resource, List<FhirIssue> issues) {
        JsonNode identifiers = resource.path("identifier");
        for (int i = 0; i < identifiers.size(); i++) {
            JsonNode identifier = identifiers.get(i);
            if (!DICOM_UID_SYSTEM.equals(text(identifier, "system"))) {
                continue;
            }
            String value = text(identifier, "value");
            String uid = value != null && value.startsWith("urn:oid:") ? value.substring("urn:oid:".length()) : null;
            if (uid == null || uid.length() > LO || !UID.matcher(uid).matches()) {
                issues.add(FhirIssue.invalid("ServiceRequest.identifier[" + i + "].value",
                    "a " + DICOM_UID_SYSTEM + " identifier must be urn:oid: and a DICOM UID (digits and dots, at most 64), not "
                        + value));
                return null;
            }
            return uid;
        }
        return null;
    }

    private static String procedureId(JsonNode resource, String accession, List<FhirIssue> issues) {
        String id = text(resource, "id");
        if (id == null) {
            return accession;
        }
        if (!FHIR_ID.matcher(id).matches()) {
            issues.add(FhirIssue.invalid("ServiceRequest.id", "id is not a FHIR id (1 to 64 of A-Z a-z 0-9 - .): " + id));
            return accession;
        }
        // Requested Procedure ID is an SH; a longer id (a server's UUID) cannot be one, the Accession Number can.
        return id.length() <= SH ? id : accession;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n.isTextual() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
