package org.cairn.load;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.load.peers.Peers;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderStatus;
import org.cairn.worklist.WorklistItems;

/**
 * DCMTK's file-based worklist SCP, {@code wlmscpfs}, as a benchmark peer: the orders are written as worklist files
 * ({@code DIR/<called AE>/<accession>.wl} and an empty {@code lockfile}), each the very item Cairn serves for the
 * order ({@link WorklistItems}) as a Part 10 file with DCMTK's worklist file meta, and the SCP is started on loopback
 * (the shared bind127 preload, as {@link Peers} does for storescp) with {@code TCP_NODELAY=1}. It forks a child per
 * association and reads every file of the directory for each query.
 */
final class WorklistFilesPeer {
    /** The called AE title the files are served under (their directory's name). */
    static final String AE_TITLE = "WLMAE";
    /** The Media Storage SOP Class DCMTK gives worklist files ("DCMTK private: worklist file"). */
    static final String WORKLIST_FILE_CLASS = "1.2.276.0.7230010.3.1.0.1";

    private WorklistFilesPeer() {
    }

    /** Writes one worklist file per order under {@code dataDir/AE_TITLE}, with the lockfile wlmscpfs expects. */
    static void writeFiles(Path dataDir, List<Order> orders) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve(AE_TITLE));
        Files.write(dir.resolve("lockfile"), new byte[0]);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        for (Order order : orders) {
            DataSet item = WorklistItems.toDataSet(order, OrderStatus.SCHEDULED);
            DataSet meta = new DataSet()
                .put(DataElement.of(Tag.FileMetaInformationVersion, Vr.OB, new byte[] {0, 1}))
                .putString(Tag.MediaStorageSOPClassUID, Vr.UI, WORKLIST_FILE_CLASS)
                .putString(Tag.MediaStorageSOPInstanceUID, Vr.UI, uidFor(order.accessionNumber()));
            try (OutputStream out = new BufferedOutputStream(
                Files.newOutputStream(dir.resolve(order.accessionNumber() + ".wl")), 16 * 1024)) {
                DicomWriter.writeFile(null, DicomWriter.completeMeta(meta, item, ts), item, ts, out);
            }
        }
    }

    /** A UID of the 2.25 form derived from {@code name}, the same on every run. */
    private static String uidFor(String name) {
        UUID uuid = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, bytes.array());
    }

    /** {@code wlmscpfs} serving {@code dataDir} on a free loopback port, its output in {@code dir/peer.log}. */
    static Peers.Peer start(Path dir, Path dataDir) throws Exception {
        int port = Peers.freePort();
        // -csk: answer with the Specific Character Set of the files (ISO_IR 192), as Cairn answers its items
        ProcessBuilder pb = new ProcessBuilder("wlmscpfs", "-dfp", dataDir.toString(), "-csk", Integer.toString(port));
        pb.environment().put("LD_PRELOAD", Peers.bind127(dir).toString());
        pb.environment().put("TCP_NODELAY", "1");
        Path log = dir.resolve("peer.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = pb.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("wlmscpfs exited: " + Files.readString(log));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return new Peers.Peer(process, port, dataDir, 0);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("wlmscpfs did not listen on " + port + " within 30 s");
    }

    /** The first line of {@code wlmscpfs --version}, e.g. "$dcmtk: wlmscpfs v3.6.7 2022-04-22 $", or "unknown". */
    static String version() {
        try {
            Process p = new ProcessBuilder("wlmscpfs", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("wlmscpfs v(\\S+)").matcher(out);
            return m.find() ? m.group(1) : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
