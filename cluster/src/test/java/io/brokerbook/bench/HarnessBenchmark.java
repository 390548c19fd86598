package io.brokerbook.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import io.brokerbook.cluster.compare.Experiments;
import io.brokerbook.cluster.compare.LabSystems;
import io.brokerbook.cluster.compare.MessagingSystem;
import io.brokerbook.cluster.compare.Throughput;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What the experiment harness costs: scenario (a), one producer to one consumer, N messages of 100 B, through
 * {@link Experiments#throughput} next to the same client library in a bare loop on the same server, with the same
 * delivery settings (RabbitMQ: durable fanout exchange and queue, persistent messages, publisher confirms awaited at
 * the end, manual acks, prefetch 10). Both sides are timed alike: from the first send to the last arrival, the
 * subscriber attached before the clock starts ({@link SideBySide}: a warm-up round, then medians, the order
 * alternating). The harness must cost under 10%: the ratio harness / bare should stay above 0.90.
 * <p>
 * Usage: {@code ./bench.sh compare [messages per run, default 100000] [rounds, default 3]}.
 */
public final class HarnessBenchmark {
    private static final int PAYLOAD_BYTES = 100;
    private static final Duration WAIT = Duration.ofMinutes(5);

    /** A bare loop on the system's server: {@code n} messages through the client library, msg/s. */
    interface BareLoop {
        double run(String address, String name, int n) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        SideBySide.printEnvironment("HarnessBenchmark");
        System.out.printf("(a) throughput, 1 producer -> 1 consumer, %d x %d B per round (warm-up: a fifth)%n", n, PAYLOAD_BYTES);
        Path work = Files.createTempDirectory("harness-bench");
        try {
            compare(work.resolve("rabbitmq"), LabSystems::rabbitmq, HarnessBenchmark::rabbit, n, rounds);
            compare(work.resolve("nats"), LabSystems::natsCore, HarnessBenchmark::nats, n, rounds);
            compare(work.resolve("redis"), LabSystems::redisPubSub, HarnessBenchmark::redis, n, rounds);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void compare(Path dir, Function<Path, MessagingSystem> start, BareLoop bare, int n, int rounds) {
        try (MessagingSystem system = start.apply(dir)) {
            String harness = system.name() + " harness";
            String loop = system.name() + " bare loop";
            new SideBySide(system.name() + " on " + system.address(), SideBySide.Metric.higher("", "msg/s"))
                .side(harness, round -> {
                    Throughput t = Experiments.throughput(system, size(n, round), PAYLOAD_BYTES);
                    if (!t.receivedEverything()) {
                        throw new SideBySide.Incomplete(t.received() + " of " + t.published() + " received");
                    }
                    return new double[] {t.messagesPerSecond()};
                })
                .side(loop, round -> new double[] {bare.run(system.address(), "bare-" + round.id(), size(n, round))})
                .run(1, rounds)
                .printRatios("harness cost", harness, loop, "(must stay above 0.90)");
        }
    }

    private static int size(int n, SideBySide.Round round) {
        return round.warmUp() ? Math.max(1, n / 5) : n;
    }

    private static String payload() {
        return "x".repeat(PAYLOAD_BYTES);
    }

    /** Counts arrivals and remembers when the last one came. */
    private static final class Arrivals {
        private final CountDownLatch all;
        private final AtomicLong last = new AtomicLong();

        Arrivals(int n) {
            all = new CountDownLatch(n);
        }

        void arrived() {
            last.set(System.nanoTime());
            all.countDown();
        }

        double rate(int n, long start) throws Exception {
            if (!all.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SideBySide.Incomplete((n - all.getCount()) + " of " + n + " received");
            }
            return n / ((last.get() - start) / 1e9);
        }
    }

    private static double rabbit(String address, String name, int n) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(address.substring(0, address.indexOf(':')));
        factory.setPort(Integer.parseInt(address.substring(address.indexOf(':') + 1)));
        try (Connection connection = factory.newConnection("bare-loop")) {
            Channel consumer = connection.createChannel();
            Channel producer = connection.createChannel();
            producer.confirmSelect();
            producer.exchangeDeclare(name, BuiltinExchangeType.FANOUT, true);
            consumer.queueDeclare(name, true, false, false, null);
            consumer.queueBind(name, name, "");
            consumer.basicQos(10);
            Arrivals arrivals = new Arrivals(n);
            consumer.basicConsume(name, false, new DefaultConsumer(consumer) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws java.io.IOException {
                    arrivals.arrived();
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                }
            });
            byte[] body = payload().getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                producer.basicPublish(name, "", MessageProperties.PERSISTENT_TEXT_PLAIN, body);
            }
            producer.waitForConfirmsOrDie(WAIT.toMillis());
            double rate = arrivals.rate(n, start);
            consumer.queueDelete(name);
            producer.exchangeDelete(name);
            return rate;
        }
    }

    private static double nats(String address, String name, int n) throws Exception {
        try (io.nats.client.Connection connection = Nats.connect("nats://" + address)) {
            Arrivals arrivals = new Arrivals(n);
            Dispatcher dispatcher = connection.createDispatcher(m -> arrivals.arrived());
            dispatcher.subscribe(name);
            connection.flush(Duration.ofSeconds(5));
            byte[] body = payload().getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                connection.publish(name, body);
            }
            connection.flush(WAIT);
            return arrivals.rate(n, start);
        }
    }

    private static double redis(String address, String name, int n) throws Exception {
        HostAndPort server = HostAndPort.from(address);
        Arrivals arrivals = new Arrivals(n);
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                arrivals.arrived();
            }

            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }
        };
        try (Jedis subscriber = new Jedis(server, DefaultJedisClientConfig.builder().socketTimeoutMillis(0).build());
             Jedis publisher = new Jedis(server)) {
            Thread thread = new Thread(() -> subscriber.subscribe(listener, name), "bare-redis-sub");
            thread.start();
            subscribed.await();
            String body = payload();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                publisher.publish(name, body);
            }
            double rate = arrivals.rate(n, start);
            listener.unsubscribe();
            thread.join();
            return rate;
        }
    }
}
