package io.brokerbook.cluster.nats;

import io.brokerbook.cluster.lab.Column;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One message a subscriber or consumer received.
 *
 * @param number         its place in this receive (1, 2, …), as the nats CLI numbers them
 * @param subject        the subject it was published to
 * @param data           its payload as UTF-8 text
 * @param streamSequence its sequence in the JetStream stream (JetStream only)
 * @param delivered      how many times JetStream has delivered it (2 and more: redelivered)
 * @param replyTo        the reply subject, if the publisher asked for a reply
 */
public record NatsMessage(@Column("#") int number, String subject, String data,
                          @Column("STREAM-SEQ") OptionalLong streamSequence, OptionalLong delivered,
                          @Column("REPLY-TO") Optional<String> replyTo) {
}
