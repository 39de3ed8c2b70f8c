package org.cairn.ingest;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.cairn.association.DataSetConsumer;
import org.cairn.association.DimseContext;
import org.cairn.association.DimseService;
import org.cairn.blob.BlobStore;
import org.cairn.dicom.DataSet;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;
import org.cairn.study.StudyStore;

/**
 * The Storage SOP Classes as SCP (PS3.4 Annex B): each C-STORE-RQ's data set streams into the {@link InstanceIngest}
 * (through a {@link CStoreIngest}), which stores the instance exactly as received and answers once it is durable and
 * journaled.
 */
public final class StorageService implements DimseService {
    private final InstanceIngest ingest;

    /** Serves every Storage SOP Class of the registry plus {@code extraSopClasses} (e.g. private ones). */
    public StorageService(ActorSystem<?> system, BlobStore blobs, StudyStore studies, Set<String> extraSopClasses) {
        this(InstanceIngest.create(system, blobs, studies, extraSopClasses));
    }

    /** Serves the SOP Classes {@code ingest} stores, through it (shared with the HTTP ingest paths). */
    public StorageService(InstanceIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public Set<String> sopClasses() {
        return ingest.sopClasses();
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
        return new CStoreIngest(command, context, ingest);
    }
}
