package io.brokerbook.magics.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.rabbitmq.BindingInfo;
import io.brokerbook.cluster.rabbitmq.ConsumeOptions;
import io.brokerbook.cluster.rabbitmq.DeliveryRow;
import io.brokerbook.cluster.rabbitmq.ExchangeInfo;
import io.brokerbook.cluster.rabbitmq.PublishResult;
import io.brokerbook.cluster.rabbitmq.QueueInfo;
import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.cluster.rabbitmq.RabbitMessaging;

import java.time.Duration;
import java.util.List;

/**
 * The API of the {@code rabbit} variable in Java cells: the lab's RabbitMQ (whatever {@code %rabbitmq start} or
 * {@code connect} set up), e.g.
 * <pre>{@code
 * try (var ch = rabbit.channel()) { ch.basicPublish("", "billing", null, "hola".getBytes()); }
 * rabbit.queues();                        // list_queues rows: name, messages, messages_ready, …
 * rabbit.publishRate("", "bench", 20_000, 100, true);   // messages/s with publisher confirms
 * }</pre>
 * Every method fails with one line if no server runs or it crashed. One channel per thread: {@link #channel()}
 * gives a new one each call (close it when done).
 */
public final class RabbitApi {
    private final RabbitSession session;

    RabbitApi(RabbitSession session) {
        this.session = session;
    }

    /** A new channel on the lab's shared connection; close it when done (try-with-resources). */
    public Channel channel() {
        return session.use(RabbitLab::openChannel);
    }

    /** A connection factory for the lab's server (host, port, vhost, credentials), for connections of one's own. */
    public ConnectionFactory connectionFactory() {
        return session.use(RabbitLab::connectionFactory);
    }

    /** {@code rabbitmqctl list_queues}, every column. */
    public Rows<QueueInfo> queues() {
        return session.use(RabbitLab::queues);
    }

    /** One queue's row, or a one-line error if there is none. */
    public QueueInfo queue(String name) {
        return queues().stream().filter(q -> q.name().equals(name)).findFirst()
            .orElseThrow(() -> new io.brokerbook.cluster.rabbitmq.RabbitLabException("No queue '" + name + "' in vhost '"
                + session.lab().vhost() + "' (NOT_FOUND)."));
    }

    public Rows<ExchangeInfo> exchanges() {
        return session.use(RabbitLab::exchanges);
    }

    public Rows<BindingInfo> bindings() {
        return session.use(RabbitLab::bindings);
    }

    /** Publishes text messages as {@code %rabbitmq publish} does; one result row each. */
    public Rows<PublishResult> publish(String exchange, String routingKey, List<String> messages, boolean persistent,
                                       boolean confirm) {
        return session.amqp(a -> a.publish(exchange, routingKey, messages, persistent, confirm, false));
    }

    /** Consumes as {@code %rabbitmq consume QUEUE --max-messages N} does (manual acks, 1 s idle timeout). */
    public Rows<DeliveryRow> consume(String queue, int maxMessages) {
        return session.amqp(a -> a.consume(queue, new ConsumeOptions(ConsumeOptions.AckMode.MANUAL, 0, maxMessages,
            Duration.ofSeconds(1), 1, 0)));
    }

    /**
     * Publishes {@code count} messages of {@code bodyBytes} bytes on one channel as fast as it goes, with publisher
     * confirms (at most 1000 outstanding) or without; returns the measured rate.
     */
    public RabbitMessaging.PublishRate publishRate(String exchange, String routingKey, long count, int bodyBytes, boolean confirms) {
        return session.amqp(a -> a.publishMany(exchange, routingKey, count, bodyBytes, false, confirms, 1000));
    }

    /** The running lab itself (address, pid, start time, …). */
    public RabbitLab lab() {
        return session.lab();
    }

    public boolean isRunning() {
        return session.current().map(RabbitLab::isRunning).orElse(false);
    }

    @Override
    public String toString() {
        return session.current()
            .map(l -> l.isRunning() ? "Lab RabbitMQ at " + l.url() : "Lab RabbitMQ at " + l.url() + " (not running)")
            .orElse("Lab RabbitMQ: none yet (run %rabbitmq start)");
    }
}
