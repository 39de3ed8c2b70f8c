package org.cairn.http.studies;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.Tag;
import org.cairn.jobs.JobStatus;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyHistory;
import org.cairn.study.StudyState;
import org.cairn.views.StudyViewChanges;

/** The REST API's JSON for studies, their history and jobs: plain names, ISO-8601 times. */
final class StudyJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private StudyJson() {
    }

    /** One study of a search, from its QIDO-RS style match. */
    static ObjectNode summary(DataSet match) {
        ObjectNode s = MAPPER.createObjectNode();
        s.put("studyInstanceUid", match.getString(Tag.StudyInstanceUID));
        s.put("patientName", match.getString(Tag.PatientName));
        s.put("patientId", match.getString(Tag.PatientID));
        s.put("patientBirthDate", match.getString(Tag.PatientBirthDate));
        s.put("patientSex", match.getString(Tag.PatientSex));
        s.put("studyDate", match.getString(Tag.StudyDate));
        s.put("studyTime", match.getString(Tag.StudyTime));
        s.put("accessionNumber", match.getString(Tag.AccessionNumber));
        s.put("studyDescription", match.getString(Tag.StudyDescription));
        s.put("studyId", match.getString(Tag.StudyID));
        ArrayNode modalities = s.putArray("modalities");
        match.getStrings(Tag.ModalitiesInStudy).forEach(modalities::add);
        s.put("series", match.getInt(Tag.NumberOfStudyRelatedSeries, 0));
        s.put("instances", match.getInt(Tag.NumberOfStudyRelatedInstances, 0));
        return s;
    }

    /** A study as its entity knows it: series, instances, orders, corrections in force, deletion. */
    static ObjectNode detail(StudyState state) {
        ObjectNode body = MAPPER.createObjectNode().put("studyInstanceUid", state.studyUid());
        body.put("deleted", state.deletedNow());
        if (state.deletedNow()) {
            body.putObject("deletion").put("at", state.deleted().at().toString()).put("by", state.deleted().by())
                .put("reason", state.deleted().reason());
        }
        ObjectNode corrections = body.putObject("corrections");
        state.changes().forEach(corrections::put);
        ArrayNode orders = body.putArray("orders"); // Accession Numbers of the orders its images were linked to
        state.orders().forEach(orders::add);
        ArrayNode series = body.putArray("series");
        for (Map.Entry<String, Map<String, StudyEvent.StoredInstance>> s : state.series().entrySet()) {
            ObjectNode node = series.addObject().put("seriesInstanceUid", s.getKey());
            ArrayNode instances = node.putArray("instances");
            for (StudyEvent.StoredInstance i : s.getValue().values()) {
                instances.addObject()
                    .put("sopInstanceUid", i.sopInstanceUid())
                    .put("sopClassUid", i.sopClassUid())
                    .put("transferSyntaxUid", i.transferSyntaxUid())
                    .put("digest", i.digest())
                    .put("size", i.size())
                    .put("sourceAeTitle", i.sourceAeTitle())
                    .put("receivedAt", i.receivedAt().toString());
            }
        }
        return body;
    }

    static ObjectNode entry(StudyHistory.Entry e) {
        ObjectNode node = MAPPER.createObjectNode();
        if (e.sequenceNumber() > 0) {
            node.put("sequenceNumber", e.sequenceNumber());
        }
        node.put("type", e.type());
        node.put("at", e.at() == null ? null : e.at().toString());
        node.put("by", e.by());
        node.set("details", MAPPER.valueToTree(e.details()));
        return node;
    }

    static ObjectNode deleted(StudyViewChanges.DeletedStudy d) {
        return MAPPER.createObjectNode().put("studyInstanceUid", d.studyUid())
            .put("deletedAt", d.deletedAt().toString()).put("deletedBy", d.deletedBy()).put("reason", d.reason())
            .put("studyDate", d.studyDate()).put("accessionNumber", d.accessionNumber()).put("instances", d.instances());
    }

    static ObjectNode job(JobStatus j) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", j.id());
        node.put("type", j.type());
        node.put("studyInstanceUid", j.studyUid());
        node.put("createdBy", j.createdBy());
        node.put("createdAt", j.createdAt().toString());
        node.put("state", j.state().name());
        node.putObject("progress").put("done", j.done()).put("total", j.total());
        node.put("message", j.message());
        node.put("finishedAt", j.finishedAt() == null ? null : j.finishedAt().toString());
        node.set("result", MAPPER.valueToTree(j.result()));
        return node;
    }
}
