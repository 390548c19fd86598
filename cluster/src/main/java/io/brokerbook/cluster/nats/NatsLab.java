package io.brokerbook.cluster.nats;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.process.ChildServer;
import io.brokerbook.cluster.process.ChildServerLab;
import io.brokerbook.cluster.process.ChildServerStart;
import io.brokerbook.cluster.process.ExecutableOnPath;
import io.brokerbook.cluster.process.StartupWait;
import io.brokerbook.cluster.process.SupervisedProcess;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.NatsJetStreamMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The lab component of kind {@code nats}: a {@code nats-server} child process this lab started on 127.0.0.1
 * ({@link #start}), with JetStream when asked for, or an existing server ({@link #connect}). Publishes, subscribes
 * and manages JetStream streams and consumers through the jnats client, with typed results.
 * <p>
 * nats-server answers SIGTERM by exiting with status 1: after {@link #stop()} that is a normal stop. If the server
 * dies on its own, {@link #status()} says CRASHED with how it ended and its last log line.
 */
public final class NatsLab implements ChildServerLab {
    public static final String KIND = "nats";
    public static final int DEFAULT_PORT = 4222;
    public static final String EXECUTABLE = "nats-server";
    private static final Logger LOG = LoggerFactory.getLogger(NatsLab.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final String READY = "Server is ready";

    private static final ChildServerStart STARTER = new ChildServerStart(KIND, DEFAULT_PORT, "NATS",
        "the NATS directories", STOP_GRACE, NatsLabException::new);

    private final String url;
    private final ChildServer server;
    private final Path executable;
    private final Optional<Path> storeDir;
    private final Optional<String> portNote;
    private final Duration startTime;
    private final Connection connection;
    private volatile boolean stopped;

    private NatsLab(String url, ChildServer server, Path executable, Optional<Path> storeDir, Optional<String> portNote,
                    Duration startTime, Connection connection) {
        this.url = url;
        this.server = server;
        this.executable = executable;
        this.storeDir = storeDir;
        this.portNote = portNote;
        this.startTime = startTime;
        this.connection = connection;
        if (server != null) {
            server.watch("nats-lab-shutdown", this::stop);
        }
    }

    /**
     * Starts {@code nats-server} on 127.0.0.1 (4222 if free, else the next free port; see {@link #portNote()}) and
     * returns once it serves and the lab's client is connected. Missing nats-server, a taken port or a data dir in
     * use are one-line {@link NatsLabException}s / {@link LabException}s.
     */
    public static NatsLab start(NatsServerOptions options) {
        Path executable;
        try {
            executable = ExecutableOnPath.require(EXECUTABLE, options.searchPath(), "nats-server");
        } catch (LabException e) {
            throw new NatsLabException(e.getMessage());
        }
        return STARTER.start(options.port(), options.dataDir(), options.workDir(), EXECUTABLE,
            launch -> startOn(executable, launch, options));
    }

    private static NatsLab startOn(Path executable, ChildServerStart.Launch launch, NatsServerOptions options)
        throws IOException {
        int port = launch.port().port();
        Path logFile = launch.logFile(options.logFile(), "nats-server.log");
        Optional<Path> store = !options.jetstreamEnabled() ? Optional.empty()
            : Optional.of(launch.dataDir() != null ? launch.dataDir() : launch.runDir().resolve("jetstream"));
        List<String> command = new ArrayList<>(List.of(executable.toString(),
            "--addr", LOOPBACK, "--port", Integer.toString(port)));
        if (store.isPresent()) {
            Files.createDirectories(store.get());
            command.addAll(List.of("--jetstream", "--store_dir", store.get().toString()));
        }
        SupervisedProcess process = launch.launch(command, logFile, line -> line.contains(READY));
        Duration startTime = launch.awaitReady(EXECUTABLE, START_TIMEOUT,
            lines -> StartupWait.tellingLine(lines, "[FTL]", "[ERR]", "Error"),
            line -> line.contains("address already in use"), message -> new NatsLabException(stripPrefix(message)));
        String url = "nats://" + LOOPBACK + ":" + port;
        LOG.info("nats-server pid {} ready on {} in {} ms", process.pid(), url, startTime.toMillis());
        ChildServer server = launch.own(p -> crashReport(url, p));
        return new NatsLab(url, server, executable, store, launch.port().note(), startTime, openConnection(url));
    }

    /** Uses an existing NATS server: {@code nats://host:port}. */
    public static NatsLab connect(String address) {
        String url = parseUrl(address);
        return new NatsLab(url, null, null, Optional.empty(), Optional.empty(), Duration.ZERO, openConnection(url));
    }

    static String parseUrl(String address) {
        String example = " Expected nats://host:port, e.g. nats://127.0.0.1:4222";
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (URISyntaxException e) {
            throw new NatsLabException("Bad NATS URL '" + address + "': " + e.getReason() + "." + example);
        }
        if (!"nats".equalsIgnoreCase(uri.getScheme())) {
            throw new NatsLabException("Bad NATS URL '" + address + "': the scheme must be nats://." + example);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new NatsLabException("Bad NATS URL '" + address + "': no host." + example);
        }
        return "nats://" + uri.getHost() + ":" + (uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort());
    }

    private static Connection openConnection(String url) {
        Options options = new Options.Builder()
            .server(url)
            .connectionName("brokerbook")
            .connectionTimeout(REQUEST_TIMEOUT)
            .noReconnect()
            .errorListener(new ErrorListener() { }) // its default prints to stderr; failures reach the caller anyway
            .build();
        try {
            return Nats.connect(options);
        } catch (IOException e) {
            throw new NatsLabException("Cannot connect to " + url + ": " + LabException.oneLine(e)
                + "; is a NATS server running there?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NatsLabException("Interrupted while connecting to " + url + ".");
        }
    }

    /** "[123] 2026/11/30 02:06:16.449 [FTL] text" → "text" inside a start-up error line. */
    private static String stripPrefix(String message) {
        int level = message.indexOf("] [");
        int end = level < 0 ? -1 : message.indexOf("] ", level + 2);
        if (end < 0) {
            return message;
        }
        int start = message.lastIndexOf(": [", level);
        return start < 0 ? message : message.substring(0, start + 2) + message.substring(end + 2);
    }

    // ---- state -------------------------------------------------------------------------------

    private static String crashReport(String url, SupervisedProcess process) {
        List<String> lines = process.recentLines();
        String last = lines.isEmpty() ? "" : stripLogPrefix(lines.get(lines.size() - 1));
        return ChildServer.unexpectedExit("NATS server on " + url.substring("nats://".length()), process,
            exitDescription(process), last.contains(READY) ? "" : last);
    }

    /** nats-server exits with status 1 after SIGTERM: say so rather than "exit code 1". */
    private static String exitDescription(SupervisedProcess process) {
        String d = process.exitDescription();
        boolean terminated = process.recentLines().stream().anyMatch(l -> l.contains("Server Exiting"));
        return d.equals("exit code 1") && terminated ? "terminated: SIGTERM, exit code 1" : d;
    }

    private String detectCrash() {
        return server == null ? null : server.crash().orElse(null);
    }

    @Override
    public Optional<ChildServer> childServer() {
        return Optional.ofNullable(server);
    }

    /** "[123] 2026/11/30 02:06:16.449519 [INF] text" → "text". */
    static String stripLogPrefix(String line) {
        int level = line.indexOf("] [");
        int end = level < 0 ? -1 : line.indexOf("] ", level + 2);
        return end < 0 ? line.strip() : line.substring(end + 2).strip();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean isRunning() {
        // a server of its own is judged by its process (a lost connection then means it is going down)
        return !stopped && detectCrash() == null
            && (server != null || connection.getStatus() == Connection.Status.CONNECTED);
    }

    @Override
    public ComponentStatus status() {
        if (stopped) {
            return ComponentStatus.stopped(KIND);
        }
        String report = detectCrash();
        if (report == null && connection.getStatus() != Connection.Status.CONNECTED && server == null) {
            report = "The connection to " + url + " was lost (" + connection.getStatus() + ").";
        }
        ComponentState state = report != null ? ComponentState.CRASHED
            : server != null ? ComponentState.RUNNING : ComponentState.CONNECTED;
        Optional<String> detail = report != null ? Optional.of(report)
            : server == null ? Optional.of("existing server")
            : storeDir.isEmpty() ? Optional.of("core NATS only (no JetStream)")
            : server.dataDir().isPresent() ? Optional.of("JetStream, store kept across stop/start")
            : Optional.of("JetStream, temp store removed by stop");
        return new ComponentStatus(KIND, state, Optional.of(url), storeDir, implementation(), detail);
    }

    /** {@code nats-server 2.9.10 (/usr/sbin/nats-server)}, or {@code NATS 2.9.10 (existing server)}. */
    public String implementation() {
        String version = connection.getServerInfo() == null ? "?" : connection.getServerInfo().getVersion();
        return executable == null ? "NATS " + version + " (existing server)" : "nats-server " + version + " (" + executable + ")";
    }

    public String version() {
        return connection.getServerInfo() == null ? "?" : connection.getServerInfo().getVersion();
    }

    public boolean jetstream() {
        return connection.getServerInfo() != null && connection.getServerInfo().isJetStreamAvailable();
    }

    public String url() {
        return url;
    }

    public String address() {
        return url.substring("nats://".length());
    }

    public Optional<String> portNote() {
        return portNote;
    }

    /** From launching nats-server to its "Server is ready" line. */
    public Duration startTime() {
        return startTime;
    }

    public Optional<Path> storeDir() {
        return storeDir;
    }

    public Optional<Path> dataDir() {
        return server == null ? Optional.empty() : server.dataDir();
    }

    /** The lab's jnats connection (for Java cells). */
    public Connection connection() {
        checkAlive();
        return connection;
    }

    public void checkAlive() {
        String crash = detectCrash();
        if (crash != null) {
            throw new NatsLabException(crash);
        }
        if (stopped) {
            throw new NatsLabException("This NATS lab (" + url + ") was stopped; start or connect again.");
        }
    }

    // ---- core NATS ---------------------------------------------------------------------------

    /** Publishes one message (flushed to the server before returning); returns its size in bytes. */
    public int publish(String subject, String data) {
        NatsSubject.requirePublishable(subject);
        checkAlive();
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        try {
            connection.publish(subject, bytes);
            connection.flush(REQUEST_TIMEOUT);
            return bytes.length;
        } catch (Exception e) {
            throw failure("publish to " + subject, e);
        }
    }

    /**
     * Subscribes to {@code filter} (in queue group {@code queue} if given) and passes each message to {@code each}
     * until {@code maxMessages} arrived, or {@code timeout} passed without the next one (null: wait for ever, until
     * the thread is interrupted). {@code ready} runs once the server has registered the subscription.
     */
    public List<NatsMessage> subscribe(String filter, String queue, Integer maxMessages, Duration timeout,
                                       Runnable ready, Consumer<NatsMessage> each) {
        NatsSubject.requireFilter(filter);
        checkAlive();
        List<NatsMessage> received = new ArrayList<>();
        Subscription sub = queue == null ? connection.subscribe(filter) : connection.subscribe(filter, queue);
        try {
            connection.flush(REQUEST_TIMEOUT);
            ready.run();
            while (maxMessages == null || received.size() < maxMessages) {
                Message m = sub.nextMessage(timeout == null ? Duration.ZERO : timeout);
                if (m == null) {
                    break;
                }
                NatsMessage message = new NatsMessage(received.size() + 1, m.getSubject(),
                    new String(m.getData(), StandardCharsets.UTF_8), OptionalLong.empty(), OptionalLong.empty(),
                    Optional.ofNullable(m.getReplyTo()));
                received.add(message);
                each.accept(message);
            }
            return received;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return received;
        } catch (Exception e) {
            throw failure("subscribe to " + filter, e);
        } finally {
            if (sub.isActive() && connection.getStatus() == Connection.Status.CONNECTED) {
                sub.unsubscribe();
            }
        }
    }

    // ---- JetStream ---------------------------------------------------------------------------

    /**
     * {@code nats stream add}: a stream of {@code subjects}.
     *
     * @param storage     {@code file} or {@code memory}
     * @param retention   {@code limits}, {@code interest} or {@code workq}
     * @param maxMessages -1 for no limit
     */
    public NatsStream addStream(String name, List<String> subjects, String storage, String retention, long maxMessages) {
        requireName(name, "stream");
        if (subjects.isEmpty()) {
            throw new NatsLabException("A stream needs subjects: add --subjects, e.g. --subjects 'orders.>'.");
        }
        subjects.forEach(NatsSubject::requireFilter);
        StreamConfiguration config = StreamConfiguration.builder()
            .name(name)
            .subjects(subjects)
            .storageType(storageType(storage))
            .retentionPolicy(retentionPolicy(retention))
            .maxMessages(maxMessages)
            .build();
        return jetStream("add stream " + name, jsm -> stream(jsm.addStream(config)));
    }

    public Rows<NatsStream> streams() {
        return jetStream("list streams", jsm -> Rows.of("streams", jsm.getStreams().stream()
            .map(NatsLab::stream).sorted(Comparator.comparing(NatsStream::name)).toList()));
    }

    public NatsStream stream(String name) {
        requireName(name, "stream");
        return jetStream("read stream " + name, jsm -> stream(jsm.getStreamInfo(name)));
    }

    /**
     * {@code nats consumer add}: a durable pull consumer.
     *
     * @param ack        {@code explicit}, {@code all} or {@code none}
     * @param deliver    {@code all}, {@code new} or {@code last}
     * @param ackWait    how long a delivered message waits for its ack before redelivery; null: the server's 30 s
     * @param maxDeliver delivery attempts; -1: unlimited
     */
    public NatsConsumer addConsumer(String stream, String name, String ack, String deliver, String filter,
                                    Duration ackWait, long maxDeliver) {
        requireName(stream, "stream");
        requireName(name, "consumer");
        if (filter != null) {
            NatsSubject.requireFilter(filter);
        }
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
            .durable(name)
            .ackPolicy(ackPolicy(ack))
            .deliverPolicy(deliverPolicy(deliver))
            .maxDeliver(maxDeliver);
        if (filter != null) {
            b.filterSubject(filter);
        }
        if (ackWait != null) {
            b.ackWait(ackWait);
        }
        ConsumerConfiguration config = b.build();
        return jetStream("add consumer " + name, jsm -> consumer(jsm.addOrUpdateConsumer(stream, config)));
    }

    public NatsConsumer consumer(String stream, String name) {
        requireName(stream, "stream");
        requireName(name, "consumer");
        return jetStream("read consumer " + name, jsm -> consumer(jsm.getConsumerInfo(stream, name)));
    }

    public Rows<NatsConsumer> consumers(String stream) {
        requireName(stream, "stream");
        return jetStream("list consumers of " + stream, jsm -> Rows.of("consumers of " + stream,
            jsm.getConsumers(stream).stream().map(NatsLab::consumer).sorted(Comparator.comparing(NatsConsumer::name)).toList()));
    }

    /**
     * {@code nats consumer next}: fetches up to {@code count} messages from a pull consumer, each waiting at most
     * {@code wait}, and acknowledges each (unless {@code ack} is false: then it is redelivered after AckWait).
     */
    public List<NatsMessage> next(String stream, String consumer, int count, boolean ack, Duration wait) {
        requireName(stream, "stream");
        requireName(consumer, "consumer");
        if (wait.toMillis() < 1000) {
            throw new NatsLabException("The wait for each message must be at least 1s (jnats's minimum for a pull),"
                + " e.g. --wait 1s.");
        }
        consumer(stream, consumer); // a missing stream or consumer is its own one line
        List<NatsMessage> received = new ArrayList<>();
        try {
            ConsumerContext context = connection.getConsumerContext(stream, consumer);
            while (received.size() < count) {
                Message m = context.next(wait);
                if (m == null) {
                    break;
                }
                NatsJetStreamMetaData meta = m.metaData();
                received.add(new NatsMessage(received.size() + 1, m.getSubject(), new String(m.getData(), StandardCharsets.UTF_8),
                    OptionalLong.of(meta.streamSequence()), OptionalLong.of(meta.deliveredCount()), Optional.empty()));
                if (ack) {
                    m.ackSync(REQUEST_TIMEOUT);
                }
            }
            return received;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return received;
        } catch (Exception e) {
            throw failure("read from consumer " + consumer, e);
        }
    }

    private interface JetStreamCall<T> {
        T call(JetStreamManagement jsm) throws IOException, JetStreamApiException;
    }

    private <T> T jetStream(String what, JetStreamCall<T> call) {
        checkAlive();
        if (!jetstream()) {
            throw new NatsLabException("JetStream is not enabled on " + url + (server != null
                ? ": run %nats stop, then %nats start --jetstream." : "; start that server with --jetstream."));
        }
        try {
            return call.call(connection.jetStreamManagement());
        } catch (JetStreamApiException e) {
            throw new NatsLabException("Cannot " + what + ": " + e.getErrorDescription()
                + " (JetStream error " + e.getApiErrorCode() + ").", e);
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    private NatsLabException failure(String what, Exception e) {
        if (server != null && connection.getStatus() != Connection.Status.CONNECTED) {
            server.process().waitForExit(Duration.ofSeconds(2)); // the connection broke first: let the exit be seen
        }
        String crash = detectCrash();
        if (crash != null) {
            return new NatsLabException(crash, e);
        }
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            return new NatsLabException("Cannot " + what + ": the connection to " + url + " is "
                + connection.getStatus().toString().toLowerCase() + ".", e);
        }
        return new NatsLabException("Cannot " + what + ": " + LabException.oneLine(e), e);
    }

    private static NatsStream stream(StreamInfo info) {
        StreamConfiguration c = info.getConfiguration();
        var s = info.getStreamState();
        return new NatsStream(c.getName(), c.getSubjects(), c.getStorageType().toString().toLowerCase(),
            c.getRetentionPolicy().toString().toLowerCase(), c.getMaxMsgs(), s.getMsgCount(), s.getByteCount(),
            s.getFirstSequence(), s.getLastSequence(), s.getConsumerCount());
    }

    private static NatsConsumer consumer(ConsumerInfo info) {
        ConsumerConfiguration c = info.getConsumerConfiguration();
        return new NatsConsumer(info.getStreamName(), info.getName(), c.getAckPolicy().toString().toLowerCase(),
            NatsDuration.format(c.getAckWait()), c.getDeliverPolicy().toString().toLowerCase(),
            c.getFilterSubject() == null ? "-" : c.getFilterSubject(), c.getMaxDeliver(),
            info.getDelivered().getStreamSequence(), info.getAckFloor().getStreamSequence(),
            info.getNumPending(), info.getNumAckPending(), info.getRedelivered());
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new NatsLabException("Give a " + what + " name.");
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '.' || ch == '*' || ch == '>' || ch == '/' || ch == '\\' || Character.isWhitespace(ch)) {
                throw new NatsLabException("Bad " + what + " name '" + name + "': names cannot contain . * > / \\ or spaces"
                    + " (e.g. ORDERS).");
            }
        }
    }

    private static StorageType storageType(String s) {
        return switch (s == null ? "file" : s) {
            case "file" -> StorageType.File;
            case "memory" -> StorageType.Memory;
            default -> throw new NatsLabException("Bad --storage '" + s + "': use file or memory.");
        };
    }

    private static RetentionPolicy retentionPolicy(String s) {
        return switch (s == null ? "limits" : s) {
            case "limits" -> RetentionPolicy.Limits;
            case "interest" -> RetentionPolicy.Interest;
            case "work", "workq", "workqueue" -> RetentionPolicy.WorkQueue;
            default -> throw new NatsLabException("Bad --retention '" + s + "': use limits, interest or work.");
        };
    }

    private static AckPolicy ackPolicy(String s) {
        return switch (s == null ? "explicit" : s) {
            case "explicit" -> AckPolicy.Explicit;
            case "all" -> AckPolicy.All;
            case "none" -> AckPolicy.None;
            default -> throw new NatsLabException("Bad --ack '" + s + "': use explicit, all or none.");
        };
    }

    private static DeliverPolicy deliverPolicy(String s) {
        return switch (s == null ? "all" : s) {
            case "all" -> DeliverPolicy.All;
            case "new" -> DeliverPolicy.New;
            case "last" -> DeliverPolicy.Last;
            default -> throw new NatsLabException("Bad --deliver '" + s + "': use all, new or last.");
        };
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
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public String toString() {
        return "NatsLab[" + url + (server != null ? ", pid " + server.pid() : ", existing") + "]";
    }
}
