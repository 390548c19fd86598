package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.lab.Column;

/**
 * One message a consumer (or basic.get) took.
 *
 * @param consumer     which consumer of the run took it (1…N; 0 for basic.get)
 * @param deliveryTag  the channel's delivery tag
 * @param redelivered  RabbitMQ's flag: it was delivered before and not acknowledged
 * @param ack          what the consumer did with it
 */
public record DeliveryRow(int consumer, long deliveryTag, boolean redelivered, String exchange, String routingKey,
                          String body, @Column("ACK") String ack) {
}
