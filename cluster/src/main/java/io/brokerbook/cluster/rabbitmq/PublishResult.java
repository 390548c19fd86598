package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.lab.Column;

/**
 * What became of one published message: {@code sent} (no confirm asked), {@code confirmed}, {@code nacked}, or
 * {@code returned as unroutable (312 NO_ROUTE)} for a mandatory message no queue took.
 */
public record PublishResult(@Column("#") int number, String exchange, String routingKey, String body, String result) {
}
