package org.cairn.fhirpublish;

/**
 * Why an attempt to publish a study failed, and whether trying again may help: a server error, a timeout or an order
 * not yet known may pass; a resource the server refuses as invalid, or a study without an Accession Number, will not.
 *
 * @param status the FHIR or token server's HTTP status, or 0 when no answer came or the failure is Cairn's own
 */
public final class PublicationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean retryable;

    public PublicationFailure(int status, String message, boolean retryable) {
        super(message);
        this.status = status;
        this.retryable = retryable;
    }

    public PublicationFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.retryable = retryable;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Whether an answer with this HTTP status may be different later: server errors, throttling and timeouts. */
    static boolean transientStatus(int status) {
        return status >= 500 || status == 429 || status == 408 || status == 401 || status == 403;
    }
}
