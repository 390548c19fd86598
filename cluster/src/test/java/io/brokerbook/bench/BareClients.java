package io.brokerbook.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import io.brokerbook.cluster.compare.Stamp;
import io.brokerbook.cluster.mqtt.NoDelaySockets;
import io.nats.client.ConsumeOptions;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each system's client library in a bare loop, with the delivery settings the harness's system uses (acks,
 * persistence, prefetch, batch, ack per message), so that harness / bare is what the harness itself costs. A
 * {@link Session} has its subscriber attached when opened; its producer is the bare loop, or a tool of the system's
 * own publishing to {@link Session#channel} while the subscriber counts.
 */
final class BareClients {
    static final Duration WAIT = Duration.ofMinutes(5);

    private BareClients() {
    }

    /** A bare subscriber attached to a channel of its own, and the bare producer loop for it. */
    interface Session extends AutoCloseable {
        /** The key, topic, subject or exchange the subscriber listens on. */
        String channel();

        /** The bare producer: {@code n} messages of {@code body}, returning once the broker has them all. */
        void produce(int n, String body) throws Exception;

        /** One message, encoded as the harness's system encodes one it was handed (the latency run's loop). */
        void send(String body) throws Exception;

        /** Returns once the broker has everything sent so far (its acknowledgements, where it gives any). */
        void flush() throws Exception;

        /** What the subscriber counted. */
        Arrivals arrivals();

        /** Waits for every message; msg/s from {@code start} to the last arrival. */
        double rate(int n, long start) throws Exception;

        @Override
        void close() throws Exception;
    }

    /** Opens a session on the server at {@code address}; {@code name} makes its channel unique. */
    interface Kind {
        Session open(String address, String name, int n, boolean stamps) throws Exception;
    }

    /**
     * Counts arrivals and remembers when the last one came; with {@code stamps}, also each message's latency from
     * the send time its payload starts with (read as the harness's subscriber reads it, {@link Stamp}).
     */
    static final class Arrivals {
        private final CountDownLatch all;
        private final AtomicLong last = new AtomicLong();
        private final boolean stamps;
        private final long[] latencies;
        private final AtomicInteger count = new AtomicInteger();

        Arrivals(int n, boolean stamps) {
            all = new CountDownLatch(n);
            this.stamps = stamps;
            this.latencies = new long[stamps ? n : 0];
        }

        void arrived(byte[] body) {
            long at = System.nanoTime();
            arrived(at, stamps ? at - Stamp.sentAt(body) : 0);
        }

        void arrived(String body) {
            long at = System.nanoTime();
            arrived(at, stamps ? at - Stamp.sentAt(body) : 0);
        }

        private void arrived(long at, long latency) {
            int i = count.getAndIncrement();
            if (stamps && i < latencies.length) {
                latencies[i] = latency;
            }
            last.set(at);
            all.countDown();
        }

        private void await(int n) throws Exception {
            if (!all.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SideBySide.Incomplete((n - all.getCount()) + " of " + n + " received");
            }
        }

        double rate(int n, long start) throws Exception {
            await(n);
            return n / ((last.get() - start) / 1e9);
        }

        /** Waits for every message; each one's nanoseconds from send to arrival. */
        long[] latencies(int n) throws Exception {
            await(n);
            return latencies.clone();
        }
    }

    private static String host(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    // ---- RabbitMQ: durable fanout exchange and queue, persistent messages, confirms awaited at the end, manual acks, prefetch 10

    static Session rabbit(String address, String name, int n, boolean stamps) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host(address));
        factory.setPort(port(address));
        factory.setAutomaticRecoveryEnabled(false); // as the lab's factory
        // a connection each, as the harness's publisher (the lab's) and subscriber (one of its own) have
        com.rabbitmq.client.Connection connection = factory.newConnection("bare-loop");
        com.rabbitmq.client.Connection consumerConnection = factory.newConnection("bare-subscriber");
        Channel consumer = consumerConnection.createChannel();
        Channel producer = connection.createChannel();
        producer.confirmSelect();
        producer.exchangeDeclare(name, BuiltinExchangeType.FANOUT, true);
        consumer.queueDeclare(name, true, false, false, null);
        consumer.queueBind(name, name, "");
        consumer.basicQos(10);
        Arrivals arrivals = new Arrivals(n, stamps);
        consumer.basicConsume(name, false, new DefaultConsumer(consumer) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws java.io.IOException {
                arrivals.arrived(body);
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
        });
        return new Session() {
            public String channel() {
                return name;
            }

            public void produce(int count, String body) throws Exception {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < count; i++) {
                    producer.basicPublish(name, "", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes);
                }
                producer.waitForConfirmsOrDie(WAIT.toMillis());
            }

            public void send(String body) throws Exception {
                producer.basicPublish(name, "", MessageProperties.PERSISTENT_TEXT_PLAIN, body.getBytes(StandardCharsets.UTF_8));
            }

            public void flush() throws Exception {
                producer.waitForConfirmsOrDie(WAIT.toMillis());
            }

            public Arrivals arrivals() {
                return arrivals;
            }

            public double rate(int count, long start) throws Exception {
                return arrivals.rate(count, start);
            }

            public void close() throws Exception {
                consumer.queueDelete(name);
                producer.exchangeDelete(name);
                consumerConnection.close();
                connection.close();
            }
        };
    }

    /** As the lab connects (NatsLab): no reconnect, an error listener that does not print. */
    private static io.nats.client.Connection natsConnect(String address) throws Exception {
        return Nats.connect(new io.nats.client.Options.Builder().server("nats://" + address).connectionName("bare")
            .connectionTimeout(Duration.ofSeconds(10)).noReconnect().errorListener(new io.nats.client.ErrorListener() { }).build());
    }

    // ---- NATS core: a publishing connection, a subscribing one with a dispatcher, publish then flush

    static Session nats(String address, String name, int n, boolean stamps) throws Exception {
        // the publisher and the subscriber on a connection each, as the harness's (two services)
        io.nats.client.Connection connection = natsConnect(address);
        io.nats.client.Connection subscriber = natsConnect(address);
        Arrivals arrivals = new Arrivals(n, stamps);
        Dispatcher dispatcher = subscriber.createDispatcher(m -> arrivals.arrived(m.getData()));
        dispatcher.subscribe(name);
        subscriber.flush(Duration.ofSeconds(5));
        return new Session() {
            public String channel() {
                return name;
            }

            public void produce(int count, String body) throws Exception {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < count; i++) {
                    connection.publish(name, bytes);
                }
                connection.flush(WAIT);
            }

            public void send(String body) {
                connection.publish(name, body.getBytes(StandardCharsets.UTF_8));
            }

            public void flush() throws Exception {
                connection.flush(WAIT);
            }

            public Arrivals arrivals() {
                return arrivals;
            }

            public double rate(int count, long start) throws Exception {
                return arrivals.rate(count, start);
            }

            public void close() throws Exception {
                subscriber.close();
                connection.close();
            }
        };
    }

    // ---- NATS JetStream: a file stream, asynchronous publish with every ack awaited, a durable pull consumer (default batch), explicit ack

    static Session jetStream(String address, String name, int n, boolean stamps) throws Exception {
        io.nats.client.Connection connection = natsConnect(address);
        String stream = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
        JetStreamManagement jsm = connection.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(name).storageType(StorageType.File).build());
        jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable("bare").ackPolicy(AckPolicy.Explicit)
            .deliverPolicy(DeliverPolicy.New).build());
        Arrivals arrivals = new Arrivals(n, stamps);
        MessageConsumer consumer = connection.getConsumerContext(stream, "bare").consume(ConsumeOptions.DEFAULT_CONSUME_OPTIONS, m -> {
            arrivals.arrived(m.getData());
            m.ack();
        });
        JetStream js = connection.jetStream();
        return new Session() {
            public String channel() {
                return name;
            }

            public void produce(int count, String body) throws Exception {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                List<CompletableFuture<PublishAck>> acks = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    acks.add(js.publishAsync(name, bytes));
                }
                for (CompletableFuture<PublishAck> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
            }

            private final List<CompletableFuture<PublishAck>> pending = new ArrayList<>();

            public void send(String body) {
                pending.add(js.publishAsync(name, body.getBytes(StandardCharsets.UTF_8)));
            }

            public void flush() throws Exception {
                for (CompletableFuture<PublishAck> ack : pending) {
                    ack.get(30, TimeUnit.SECONDS);
                }
                pending.clear();
            }

            public Arrivals arrivals() {
                return arrivals;
            }

            public double rate(int count, long start) throws Exception {
                return arrivals.rate(count, start);
            }

            public void close() throws Exception {
                consumer.stop();
                consumer.close();
                jsm.deleteStream(stream);
                connection.close();
            }
        };
    }

    /** As the lab's Redis connections (RedisEndpoint): 5 s timeouts, a client name. */
    private static final DefaultJedisClientConfig REDIS_PUBLISHER = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(5_000).socketTimeoutMillis(5_000).clientName("bare").build();

    // ---- Redis pub/sub: a subscriber connection, one publishing connection, PUBLISH one at a time

    static Session redisPubSub(String address, String name, int n, boolean stamps) throws Exception {
        HostAndPort server = HostAndPort.from(address);
        Arrivals arrivals = new Arrivals(n, stamps);
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                arrivals.arrived(message);
            }

            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }
        };
        Jedis subscriber = new Jedis(server, DefaultJedisClientConfig.builder().socketTimeoutMillis(0).build());
        Jedis publisher = new Jedis(server, REDIS_PUBLISHER);
        Thread thread = new Thread(() -> subscriber.subscribe(listener, name), "bare-redis-sub");
        thread.start();
        subscribed.await();
        return new Session() {
            public String channel() {
                return name;
            }

            public void produce(int count, String body) {
                for (int i = 0; i < count; i++) {
                    publisher.publish(name, body);
                }
            }

            public void send(String body) {
                publisher.publish(name, body);
            }

            public void flush() {
            }

            public Arrivals arrivals() {
                return arrivals;
            }

            public double rate(int count, long start) throws Exception {
                return arrivals.rate(count, start);
            }

            public void close() throws Exception {
                listener.unsubscribe();
                thread.join();
                subscriber.close();
                publisher.close();
            }
        };
    }

    // ---- Redis Streams: XADD one at a time; a group reader (XREADGROUP COUNT 100 BLOCK 100, XACK per entry)

    static Session redisStreams(String address, String name, int n, boolean stamps) throws Exception {
        HostAndPort server = HostAndPort.from(address);
        Jedis publisher = new Jedis(server, REDIS_PUBLISHER);
        publisher.xgroupCreate(name, "bare", StreamEntryID.XGROUP_LAST_ENTRY, true);
        Jedis reader = new Jedis(server, DefaultJedisClientConfig.builder().socketTimeoutMillis(0).build());
        Arrivals arrivals = new Arrivals(n, stamps);
        Thread thread = new Thread(() -> {
            XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(100).block(100);
            while (!Thread.currentThread().isInterrupted()) {
                var batches = reader.xreadGroup("bare", "c", params, Map.of(name, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
                if (batches == null) {
                    continue;
                }
                for (var batch : batches) {
                    for (StreamEntry entry : batch.getValue()) {
                        arrivals.arrived(entry.getFields().get("payload"));
                        reader.xack(name, "bare", entry.getID());
                    }
                }
            }
        }, "bare-redis-stream");
        thread.start();
        return new Session() {
            public String channel() {
                return name;
            }

            public void produce(int count, String body) {
                Map<String, String> fields = Map.of("payload", body);
                for (int i = 0; i < count; i++) {
                    publisher.xadd(name, StreamEntryID.NEW_ENTRY, fields);
                }
            }

            public void send(String body) {
                publisher.xadd(name, StreamEntryID.NEW_ENTRY, Map.of("payload", body));
            }

            public void flush() {
            }

            public Arrivals arrivals() {
                return arrivals;
            }

            public double rate(int count, long start) throws Exception {
                return arrivals.rate(count, start);
            }

            public void close() throws Exception {
                thread.interrupt();
                thread.join();
                reader.close();
                publisher.del(name);
                publisher.close();
            }
        };
    }

    // ---- Kafka: a topic of 3 partitions; producer acks=all, linger 0, the payload as key; a group consumer, commitSync per poll

    static Session kafka(String bootstrap, String name, int n, boolean stamps) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(3), Optional.empty()))).all().get();
        }
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
            new StringSerializer(), new StringSerializer());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, name + "-group",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
            new StringDeserializer(), new StringDeserializer());
        Arrivals arrivals = new Arrivals(n, stamps);
        CountDownLatch assigned = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try {
                consumer.subscribe(List.of(name), new ConsumerRebalanceListener() {
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    }

                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        partitions.forEach(consumer::position);
                        consumer.commitSync();
                        if (!partitions.isEmpty()) {
                            assigned.countDown();
                        }
                    }
                });
                while (!Thread.currentThread().isInterrupted()) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    for (ConsumerRecord<String, String> r : records) {
                        arrivals.arrived(r.value());
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }, "bare-kafka-consumer");
        thread.start();
        if (!assigned.await(60, TimeUnit.SECONDS)) {
            throw new SideBySide.Incomplete("the bare consumer got no partitions in 60 s");
        }
        return new Session() {
            public String channel() {
                return name;
            }

            public void produce(int count, String body) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>(name, body, body));
                }
                producer.flush();
            }

            public void send(String body) {
                producer.send(new ProducerRecord<>(name, body, body));
            }

            public void flush() {
                producer.flush();
            }

            public Arrivals arrivals() {
                return arrivals;
            }

            public double rate(int count, long start) throws Exception {
                return arrivals.rate(count, start);
            }

            public void close() throws Exception {
                consumer.wakeup();
                thread.join();
                producer.close(Duration.ofSeconds(5));
            }
        };
    }

    // ---- MQTT at one QoS: a subscriber with a persistent session, a publisher client, synchronous publish

    static Kind mqtt(int qos) {
        return (address, name, n, stamps) -> {
            String url = "tcp://" + address;
            Arrivals arrivals = new Arrivals(n, stamps);
            MqttClient subscriber = mqttClient(url, name + "-sub", false, new MqttCallback() {
                public void connectionLost(Throwable cause) {
                }

                public void messageArrived(String topic, MqttMessage message) {
                    arrivals.arrived(message.getPayload());
                }

                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            subscriber.subscribe(name, qos);
            MqttClient publisher = mqttClient(url, name + "-pub", true, null);
            return new Session() {
                public String channel() {
                    return name;
                }

                public void produce(int count, String body) throws Exception {
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < count; i++) {
                        publisher.publish(name, bytes, qos, false);
                    }
                }

                public void send(String body) throws Exception {
                    publisher.publish(name, body.getBytes(StandardCharsets.UTF_8), qos, false);
                }

                public void flush() {
                }

                public Arrivals arrivals() {
                    return arrivals;
                }

                public double rate(int count, long start) throws Exception {
                    return arrivals.rate(count, start);
                }

                public void close() throws Exception {
                    publisher.disconnect(1000);
                    publisher.close();
                    subscriber.disconnect(1000);
                    subscriber.close();
                }
            };
        };
    }

    /** As the lab's clients connect (MqttLab): up to 1000 in flight, Nagle off, no reconnect, a 30 s wait per call. */
    private static MqttClient mqttClient(String url, String clientId, boolean cleanSession, MqttCallback callback)
        throws Exception {
        MqttClient client = new MqttClient(url, clientId, new MemoryPersistence());
        if (callback != null) {
            client.setCallback(callback);
        }
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        o.setConnectionTimeout(5);
        o.setAutomaticReconnect(false);
        o.setMaxInflight(1000);
        o.setSocketFactory(new NoDelaySockets());
        client.setTimeToWait(TimeUnit.SECONDS.toMillis(30));
        client.connect(o);
        return client;
    }
}
