package org.cairn.query;

/** A query that cannot be run as asked, with the DIMSE status that says why (PS3.4 C.4.1.1.4). */
public final class QueryException extends Exception {
    private final int status;

    public QueryException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
