package org.cairn.http.stow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cairn.dicom.Values;

/** Request bodies for the HTTP ingest tests, and the byte-level facts about Part 10 files they check. */
final class Bodies {
    static final String BOUNDARY = "cairn-test-boundary-7d93";
    static final String STOW_TYPE = "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY;

    private Bodies() {
    }

    /** One part of a multipart body: its headers (CRLF-separated lines) and its bytes. */
    record Part(String headers, byte[] content) {
        static Part dicom(byte[] file) {
            return new Part("Content-Type: application/dicom", file);
        }
    }

    static byte[] multipart(List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\n" + part.headers() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static byte[] stow(byte[]... files) {
        return multipart(Arrays.stream(files).map(Part::dicom).toList());
    }

    /** A ZIP archive of {@code entries}: name, then bytes (null for a directory), in turn. */
    static byte[] zip(Object... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) entries[i]));
                if (entries[i + 1] != null) {
                    zip.write((byte[]) entries[i + 1]);
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The data set bytes of a Part 10 file, as they follow its File Meta Information (measured by its group length). */
    static byte[] dataSetBytes(byte[] file) {
        if (file[128] != 'D' || file[129] != 'I' || file[130] != 'C' || file[131] != 'M'
            || Values.uint16(file, 132, false) != 0x0002 || Values.uint16(file, 134, false) != 0x0000) {
            throw new IllegalArgumentException("not a Part 10 file with a File Meta group length");
        }
        return Arrays.copyOfRange(file, 132 + 12 + Values.int32(file, 140, false), file.length);
    }
}
