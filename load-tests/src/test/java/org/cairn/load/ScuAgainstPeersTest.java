package org.cairn.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.load.peers.Peers;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.DimseResponse;
import org.cairn.scu.ScuAssociation;
import org.cairn.scu.ScuException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 2 of the network issue: Cairn's SCU against DCMTK storescp and Orthanc. */
class ScuAgainstPeersTest {
    static DicomClient client;

    @BeforeAll
    static void client() {
        client = DicomClient.create();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    static ScuAssociation open(int port, AssociationRequest request) throws Exception {
        return client.connect("127.0.0.1", port, request).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void echoesStorescpAndStoresCorpusFilesUnchanged(@TempDir Path dir) throws Exception {
        try (Peers.Peer storescp = Peers.storescp(dir, "STORESCP")) {
            ScuAssociation echo = open(storescp.port(), AssociationRequest.to("STORESCP").verification());
            assertThat(echo.echo().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(Status.SUCCESS);
            echo.release().toCompletableFuture().get(10, TimeUnit.SECONDS);

            Map<String, DicomFile> sent = storeCorpus(storescp.port(), "STORESCP");
            assertThat(sent).hasSizeGreaterThan(100);
            Map<String, DataSet> received = new HashMap<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (received.size() < sent.size() && System.currentTimeMillis() < deadline) {
                for (Path f : Peers.filesIn(storescp.dir())) {
                    DataSet ds = DicomReader.read(f).dataSet();
                    received.put(ds.getString(Tag.SOPInstanceUID), ds);
                }
                Thread.sleep(100);
            }
            // Equal values, compared as DICOM JSON: storescp re-encodes what it parsed, dropping insignificant
            // padding (e.g. the trailing space of "DERIVED " in a multi-valued CS), so bytes may differ
            List<String> differing = new ArrayList<>();
            for (Map.Entry<String, DicomFile> e : sent.entrySet()) {
                DataSet got = received.get(e.getKey());
                if (got == null || !json(got).equals(json(e.getValue().dataSet()))) {
                    differing.add(e.getKey() + (got == null ? " not received" : " differs"));
                }
            }
            assertThat(differing).isEmpty();
        }
    }

    @Test
    void echoesOrthanc(@TempDir Path dir) throws Exception {
        try (Peers.Peer orthanc = Peers.orthanc(dir, "ORTHANC", Map.of())) {
            ScuAssociation a = open(orthanc.port(), AssociationRequest.to("ORTHANC").verification());
            assertThat(a.echo().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(Status.SUCCESS);
            a.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static String json(DataSet ds) {
        return org.cairn.dicom.testing.PeerNormalization.normalized(ds);
    }

    /**
     * Stores every corpus file with a distinct SOP Instance UID that Cairn reads, in its own transfer syntax;
     * returns what was sent by SOP Instance UID.
     */
    static Map<String, DicomFile> storeCorpus(int port, String calledAe) throws Exception {
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, DicomFile> read = new HashMap<>();
        Path corpus = Path.of(System.getProperty("cairn.corpus"));
        for (Path f : Peers.filesIn(corpus)) {
            // SC_rgb_jpeg.dcm declares JPEG (explicit VR) but holds an implicit VR data set: peers rightly refuse it
            if (f.getFileName().toString().endsWith(".tsv") || f.getFileName().toString().endsWith(".md")
                || f.getFileName().toString().equals("SC_rgb_jpeg.dcm")) {
                continue;
            }
            try {
                DicomFile df = DicomReader.read(f);
                String sop = df.dataSet().getString(Tag.SOPInstanceUID);
                String sopClass = df.dataSet().getString(Tag.SOPClassUID);
                if (sop != null && sopClass != null && !sopClass.equals(UID.MediaStorageDirectoryStorage)
                    && !files.containsKey(sop) && df.fileMeta() != null) {
                    files.put(sop, f);
                    read.put(sop, df);
                }
            } catch (org.cairn.dicom.DicomException unreadable) {
                // truncated corpus files: not sent
            }
        }
        Map<String, DicomFile> sent = new LinkedHashMap<>();
        List<String> batch = new ArrayList<>(files.keySet());
        // one association per 60 files, each file on a context of its own SOP class and transfer syntax
        for (int start = 0; start < batch.size(); start += 60) {
            List<String> part = batch.subList(start, Math.min(batch.size(), start + 60));
            AssociationRequest rq = AssociationRequest.to(calledAe);
            for (String sop : part) {
                DicomFile df = read.get(sop);
                rq.propose(df.dataSet().getString(Tag.SOPClassUID), df.transferSyntax().uid());
            }
            ScuAssociation a = open(port, rq);
            for (String sop : part) {
                try {
                    DimseResponse r = a.store(files.get(sop)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                    if (r.status() == Status.SUCCESS) {
                        sent.put(sop, read.get(sop));
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof ScuException)) {
                        throw e;
                    }
                    // a context the peer did not accept (e.g. a transfer syntax it lacks): not sent
                }
            }
            a.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return sent;
    }
}
