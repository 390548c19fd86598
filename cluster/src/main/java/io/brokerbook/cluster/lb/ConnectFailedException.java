package io.brokerbook.cluster.lb;

import java.io.IOException;

/** The backend could not be reached at all, so nothing of the request was sent: always safe to retry elsewhere. */
public class ConnectFailedException extends IOException {
    public ConnectFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
