package org.cairn.load.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;

/** C-STOREs by Cairn's SCU, one association per share, all at once; every store must succeed. */
public final class Stores {
    private Stores() {
    }

    /** An association's work: the DIMSE port of the node it goes to and the instances it stores, in order. */
    public record Share(int port, List<StudyInstances.Instance> instances) {
    }

    /** Stores every share over an association of its own, concurrently; returns the wall-clock seconds. */
    public static double run(DicomClient client, List<Share> shares) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(shares.size());
        try {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (Share share : shares) {
                running.add(senders.submit(() -> {
                    ScuAssociation association = open(client, share.port());
                    for (StudyInstances.Instance i : share.instances()) {
                        store(association, i);
                    }
                    association.release().toCompletableFuture().get(60, TimeUnit.SECONDS);
                    return null;
                }));
            }
            for (Future<?> r : running) {
                r.get(30, TimeUnit.MINUTES);
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            senders.shutdownNow();
        }
    }

    /** An association to Cairn's default AE title on a loopback port, proposing CT Image Storage. */
    static ScuAssociation open(DicomClient client, int port) throws Exception {
        return client.connect("127.0.0.1", port, AssociationRequest.to("CAIRN")
            .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** One C-STORE; anything but Success is an IllegalStateException. */
    static void store(ScuAssociation association, StudyInstances.Instance i) throws Exception {
        int status = association.store(UID.CTImageStorage, i.sopInstanceUid(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
            i.dataSet()).toCompletableFuture().get(120, TimeUnit.SECONDS).status();
        if (status != Status.SUCCESS) {
            throw new IllegalStateException("C-STORE of " + i.sopInstanceUid() + " answered "
                + Integer.toHexString(status));
        }
    }
}
