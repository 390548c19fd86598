package io.brokerbook.cluster.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.ConfirmCallback;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.brokerbook.cluster.lab.Rows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * AMQP 0-9-1 operations on a lab's server, in RabbitMQ's vocabulary: declare, bind, delete, purge, publish
 * (with publisher confirms and mandatory returns), consume (N consumers, ack modes, prefetch, a consumer that
 * dies without acking) and basic.get. Each operation runs on channels of its own, so a broker error closes only
 * those and the next operation works.
 */
public final class RabbitMessaging {
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private final RabbitLab lab;

    public RabbitMessaging(RabbitLab lab) {
        this.lab = lab;
    }

    // ---- topology ----------------------------------------------------------------------------

    /** exchange.declare; {@code type} is direct, fanout, topic or headers. */
    public void declareExchange(String name, String type, boolean durable) {
        BuiltinExchangeType kind = exchangeType(type);
        if (lab.isQpid()) {
            // Qpid Broker-J keeps an exchange's durability on a redeclare that asks otherwise, and closes the whole
            // connection for one of another type: the first is refused here, the second on a connection of its own
            lab.exchanges().stream().filter(x -> x.name().equals(name) && x.durable() != durable).findFirst()
                .ifPresent(x -> refuseOtherDurability("Exchange", name, x.durable()));
            lab.withOwnConnection("exchange " + name, ch -> ch.exchangeDeclare(name, kind, durable));
        } else {
            lab.withChannel(ch -> ch.exchangeDeclare(name, kind, durable));
        }
    }

    /**
     * What RabbitMQ answers with 406 PRECONDITION_FAILED (inequivalent arg 'durable') and Qpid Broker-J would
     * silently ignore, as one line.
     */
    private static void refuseOtherDurability(String what, String name, boolean durable) {
        throw new RabbitLabException(what + " " + name + " exists and is " + (durable ? "durable" : "transient")
            + ": a redeclare " + (durable ? "without" : "with") + " --durable cannot change that (RabbitMQ refuses it "
            + "with 406 PRECONDITION_FAILED, Qpid Broker-J would ignore it); delete it first, or declare it as it is.");
    }

    static BuiltinExchangeType exchangeType(String type) {
        for (BuiltinExchangeType t : BuiltinExchangeType.values()) {
            if (t.getType().equals(type.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new RabbitLabException("Unknown exchange type '" + type + "'; use direct, fanout, topic or headers.");
    }

    /**
     * queue.declare (not exclusive, not auto-delete) with the optional arguments x-message-ttl,
     * x-dead-letter-exchange, x-dead-letter-routing-key and x-max-length; returns the queue's message count.
     */
    public long declareQueue(String name, boolean durable, Long ttlMillis, String deadLetterExchange,
                             String deadLetterRoutingKey, Long maxLength) {
        Map<String, Object> args = new HashMap<>();
        if (ttlMillis != null) {
            args.put("x-message-ttl", ttlMillis);
        }
        if (deadLetterExchange != null) {
            args.put("x-dead-letter-exchange", deadLetterExchange);
        }
        if (deadLetterRoutingKey != null) {
            args.put("x-dead-letter-routing-key", deadLetterRoutingKey);
        }
        if (maxLength != null) {
            args.put("x-max-length", maxLength);
        }
        long ready;
        if (lab.isQpid()) {
            lab.queues().stream().filter(q -> q.name().equals(name) && q.durable() != durable).findFirst()
                .ifPresent(q -> refuseOtherDurability("Queue", name, q.durable()));
        }
        if (lab.isQpid() && !args.isEmpty()) {
            try {
                ready = lab.withOwnConnection("queue " + name, ch -> ch.queueDeclare(name, durable, false, false, args).getMessageCount());
            } catch (RabbitLabException e) {
                throw new RabbitLabException(e.getMessage() + " Queue arguments (TTL, dead letters, max-length) need "
                    + "rabbitmq-server.", e);
            }
        } else {
            ready = lab.withChannel(ch -> ch.queueDeclare(name, durable, false, false, args.isEmpty() ? null : args).getMessageCount());
        }
        lab.changed();
        return ready;
    }

    /**
     * queue.bind, after checking on channels of their own that both exist: Qpid Broker-J answers a bind of a
     * missing queue by closing the whole connection, where a passive declare closes only its channel.
     */
    public void bind(String queue, String exchange, String routingKey) {
        lab.withChannel(ch -> ch.queueDeclarePassive(queue));
        lab.withChannel(ch -> ch.exchangeDeclarePassive(exchange));
        lab.withChannel(ch -> ch.queueBind(queue, exchange, routingKey == null ? "" : routingKey));
    }

    public void unbind(String queue, String exchange, String routingKey) {
        lab.withChannel(ch -> ch.queueUnbind(queue, exchange, routingKey == null ? "" : routingKey));
    }

    /** queue.delete of an existing queue (RabbitMQ deletes a missing one silently; the lab says 404); returns the messages it held. */
    public long deleteQueue(String name) {
        long messages = lab.withChannel(ch -> {
            ch.queueDeclarePassive(name);
            return ch.queueDelete(name).getMessageCount();
        });
        lab.changed();
        return messages;
    }

    public void deleteExchange(String name) {
        lab.withChannel(ch -> {
            ch.exchangeDeclarePassive(name);
            return ch.exchangeDelete(name);
        });
    }

    /** queue.purge; returns how many ready messages it removed. */
    public long purge(String queue) {
        long purged = lab.withChannel(ch -> ch.queuePurge(queue).getMessageCount());
        lab.changed();
        return purged;
    }

    /** Messages ready and consumers of a queue, from queue.declare passive (exact, unlike the API's counters). */
    public long messagesReady(String queue) {
        return lab.withChannel(ch -> ch.queueDeclarePassive(queue).getMessageCount());
    }

    // ---- publishing --------------------------------------------------------------------------

    /**
     * Publishes {@code bodies} (UTF-8) in order on one channel; one result row each.
     *
     * @param persistent delivery mode 2 (kept on disk in a durable queue)
     * @param confirm    publisher confirms: each row says confirmed or nacked
     * @param mandatory  a message no queue takes comes back: "returned as unroutable"
     */
    public Rows<PublishResult> publish(String exchange, String routingKey, List<String> bodies, boolean persistent,
                                       boolean confirm, boolean mandatory) {
        String x = exchange == null ? "" : exchange;
        String key = routingKey == null ? "" : routingKey;
        requireExchange(x);
        AMQP.BasicProperties props = persistent ? MessageProperties.PERSISTENT_TEXT_PLAIN : MessageProperties.TEXT_PLAIN;
        String[] outcome = new String[bodies.size()];
        List<Integer> awaitingReturn = new ArrayList<>();
        lab.withChannel(ch -> {
            ConcurrentSkipListMap<Long, Integer> unconfirmed = new ConcurrentSkipListMap<>();
            ch.addReturnListener(r -> {
                String body = new String(r.getBody(), StandardCharsets.UTF_8);
                synchronized (awaitingReturn) {
                    for (int i = 0; i < awaitingReturn.size(); i++) {
                        int n = awaitingReturn.get(i);
                        if (bodies.get(n).equals(body)) {
                            outcome[n] = "returned as unroutable (" + r.getReplyCode() + " " + r.getReplyText() + ")";
                            awaitingReturn.remove(i);
                            break;
                        }
                    }
                }
            });
            if (confirm) {
                ch.confirmSelect();
                ch.addConfirmListener(settle(unconfirmed, outcome, "confirmed"), settle(unconfirmed, outcome, "nacked"));
            }
            for (int i = 0; i < bodies.size(); i++) {
                if (mandatory) {
                    synchronized (awaitingReturn) {
                        awaitingReturn.add(i);
                    }
                }
                if (confirm) {
                    unconfirmed.put(ch.getNextPublishSeqNo(), i);
                }
                ch.basicPublish(x, key, mandatory, props, bodies.get(i).getBytes(StandardCharsets.UTF_8));
            }
            if (confirm) {
                ch.waitForConfirms(CONFIRM_TIMEOUT.toMillis()); // false if some were nacked: their rows say so
            } else if (mandatory) {
                ch.exchangeDeclarePassive("amq.direct"); // a round trip: every basic.return for our messages came before its reply
            }
            return null;
        });
        lab.changed();
        List<PublishResult> rows = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            String result = outcome[i] != null ? outcome[i] : confirm ? "unconfirmed (timeout)" : "sent";
            rows.add(new PublishResult(i + 1, x.isEmpty() ? "(default)" : x, key, bodies.get(i), result));
        }
        return Rows.of("published", rows);
    }

    /**
     * Fails with one line if {@code exchange} does not exist. A basic.publish to a missing exchange gets no reply:
     * the broker closes the channel later, so without this check the message would be reported as sent. The default
     * exchange ("") always exists.
     */
    private void requireExchange(String exchange) {
        if (exchange.isEmpty()) {
            return;
        }
        try {
            lab.withChannel(ch -> ch.exchangeDeclarePassive(exchange));
        } catch (RabbitLabException e) {
            throw new RabbitLabException("Nothing was published: " + e.getMessage(), e);
        }
    }

    private static ConfirmCallback settle(ConcurrentSkipListMap<Long, Integer> unconfirmed, String[] outcome, String word) {
        return (tag, multiple) -> {
            Map<Long, Integer> done = multiple ? unconfirmed.headMap(tag, true) : unconfirmed.subMap(tag, true, tag, true);
            for (Integer n : done.values()) {
                if (outcome[n] == null) { // a return came first: that says more
                    outcome[n] = word;
                }
            }
            done.clear();
        };
    }

    /** How fast {@link #publishMany} published: seconds to the millisecond, the rate to whole messages/s. */
    public record PublishRate(long messages, int bodyBytes, boolean confirms, double seconds, double messagesPerSecond) {
    }

    /**
     * Publishes {@code count} messages of {@code bodyBytes} bytes as fast as one channel can, with publisher
     * confirms (at most {@code confirmWindow} outstanding, as PerfTest's {@code --confirm}) or without.
     */
    public PublishRate publishMany(String exchange, String routingKey, long count, int bodyBytes, boolean persistent,
                                   boolean confirms, int confirmWindow) {
        byte[] body = new byte[bodyBytes];
        AMQP.BasicProperties props = persistent ? MessageProperties.PERSISTENT_BASIC : MessageProperties.BASIC;
        requireExchange(exchange == null ? "" : exchange);
        long begin = System.nanoTime();
        lab.withChannel(ch -> {
            Semaphore window = new Semaphore(Math.max(1, confirmWindow));
            ConcurrentSkipListMap<Long, Boolean> outstanding = new ConcurrentSkipListMap<>();
            int[] nacks = new int[1];
            if (confirms) {
                ch.confirmSelect();
                ch.addConfirmListener(release(outstanding, window, null), release(outstanding, window, nacks));
            }
            for (long i = 0; i < count; i++) {
                if (confirms) {
                    if (!window.tryAcquire(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new RabbitLabException("No publisher confirm within " + CONFIRM_TIMEOUT.toSeconds() + " s.");
                    }
                    outstanding.put(ch.getNextPublishSeqNo(), Boolean.TRUE);
                }
                ch.basicPublish(exchange == null ? "" : exchange, routingKey, props, body);
            }
            if (confirms) {
                ch.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
                if (nacks[0] > 0) {
                    throw new RabbitLabException(nacks[0] + " messages were nacked by the broker.");
                }
            }
            return null;
        });
        lab.changed();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
        double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
        return new PublishRate(count, bodyBytes, confirms, Math.rint(seconds * 1000) / 1000, Math.rint(count / seconds));
    }

    private static ConfirmCallback release(ConcurrentSkipListMap<Long, Boolean> outstanding, Semaphore window, int[] nacks) {
        return (tag, multiple) -> {
            Map<Long, Boolean> done = multiple ? outstanding.headMap(tag, true) : outstanding.subMap(tag, true, tag, true);
            int n = done.size();
            done.clear();
            if (nacks != null) {
                synchronized (nacks) {
                    nacks[0] += n;
                }
            }
            window.release(n);
        };
    }

    // ---- consuming ---------------------------------------------------------------------------

    /** basic.get: the first ready message, acknowledged ({@code ack}) or put back (then redelivered=true). */
    public Optional<DeliveryRow> get(String queue, boolean ack) {
        lab.withChannel(ch -> ch.queueDeclarePassive(queue)); // Qpid Broker-J closes the connection for a basic.get of a missing queue
        Optional<DeliveryRow> row = lab.withChannel(ch -> {
            GetResponse r = ch.basicGet(queue, false);
            if (r == null) {
                return Optional.<DeliveryRow>empty();
            }
            long tag = r.getEnvelope().getDeliveryTag();
            if (ack) {
                ch.basicAck(tag, false);
            } else {
                ch.basicReject(tag, true);
            }
            return Optional.of(row(0, r.getEnvelope(), r.getBody(), ack ? "acked" : "requeued (no --ack)"));
        });
        lab.changed();
        return row;
    }

    /** Consumes from {@code queue} as {@code options} say; returns every message taken, in arrival order. */
    public Rows<DeliveryRow> consume(String queue, ConsumeOptions options) {
        ConsumeRun run = new ConsumeRun(lab, queue, options);
        try {
            return Rows.of("consumed from " + queue, run.run());
        } catch (IOException e) {
            throw lab.translate(e);
        } finally {
            lab.changed();
        }
    }

    static DeliveryRow row(int consumer, Envelope envelope, byte[] body, String ack) {
        return new DeliveryRow(consumer, envelope.getDeliveryTag(), envelope.isRedeliver(),
            envelope.getExchange().isEmpty() ? "(default)" : envelope.getExchange(), envelope.getRoutingKey(),
            new String(body, StandardCharsets.UTF_8), ack);
    }

}
