package org.cairn.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import kamon.metric.Timer;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;
import org.cairn.association.DataSetConsumer;
import org.cairn.association.DimseContext;
import org.cairn.association.NodeMetrics;
import org.cairn.blob.BlobStore;
import org.cairn.blob.BlobWriter;
import org.cairn.blob.Digest;
import org.cairn.blob.StoredBlob;
import org.cairn.concurrent.PlainStages;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DataSetBuilder;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.DicomStreamParser;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;
import org.cairn.study.StudyEntity;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One C-STORE, as one Pekko Stream: the data set's fragments enter a bounded queue (when it is full the association
 * stops reading, and TCP slows the sender); on a blocking-I/O dispatcher each fragment is hashed and written to a
 * temporary blob and parsed for the attributes before Pixel Data. At the end the data set is validated, the blob
 * committed (fsync, atomic rename), the Study entity persists the event, and only then is success answered.
 * A failure at any step discards the blob and answers with a PS3.4 status.
 */
final class InstanceIngest implements DataSetConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceIngest.class);
    /** Values longer than this are not kept in the parsed header (pixel data, large private blobs). */
    private static final long HEADER_VALUE_LIMIT = 64 * 1024;

    private final DataSet command;
    private final DimseContext context;
    private final BlobStore blobs;
    private final StudyStore studies;
    private final Executor blocking;
    private final String sopClass;
    private final String sopInstance;
    private final Timer.Started latency = NodeMetrics.INGEST_LATENCY.start();
    private final SourceQueueWithComplete<ByteString> queue;
    private final CompletionStage<Done> drained;
    /** Offers are chained: several fragments of one PDU reach us before reading can pause. */
    private CompletableFuture<?> lastOffer = CompletableFuture.completedFuture(null);

    // Touched only by the stream's one-at-a-time stage and the completion that follows it
    private BlobWriter writer;
    private final MessageDigest dataSetSha = Digest.newSha256();
    private DataSetBuilder header;
    private DicomStreamParser parser;

    InstanceIngest(DataSet command, DimseContext context, BlobStore blobs, StudyStore studies, Materializer materializer,
                   Executor blocking) {
        this.command = command;
        this.context = context;
        this.blobs = blobs;
        this.studies = studies;
        this.blocking = blocking;
        this.sopClass = command.getString(Tag.AffectedSOPClassUID);
        this.sopInstance = command.getString(Tag.AffectedSOPInstanceUID);
        Pair<SourceQueueWithComplete<ByteString>, CompletionStage<Done>> stream = Source.<ByteString>queue(4,
                OverflowStrategy.backpressure())
            .mapAsync(1, chunk -> CompletableFuture.supplyAsync(() -> {
                consume(chunk);
                return Done.getInstance();
            }, blocking))
            .toMat(Sink.ignore(), Keep.both())
            .run(materializer);
        this.queue = stream.first();
        this.drained = PlainStages.of(stream.second());
        drained.whenComplete((done, failure) -> CompletableFuture.runAsync(() -> finish(failure), blocking));
    }

    @Override
    public void onFragment(DimseContext ctx, byte[] fragment, boolean last) {
        Runnable resume = ctx.pauseReading();
        ByteString bytes = ByteString.fromArrayUnsafe(fragment);
        lastOffer = lastOffer.thenCompose(previous -> PlainStages.of(queue.offer(bytes)))
            .whenComplete((result, failure) -> {
                resume.run();
                if (last && failure == null) {
                    queue.complete();
                } else if (failure != null) {
                    queue.fail(failure);
                }
            });
    }

    /** Writes the Part 10 header first, then each fragment as received; the parser reads along. */
    private void consume(ByteString chunk) {
        try {
            if (writer == null) {
                writer = blobs.newBlob();
                writer.write(ByteBuffer.wrap(part10Header()));
                header = new DataSetBuilder(HEADER_VALUE_LIMIT);
                parser = DicomStreamParser.forDataSet(header, context.transferSyntax());
            }
            writer.write(chunk.asByteBuffer());
            dataSetSha.update(chunk.asByteBuffer());
            parser.feed(chunk.toArrayUnsafe());
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    /** Preamble, "DICM" and File Meta Information written by Cairn; the data set follows as received. */
    private byte[] part10Header() throws IOException {
        DataSet meta = new DataSet()
            .putString(Tag.MediaStorageSOPClassUID, Vr.UI, sopClass)
            .putString(Tag.MediaStorageSOPInstanceUID, Vr.UI, sopInstance)
            .putString(Tag.TransferSyntaxUID, Vr.UI, context.transferSyntax().uid())
            .putString(Tag.SourceApplicationEntityTitle, Vr.AE, context.callingAeTitle());
        meta = DicomWriter.completeMeta(meta, new DataSet(), context.transferSyntax());
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        DicomWriter.writeFileHeader(null, meta, out);
        return out.toByteArray();
    }

    private void finish(Throwable streamFailure) {
        Optional<IngestValidation.Failure> failure = Optional.empty();
        DataSet parsed = null;
        try {
            if (streamFailure != null) {
                throw streamFailure instanceof CompletionException c && c.getCause() != null ? c.getCause() : streamFailure;
            }
            if (writer == null) {
                throw new DicomException("", 0, "empty data set");
            }
            parser.finish();
            parsed = header.result().dataSet();
            failure = IngestValidation.check(parsed, sopClass, sopInstance);
        } catch (DicomException e) {
            failure = Optional.of(new IngestValidation.Failure(Status.CANNOT_UNDERSTAND, "unreadable data set: "
                + e.getMessage()));
        } catch (IOException e) {
            failure = Optional.of(new IngestValidation.Failure(Status.OUT_OF_RESOURCES, "cannot write: " + e.getMessage()));
        } catch (Throwable e) {
            failure = Optional.of(new IngestValidation.Failure(Status.OUT_OF_RESOURCES, "ingest failed: " + e));
        }
        if (failure.isPresent()) {
            discard();
            refuse(failure.get());
            return;
        }
        StoredBlob blob;
        try {
            blob = writer.commit();
        } catch (IOException e) {
            discard();
            refuse(new IngestValidation.Failure(Status.OUT_OF_RESOURCES, "cannot store: " + e.getMessage()));
            return;
        }
        DataSet attributes = parsed;
        StudyEvent.StoredInstance instance = new StudyEvent.StoredInstance(attributes.getString(Tag.SeriesInstanceUID),
            sopInstance, sopClass, context.transferSyntax().uid(), blob.digest().hex(),
            Digest.of(dataSetSha.digest()).hex(), blob.size(),
            context.callingAeTitle(), Instant.now(), headerJson(attributes));
        studies.store(attributes.getString(Tag.StudyInstanceUID), instance).whenComplete((result, error) -> {
            if (result instanceof StudyEntity.StoreResult.Stored) {
                NodeMetrics.INSTANCES_STORED.increment();
                NodeMetrics.BYTES_STORED.increment(blob.size());
                latency.stop();
                context.respond(Commands.response(command, Status.SUCCESS, false), null);
                return;
            }
            if (result instanceof StudyEntity.StoreResult.AlreadyStored) {
                if (!blob.deduplicated()) {
                    deleteQuietly(blob); // the same data set is stored already, under its first File Meta
                }
                latency.stop();
                context.respond(Commands.response(command, Status.SUCCESS, false), null);
                return;
            }
            if (result instanceof StudyEntity.StoreResult.Refused refused) {
                if (!blob.deduplicated()) {
                    deleteQuietly(blob);
                }
                refuse(new IngestValidation.Failure(Status.CANNOT_UNDERSTAND, refused.reason()));
                return;
            }
            // The blob stays: the event may yet have been persisted, and reconciliation settles it at start-up
            refuse(new IngestValidation.Failure(Status.OUT_OF_RESOURCES, "the study journal did not answer: " + error));
        });
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

    private void discard() {
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (IOException e) {
            LOG.warn("could not discard a temporary blob: {}", e.toString());
        }
    }

    private void deleteQuietly(StoredBlob blob) {
        try {
            blobs.delete(blob.digest());
        } catch (IOException e) {
            LOG.warn("could not delete the refused blob {}: {}", blob.digest(), e.toString());
        }
    }

    private void refuse(IngestValidation.Failure failure) {
        latency.stop();
        NodeMetrics.refused(failure.status());
        LOG.info("C-STORE of {} from {} refused ({}): {}", sopInstance, context.callingAeTitle(),
            String.format("%04XH", failure.status()), failure.reason());
        context.respond(Commands.failure(command, failure.status(), failure.reason()), null);
    }
}
