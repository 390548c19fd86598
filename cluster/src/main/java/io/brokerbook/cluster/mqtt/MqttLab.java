package io.brokerbook.cluster.mqtt;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.process.ChildServer;
import io.brokerbook.cluster.process.ChildServerLab;
import io.brokerbook.cluster.process.ChildServerStart;
import io.brokerbook.cluster.process.ExecutableOnPath;
import io.brokerbook.cluster.process.StartupWait;
import io.brokerbook.cluster.process.SupervisedProcess;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The lab component of kind {@code mqtt}: an MQTT broker as a child process this lab started on 127.0.0.1 with a
 * generated config ({@link #start}) — Debian's {@code mosquitto} when installed, else HiveMQ CE in a child JVM
 * ({@link HiveMqServer}) — or an existing broker ({@link #connect}). Publishes and subscribes through Eclipse Paho.
 * <p>
 * The config raises the per-client queue (mosquitto's default {@code max_queued_messages} 1000 dropped ~15% of a
 * 10 000-message QoS 1 burst to a slow subscriber; HiveMQ's default is 1000 too) and turns persistence on only with
 * a data dir.
 */
public final class MqttLab implements ChildServerLab {
    public static final String KIND = "mqtt";
    public static final int DEFAULT_PORT = 1883;
    public static final String EXECUTABLE = "mosquitto";
    /** Messages queued per client (in flight or for an offline persistent session) before mosquitto drops QoS 1/2. */
    static final int MAX_QUEUED_MESSAGES = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(MqttLab.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30); // HiveMQ saving a file store takes seconds
    private static final int TIMEOUT_S = 5;
    private static final ChildServerStart STARTER = new ChildServerStart(KIND, DEFAULT_PORT, "MQTT",
        "the MQTT directories", STOP_GRACE, MqttLabException::new);

    private final String url;
    private final ChildServer server;
    private final MqttServer kind;
    private final Optional<String> portNote;
    private final Duration startTime;
    private final String version;
    private final MqttClient publisher;
    private volatile boolean stopped;

    private MqttLab(String url, ChildServer server, MqttServer kind, Optional<String> portNote, Duration startTime,
                    String version, MqttClient publisher) {
        this.url = url;
        this.server = server;
        this.kind = kind;
        this.portNote = portNote;
        this.startTime = startTime;
        this.version = version;
        this.publisher = publisher;
        if (server != null) {
            server.watch("mqtt-lab-shutdown", this::stop);
        }
    }

    /**
     * Starts the broker on 127.0.0.1 (1883 if free, else the next free port; see {@link #portNote()}) and returns once
     * it serves and the lab's publisher is connected.
     */
    public static MqttLab start(MqttServerOptions options) {
        MqttServer chosen = chooseServer(options);
        return STARTER.start(options.port(), options.dataDir(), options.workDir(), chosen.name(),
            launch -> startOn(chosen, launch, options));
    }

    /** mosquitto when asked for or installed; HiveMQ when asked for or as the fallback; else one line how to get one. */
    static MqttServer chooseServer(MqttServerOptions options) {
        MqttServerKind wanted = options.server();
        if (wanted != MqttServerKind.HIVEMQ) {
            Optional<Path> mosquitto = ExecutableOnPath.find(EXECUTABLE, options.searchPath());
            if (mosquitto.isPresent()) {
                return new MqttServer.Mosquitto(mosquitto.get());
            }
            if (wanted == MqttServerKind.MOSQUITTO) {
                throw new MqttLabException("mosquitto is not installed (not found on PATH); install it with: "
                    + "sudo apt-get install mosquitto (or use the in-JVM broker: --server hivemq)");
            }
        }
        return HiveMqRuntime.find().<MqttServer>map(HiveMqServer::new).orElseThrow(() -> new MqttLabException(
            (wanted == null ? "mosquitto is not installed and " : "") + "the in-JVM MQTT broker's runtime is missing ("
                + HiveMqRuntime.IN_CHECKOUT + "/lib with " + HiveMqRuntime.HIVEMQ_JAR + "); build it with ./install.sh"
                + " or mvn package" + (wanted == null ? ", or: sudo apt-get install mosquitto" : "") + "."));
    }

    /** mosquitto's config: one listener on loopback, anonymous clients, large queues, persistence only with a data dir. */
    static String config(int port, Path dataDir) {
        StringBuilder c = new StringBuilder()
            .append("# Written by Brokerbook's MQTT lab\n")
            .append("per_listener_settings false\n")
            .append("listener ").append(port).append(' ').append(LOOPBACK).append('\n')
            .append("allow_anonymous true\n")
            // run as root, mosquitto would switch to user "mosquitto", which cannot write the lab's dirs
            .append("user ").append(System.getProperty("user.name")).append('\n')
            .append("max_queued_messages ").append(MAX_QUEUED_MESSAGES).append('\n')
            .append("max_queued_bytes 0\n")
            .append("log_dest stderr\n") // unbuffered: stdout to a pipe is flushed only now and then
            .append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n")
            .append("connection_messages false\n")
            // Nagle's algorithm off, as Redis, NATS, RabbitMQ and Kafka have it: with it on, a message sent right after
            // an unacknowledged small packet (a SUBACK, the last QoS 0 message) waits for the client's delayed ACK,
            // 17-40 ms here, which is what MQTT's latency measured then, not the broker
            .append("set_tcp_nodelay true\n");
        if (dataDir != null) {
            c.append("persistence true\n")
                .append("persistence_location ").append(dataDir.toAbsolutePath()).append("/\n")
                .append("persistence_file mosquitto.db\n")
                .append("autosave_interval 1\n");
        } else {
            c.append("persistence false\n");
        }
        return c.toString();
    }

    private static MqttLab startOn(MqttServer kind, ChildServerStart.Launch launch, MqttServerOptions options)
        throws IOException {
        int port = launch.port().port();
        Path logFile = launch.logFile(options.logFile(), "mqtt-broker.log");
        List<String> command = kind.prepare(launch.runDir(), port, launch.dataDir());
        SupervisedProcess process = launch.launch(command, logFile, kind::isReady);
        // mosquitto: "Address already in use"; HiveMQ: "Could not start TCP Listener on port P ... Is it already in use?"
        Duration startTime = launch.awaitReady(kind.name(), kind.startTimeout(),
            lines -> stripLogPrefix(StartupWait.tellingLine(lines, "Error", "ERROR")),
            line -> line.contains("already in use"), MqttLabException::new);
        String version = kind.version(process.recentLines());
        String url = "tcp://" + LOOPBACK + ":" + port;
        LOG.info("{} {} pid {} ready on {} in {} ms", kind.name(), version, process.pid(), url, startTime.toMillis());
        ChildServer server = launch.own(p -> crashReport(kind, url, p));
        MqttClient publisher = connectClient(url, "brokerbook-pub-" + shortId(), true);
        return new MqttLab(url, server, kind, launch.port().note(), startTime, version, publisher);
    }

    /** Uses an existing MQTT broker: {@code tcp://host:port}. */
    public static MqttLab connect(String address) {
        String url = parseUrl(address);
        return new MqttLab(url, null, null, Optional.empty(), Duration.ZERO, "?",
            connectClient(url, "brokerbook-pub-" + shortId(), true));
    }

    static String parseUrl(String address) {
        String example = " Expected tcp://host:port, e.g. tcp://127.0.0.1:1883";
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (URISyntaxException e) {
            throw new MqttLabException("Bad MQTT URL '" + address + "': " + e.getReason() + "." + example);
        }
        if (!"tcp".equalsIgnoreCase(uri.getScheme()) && !"mqtt".equalsIgnoreCase(uri.getScheme())) {
            throw new MqttLabException("Bad MQTT URL '" + address + "': the scheme must be tcp:// (or mqtt://)." + example);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new MqttLabException("Bad MQTT URL '" + address + "': no host." + example);
        }
        return "tcp://" + uri.getHost() + ":" + (uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static MqttClient connectClient(String url, String clientId, boolean cleanSession) {
        return connectClient(url, clientId, cleanSession, null);
    }

    private static MqttClient connectClient(String url, String clientId, boolean cleanSession, MqttCallback callback) {
        MqttClient client = null;
        try {
            client = new MqttClient(url, clientId, new MemoryPersistence());
            if (callback != null) {
                client.setCallback(callback);
            }
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(cleanSession);
            o.setConnectionTimeout(TIMEOUT_S);
            o.setAutomaticReconnect(false);
            o.setMaxInflight(1000);
            o.setSocketFactory(new NoDelaySockets());
            client.setTimeToWait(TimeUnit.SECONDS.toMillis(30));
            client.connect(o);
            return client;
        } catch (MqttException e) {
            closeQuietly(client);
            throw new MqttLabException("Cannot connect to " + url + " as " + clientId + ": " + describe(e)
                + "; is an MQTT broker running there?", e);
        }
    }

    private static String describe(MqttException e) {
        String message = e.getMessage() == null ? "reason " + e.getReasonCode() : e.getMessage();
        return e.getCause() != null && e.getCause().getMessage() != null
            ? message + " (" + LabException.oneLine(e.getCause()) + ")" : message;
    }

    /** "1796004414: text" → "text". */
    static String stripLogPrefix(String line) {
        int colon = line.indexOf(": ");
        if (colon > 0 && line.substring(0, colon).chars().allMatch(Character::isDigit)) {
            return line.substring(colon + 2).strip();
        }
        return line.strip();
    }

    // ---- state -------------------------------------------------------------------------------

    private static String crashReport(MqttServer kind, String url, SupervisedProcess process) {
        List<String> lines = process.recentLines();
        String last = lines.isEmpty() ? "" : stripLogPrefix(lines.get(lines.size() - 1));
        return ChildServer.unexpectedExit("MQTT broker on " + url.substring("tcp://".length()), process,
            process.exitDescription(), kind.tellsNothing(last) ? "" : last);
    }

    private String detectCrash() {
        return server == null ? null : server.crash().orElse(null);
    }

    @Override
    public Optional<ChildServer> childServer() {
        return Optional.ofNullable(server);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean isRunning() {
        return !stopped && detectCrash() == null && (server != null || publisher.isConnected());
    }

    @Override
    public ComponentStatus status() {
        if (stopped) {
            return ComponentStatus.stopped(KIND);
        }
        String report = detectCrash();
        if (report == null && server == null && !publisher.isConnected()) {
            report = "The connection to " + url + " was lost.";
        }
        ComponentState state = report != null ? ComponentState.CRASHED
            : server != null ? ComponentState.RUNNING : ComponentState.CONNECTED;
        Optional<String> detail = report != null ? Optional.of(report)
            : server == null ? Optional.of("existing broker")
            : server.dataDir().isPresent() ? Optional.of("persistence on, kept across stop/start")
            : Optional.of("no persistence; temp files removed by stop");
        return new ComponentStatus(KIND, state, Optional.of(url), dataDir(), implementation(), detail);
    }

    /**
     * {@code mosquitto 2.0.11 (/usr/sbin/mosquitto)}, {@code HiveMQ CE 2025.5 (in-JVM broker: ...)}, or
     * {@code MQTT broker (existing)}.
     */
    public String implementation() {
        return kind == null ? "MQTT broker (existing)" : kind.name() + " " + version + " " + kind.origin();
    }

    /** {@code mosquitto} or {@code HiveMQ CE}; {@code MQTT broker} for an existing one. */
    public String serverName() {
        return kind == null ? "MQTT broker" : kind.name();
    }

    /** Which broker this lab started; empty for an existing one. */
    public Optional<MqttServerKind> serverKind() {
        return kind == null ? Optional.empty()
            : Optional.of(kind instanceof HiveMqServer ? MqttServerKind.HIVEMQ : MqttServerKind.MOSQUITTO);
    }

    public String version() {
        return version;
    }

    public String url() {
        return url;
    }

    public String address() {
        return url.substring("tcp://".length());
    }

    public Optional<String> portNote() {
        return portNote;
    }

    /** From launching the broker to its ready line. */
    public Duration startTime() {
        return startTime;
    }

    public Optional<Path> dataDir() {
        return server == null ? Optional.empty() : server.dataDir();
    }

    public void checkAlive() {
        String crash = detectCrash();
        if (crash != null) {
            throw new MqttLabException(crash);
        }
        if (stopped) {
            throw new MqttLabException("This MQTT lab (" + url + ") was stopped; start or connect again.");
        }
    }

    /** A new Paho client of this broker for Java cells (the caller closes it). */
    public MqttClient newClient(String clientId, boolean cleanSession) {
        return newClient(clientId, cleanSession, null);
    }

    /**
     * A new Paho client with {@code callback} set before it connects, so the messages a persistent session kept
     * for it, delivered right after the connection, reach the callback too.
     */
    public MqttClient newClient(String clientId, boolean cleanSession, MqttCallback callback) {
        checkAlive();
        return connectClient(url, clientId, cleanSession, callback);
    }

    // ---- publish / subscribe -----------------------------------------------------------------

    /** Publishes one message and waits until the broker has it (for QoS 1 and 2: acknowledged); returns its bytes. */
    public int publish(String topic, int qos, boolean retain, String payload) {
        MqttTopic.requirePublishable(topic);
        MqttTopic.requireQos(qos);
        checkAlive();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        try {
            publisher.publish(topic, bytes, qos, retain);
            return bytes.length;
        } catch (MqttException e) {
            throw failure("publish to " + topic, e);
        }
    }

    /**
     * Subscribes to {@code filter} with {@code qos} as client {@code clientId} (null: a generated one) and passes each
     * message to {@code each} until {@code maxMessages} arrived, or {@code timeout} passed without one (null: until
     * the thread is interrupted). With {@code cleanSession} false the broker keeps the session (subscriptions and
     * queued QoS 1/2 messages) while the client is away, as {@code mosquitto_sub -c -i ID} does.
     */
    public List<MqttReceived> subscribe(String filter, int qos, Integer maxMessages, Duration timeout, String clientId,
                                        boolean cleanSession, Runnable ready, Consumer<MqttReceived> each) {
        MqttTopic.requireFilter(filter);
        MqttTopic.requireQos(qos);
        if (!cleanSession && clientId == null) {
            throw new MqttLabException("A persistent session (--no-clean-session) needs a --client-id to find it again.");
        }
        checkAlive();
        BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
        String id = clientId != null ? clientId : "brokerbook-sub-" + shortId();
        MqttClient client = connectClient(url, id, cleanSession, new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                arrived.add(cause == null ? new IllegalStateException("connection lost") : cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived.add(new Object[] {topic, message});
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        List<MqttReceived> received = new ArrayList<>();
        try {
            client.subscribe(filter, qos);
            ready.run();
            while (maxMessages == null || received.size() < maxMessages) {
                Object next = timeout == null ? arrived.take() : arrived.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    break;
                }
                if (next instanceof Throwable lost) {
                    throw new MqttLabException("The subscription to " + filter + " ended: " + LabException.oneLine(lost), lost);
                }
                Object[] tm = (Object[]) next;
                MqttMessage m = (MqttMessage) tm[1];
                MqttReceived r = new MqttReceived(received.size() + 1, (String) tm[0],
                    new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(), m.isRetained(), m.isDuplicate());
                received.add(r);
                each.accept(r);
            }
            return received;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return received;
        } catch (MqttException e) {
            throw failure("subscribe to " + filter, e);
        } catch (MqttLabException e) {
            MqttLabException crashed = detectCrashAfter(e);
            throw crashed != null ? crashed : e;
        } finally {
            closeQuietly(client);
        }
    }

    private MqttLabException detectCrashAfter(Exception e) {
        if (server != null) {
            server.process().waitForExit(Duration.ofSeconds(2));
        }
        String crash = detectCrash();
        return crash == null ? null : new MqttLabException(crash, e);
    }

    private MqttLabException failure(String what, MqttException e) {
        MqttLabException crashed = detectCrashAfter(e);
        return crashed != null ? crashed : new MqttLabException("Cannot " + what + ": " + describe(e), e);
    }

    private static void closeQuietly(MqttClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 100);
            } catch (MqttException ignored) {
                // it is closed below anyway
            }
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("Closing an MQTT client", e);
        }
    }

    // ---- stop --------------------------------------------------------------------------------

    @Override
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (server != null) {
                server.markStopping();
            }
            stopped = true;
        }
        closeQuietly(publisher);
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public String toString() {
        return "MqttLab[" + url + (server != null ? ", pid " + server.pid() : ", existing") + "]";
    }
}
