package org.cairn.http.wado;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** A retrieve request that cannot be answered as asked: the status and the message the client gets. */
final class WadoException extends RuntimeException {
    private final StatusCode status;

    WadoException(StatusCode status, String message) {
        super(message);
        this.status = status;
    }

    static WadoException badRequest(String message) {
        return new WadoException(StatusCodes.BAD_REQUEST, message);
    }

    static WadoException notFound(String message) {
        return new WadoException(StatusCodes.NOT_FOUND, message);
    }

    static WadoException notAcceptable(String message) {
        return new WadoException(StatusCodes.NOT_ACCEPTABLE, message);
    }

    StatusCode status() {
        return status;
    }
}
