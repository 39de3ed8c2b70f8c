package org.cairn.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.FileIO;
import org.cairn.blob.BlobStore;
import org.cairn.dicom.deid.AnonymizedInstance;
import org.cairn.dicom.deid.BurnedInAnnotationPolicy;
import org.cairn.dicom.deid.Replacements;
import org.cairn.dicom.deid.StreamingAnonymizer;
import org.cairn.dicom.deid.UidMapper;
import org.cairn.ingest.IngestOutcome;
import org.cairn.ingest.InstanceIngest;
import org.cairn.blob.Digest;
import org.cairn.dicom.AttributePatch;
import org.cairn.net.dimse.Status;
import org.cairn.qr.MoveDestination;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;
import org.cairn.study.StudyEntity;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyState;
import org.cairn.study.StudyStore;
import org.cairn.views.InstanceFiles;
import org.cairn.views.RetrievableInstance;
import org.cairn.views.ServedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The work of the study jobs: send (the DICOM router), export as ZIP, purge. */
public final class StudyJobs {
    private static final Logger LOG = LoggerFactory.getLogger(StudyJobs.class);
    private static final long ASK_SECONDS = 30;

    private final StudyStore studies;
    private final InstanceFiles files;
    private final BlobStore blobs;
    private final DicomClient client;
    private final String aeTitle;
    private final Path exports;
    private final InstanceIngest ingest;

    public StudyJobs(StudyStore studies, InstanceFiles files, BlobStore blobs, DicomClient client, String aeTitle,
                     Path exports, InstanceIngest ingest) {
        this.ingest = ingest;
        this.studies = studies;
        this.files = files;
        this.blobs = blobs;
        this.client = client;
        this.aeTitle = aeTitle;
        this.exports = exports;
    }

    /** Where an export job's ZIP is written. */
    public Path exportFile(String jobId) {
        return exports.resolve(jobId + ".zip");
    }

    /**
     * Sends every instance of the study to {@code destination} as a C-STORE SCU, with {@code changes} applied to
     * each file on the way (on top of the study's corrections), over one association.
     */
    public JobWork send(String studyUid, MoveDestination destination, List<AttributePatch.Change> changes) {
        return progress -> {
            List<RetrievableInstance> instances = StudyArchive.instances(liveStudy(studyUid));
            InstanceFiles study = files.forStudy(studyUid); // its corrections looked up once
            progress.total(instances.size());
            Map<String, Set<String>> syntaxes = new LinkedHashMap<>();
            instances.forEach(i -> syntaxes.computeIfAbsent(i.sopClassUid(), k -> new LinkedHashSet<>())
                .add(i.transferSyntaxUid()));
            AssociationRequest request = AssociationRequest.to(destination.aeTitle()).from(aeTitle);
            syntaxes.forEach((sopClass, ts) -> request.propose(sopClass, ts.toArray(String[]::new)));
            ScuAssociation association = client.connect(destination.host(), destination.port(), request)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            int sent = 0;
            List<String> failed = new ArrayList<>();
            try {
                for (RetrievableInstance instance : instances) {
                    if (progress.cancelled()) {
                        throw new JobWork.Cancelled();
                    }
                    int status;
                    try (ServedFile file = served(study, instance, changes)) {
                        status = association.store(file.path()).toCompletableFuture().get(10, TimeUnit.MINUTES).status();
                    } catch (Exception e) {
                        LOG.warn("send of {} to {} failed: {}", instance.sopInstanceUid(), destination.aeTitle(),
                            e.toString());
                        status = Status.PROCESSING_FAILURE;
                    }
                    if (status == Status.SUCCESS || (status & 0xF000) == 0xB000) {
                        sent++;
                    } else {
                        failed.add(instance.sopInstanceUid() + String.format(" (%04X)", status));
                    }
                    progress.advance(1, "sent " + sent + " of " + instances.size());
                }
                association.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                association.abort();
                throw e;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("destination", destination.aeTitle());
            result.put("sent", sent);
            result.put("failed", failed);
            if (!failed.isEmpty() && sent == 0) {
                throw new IOException("no instance was accepted by " + destination.aeTitle() + ": " + failed);
            }
            return result;
        };
    }

    /** Writes the study's ZIP to {@link #exportFile}, atomically (a partial file never has the final name). */
    public JobWork export(String studyUid) {
        return progress -> {
            List<RetrievableInstance> instances = StudyArchive.instances(liveStudy(studyUid));
            progress.total(instances.size());
            Files.createDirectories(exports);
            Path partial = Files.createTempFile(exports, "export-", ".part");
            try {
                try (OutputStream out = Files.newOutputStream(partial)) {
                    StudyArchive.write(instances, files.forStudy(studyUid), out, progress);
                }
                Path target = exportFile(progress.jobId());
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return Map.of("file", target.getFileName().toString(), "size", Files.size(target),
                    "instances", instances.size());
            } finally {
                Files.deleteIfExists(partial);
            }
        };
    }

    /**
     * Purges a study deleted at or before {@code deletedBefore}: the event first, then the blobs it lists (a blob
     * left by a crash in between is removed by the start-up reconciliation, which honours purges).
     */
    public JobWork purge(String studyUid, String by, Instant deletedBefore) {
        return progress -> {
            StudyEntity.Outcome outcome = studies.purge(studyUid, by, deletedBefore).toCompletableFuture()
                .get(ASK_SECONDS, TimeUnit.SECONDS);
            if (outcome instanceof StudyEntity.Outcome.Refused refused) {
                throw new IllegalStateException(refused.reason());
            }
            StudyEvent.StudyPurged purged = (StudyEvent.StudyPurged) ((StudyEntity.Outcome.Done) outcome).event();
            progress.total(purged.digests().size());
            int deleted = 0;
            for (String digest : purged.digests()) {
                try {
                    blobs.delete(new Digest(digest));
                    deleted++;
                } catch (IOException e) {
                    LOG.warn("purge of {}: blob {} not deleted ({}); start-up reconciliation will", studyUid, digest,
                        e.toString());
                }
                progress.advance(1, null);
            }
            return Map.of("blobsDeleted", deleted);
        };
    }

    /**
     * Stores a de-identified copy of the study (PS3.15 Annex E Basic Profile) as a new study: every served file is
     * anonymized into a temporary file (one UID mapping for the whole job, so the copy's UIDs stay coherent), then
     * stored through the ingest pipeline as any upload is. The original study is untouched.
     */
    public JobWork anonymize(String studyUid, String patientName, String patientId, String by) {
        return progress -> {
            List<RetrievableInstance> instances = StudyArchive.instances(liveStudy(studyUid));
            InstanceFiles study = files.forStudy(studyUid); // its corrections looked up once
            progress.total(instances.size());
            StreamingAnonymizer anonymizer = new StreamingAnonymizer(UidMapper.newJob(),
                new Replacements(patientName, patientId), BurnedInAnnotationPolicy.KEEP);
            String newStudy = null;
            int stored = 0;
            int burnedIn = 0;
            List<String> failed = new ArrayList<>();
            for (RetrievableInstance instance : instances) {
                if (progress.cancelled()) {
                    throw new JobWork.Cancelled();
                }
                Path copy = Files.createTempFile("cairn-anonymized-", ".dcm");
                try {
                    AnonymizedInstance result;
                    try (InputStream in = study.open(instance); OutputStream out = Files.newOutputStream(copy)) {
                        result = anonymizer.anonymize(in, out);
                    }
                    newStudy = result.studyInstanceUid();
                    burnedIn += result.burnedInAnnotation() == org.cairn.dicom.deid.BurnedInAnnotation.YES ? 1 : 0;
                    IngestOutcome outcome = ingest.storeFile(FileIO.fromPath(copy), "anonymize:" + by, null,
                        InstanceIngest.NO_SIZE_LIMIT).toCompletableFuture().get(10, TimeUnit.MINUTES);
                    if (outcome instanceof IngestOutcome.Refused refused) {
                        failed.add(instance.sopInstanceUid() + ": " + refused.reason());
                    } else {
                        stored++;
                    }
                } catch (Exception e) {
                    failed.add(instance.sopInstanceUid() + ": " + e.getMessage());
                } finally {
                    Files.deleteIfExists(copy);
                }
                progress.advance(1, "anonymized " + stored + " of " + instances.size());
            }
            if (stored == 0) {
                throw new IOException("no instance could be anonymized: " + failed);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("studyInstanceUid", newStudy);
            result.put("stored", stored);
            result.put("failed", failed);
            result.put("burnedInAnnotation", burnedIn); // not removed from pixels: the Basic Profile only flags it
            return result;
        };
    }

    private StudyState liveStudy(String studyUid) throws Exception {
        StudyState study = studies.study(studyUid).toCompletableFuture().get(ASK_SECONDS, TimeUnit.SECONDS);
        if (!study.exists()) {
            throw new IllegalArgumentException("no study " + studyUid);
        }
        if (study.deletedNow()) {
            throw new IllegalStateException("study " + studyUid + " is deleted");
        }
        return study;
    }

    private static ServedFile served(InstanceFiles study, RetrievableInstance instance, List<AttributePatch.Change> changes)
        throws IOException {
        if (changes.isEmpty()) {
            return study.file(instance);
        }
        Path copy = Files.createTempFile("cairn-routed-", ".dcm");
        try (InputStream in = AttributePatch.apply(study.open(instance), changes)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        return new ServedFile(copy, true);
    }
}
