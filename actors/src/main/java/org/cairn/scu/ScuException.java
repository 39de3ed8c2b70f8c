package org.cairn.scu;

/** An SCU operation that failed: association rejected or aborted, transport lost, or a refused response. */
public final class ScuException extends RuntimeException {
    public ScuException(String message) {
        super(message);
    }

    public ScuException(String message, Throwable cause) {
        super(message, cause);
    }
}
