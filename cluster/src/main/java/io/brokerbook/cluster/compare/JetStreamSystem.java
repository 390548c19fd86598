package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.nats.NatsLab;
import io.brokerbook.cluster.nats.NatsServerOptions;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** NATS JetStream: a file-backed stream per channel; durable pull consumers remember their place and split the work. */
final class JetStreamSystem implements MessagingSystem {
    private final NatsServerOptions options;
    private NatsLab lab;

    JetStreamSystem(NatsServerOptions options) {
        this.options = options.withJetStream(true);
        this.lab = NatsLab.start(this.options);
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
        JetStreamManagement jsm = lab.connection().jetStreamManagement();
        if (!jsm.getStreamNames().contains(stream(channel))) {
            jsm.addStream(StreamConfiguration.builder().name(stream(channel)).subjects(NatsCoreSystem.subject(channel))
                .storageType(StorageType.File).build());
        }
    }

    @Override
    public void publish(String channel, String payload) {
        try {
            ensureStream(channel);
            lab.connection().jetStream().publish(NatsCoreSystem.subject(channel), payload.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("JetStream publish failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Subscriber subscribe(String channel, String group, String member, boolean fromBeginning) {
        Connection connection = lab.connection();
        ReceivedQueue received = new ReceivedQueue();
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
            // one message per pull: a member must not hold a batch its fellow members could have taken
            consumer = connection.getConsumerContext(stream(channel), group).consume(
                ConsumeOptions.builder().batchSize(1).build(),
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
    public void restartBroker() {
        String address = lab.address();
        lab.stop();
        lab = NatsLab.start(options.withPort(Integer.parseInt(address.substring(address.indexOf(':') + 1))));
    }

    @Override
    public void close() {
        lab.stop();
    }
}
