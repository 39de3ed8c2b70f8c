package org.cairn.dicom.pixel;

import org.cairn.dicom.Vr;

/**
 * Where a top-level element's value lies in a file, in bytes from the file's first byte, so that the value (or a
 * frame of it) can be read by skipping to it rather than by parsing everything before.
 */
public sealed interface ElementLocation {

    int tag();

    /**
     * A value of defined length.
     *
     * @param offset     where the value starts
     * @param length     its length in bytes
     * @param vr         its VR (from the dictionary when the file is implicit VR)
     * @param bigEndian  whether multi-byte values are big endian
     */
    record Value(int tag, Vr vr, long offset, long length, boolean bigEndian) implements ElementLocation {
    }

    /**
     * Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table and the fragments after it.
     *
     * @param basicOffsetTable   the table's offsets (empty when the table is), relative to {@code itemOffsets[0]}
     * @param itemOffsets        where each fragment's item header starts
     * @param valueOffsets       where each fragment's bytes start
     * @param lengths            each fragment's length
     * @param heads              each fragment's first four bytes as a big-endian number (zeros past a shorter
     *                           fragment's end), to recognise where a codestream starts
     */
    record Fragments(int tag, long[] basicOffsetTable, long[] itemOffsets, long[] valueOffsets, long[] lengths,
                     int[] heads) implements ElementLocation {

        public int count() {
            return lengths.length;
        }
    }

    /** A sequence: it has no bulk data value of its own. */
    record Sequence(int tag) implements ElementLocation {
    }
}
