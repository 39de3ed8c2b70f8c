package org.cairn.http.worklist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** FHIR ServiceRequests for the tests: a complete one with a contained Patient, to be varied. */
final class ServiceRequests {
    static final ObjectMapper JSON = new ObjectMapper();

    private ServiceRequests() {
    }

    /** Active, Accession Number ACC1 (typed ACSN, after a placer identifier), contained Patient, a CT LOINC code. */
    static ObjectNode full() {
        return parse("""
            {
              "resourceType": "ServiceRequest",
              "id": "sr1",
              "contained": [
                {"resourceType": "Practitioner", "id": "dr"},
                {"resourceType": "Patient", "id": "pat",
                 "identifier": [{"system": "urn:oid:1.2.3.4", "value": "PID-7"}],
                 "name": [{"family": "Smith", "given": ["Anna", "Maria", "Louise"], "prefix": ["Dr."], "suffix": ["PhD"]}],
                 "birthDate": "1975-03-09",
                 "gender": "female"}
              ],
              "identifier": [
                {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "PLAC"}]},
                 "value": "PL-55"},
                {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "ACSN"}]},
                 "system": "urn:oid:1.2.3.5", "value": "ACC1"},
                {"system": "urn:dicom:uid", "value": "urn:oid:1.2.826.0.1.3680043.8.498.1"}
              ],
              "status": "active",
              "intent": "order",
              "priority": "stat",
              "code": {
                "coding": [
                  {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "CT", "display": "Computed Tomography"},
                  {"system": "http://loinc.org", "code": "24627-2", "display": "CT Chest"}
                ],
                "text": "CT chest with contrast"
              },
              "subject": {"reference": "#pat"},
              "occurrenceDateTime": "2024-05-02T09:30:15+02:00",
              "requester": {"display": "House, Gregory"},
              "performer": [{"display": "Lisa Cuddy"}],
              "locationCode": [{"coding": [{"system": "urn:hosp:rooms", "code": "CT-ROOM-2", "display": "CT room 2"}]}]
            }
            """);
    }

    /** The JSON as the node type the caller wants (an object or an array). */
    @SuppressWarnings("unchecked")
    static <T extends com.fasterxml.jackson.databind.JsonNode> T parse(String json) {
        try {
            return (T) JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
