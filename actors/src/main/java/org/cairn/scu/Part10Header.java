package org.cairn.scu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.cairn.dicom.DataSetBuilder;
import org.cairn.dicom.DicomPart;
import org.cairn.dicom.DicomStreamParser;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.dict.Tag;

/**
 * What a sender needs to know of a Part 10 file before sending its data set: the SOP class and instance, the
 * transfer syntax, and where the data set starts. Read up to the SOP Instance UID only.
 */
public record Part10Header(String sopClass, String sopInstance, TransferSyntax transferSyntax, long dataSetOffset) {

    public static Part10Header read(Path file) throws IOException {
        long[] offset = {-1};
        DicomStreamParser[] parser = new DicomStreamParser[1];
        DataSetBuilder builder = new DataSetBuilder();
        parser[0] = DicomStreamParser.forFile(part -> {
            if (part instanceof DicomPart.DataSetStart) {
                offset[0] = parser[0].position();
            }
            builder.onPart(part);
        }, Tag.SOPInstanceUID + 1);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            while (!parser[0].isStopped() && in.read(buffer.clear()) > 0) {
                parser[0].feed(buffer.array(), 0, buffer.position());
            }
        }
        parser[0].finish();
        var read = builder.result();
        String sopClass = read.dataSet().getString(Tag.SOPClassUID);
        String sopInstance = read.dataSet().getString(Tag.SOPInstanceUID);
        if (sopClass == null || sopInstance == null) {
            throw new IOException("no SOP Class or SOP Instance UID");
        }
        return new Part10Header(sopClass, sopInstance, read.transferSyntax(), offset[0]);
    }
}
