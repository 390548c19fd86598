package io.brokerbook.kernel.protocol;

/** A message that is dropped: wrong signature, malformed frames or JSON. */
public class BadMessageException extends Exception {
    public BadMessageException(String message) {
        super(message);
    }
}
