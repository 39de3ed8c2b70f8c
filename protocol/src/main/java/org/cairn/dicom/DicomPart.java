package org.cairn.dicom;

import java.util.Arrays;

/**
 * What the streaming parser reports, in stream order. A data set is a flat series of parts: element
 * headers followed by their value chunks, sequences bracketing items, encapsulated pixel data bracketing
 * fragments. Value bytes are as encoded (byte order of the transfer syntax), never interpreted here.
 */
public sealed interface DicomPart {

    /** The 128-byte preamble and the "DICM" prefix of a Part 10 file. */
    record Preamble(byte[] bytes) implements DicomPart {
        @Override
        public boolean equals(Object o) {
            return o instanceof Preamble p && Arrays.equals(bytes, p.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Preamble[" + bytes.length + " bytes]";
        }
    }

    /**
     * The header of an element whose value follows as {@link ValueChunk}s ({@code length} bytes in all; none
     * for an empty value).
     *
     * @param tag        the tag
     * @param vr         the VR as encoded (explicit) or from the dictionary (implicit)
     * @param length     value length in bytes
     * @param explicitVr whether the header carried the VR
     * @param bigEndian  byte order of the value
     */
    record ElementHeader(int tag, Vr vr, long length, boolean explicitVr, boolean bigEndian) implements DicomPart {
        @Override
        public String toString() {
            return "ElementHeader[" + Tags.toString(tag) + " " + vr + " " + length + (explicitVr ? "" : " implicit")
                + (bigEndian ? " BE" : "") + "]";
        }
    }

    /** Bytes of the current element's or fragment's value; {@code last} marks the final chunk. */
    record ValueChunk(byte[] bytes, boolean last) implements DicomPart {
        @Override
        public boolean equals(Object o) {
            return o instanceof ValueChunk c && last == c.last && Arrays.equals(bytes, c.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + (last ? 1 : 0);
        }

        @Override
        public String toString() {
            return "ValueChunk[" + bytes.length + " bytes" + (last ? ", last" : "") + "]";
        }
    }

    /**
     * Start of a sequence. {@code vr} is SQ, or UN for a sequence encoded as UN (its items are then implicit
     * VR little endian, PS3.5 6.2.2). {@code length} is -1 when undefined.
     */
    record SequenceStart(int tag, Vr vr, long length, boolean explicitVr, boolean bigEndian) implements DicomPart {
        @Override
        public String toString() {
            return "SequenceStart[" + Tags.toString(tag) + " " + vr + " " + length + "]";
        }
    }

    /** End of the sequence last started, by delimiter or by its defined length. */
    record SequenceEnd(int tag) implements DicomPart {
        @Override
        public String toString() {
            return "SequenceEnd[" + Tags.toString(tag) + "]";
        }
    }

    /** Start of item {@code number} (from 1) of the enclosing sequence; {@code length} -1 when undefined. */
    record ItemStart(int number, long length) implements DicomPart {
    }

    /** End of the item last started. */
    record ItemEnd(int number) implements DicomPart {
    }

    /** Start of encapsulated pixel data (undefined length), whose fragments follow. */
    record FragmentsStart(int tag, Vr vr, boolean explicitVr, boolean bigEndian) implements DicomPart {
        @Override
        public String toString() {
            return "FragmentsStart[" + Tags.toString(tag) + " " + vr + "]";
        }
    }

    /**
     * Fragment {@code number} (from 1; the first is the Basic Offset Table) of {@code length} bytes, which
     * follow as value chunks.
     */
    record Fragment(int number, long length) implements DicomPart {
    }

    /** End of the encapsulated pixel data. */
    record FragmentsEnd(int tag) implements DicomPart {
    }

    /**
     * The File Meta Information has ended (or was absent) and the data set proper starts, encoded as
     * {@code transferSyntax}.
     */
    record DataSetStart(TransferSyntax transferSyntax, boolean hadFileMeta) implements DicomPart {
    }
}
