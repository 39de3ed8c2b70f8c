package org.cairn.qr;

import org.cairn.association.DimseContext;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomReader;
import org.cairn.query.FindRequest;
import org.cairn.query.InformationModel;
import org.cairn.query.QueryException;

/**
 * Reads a Query/Retrieve identifier as it arrived, into a {@link FindRequest} with the options the association
 * negotiated (relational, fuzzy names), or the status that refuses it.
 */
final class QueryRequests {
    private QueryRequests() {
    }

    static FindRequest parse(DimseContext ctx, InformationModel model, byte[] identifier, boolean ignorePersonNameCase)
        throws QueryException {
        DataSet keys = identifier(ctx, identifier);
        var options = ctx.queryRetrieveOptions();
        return FindRequest.parse(model, keys, ignorePersonNameCase, options.relational(), options.fuzzyNames());
    }

    /** The identifier's keys, or C000 for one that was too large (null) or does not parse. */
    static DataSet identifier(DimseContext ctx, byte[] identifier) throws QueryException {
        if (identifier == null) {
            throw new QueryException(FindRequest.UNABLE_TO_PROCESS, "identifier larger than 1 MiB");
        }
        try {
            return DicomReader.readDataSet(identifier, ctx.transferSyntax());
        } catch (RuntimeException unreadable) {
            throw new QueryException(FindRequest.UNABLE_TO_PROCESS, "unreadable identifier: " + unreadable.getMessage());
        }
    }
}
