package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.nats.NatsLab;
import io.brokerbook.cluster.nats.NatsServerOptions;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** NATS JetStream: a file-backed stream per channel; durable pull consumers remember their place and split the work. */
final class JetStreamSystem implements MessagingSystem {
    private final NatsServerOptions options;
    private NatsLab lab;
    /** The lab's connection and its JetStream context, taken once per start (not per message). */
    private Connection connection;
    private JetStream jetStream;
    /** Streams known to exist on this server (asked once per channel, not per message). */
    private final Set<String> streams = new HashSet<>();
    /** Acknowledgements not yet awaited: publishing is asynchronous, {@link #flush} waits for them all. */
    private final List<CompletableFuture<PublishAck>> pending = new ArrayList<>();
    private final LastEncoded encoded = new LastEncoded();
    /** The subject of the channel last published to, its stream made (no look-up per message). */
    private String lastChannel;
    private String lastSubject;

    JetStreamSystem(NatsServerOptions options) {
        this.options = options.withJetStream(true);
        start(this.options);
    }

    private void start(NatsServerOptions with) {
        lab = NatsLab.start(with);
        connection = lab.connection();
        try {
            jetStream = connection.jetStream();
        } catch (IOException e) {
            throw new IllegalStateException("JetStream context failed: " + e.getMessage(), e);
        }
        streams.clear();
    }

    @Override
    public String address() {
        return lab.address();
    }

    @Override
    public String name() {
        return "NATS JetStream";
    }

    private static String stream(String channel) {
        return "EXP_" + channel.toUpperCase(Locale.ROOT);
    }

    private void ensureStream(String channel) throws IOException, JetStreamApiException {
        if (streams.contains(stream(channel))) {
            return;
        }
        JetStreamManagement jsm = connection.jetStreamManagement();
        if (!jsm.getStreamNames().contains(stream(channel))) {
            jsm.addStream(StreamConfiguration.builder().name(stream(channel)).subjects(NatsCoreSystem.subject(channel))
                .storageType(StorageType.File).build());
        }
        streams.add(stream(channel));
    }

    @Override
    public synchronized void publish(String channel, String payload) {
        try {
            if (!channel.equals(lastChannel)) {
                ensureStream(channel);
                lastSubject = NatsCoreSystem.subject(channel);
                lastChannel = channel;
            }
            pending.add(jetStream.publishAsync(lastSubject, encoded.bytes(payload)));
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("JetStream publish failed: " + e.getMessage(), e);
        }
    }

    /** Waits for the stream's acknowledgement of everything published (stored on disk); the first failure fails here. */
    @Override
    public synchronized void flush() {
        try {
            for (CompletableFuture<PublishAck> ack : pending) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("JetStream publish not acknowledged: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pending.clear();
        }
    }

    @Override
    public Subscriber subscribe(String channel, String group, String member, boolean fromBeginning, Keep keep) {
        ReceivedQueue received = new ReceivedQueue(keep);
        MessageConsumer consumer;
        try {
            ensureStream(channel);
            JetStreamManagement jsm = connection.jetStreamManagement();
            if (!jsm.getConsumerNames(stream(channel)).contains(group)) {
                jsm.addOrUpdateConsumer(stream(channel), ConsumerConfiguration.builder().durable(group)
                    .ackPolicy(AckPolicy.Explicit)
                    .deliverPolicy(fromBeginning ? DeliverPolicy.All : DeliverPolicy.New)
                    .build());
            }
            // a member pulls one message at a time: it must not hold a batch its fellow members could have taken
            consumer = connection.getConsumerContext(stream(channel), group).consume(
                member == null ? ConsumeOptions.DEFAULT_CONSUME_OPTIONS : ConsumeOptions.builder().batchSize(1).build(),
                m -> {
                    received.add(m.getData());
                    m.ack();
                });
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("JetStream subscribe failed: " + e.getMessage(), e);
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
                try {
                    consumer.stop();
                    consumer.close();
                } catch (Exception e) {
                    // the connection is gone with the broker: nothing left to stop
                }
            }
        };
    }

    @Override
    public synchronized void restartBroker() {
        String address = lab.address();
        lab.stop();
        pending.clear();
        start(options.withPort(Integer.parseInt(address.substring(address.indexOf(':') + 1))));
    }

    @Override
    public void close() {
        lab.stop();
    }
}
