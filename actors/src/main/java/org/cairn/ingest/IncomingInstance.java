package org.cairn.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.cairn.blob.BlobStore;
import org.cairn.blob.BlobWriter;
import org.cairn.blob.Digest;
import org.cairn.blob.StoredBlob;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DataSetBuilder;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomPart;
import org.cairn.dicom.DicomStreamParser;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.Status;

/**
 * One instance on its way into the archive, in plain Java: fed its bytes in order, it writes Cairn's File Meta
 * Information and then the data set, exactly as received, to a temporary blob, hashing the data set and parsing its
 * attributes as they go; {@link #finish} validates them and commits the blob, or refuses and leaves nothing.
 *
 * <p>Two kinds of input. A bare data set whose transfer syntax and SOP Class and Instance are known beforehand (a
 * C-STORE). Or a whole Part 10 file (STOW-RS, an upload): preamble, "DICM" (or a File Meta Information without a
 * preamble, as some writers produce), File Meta Information, data set. Its File Meta Information is held (64 KiB at
 * most) until the data set starts, checked, and replaced by Cairn's: the same transfer syntax and Media Storage SOP
 * Class and Instance, the sender's Source Application Entity Title when it had one (PS3.10: the AE that wrote the
 * content), Cairn's implementation UID and version; the sender's other meta elements (its own implementation, private
 * information) are dropped. A bare data set without File Meta Information is refused rather than sniffed: its
 * encoding would be a guess, and a guess stored as received would be misread later.
 *
 * <p>Memory stays bounded whatever the size of the instance: values longer than 64 KiB (pixel data) are not kept, and
 * nothing else is held beyond the current chunk. A failure does not stop the feeding: the temporary blob is discarded
 * at once and the rest of the bytes are read and ignored, so the transport (a DIMSE association, a multipart body)
 * stays in step; {@link #finish} then reports the first failure.
 *
 * <p>Not thread-safe: fed by one thread at a time, in order (a stream stage, one chunk after another).
 */
final class IncomingInstance {
    /** Values longer than this are not kept in the parsed header (pixel data, large private blobs). */
    static final long HEADER_VALUE_LIMIT = 64 * 1024;
    /** The most File Meta Information a file may have before its data set: real ones are a few hundred bytes. */
    static final int MAX_FILE_META = 64 * 1024;
    private static final int PREAMBLE = 132;

    /** How an instance ends: ready to be journaled, or refused. */
    sealed interface Result permits Ready, IngestOutcome.Refused {
    }

    /**
     * A valid instance whose blob is durable, to be journaled.
     *
     * @param attributes     its attributes before and after Pixel Data (values over 64 KiB left empty)
     * @param dataSetDigest  SHA-256 of the data set bytes as received
     * @param sourceAeTitle  who sent it, as the event records it
     */
    record Ready(StoredBlob blob, DataSet attributes, InstanceIds ids, String transferSyntaxUid, String dataSetDigest,
                 String sourceAeTitle) implements Result {
    }

    private final BlobStore blobs;
    private final long maxBytes;
    private final String requiredStudyUid;
    private final String sourceAeTitle;
    private final DataSetBuilder header = new DataSetBuilder(HEADER_VALUE_LIMIT);
    private final DicomStreamParser parser;
    private final MessageDigest dataSetSha = Digest.newSha256();
    /** Who announced the SOP Class and Instance, for refusals: "the command", "the File Meta Information". */
    private final String announcer;

    // Announced before the data set: by the C-STORE-RQ, or by the file's File Meta Information once read
    private String sopClass;
    private String sopInstance;
    private TransferSyntax transferSyntax;
    /** What Cairn's File Meta gives as Source AE Title: a C-STORE's calling AE, a file's own (null if it had none). */
    private String metaSourceAeTitle;

    // A Part 10 file only: what the meta was checked against, and the raw bytes held until the data set starts
    private final Set<String> storedSopClasses;
    private ByteArrayOutputStream fileHead;
    private long dataSetOffset = -1;

    private BlobWriter writer;
    private long received;
    private IngestOutcome.Refused refusal;

    private IncomingInstance(BlobStore blobs, long maxBytes, String requiredStudyUid, String sourceAeTitle,
                             Set<String> storedSopClasses, String announcer) {
        this.blobs = blobs;
        this.maxBytes = maxBytes;
        this.requiredStudyUid = requiredStudyUid;
        this.sourceAeTitle = sourceAeTitle;
        this.storedSopClasses = storedSopClasses;
        this.announcer = announcer;
        this.fileHead = new ByteArrayOutputStream(1024);
        this.parser = DicomStreamParser.forFile(this::onFilePart);
    }

    private IncomingInstance(BlobStore blobs, TransferSyntax ts, String sopClass, String sopInstance,
                             String callingAeTitle) {
        this.blobs = blobs;
        this.maxBytes = Long.MAX_VALUE;
        this.requiredStudyUid = null;
        this.sourceAeTitle = callingAeTitle;
        this.storedSopClasses = null;
        this.announcer = "the command";
        this.transferSyntax = ts;
        this.sopClass = sopClass;
        this.sopInstance = sopInstance;
        this.metaSourceAeTitle = callingAeTitle;
        this.parser = DicomStreamParser.forDataSet(header, ts);
    }

    /** A data set received by C-STORE, announced by its command and encoded as the presentation context says. */
    static IncomingInstance dataSet(BlobStore blobs, TransferSyntax ts, String sopClass, String sopInstance,
                                    String callingAeTitle) {
        return new IncomingInstance(blobs, ts, sopClass, sopInstance, callingAeTitle);
    }

    /**
     * A whole Part 10 file.
     *
     * @param storedSopClasses  the SOP Classes this node stores; a file of another is refused (0122)
     * @param requiredStudyUid  the study the file must belong to, or null for any
     * @param maxBytes          a file longer than this is refused (A700)
     * @param sourceName        who sent it, recorded as the event's source (cut to 64 characters)
     */
    static IncomingInstance part10File(BlobStore blobs, Set<String> storedSopClasses, String requiredStudyUid,
                                       long maxBytes, String sourceName) {
        String source = sourceName == null ? "" : sourceName.length() > 64 ? sourceName.substring(0, 64) : sourceName;
        return new IncomingInstance(blobs, maxBytes, requiredStudyUid, source, Set.copyOf(storedSopClasses),
            "the File Meta Information");
    }

    private void onFilePart(DicomPart part) {
        if (part instanceof DicomPart.DataSetStart && dataSetOffset < 0) {
            // The parser reports the start of the data set having consumed exactly the bytes before it
            dataSetOffset = parser.position();
        }
        header.onPart(part);
    }

    /** Who sent the instance, as its event records it. */
    String sourceAeTitle() {
        return sourceAeTitle;
    }

    /** The next bytes. Never throws: a failure is kept for {@link #finish} and the rest is ignored. */
    void feed(byte[] chunk) {
        if (refusal != null) {
            return;
        }
        received += chunk.length;
        if (received > maxBytes) {
            refuse(Status.OUT_OF_RESOURCES, "the instance is larger than the " + maxBytes + " bytes allowed");
            return;
        }
        try {
            if (fileHead != null) {
                readFileHead(chunk);
                return;
            }
            if (writer == null) {
                startBlob();
            }
            writer.write(ByteBuffer.wrap(chunk));
            dataSetSha.update(chunk);
            parser.feed(chunk);
        } catch (DicomException e) {
            refuse(Status.CANNOT_UNDERSTAND, "unreadable data set: " + e.getMessage());
        } catch (IOException e) {
            refuse(Status.OUT_OF_RESOURCES, "cannot write: " + e.getMessage());
        } catch (RuntimeException e) {
            refuse(Status.OUT_OF_RESOURCES, "ingest failed: " + e);
        }
    }

    /** Before a file's data set: hold its bytes until the parser has read past the File Meta Information. */
    private void readFileHead(byte[] chunk) throws IOException {
        fileHead.write(chunk);
        try {
            parser.feed(chunk);
        } catch (DicomException e) {
            if (dataSetOffset < 0) {
                refuse(Status.CANNOT_UNDERSTAND, "not a readable DICOM file: " + e.getMessage());
                return;
            }
            throw e;
        }
        if (dataSetOffset >= 0) {
            startFileDataSet();
        } else if (fileHead.size() > PREAMBLE + MAX_FILE_META) {
            refuse(Status.CANNOT_UNDERSTAND, "no data set within the first " + (PREAMBLE + MAX_FILE_META)
                + " bytes: the File Meta Information is too long, or this is not a DICOM file");
        }
    }

    /** The file's meta is read: check it, start the blob with Cairn's meta and the data set bytes held so far. */
    private void startFileDataSet() throws IOException {
        DataSet meta = header.result().fileMeta();
        if (meta == null) {
            refuse(Status.CANNOT_UNDERSTAND, "not a DICOM Part 10 file: no File Meta Information, so the data set's "
                + "transfer syntax is unknown");
            return;
        }
        Optional<IngestValidation.Failure> bad = IngestValidation.checkFileMeta(meta, storedSopClasses);
        if (bad.isPresent()) {
            refuse(bad.get().status(), bad.get().reason());
            return;
        }
        sopClass = meta.getString(Tag.MediaStorageSOPClassUID);
        sopInstance = meta.getString(Tag.MediaStorageSOPInstanceUID);
        transferSyntax = TransferSyntax.of(meta.getString(Tag.TransferSyntaxUID));
        metaSourceAeTitle = meta.getString(Tag.SourceApplicationEntityTitle);
        byte[] held = fileHead.toByteArray();
        fileHead = null;
        startBlob();
        int from = (int) dataSetOffset;
        writer.write(ByteBuffer.wrap(held, from, held.length - from));
        dataSetSha.update(held, from, held.length - from);
    }

    private void startBlob() throws IOException {
        writer = blobs.newBlob();
        writer.write(ByteBuffer.wrap(part10Header()));
    }

    /** Preamble, "DICM" and File Meta Information written by Cairn; the data set follows as received. */
    private byte[] part10Header() throws IOException {
        DataSet meta = new DataSet()
            .putString(Tag.MediaStorageSOPClassUID, Vr.UI, sopClass)
            .putString(Tag.MediaStorageSOPInstanceUID, Vr.UI, sopInstance)
            .putString(Tag.TransferSyntaxUID, Vr.UI, transferSyntax.uid());
        if (metaSourceAeTitle != null) {
            meta.putString(Tag.SourceApplicationEntityTitle, Vr.AE, metaSourceAeTitle);
        }
        meta = DicomWriter.completeMeta(meta, new DataSet(), transferSyntax);
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        DicomWriter.writeFileHeader(null, meta, out);
        return out.toByteArray();
    }

    /**
     * The end of the bytes ({@code upstreamFailure}: they stopped short, e.g. a client went away): the instance is
     * validated and its blob committed (fsync, atomic rename), or it is refused and its temporary blob discarded.
     * Called once, after the last {@link #feed}.
     */
    Result finish(Throwable upstreamFailure) {
        if (refusal == null && upstreamFailure != null) {
            refuse(Status.CANNOT_UNDERSTAND, "the instance's bytes stopped short: " + upstreamFailure);
        }
        if (refusal != null) {
            return refusal;
        }
        try {
            parser.finish();
        } catch (DicomException e) {
            return refuse(Status.CANNOT_UNDERSTAND, (fileHead != null && dataSetOffset < 0
                ? "not a readable DICOM file: " : "unreadable data set: ") + e.getMessage());
        }
        DataSet attributes;
        try {
            if (fileHead != null) {
                if (dataSetOffset < 0) {
                    return refuse(Status.CANNOT_UNDERSTAND, "not a DICOM file: it ends before any data set");
                }
                startFileDataSet();
                if (refusal != null) {
                    return refusal;
                }
            }
            if (writer == null) {
                throw new DicomException("", 0, "empty data set");
            }
            attributes = header.result().dataSet();
        } catch (DicomException e) {
            return refuse(Status.CANNOT_UNDERSTAND, "unreadable data set: " + e.getMessage());
        } catch (IOException e) {
            return refuse(Status.OUT_OF_RESOURCES, "cannot write: " + e.getMessage());
        } catch (RuntimeException e) {
            return refuse(Status.OUT_OF_RESOURCES, "ingest failed: " + e);
        }
        Optional<IngestValidation.Failure> failure = IngestValidation.check(attributes, sopClass, sopInstance, announcer)
            .or(() -> IngestValidation.checkStudy(attributes, requiredStudyUid));
        if (failure.isPresent()) {
            return refuse(failure.get().status(), failure.get().reason());
        }
        StoredBlob blob;
        try {
            blob = writer.commit();
        } catch (IOException e) {
            return refuse(Status.OUT_OF_RESOURCES, "cannot store: " + e.getMessage());
        }
        return new Ready(blob, attributes, ids(), transferSyntax.uid(), Digest.of(dataSetSha.digest()).hex(),
            sourceAeTitle);
    }

    /** The UIDs known so far: the data set's where it was read that far, else those announced for it. */
    private InstanceIds ids() {
        try {
            DataSet attributes = header.result().dataSet();
            String cls = attributes.getString(Tag.SOPClassUID);
            String instance = attributes.getString(Tag.SOPInstanceUID);
            return new InstanceIds(cls != null ? cls : sopClass, instance != null ? instance : sopInstance,
                attributes.getString(Tag.StudyInstanceUID), attributes.getString(Tag.SeriesInstanceUID));
        } catch (RuntimeException unreadable) {
            return new InstanceIds(sopClass, sopInstance, null, null);
        }
    }

    private IngestOutcome.Refused refuse(int status, String reason) {
        if (refusal == null) {
            refusal = new IngestOutcome.Refused(ids(), status, reason);
            discard();
        }
        return refusal;
    }

    /** Drops the temporary blob, if any; nothing of the instance stays. */
    void discard() {
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(IncomingInstance.class)
                .warn("could not discard a temporary blob: {}", e.toString());
        }
        fileHead = null;
    }
}
