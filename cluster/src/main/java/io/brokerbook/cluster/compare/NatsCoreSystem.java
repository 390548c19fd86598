package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.nats.NatsLab;
import io.brokerbook.cluster.nats.NatsServerOptions;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Core NATS: subjects delivered to whoever is subscribed now; queue groups split the work; nothing stored. */
final class NatsCoreSystem implements MessagingSystem {
    private final NatsServerOptions options;
    private NatsLab lab;
    /** The lab's connection, taken once per start: the lab checks its server is alive on every connection() call. */
    private Connection connection;
    /** The subject of the channel last published to: a run publishes to one channel many times (no concat per message). */
    private String lastChannel;
    private String lastSubject;
    private final LastEncoded encoded = new LastEncoded();

    NatsCoreSystem(NatsServerOptions options) {
        this.options = options;
        this.lab = NatsLab.start(options);
        this.connection = lab.connection();
    }

    @Override
    public String address() {
        return lab.address();
    }

    @Override
    public String name() {
        return "NATS core";
    }

    static String subject(String channel) {
        return "exp." + channel;
    }

    @Override
    public void publish(String channel, String payload) {
        if (!channel.equals(lastChannel)) {
            lastSubject = subject(channel);
            lastChannel = channel;
        }
        connection.publish(lastSubject, encoded.bytes(payload));
    }

    @Override
    public void flush() {
        flush(connection);
    }

    @Override
    public Subscriber subscribe(String channel, String group, String member, boolean fromBeginning, Keep keep) {
        // a connection of its own, as a subscribing service has: the publisher's socket and reader thread are not
        // shared with it (the bare loop next to the harness connects the same way)
        lab.checkAlive();
        Connection connection = connect(lab.url());
        ReceivedQueue received = new ReceivedQueue(keep);
        Dispatcher dispatcher = connection.createDispatcher(m -> received.add(m.getData()));
        if (member == null) {
            dispatcher.subscribe(subject(channel));
        } else {
            dispatcher.subscribe(subject(channel), group);
        }
        flush(connection);
        return new Subscriber() {
            @Override
            public List<Received> received(Duration quiet, int enough) {
                flush(connection);
                return received.drain(quiet, enough);
            }

            @Override
            public Tally tally(Duration quiet, int enough) {
                flush(connection);
                return received.tally(quiet, enough);
            }

            @Override
            public void close() {
                try {
                    connection.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** As the lab connects (no reconnect, errors to the caller, not to stderr). */
    static Connection connect(String url) {
        try {
            return Nats.connect(new Options.Builder().server(url).connectionName("exp-subscriber")
                .connectionTimeout(Duration.ofSeconds(5)).noReconnect().errorListener(new ErrorListener() { }).build());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot connect to " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to " + url, e);
        }
    }

    static void flush(Connection connection) {
        try {
            connection.flush(Duration.ofSeconds(5));
        } catch (TimeoutException e) {
            throw new IllegalStateException("NATS flush timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void restartBroker() {
        String address = lab.address();
        lab.stop();
        lab = NatsLab.start(options.withPort(Integer.parseInt(address.substring(address.indexOf(':') + 1))));
        connection = lab.connection();
    }

    @Override
    public void close() {
        lab.stop();
    }
}
