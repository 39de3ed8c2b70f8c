package org.cairn.association;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.cairn.dicom.dict.UID;
import org.cairn.dicom.dict.UidDictionary;
import org.cairn.query.InformationModel;

/**
 * What a peer may ask of Cairn over DIMSE, one value per service: a presentation context is accepted only for a
 * peer holding the permission its abstract syntax needs ({@link #requiredFor}), and each request is checked again
 * when it arrives. Configured by the lower-case names ({@code store}, {@code query}...).
 */
public enum DimsePermission {
    /** C-ECHO (Verification). */
    ECHO,
    /** C-STORE of composite instances (Storage SOP classes, and the extra ones configured). */
    STORE,
    /** C-FIND of the Query/Retrieve information models. */
    QUERY,
    /** C-GET: instances come back on the same association. */
    RETRIEVE,
    /** C-MOVE: instances go to a configured destination ({@code cairn.retrieve.destinations}), never elsewhere. */
    MOVE,
    /** C-FIND of the Modality Worklist. */
    WORKLIST,
    /** N-CREATE and N-SET of Modality Performed Procedure Step. */
    MPPS;

    /**
     * The status a request is refused with when its association lacks the permission: 0124H "Refused: Not
     * Authorized", one of the general DIMSE statuses of PS3.7 Annex C, meaningful for every service.
     */
    public static final int REFUSED_NOT_AUTHORIZED = 0x0124;

    /** The name used in configuration. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The permission a configuration name stands for; an unknown name is an error naming the valid ones. */
    public static DimsePermission parse(String name) {
        for (DimsePermission p : values()) {
            if (p.configName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown DIMSE permission \"" + name + "\": one of "
            + Arrays.stream(values()).map(DimsePermission::configName).collect(Collectors.joining(", ")));
    }

    /**
     * The permission a presentation context of {@code abstractSyntax} needs. Any SOP class that is neither
     * Verification, a query, retrieve, worklist nor MPPS class is taken for storage: the Storage SCP is the only
     * service that accepts SOP classes outside the registry (private ones configured as extra).
     */
    public static DimsePermission requiredFor(String abstractSyntax) {
        if (UID.Verification.equals(abstractSyntax)) {
            return ECHO;
        }
        if (UID.ModalityWorklistInformationModelFind.equals(abstractSyntax)) {
            return WORKLIST;
        }
        if (UID.ModalityPerformedProcedureStep.equals(abstractSyntax)) {
            return MPPS;
        }
        InformationModel model = InformationModel.ofSopClass(abstractSyntax);
        if (model != null) {
            return abstractSyntax.equals(model.findSopClass()) ? QUERY
                : abstractSyntax.equals(model.moveSopClass()) ? MOVE : RETRIEVE;
        }
        // Query/Retrieve classes Cairn does not serve yet (Patient/Study Only, Composite Instance Root...)
        UidDictionary.Entry entry = UidDictionary.lookup(abstractSyntax);
        if (entry != null && entry.type().equals("SOP Class")) {
            if (entry.name().endsWith("- FIND")) {
                return QUERY;
            }
            if (entry.name().endsWith("- MOVE")) {
                return MOVE;
            }
            if (entry.name().endsWith("- GET")) {
                return RETRIEVE;
            }
        }
        return STORE;
    }
}
