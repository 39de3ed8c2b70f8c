package org.cairn.ingest;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.Materializer;
import org.cairn.association.DataSetConsumer;
import org.cairn.association.DimseContext;
import org.cairn.association.DimseService;
import org.cairn.blob.BlobStore;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.UidDictionary;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;
import org.cairn.study.StudyStore;

/**
 * The Storage SOP Classes as SCP (PS3.4 Annex B): each C-STORE-RQ becomes an {@link InstanceIngest}, which stores
 * the instance exactly as received and answers once it is durable and journaled.
 */
public final class StorageService implements DimseService {
    private final Set<String> sopClasses;
    private final BlobStore blobs;
    private final StudyStore studies;
    private final Materializer materializer;
    private final Executor blocking;

    /** Serves every Storage SOP Class of the registry plus {@code extraSopClasses} (e.g. private ones). */
    public StorageService(ActorSystem<?> system, BlobStore blobs, StudyStore studies, Set<String> extraSopClasses) {
        Set<String> all = new LinkedHashSet<>(UidDictionary.storageSopClasses());
        all.addAll(extraSopClasses);
        this.sopClasses = Set.copyOf(all);
        this.blobs = blobs;
        this.studies = studies;
        this.materializer = Materializer.matFromSystem(system);
        this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    }

    @Override
    public Set<String> sopClasses() {
        return sopClasses;
    }

    /** Instances are kept as received: compressed transfer syntaxes are accepted, never transcoded. */
    @Override
    public boolean acceptsAnyTransferSyntax() {
        return true;
    }

    @Override
    public DataSetConsumer onCommand(DimseContext context, DataSet command) {
        if (Commands.commandField(command) != CommandField.C_STORE_RQ || !Commands.hasDataSet(command)) {
            context.respond(Commands.response(command, Status.UNRECOGNIZED_OPERATION, false), null);
            return null;
        }
        return new InstanceIngest(command, context, blobs, studies, materializer, blocking);
    }
}
