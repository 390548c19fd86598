package io.brokerbook.cluster.nats;

import io.brokerbook.cluster.lab.Column;

/**
 * A JetStream consumer's configuration and state, as {@code nats consumer info} shows them.
 *
 * @param pending     messages in the stream it has not been delivered yet
 * @param ackPending  delivered, not yet acknowledged
 * @param redelivered delivered more than once, not yet acknowledged
 */
public record NatsConsumer(String stream, String name, String ack, @Column("ACK-WAIT") String ackWait, String deliver,
                           String filter, @Column("MAX-DELIVER") long maxDeliver, long delivered,
                           @Column("ACK-FLOOR") long ackFloor, long pending, long ackPending, long redelivered) {
}
