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

    /** A request command arrived; when it announces a data set, {@link #onDataFragment} calls follow. */
    void onCommand(DimseContext context, DataSet command);

    /**
     * A fragment of the current request's data set, as it arrives, so that services can stream data sets of any
     * size; {@code last} ends it. Services that take no data set need not override this.
     */
    default void onDataFragment(DimseContext context, byte[] fragment, boolean last) {
        throw new IllegalStateException(getClass().getSimpleName() + " takes no data set");
    }
}
