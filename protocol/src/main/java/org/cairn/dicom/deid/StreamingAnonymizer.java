package org.cairn.dicom.deid;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DataSetBuilder;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomPart;
import org.cairn.dicom.DicomStreamParser;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.Implementation;
import org.cairn.dicom.Tags;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;

/**
 * De-identifies a Part 10 file (or raw data set) into a new Part 10 file as a stream, by the Basic Profile (see
 * {@link Anonymizer}), holding only the attributes outside the large values in memory.
 *
 * <p>The input is parsed as it is read. Top-level attributes are collected into a data set until a large value
 * arrives: pixel data (native or encapsulated, whatever its size) or any value longer than
 * {@value #STREAM_THRESHOLD} bytes. If the profile keeps that value, the attributes collected so far are
 * de-identified and written, then the value is copied from input to output in the parser's chunks, then collection
 * resumes with the attributes that follow (after Pixel Data, Digital Signatures and trailing padding are removed by
 * the table, private attributes as ever). A large value the profile removes is skipped; one it replaces is never
 * read, only its replacement written. So memory is bounded by the non-pixel attributes (refused above
 * {@value #MAX_ATTRIBUTE_BYTES} bytes) plus one read buffer, whatever the size of the pixel data.
 *
 * <p>The output keeps the input's transfer syntax, Deflated included (the data set is deflated again as it is
 * written). Its File Meta Information is new, as PS3.15 E.1.1 asks: version, SOP Class, the new SOP Instance UID,
 * transfer syntax and Cairn's implementation identity, nothing else (no source AE title, no private meta); the
 * preamble is zeros.
 *
 * <p>If the input is malformed a {@link DicomException} is thrown after part of the output may have been written: write
 * to a temporary place and keep the result only when this returns. One instance serves a whole job (all the
 * instances of a study), from any number of threads.
 */
public final class StreamingAnonymizer {

    /** Top-level values longer than this are never held in memory (above the 16-bit lengths of short VRs). */
    public static final int STREAM_THRESHOLD = 64 * 1024;
    /** Attributes outside the streamed values beyond this many value bytes are refused rather than held. */
    public static final long MAX_ATTRIBUTE_BYTES = 64L << 20;
    private static final int READ_BUFFER = 64 * 1024;

    private final Replacements replacements;
    private final BurnedInAnnotationPolicy policy;
    private final Anonymizer anonymizer;

    public StreamingAnonymizer(UidMapper uids, Replacements replacements, BurnedInAnnotationPolicy policy) {
        this.replacements = replacements;
        this.policy = policy;
        this.anonymizer = new Anonymizer(uids, BasicProfile.RULES);
    }

    /**
     * Reads a Part 10 file from {@code in} to its end and writes its de-identified version to {@code out}, which is
     * flushed but not closed.
     *
     * @throws DicomException                 if the input is not readable DICOM
     * @throws AnonymizationRefusedException  if the policy refuses the instance, or it is no composite instance (no
     *                                        SOP Class or Instance UID, or a DICOMDIR); nothing is written then
     * @throws IOException                    if reading or writing fails
     */
    public AnonymizedInstance anonymize(InputStream in, OutputStream out) throws IOException {
        Run run = new Run(out);
        DicomStreamParser parser = DicomStreamParser.forFile(run);
        byte[] buffer = new byte[READ_BUFFER];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                parser.feed(buffer, 0, n);
            }
            parser.finish();
            return run.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            run.release();
        }
    }

    private static boolean isPixelData(int tag) {
        return tag == Tag.PixelData || tag == Tag.FloatPixelData || tag == Tag.DoubleFloatPixelData;
    }

    private enum Mode { BUFFER, STREAM_VALUE, SKIP_VALUE, STREAM_FRAGMENTS, SKIP_FRAGMENTS }

    /** One file's transformation, fed by the parser. */
    private final class Run implements DicomStreamParser.Handler {
        private final CountingOutputStream file;
        private CountingOutputStream deflated;
        private Deflater deflater;
        private DeflaterOutputStream deflating;
        private OutputStream body;
        private final byte[] header = new byte[12];

        private Mode mode = Mode.BUFFER;
        private boolean inDataSet;
        private boolean headerWritten;
        private TransferSyntax transferSyntax;
        /** How the data set is written: the transfer syntax, or explicit VR little endian inside the deflate stream. */
        private TransferSyntax bodySyntax;
        private DataSetBuilder segment = new DataSetBuilder();
        private long segmentBytes;
        private int depth;
        private int nextAdded;
        /** The first collected attributes as read, which decide the VR of an implicit VR large value. */
        private DataSet firstSegment;

        private String sopClassUid;
        private String sopInstanceUid;
        private String studyInstanceUid;
        private String seriesInstanceUid;
        private String originalSopInstanceUid;
        private String originalStudyInstanceUid;
        private String originalSeriesInstanceUid;
        private BurnedInAnnotation burnedInAnnotation = BurnedInAnnotation.UNKNOWN;

        Run(OutputStream out) {
            this.file = new CountingOutputStream(out);
        }

        @Override
        public void onPart(DicomPart part) {
            try {
                route(part);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void route(DicomPart part) throws IOException {
            if (!inDataSet) {
                collect(part);
                if (part instanceof DicomPart.DataSetStart start) {
                    inDataSet = true;
                    transferSyntax = start.transferSyntax();
                    bodySyntax = transferSyntax.deflated() ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : transferSyntax;
                }
                return;
            }
            switch (mode) {
                case STREAM_VALUE -> {
                    DicomPart.ValueChunk chunk = (DicomPart.ValueChunk) part;
                    body.write(chunk.bytes());
                    if (chunk.last()) {
                        mode = Mode.BUFFER;
                    }
                }
                case SKIP_VALUE -> {
                    if (((DicomPart.ValueChunk) part).last()) {
                        mode = Mode.BUFFER;
                    }
                }
                case STREAM_FRAGMENTS -> {
                    if (part instanceof DicomPart.ValueChunk chunk) {
                        body.write(chunk.bytes());
                    } else if (part instanceof DicomPart.Fragment fragment) {
                        writeHeader(Tags.ITEM, null, fragment.length());
                    } else if (part instanceof DicomPart.FragmentsEnd) {
                        writeHeader(Tags.SEQUENCE_DELIMITATION, null, 0);
                        mode = Mode.BUFFER;
                    }
                }
                case SKIP_FRAGMENTS -> {
                    if (part instanceof DicomPart.FragmentsEnd) {
                        mode = Mode.BUFFER;
                    }
                }
                case BUFFER -> buffer(part);
                default -> throw new IllegalStateException(mode.name());
            }
        }

        private void buffer(DicomPart part) throws IOException {
            if (depth == 0 && part instanceof DicomPart.ElementHeader h
                && (h.length() > STREAM_THRESHOLD || isPixelData(h.tag()))) {
                startLargeValue(h);
                return;
            }
            if (depth == 0 && part instanceof DicomPart.FragmentsStart f) {
                startFragments(f);
                return;
            }
            if (part instanceof DicomPart.SequenceStart || part instanceof DicomPart.FragmentsStart) {
                depth++;
            } else if (part instanceof DicomPart.SequenceEnd || part instanceof DicomPart.FragmentsEnd) {
                depth--;
            }
            collect(part);
        }

        private void collect(DicomPart part) {
            if (part instanceof DicomPart.ValueChunk chunk) {
                segmentBytes += chunk.bytes().length;
                if (segmentBytes > MAX_ATTRIBUTE_BYTES) {
                    throw new DicomException("", -1, "the attributes outside the pixel data exceed "
                        + MAX_ATTRIBUTE_BYTES + " bytes: refused rather than held in memory");
                }
            }
            segment.onPart(part);
        }

        private void startLargeValue(DicomPart.ElementHeader h) throws IOException {
            ProfileAction action = anonymizer.actionFor(h.tag());
            if (action == ProfileAction.K) {
                flush(h.tag());
                writeHeader(h.tag(), vrToWrite(h.tag(), h.vr(), h.explicitVr(), h.bigEndian()), h.length());
                mode = h.length() > 0 ? Mode.STREAM_VALUE : Mode.BUFFER;
                return;
            }
            if (action != ProfileAction.X) {
                // Replaced, not kept: the anonymizer needs only to know the element exists
                segment.result().dataSet().append(
                    DataElement.bulkData(h.tag(), h.vr(), !h.explicitVr(), h.bigEndian(), h.length()));
            }
            mode = h.length() > 0 ? Mode.SKIP_VALUE : Mode.BUFFER;
        }

        private void startFragments(DicomPart.FragmentsStart f) throws IOException {
            ProfileAction action = anonymizer.actionFor(f.tag());
            if (action == ProfileAction.K) {
                flush(f.tag());
                writeHeader(f.tag(), f.vr() == Vr.OW ? Vr.OW : Vr.OB, 0xFFFFFFFFL);
                mode = Mode.STREAM_FRAGMENTS;
                return;
            }
            if (action != ProfileAction.X) {
                segment.result().dataSet().append(DataElement.bulkData(f.tag(), f.vr(), !f.explicitVr(), false, 1));
            }
            mode = Mode.SKIP_FRAGMENTS;
        }

        /** The VR for an explicit VR header: as read, or for implicit VR input the one the data set decides. */
        private Vr vrToWrite(int tag, Vr vr, boolean explicitVr, boolean bigEndian) {
            if (explicitVr || firstSegment == null) {
                return vr;
            }
            return firstSegment.vrOf(DataElement.read(tag, vr, true, bigEndian, new byte[0]));
        }

        /**
         * De-identifies and writes the attributes collected so far, with the added attributes whose tags come before
         * {@code beforeTag} (-1: all of them); writes the file header first if not done yet.
         */
        private void flush(int beforeTag) throws IOException {
            DataSet original = segment.result().dataSet();
            DataSet anonymized = anonymizer.applyProfile(original);
            while (nextAdded < Anonymizer.ADDED_TAGS.length
                && (beforeTag == -1 || Tags.compare(Anonymizer.ADDED_TAGS[nextAdded], beforeTag) < 0)) {
                Anonymizer.addAttribute(anonymized, Anonymizer.ADDED_TAGS[nextAdded++], replacements);
            }
            note(original, anonymized);
            if (!headerWritten) {
                refuseNonInstance();
                firstSegment = original;
                writeFileHeader();
            }
            DicomWriter.writeDataSet(anonymized, bodySyntax, body);
            segment = new DataSetBuilder();
            segment.onPart(new DicomPart.DataSetStart(transferSyntax, true));
            segmentBytes = 0;
        }

        /** Notes the identity of the instance and checks the policy, in whichever part the attributes were. */
        private void note(DataSet original, DataSet anonymized) {
            if (original.contains(Tag.BurnedInAnnotation)) {
                burnedInAnnotation = BurnedInAnnotation.of(original);
            }
            sopClassUid = first(sopClassUid, original.getString(Tag.SOPClassUID));
            originalSopInstanceUid = first(originalSopInstanceUid, original.getString(Tag.SOPInstanceUID));
            originalStudyInstanceUid = first(originalStudyInstanceUid, original.getString(Tag.StudyInstanceUID));
            originalSeriesInstanceUid = first(originalSeriesInstanceUid, original.getString(Tag.SeriesInstanceUID));
            sopInstanceUid = first(sopInstanceUid, anonymized.getString(Tag.SOPInstanceUID));
            studyInstanceUid = first(studyInstanceUid, anonymized.getString(Tag.StudyInstanceUID));
            seriesInstanceUid = first(seriesInstanceUid, anonymized.getString(Tag.SeriesInstanceUID));
            if (policy == BurnedInAnnotationPolicy.REFUSE_YES && burnedInAnnotation == BurnedInAnnotation.YES) {
                throw new AnonymizationRefusedException(originalSopInstanceUid,
                    "Burned In Annotation (0028,0301) is YES and pixel data is not cleaned");
            }
        }

        /**
         * Refuses, before anything is written, what is not a composite instance: a data set without SOP Class or
         * Instance UID (Type 1 in every IOD, and needed for the File Meta Information), or a DICOMDIR, whose record
         * offsets a rewrite would break.
         */
        private void refuseNonInstance() {
            if (sopClassUid == null || originalSopInstanceUid == null) {
                throw new AnonymizationRefusedException(originalSopInstanceUid,
                    "no SOP Class UID or SOP Instance UID: not a composite instance");
            }
            if (sopClassUid.equals(UID.MediaStorageDirectoryStorage)) {
                throw new AnonymizationRefusedException(originalSopInstanceUid,
                    "a DICOMDIR (Media Storage Directory) is not a composite instance");
            }
        }

        private static String first(String known, String candidate) {
            return known != null ? known : candidate;
        }

        /** Zero preamble, "DICM", and File Meta Information describing the de-identified instance only. */
        private void writeFileHeader() throws IOException {
            DataSet meta = new DataSet();
            meta.put(DataElement.of(Tag.FileMetaInformationVersion, Vr.OB, new byte[] {0, 1}));
            meta.putString(Tag.MediaStorageSOPClassUID, Vr.UI, sopClassUid);
            meta.putString(Tag.MediaStorageSOPInstanceUID, Vr.UI, sopInstanceUid);
            meta.putString(Tag.TransferSyntaxUID, Vr.UI, transferSyntax.uid());
            meta.putString(Tag.ImplementationClassUID, Vr.UI, Implementation.CLASS_UID);
            meta.putString(Tag.ImplementationVersionName, Vr.SH, Implementation.VERSION_NAME);
            DicomWriter.writeFileHeader(null, meta, file);
            if (transferSyntax.deflated()) {
                deflated = new CountingOutputStream(file);
                deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
                deflating = new DeflaterOutputStream(deflated, deflater, READ_BUFFER);
                body = deflating;
            } else {
                body = file;
            }
            headerWritten = true;
        }

        /** Writes a header in the output's encoding; {@code vr} null means an item or delimiter. */
        private void writeHeader(int tag, Vr vr, long length) throws IOException {
            boolean bigEndian = bodySyntax.bigEndian();
            Values.putUint16(header, 0, tag >>> 16, bigEndian);
            Values.putUint16(header, 2, tag & 0xFFFF, bigEndian);
            if (vr == null || !bodySyntax.explicitVr()) {
                Values.putInt32(header, 4, (int) length, bigEndian);
                body.write(header, 0, 8);
            } else if (vr.hasLongHeader()) {
                header[4] = (byte) vr.name().charAt(0);
                header[5] = (byte) vr.name().charAt(1);
                header[6] = 0;
                header[7] = 0;
                Values.putInt32(header, 8, (int) length, bigEndian);
                body.write(header, 0, 12);
            } else {
                header[4] = (byte) vr.name().charAt(0);
                header[5] = (byte) vr.name().charAt(1);
                Values.putUint16(header, 6, (int) length, bigEndian);
                body.write(header, 0, 8);
            }
        }

        /** Frees the deflater's native memory, whether the run finished or failed. */
        void release() {
            if (deflater != null) {
                deflater.end();
            }
        }

        AnonymizedInstance finish() throws IOException {
            flush(-1);
            if (deflating != null) {
                deflating.finish();
                if (deflated.count() % 2 == 1) {
                    file.write(0); // PS3.5 A.5: an odd-length deflate stream is padded with one null byte
                }
            }
            file.flush();
            return new AnonymizedInstance(sopClassUid, sopInstanceUid, studyInstanceUid, seriesInstanceUid,
                originalSopInstanceUid, originalStudyInstanceUid, originalSeriesInstanceUid, transferSyntax.uid(),
                burnedInAnnotation, file.count());
        }
    }

    /** Counts what passes, without buffering. */
    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }
}
