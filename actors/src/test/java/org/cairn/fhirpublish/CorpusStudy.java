package org.cairn.fhirpublish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.dict.Tag;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyState;

/** Studies assembled from files of the shared corpus, as the Study entity would hold them after ingest. */
final class CorpusStudy {
    static final Path CORPUS = Path.of(System.getProperty("cairn.corpus"));
    static final Instant RECEIVED = Instant.parse("2027-01-05T08:00:00Z");

    private CorpusStudy() {
    }

    /**
     * The corpus file as a stored instance, its attributes (up to Pixel Data) as DICOM JSON; in series
     * {@code seriesUid}, or its own series when that is null.
     */
    static StudyEvent.StoredInstance instance(String file, String seriesUid) {
        try {
            Path path = CORPUS.resolve(file);
            DicomFile read = DicomReader.read(path, 64 * 1024, Tag.PixelData);
            DataSet attributes = read.dataSet();
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(path)));
            return new StudyEvent.StoredInstance(seriesUid == null ? attributes.getString(Tag.SeriesInstanceUID)
                : seriesUid, attributes.getString(Tag.SOPInstanceUID), read.sopClassUid(),
                read.transferSyntax().uid(), digest, digest, Files.size(path), "MODALITY", RECEIVED, json(attributes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A study of these instances, under {@code studyUid}, with these corrections ({@code keyword -> value}) in force. */
    static StudyState study(String studyUid, List<StudyEvent.StoredInstance> instances, Map<String, String> changes) {
        StudyState state = StudyState.empty(studyUid);
        for (StudyEvent.StoredInstance instance : instances) {
            state = state.apply(new StudyEvent.InstanceStored(studyUid, instance));
        }
        if (!changes.isEmpty()) {
            state = state.apply(new StudyEvent.AttributesChanged(studyUid, changes.entrySet().stream()
                .map(c -> new StudyEvent.AttributeChange(c.getKey(), null, c.getValue())).toList(), "alice",
                "corrected at the desk", RECEIVED));
        }
        return state;
    }

    /** As ingest indexes a header: an element that DICOM JSON cannot carry is left out, not the whole data set. */
    private static String json(DataSet attributes) {
        try {
            return DicomJson.inline().toJson(attributes);
        } catch (DicomException notRepresentable) {
            DataSet representable = new DataSet();
            for (DataElement e : attributes) {
                DataSet single = new DataSet();
                if (attributes.get(Tag.SpecificCharacterSet) != null) {
                    single.put(attributes.get(Tag.SpecificCharacterSet));
                }
                single.put(e);
                try {
                    DicomJson.inline().toJson(single);
                    representable.put(e);
                } catch (DicomException dropped) {
                    // left out
                }
            }
            return DicomJson.inline().toJson(representable);
        }
    }
}
