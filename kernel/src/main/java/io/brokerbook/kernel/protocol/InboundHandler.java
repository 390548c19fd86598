package io.brokerbook.kernel.protocol;

/** Receives every valid incoming message on the I/O thread; must hand work off, never block. */
@FunctionalInterface
public interface InboundHandler {
    void onMessage(Channel channel, Message message);
}
