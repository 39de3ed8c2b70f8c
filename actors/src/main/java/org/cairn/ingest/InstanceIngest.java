package org.cairn.ingest;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import kamon.metric.Timer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.cairn.association.NodeMetrics;
import org.cairn.blob.BlobStore;
import org.cairn.blob.Digest;
import org.cairn.blob.StoredBlob;
import org.cairn.concurrent.PlainStages;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UidDictionary;
import org.cairn.net.dimse.Status;
import org.cairn.study.StudyEntity;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How any instance enters the archive, whatever brought it (C-STORE, STOW-RS, an upload): its bytes flow as a
 * backpressured Pekko Stream (the source is pulled one chunk at a time, so a slow disk slows the sender down) into an
 * {@link IncomingInstance} on a blocking-I/O dispatcher, which writes and hashes a temporary blob and parses the
 * attributes; at the end the instance is validated, the blob committed (fsync, atomic rename), the Study entity asked
 * to persist the event, and only then does the returned stage complete. A refused instance leaves nothing behind: no
 * blob, no event.
 *
 * <p>The source is always read to its end, even after a failure (the rest is ignored): a transport that carries
 * several instances one after another (a multipart body, a ZIP, an association) stays in step.
 */
public final class InstanceIngest {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceIngest.class);
    /** For {@link #storeFile}: no limit on an instance's size. */
    public static final long NO_SIZE_LIMIT = Long.MAX_VALUE;

    private final BlobStore blobs;
    private final StudyStore studies;
    private final Set<String> sopClasses;
    private final Materializer materializer;
    private final Executor blocking;

    /**
     * @param sopClasses the SOP Classes stored: a Part 10 file of another is refused (a C-STORE's was negotiated)
     * @param blocking   where blob writes, fsyncs and parsing run
     */
    public InstanceIngest(BlobStore blobs, StudyStore studies, Set<String> sopClasses, Materializer materializer,
                          Executor blocking) {
        this.blobs = blobs;
        this.studies = studies;
        this.sopClasses = Set.copyOf(sopClasses);
        this.materializer = materializer;
        this.blocking = blocking;
    }

    /**
     * The ingest of a node: every Storage SOP Class of the registry plus {@code extraSopClasses} (e.g. private ones),
     * streams on {@code system}, blocking work on its blocking-I/O dispatcher.
     */
    public static InstanceIngest create(ActorSystem<?> system, BlobStore blobs, StudyStore studies,
                                        Set<String> extraSopClasses) {
        Set<String> all = new LinkedHashSet<>(UidDictionary.storageSopClasses());
        all.addAll(extraSopClasses);
        return new InstanceIngest(blobs, studies, all, Materializer.matFromSystem(system),
            system.dispatchers().lookup(DispatcherSelector.blocking()));
    }

    /** The SOP Classes stored. */
    public Set<String> sopClasses() {
        return sopClasses;
    }

    Materializer materializer() {
        return materializer;
    }

    /**
     * Stores a whole Part 10 file (preamble, "DICM", File Meta Information, data set) streamed from {@code file}:
     * Cairn's File Meta Information followed by the data set bytes as received (see {@link IncomingInstance}).
     *
     * @param sourceName        who sent it, recorded as the instance's source (e.g. "STOW-RS", or a user)
     * @param requiredStudyUid  the study the instance must belong to (STOW-RS to one study), or null for any;
     *                          another is refused with {@link IngestValidation#STUDY_INSTANCE_UID_MISMATCH}
     * @param maxBytes          a file longer than this is refused with A700 (its bytes still read to the end);
     *                          {@link #NO_SIZE_LIMIT} for none
     * @return completes (never exceptionally) once the instance is durable and journaled, or refused
     */
    public CompletionStage<IngestOutcome> storeFile(Source<ByteString, ?> file, String sourceName,
                                                    String requiredStudyUid, long maxBytes) {
        return run(file, IncomingInstance.part10File(blobs, sopClasses, requiredStudyUid, maxBytes, sourceName));
    }

    /** Stores a bare data set received by C-STORE, announced by its command, as {@code ts}. */
    CompletionStage<IngestOutcome> storeDataSet(Source<ByteString, ?> dataSet, TransferSyntax ts, String sopClass,
                                                String sopInstance, String callingAeTitle) {
        return run(dataSet, IncomingInstance.dataSet(blobs, ts, sopClass, sopInstance, callingAeTitle));
    }

    private CompletionStage<IngestOutcome> run(Source<ByteString, ?> bytes, IncomingInstance incoming) {
        Timer.Started latency = NodeMetrics.INGEST_LATENCY.start();
        CompletionStage<Done> drained;
        // A source that fails ends the stream while a chunk may still be being fed on the blocking pool: finishing
        // waits for that feed, or a blob it opens could outlive the discard
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<Done>> lastFeed =
            new java.util.concurrent.atomic.AtomicReference<>(CompletableFuture.completedFuture(Done.getInstance()));
        try {
            drained = bytes.mapAsync(1, chunk -> {
                    CompletableFuture<Done> feed = CompletableFuture.supplyAsync(() -> {
                        incoming.feed(chunk.toArrayUnsafe());
                        return Done.getInstance();
                    }, blocking);
                    lastFeed.set(feed);
                    return feed;
                })
                .runWith(Sink.ignore(), materializer);
        } catch (RuntimeException e) {
            drained = CompletableFuture.failedFuture(e);
        }
        return PlainStages.of(drained)
            .handle((done, failure) -> failure)
            .thenCompose(failure -> lastFeed.get().handle((fed, ignored) -> failure))
            .thenApplyAsync(failure -> incoming.finish(unwrap(failure)), blocking)
            .thenCompose(result -> result instanceof IncomingInstance.Ready ready
                ? journal(ready)
                : CompletableFuture.completedFuture((IngestOutcome) result))
            .exceptionally(unexpected -> {
                incoming.discard();
                return new IngestOutcome.Refused(InstanceIds.UNKNOWN, Status.OUT_OF_RESOURCES,
                    "ingest failed: " + unwrap(unexpected));
            })
            .thenApply(outcome -> {
                latency.stop();
                count(outcome, incoming);
                return outcome;
            });
    }

    /** Asks the Study entity to persist the event; what it does not keep loses its blob (unless shared). */
    private CompletionStage<IngestOutcome> journal(IncomingInstance.Ready ready) {
        StoredBlob blob = ready.blob();
        InstanceIds ids = ready.ids();
        StudyEvent.StoredInstance instance = new StudyEvent.StoredInstance(ids.seriesInstanceUid(),
            ids.sopInstanceUid(), ids.sopClassUid(), ready.transferSyntaxUid(), blob.digest().hex(),
            ready.dataSetDigest(), blob.size(), ready.sourceAeTitle(), Instant.now(), headerJson(ready.attributes()));
        CompletionStage<StudyEntity.StoreResult> stored;
        try {
            stored = studies.store(ids.studyInstanceUid(), instance);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        return stored.handle((result, error) -> {
            if (result instanceof StudyEntity.StoreResult.Stored s) {
                return CompletableFuture.<IngestOutcome>completedFuture(
                    new IngestOutcome.Stored(ids, blob.size(), s.replaced()));
            }
            if (result instanceof StudyEntity.StoreResult.AlreadyStored) {
                return dropUnlessJournaled(blob, ids).thenApply(x -> (IngestOutcome) new IngestOutcome.AlreadyStored(ids));
            }
            if (result instanceof StudyEntity.StoreResult.Refused refused) {
                return CompletableFuture.supplyAsync(() -> {
                    if (!blob.deduplicated()) {
                        deleteQuietly(blob.digest());
                    }
                    return (IngestOutcome) new IngestOutcome.Refused(ids, Status.CANNOT_UNDERSTAND, refused.reason());
                }, blocking);
            }
            // The blob stays: the event may yet have been persisted, and reconciliation settles it at start-up
            return CompletableFuture.<IngestOutcome>completedFuture(new IngestOutcome.Refused(ids,
                Status.OUT_OF_RESOURCES, "the study journal did not answer: " + unwrap(error)));
        }).thenCompose(outcome -> outcome);
    }

    /**
     * An instance stored before: the same data set is kept under its first File Meta, so this blob goes, unless the
     * journaled instance is this very blob (the same file sent twice at once: one write found the other's blob).
     */
    private CompletionStage<Void> dropUnlessJournaled(StoredBlob blob, InstanceIds ids) {
        return studies.study(ids.studyInstanceUid()).handleAsync((state, error) -> {
            StudyEvent.StoredInstance journaled = state == null ? null : state.find(ids.sopInstanceUid());
            if (error == null && (journaled == null || !journaled.digest().equals(blob.digest().hex()))) {
                deleteQuietly(blob.digest());
            }
            return null;
        }, blocking);
    }

    private void deleteQuietly(Digest digest) {
        try {
            blobs.delete(digest);
        } catch (IOException e) {
            LOG.warn("could not delete the blob {} of a refused instance: {}", digest, e.toString());
        }
    }

    private static void count(IngestOutcome outcome, IncomingInstance incoming) {
        if (outcome instanceof IngestOutcome.Stored stored) {
            NodeMetrics.INSTANCES_STORED.increment();
            NodeMetrics.BYTES_STORED.increment(stored.size());
        } else if (outcome instanceof IngestOutcome.Refused refused) {
            NodeMetrics.refused(refused.status());
            LOG.info("instance {} from {} refused ({}): {}", refused.ids().sopInstanceUid(), incoming.sourceAeTitle(),
                String.format("%04XH", refused.status()), refused.reason());
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
    }

    /**
     * The attributes as DICOM JSON. An element that JSON cannot carry (an IS that is not a number, as some
     * modalities write) is left out, not the whole data set: the views still index everything else.
     */
    static String headerJson(DataSet attributes) {
        try {
            return DicomJson.inline().toJson(attributes);
        } catch (DicomException notRepresentable) {
            DataSet representable = new DataSet();
            DataElement charset = attributes.get(Tag.SpecificCharacterSet);
            for (DataElement e : attributes) {
                DataSet single = new DataSet();
                if (charset != null) {
                    single.put(charset);
                }
                single.put(e);
                try {
                    DicomJson.inline().toJson(single);
                    representable.put(e);
                } catch (DicomException dropped) {
                    LOG.debug("attribute left out of the indexed header: {}", dropped.getMessage());
                }
            }
            return DicomJson.inline().toJson(representable);
        }
    }
}
