package org.cairn.dicom;

/**
 * The one error the codec raises for data it cannot read or write: it says where (byte offset in the
 * decoded stream, and the path of tags and item numbers from the data set root) and what.
 *
 * <p>Example message: {@code (0008,1140)[2]/(0008,1155) at byte 1234: value length 4294967290 exceeds the
 * 12 bytes left}. Item numbers count from 1, as in PS3.5.
 */
public final class DicomException extends RuntimeException {

    private final long offset;
    private final String tagPath;
    private final String reason;

    public DicomException(String tagPath, long offset, String reason) {
        this(tagPath, offset, reason, null);
    }

    public DicomException(String tagPath, long offset, String reason, Throwable cause) {
        super(format(tagPath, offset, reason), cause);
        this.offset = offset;
        this.tagPath = tagPath == null ? "" : tagPath;
        this.reason = reason;
    }

    private static String format(String tagPath, long offset, String reason) {
        StringBuilder s = new StringBuilder();
        if (tagPath != null && !tagPath.isEmpty()) {
            s.append(tagPath);
        }
        if (offset >= 0) {
            s.append(s.length() > 0 ? " " : "").append("at byte ").append(offset);
        }
        if (s.length() > 0) {
            s.append(": ");
        }
        return s.append(reason).toString();
    }

    /** Byte offset in the (inflated) stream where the problem was found; -1 when not tied to a position. */
    public long offset() {
        return offset;
    }

    /** Path such as {@code (0008,1140)[2]/(0008,1155)}; empty at the data set root. */
    public String tagPath() {
        return tagPath;
    }

    /** The problem, without the location. */
    public String reason() {
        return reason;
    }
}
