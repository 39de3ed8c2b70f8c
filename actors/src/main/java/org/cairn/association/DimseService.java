package org.cairn.association;

import java.util.Set;
import org.cairn.dicom.DataSet;

/**
 * A DIMSE service an association offers, registered in a {@link ServiceRegistry} by abstract syntax. Called on the
 * association's actor, one message at a time per association: an implementation must not block, and answers
 * through {@link DimseContext#respond}, now or later from any thread.
 */
public interface DimseService {

    /** The abstract syntaxes (SOP classes) this service answers. */
    Set<String> sopClasses();

    /**
     * Whether this service takes data sets in any transfer syntax of the registry (storage keeps instances exactly as
     * received, compressed or not); otherwise only those of the configured preference list are accepted.
     */
    default boolean acceptsAnyTransferSyntax() {
        return false;
    }

    /**
     * A request command arrived. When it announces a data set, return what consumes it (one consumer per message,
     * holding that message's state); return null when the request takes none, and a data set sent anyway aborts
     * the association.
     */
    DataSetConsumer onCommand(DimseContext context, DataSet command);
}
