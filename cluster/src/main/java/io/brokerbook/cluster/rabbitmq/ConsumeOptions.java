package io.brokerbook.cluster.rabbitmq;

import java.time.Duration;

/**
 * How {@link RabbitMessaging#consume} consumes.
 *
 * @param ack         AUTO: the broker counts a message acknowledged once sent (autoAck); MANUAL: the consumer
 *                    acknowledges each message after taking it; NONE: the consumer never acknowledges, so the
 *                    messages return to the queue when its channel closes
 * @param prefetch    basic.qos prefetch count per consumer; 0: unlimited (RabbitMQ's default)
 * @param maxMessages stop after this many messages in all (0: no limit)
 * @param idleTimeout stop when no message arrived for this long
 * @param consumers   how many consumers, each on its own channel
 * @param crashAfter  consumer 1 closes its channel after taking this many messages without acknowledging (0: never)
 */
public record ConsumeOptions(AckMode ack, int prefetch, int maxMessages, Duration idleTimeout, int consumers, int crashAfter) {
    public enum AckMode { AUTO, MANUAL, NONE }

    public ConsumeOptions {
        if (crashAfter > 0 && ack == AckMode.AUTO) {
            throw new RabbitLabException("--crash-after needs --ack manual or none: with --ack auto the broker forgets a message once sent.");
        }
        if (crashAfter > 0 && prefetch > 0 && prefetch < crashAfter) {
            throw new RabbitLabException("--crash-after " + crashAfter + " needs --prefetch of at least " + crashAfter
                + ": a consumer that acks nothing gets no more than its prefetch.");
        }
        if (consumers < 1) {
            throw new RabbitLabException("--consumers must be at least 1.");
        }
    }

    public static ConsumeOptions defaults() {
        return new ConsumeOptions(AckMode.MANUAL, 0, 0, Duration.ofSeconds(1), 1, 0);
    }
}
