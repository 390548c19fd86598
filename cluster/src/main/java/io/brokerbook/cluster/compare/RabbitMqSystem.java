package io.brokerbook.cluster.compare;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.cluster.rabbitmq.RabbitServerOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * RabbitMQ (a real node with a data dir) through amqp-client: a channel is a durable fanout exchange; a durable
 * identity is a durable queue bound to it, fed persistent messages (publisher confirms, awaited before a restart);
 * two identities are two queues, each getting every message; competing members consume from one queue, the broker
 * handing each at most {@link #PREFETCH} unacknowledged messages; an acknowledged message is gone, so nothing replays.
 */
final class RabbitMqSystem implements MessagingSystem {
    static final int PREFETCH = 10;
    private final RabbitServerOptions options;
    private final Set<String> exchanges = new HashSet<>();
    private RabbitLab lab;
    private Channel publisher;
    private final LastEncoded encoded = new LastEncoded();
    /** The exchange of the channel last published to (declared by then; no concat or set look-up per message). */
    private String lastChannel;
    private String lastExchange;

    RabbitMqSystem(RabbitServerOptions options) {
        this.options = options;
        start(options);
    }

    private void start(RabbitServerOptions with) {
        lab = RabbitLab.start(with);
        try {
            publisher = lab.openChannel();
            publisher.confirmSelect();
        } catch (IOException | RuntimeException e) {
            lab.stop();
            throw lab.translate(e);
        }
    }

    @Override
    public String address() {
        return "127.0.0.1:" + lab.port();
    }

    @Override
    public String name() {
        return "RabbitMQ";
    }

    private String exchange(Channel channel, String name) throws IOException {
        String exchange = "exp." + name;
        if (exchanges.add(exchange)) {
            channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
        }
        return exchange;
    }

    @Override
    public synchronized void publish(String channel, String payload) {
        try {
            if (!channel.equals(lastChannel)) {
                lastExchange = exchange(publisher, channel);
                lastChannel = channel;
            }
            publisher.basicPublish(lastExchange, "", MessageProperties.PERSISTENT_TEXT_PLAIN, encoded.bytes(payload));
        } catch (IOException | RuntimeException e) {
            throw lab.translate(e);
        }
    }

    /** Waits until the broker confirmed every message published so far (persistent ones are on disk by then). */
    @Override
    public synchronized void flush() {
        try {
            publisher.waitForConfirmsOrDie(30_000);
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw lab.translate(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Subscriber subscribe(String channel, String group, String member, boolean fromBeginning, Keep keep) {
        ReceivedQueue received = new ReceivedQueue(keep);
        // a connection of its own: a channel number the shared connection reuses right after a close can meet the
        // broker's "second 'channel.open' seen" (504)
        Connection connection;
        Channel consumer;
        try {
            connection = lab.connectionFactory().newConnection("exp-subscriber");
            consumer = connection.createChannel();
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw lab.translate(e);
        }
        try {
            String exchange;
            synchronized (this) {
                exchange = exchange(publisher, channel);
            }
            consumer.queueDeclare(group, true, false, false, null);
            consumer.queueBind(group, exchange, "");
            consumer.basicQos(PREFETCH);
            consumer.basicConsume(group, false, new DefaultConsumer(consumer) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                    received.add(body);
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                }
            });
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection);
            throw lab.translate(e);
        }
        return new Subscriber() {
            @Override
            public List<Received> received(Duration quiet, int enough) {
                return received.drain(quiet, enough);
            }

            @Override
            public Tally tally(Duration quiet, int enough) {
                return received.tally(quiet, enough);
            }

            @Override
            public void close() {
                closeQuietly(connection); // unacknowledged deliveries go back to the queue
            }
        };
    }

    private static void closeQuietly(Connection connection) {
        try {
            if (connection.isOpen()) {
                connection.close(5000);
            }
        } catch (IOException | RuntimeException e) {
            // gone with the broker
        }
    }

    @Override
    public void restartBroker() {
        flush();
        int port = lab.port();
        lab.stop();
        try {
            start(options.withPort(port));
        } catch (LabException e) {
            // another process on this machine took the port while the node was down: the next free one (the node's
            // name and data dir do not depend on the port, so its durable queues come back all the same)
            start(options);
        }
    }

    @Override
    public void close() {
        lab.stop();
    }
}
