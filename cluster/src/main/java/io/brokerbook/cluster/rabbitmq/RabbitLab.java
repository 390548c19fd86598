package io.brokerbook.cluster.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.LocalPort;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.process.ChildServer;
import io.brokerbook.cluster.process.ChildServerLab;
import io.brokerbook.cluster.process.ChildServerStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The lab component of kind {@code rabbitmq}: a real RabbitMQ node this lab started as its child on 127.0.0.1
 * ({@link #start}) or an existing server ({@link #connect}). Gives AMQP channels on one shared connection
 * ({@link #withChannel}): a channel error (404 NOT_FOUND, 406 PRECONDITION_FAILED, …) closes only the channel it
 * happened on, and a connection the broker closed is opened again on next use. Inspection goes through the
 * management plugin's HTTP API ({@link #queues()} …), with rabbitmqctl's column names. Where no rabbitmq-server is
 * installed (or {@link RabbitServerKind#QPID} is asked for), {@link #start} runs the fallback instead, Qpid Broker-J
 * in a supervised child JVM ({@link QpidBroker}), whose tables come from its own broker model ({@link QpidInspection}).
 */
public final class RabbitLab implements ChildServerLab {
    public static final String KIND = "rabbitmq";
    public static final int DEFAULT_PORT = 5672;
    public static final int DEFAULT_MANAGEMENT_PORT = 15672;
    private static final Logger LOG = LoggerFactory.getLogger(RabbitLab.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int CRASH_LOG_LINES = 3;
    private static final Duration FRESH_WAIT = Duration.ofSeconds(5);

    private static final ChildServerStart RABBITMQ_SERVER = new ChildServerStart(KIND, DEFAULT_PORT, "RabbitMQ",
        "RabbitMQ's directories", STOP_GRACE, RabbitLabException::new);
    private static final ChildServerStart QPID_BROKER = new ChildServerStart(KIND, DEFAULT_PORT, "Qpid Broker-J",
        "Qpid Broker-J's directories", STOP_GRACE, RabbitLabException::new);

    private final URI amqpUri;
    private final String vhost;
    private final String user;
    private final String password;
    private final RabbitManagement management;
    /** The server this lab started (rabbitmq-server's start script or Qpid's child JVM); null for an existing one. */
    private final ChildServer child;
    /** The real node's private epmd and Erlang VM; null otherwise. */
    private final RabbitServerProcess server;
    private final RabbitInstall install;
    private final QpidBroker qpid;
    private final Optional<String> portNote;
    private final boolean managementAnnounced;
    private final Duration startTime;
    private volatile String version = "?";
    private Connection connection;
    /** When this lab last changed queue contents; the API's counters lag by up to two statistics intervals. */
    private volatile long lastChangeNanos;
    private volatile boolean stopped;

    private RabbitLab(URI amqpUri, String vhost, String user, String password, RabbitManagement management,
                      ChildServer child, RabbitServerProcess server, RabbitInstall install, QpidBroker qpid,
                      Optional<String> portNote, boolean managementAnnounced, Duration startTime) {
        this.amqpUri = amqpUri;
        this.vhost = vhost;
        this.user = user;
        this.password = password;
        this.management = management;
        this.child = child;
        this.server = server;
        this.install = install;
        this.qpid = qpid;
        this.portNote = portNote;
        this.managementAnnounced = managementAnnounced;
        this.startTime = startTime;
        if (child != null) {
            lastChangeNanos = System.nanoTime(); // a node that just started has not reported its queues' counters yet
            child.watch("rabbitmq-lab-shutdown", this::stop);
        }
    }

    /**
     * Starts rabbitmq-server (found on the options' search path) as a supervised child bound to 127.0.0.1 and
     * waits until it serves: AMQP on 5672 if free (else the next free port, see {@link #portNote()}), the
     * management API, the Erlang distribution and a private epmd on free loopback ports.
     */
    public static RabbitLab start(RabbitServerOptions options) {
        Optional<RabbitInstall> found = RabbitInstall.find(options.effectiveSearchPath());
        if (options.effectiveServer() == RabbitServerKind.QPID
            || options.effectiveServer() == RabbitServerKind.AUTO && found.isEmpty()) {
            return startQpid(options);
        }
        RabbitInstall install = found.orElseThrow(() -> new RabbitLabException(RabbitInstall.missing()));
        return RABBITMQ_SERVER.start(options.port(), options.dataDir(), options.workDir(), "rabbitmq-server",
            launch -> startRabbit(install, launch, options));
    }

    private static RabbitLab startRabbit(RabbitInstall install, ChildServerStart.Launch launch, RabbitServerOptions options)
        throws IOException {
        int amqpPort = launch.port().port();
        int managementPort = options.management() ? LocalPort.choose(null, DEFAULT_MANAGEMENT_PORT).port() : freePort();
        RabbitServerProcess.Ports ports = new RabbitServerProcess.Ports(amqpPort, managementPort, freePort(), freePort());
        Path mnesiaBase = launch.dataDir() != null ? launch.dataDir()
            : Files.createDirectories(launch.runDir().resolve("mnesia"));
        Path logFile = launch.logFile(options.logFile(), "rabbitmq-server.log");
        // RabbitMQ creates default_user only at a node's first boot; later boots keep the users in the data dir
        boolean bootedBefore = Files.isDirectory(mnesiaBase.resolve(RabbitServerProcess.NODE_NAME));
        long begin = System.nanoTime();
        RabbitServerProcess server = RabbitServerProcess.launch(install, launch, ports, options.effectiveUser(),
            options.effectivePassword(), mnesiaBase, logFile);
        server.awaitReady(launch, START_TIMEOUT);
        server.beamPid(); // remembered while the VM runs
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("rabbitmq-server pid {} ready on 127.0.0.1:{} in {} ms", server.pid(), amqpPort, took.toMillis());
        // the start script's exit status hides how the Erlang VM ended: its last log lines say it ("Killed.")
        ChildServer child = launch.own(p -> "RabbitMQ on 127.0.0.1:" + amqpPort + " (pid " + server.beamPid()
            + ") stopped unexpectedly" + lastLines(server.lastLines(CRASH_LOG_LINES)) + ".");
        URI uri = URI.create("amqp://127.0.0.1:" + amqpPort + "/");
        RabbitManagement api = new RabbitManagement(URI.create("http://127.0.0.1:" + managementPort + "/"), "/",
            options.effectiveUser(), options.effectivePassword());
        RabbitLab lab = new RabbitLab(uri, "/", options.effectiveUser(), options.effectivePassword(), api, child, server,
            install, null, launch.port().note(), options.management(), took);
        try {
            lab.open();
        } catch (RabbitLabException e) {
            if (bootedBefore && find(e, AuthenticationFailureException.class) != null) {
                throw new RabbitLabException("The RabbitMQ node in " + launch.dataDir() + " refused user '"
                    + options.effectiveUser() + "': a node creates its user (--user/--password, else guest) only at its "
                    + "first boot, and this one was first booted with other credentials, which its data dir keeps; "
                    + "start it with those, or use a new --data-dir.", e);
            }
            throw e;
        }
        return lab;
    }

    /**
     * Starts the fallback, Qpid Broker-J in a supervised child JVM on a Java 17-23 ({@link QpidJava}), on 127.0.0.1
     * (5672 first if free): its store in memory, or in Derby under the data dir; its work files and log in a temp dir
     * that its supervisor removes if this JVM is killed.
     */
    private static RabbitLab startQpid(RabbitServerOptions options) {
        if (options.management()) {
            throw new RabbitLabException("--management: Qpid Broker-J (the fallback) has no RabbitMQ management UI "
                + "(%rabbitmqctl list_* reads its broker model directly); install rabbitmq-server for the UI.");
        }
        QpidRuntime runtime = QpidRuntime.locate();
        QpidJava java = QpidJava.choose(QpidJava.Sources.ofThisProcess());
        return QPID_BROKER.start(options.port(), options.dataDir(), options.workDir(), "Qpid Broker-J",
            launch -> startQpidOn(runtime, java, launch, options));
    }

    private static RabbitLab startQpidOn(QpidRuntime runtime, QpidJava java, ChildServerStart.Launch launch,
                                         RabbitServerOptions options) throws IOException {
        int port = launch.port().port();
        Path store = launch.dataDir() == null ? null : launch.dataDir().resolve(QpidBroker.STORE_DIR);
        QpidBroker broker = QpidBroker.start(runtime, java, launch, options.effectiveUser(), options.effectivePassword(),
            store);
        LOG.info("Qpid Broker-J {} pid {} (Java {}) ready on 127.0.0.1:{} in {} ms", broker.version(), broker.pid(),
            java.version(), port, broker.startTime().toMillis());
        ChildServer child = launch.own(p -> "Qpid Broker-J on 127.0.0.1:" + port + " (pid " + p.pid()
            + ") stopped unexpectedly (" + p.exitDescription() + ")" + lastLines(broker.lastLines(CRASH_LOG_LINES)) + ".");
        RabbitLab lab = new RabbitLab(URI.create("amqp://127.0.0.1:" + port + "/"), "/", options.effectiveUser(),
            options.effectivePassword(), null, child, null, null, broker, launch.port().note(), false,
            broker.startTime());
        lab.open();
        return lab;
    }

    /** "; last log lines: a | b | c" for a crash report, or nothing. */
    private static String lastLines(List<String> last) {
        return last.isEmpty() ? "" : "; last log lines: " + String.join(" | ", last);
    }

    /**
     * Uses an existing server: {@code amqp://user:pass@host:port/vhost} (vhost {@code /} when the path is empty
     * or {@code /}). Its management API is expected at {@code http://host:15672/} unless {@code managementUrl} says
     * otherwise; only {@code %rabbitmqctl} needs it.
     */
    public static RabbitLab connect(String url, String managementUrl) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RabbitLabException("Not an AMQP URL: " + url + " (" + e.getReason() + "); use amqp://user:pass@host:5672/vhost.");
        }
        if (!"amqp".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new RabbitLabException("Not an AMQP URL: " + url + "; use amqp://user:pass@host:5672/vhost.");
        }
        String user = "guest";
        String password = "guest";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String vhost = path.isEmpty() || path.equals("/") ? "/" : URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        URI clean = URI.create("amqp://" + uri.getHost() + ":" + port + "/" + (vhost.equals("/") ? "" : path.substring(1)));
        URI api = URI.create(managementUrl != null ? (managementUrl.endsWith("/") ? managementUrl : managementUrl + "/")
            : "http://" + uri.getHost() + ":" + DEFAULT_MANAGEMENT_PORT + "/");
        RabbitLab lab = new RabbitLab(clean, vhost, user, password, new RabbitManagement(api, vhost, user, password),
            null, null, null, null, Optional.empty(), false, Duration.ZERO);
        lab.open();
        return lab;
    }

    /** Opens the lab's connection (which checks the credentials) and reads the server's version. */
    private void open() {
        try {
            Connection c = connection();
            Object v = c.getServerProperties().get("version");
            version = v == null ? "?" : v.toString();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new RabbitLabException("Cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    // ---- state -------------------------------------------------------------------------------

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Optional<ChildServer> childServer() {
        return Optional.ofNullable(child);
    }

    /** True when the lab's server is the fallback, Qpid Broker-J, not RabbitMQ. */
    public boolean isQpid() {
        return qpid != null;
    }

    @Override
    public boolean isRunning() {
        return !stopped && detectCrash() == null;
    }

    private String detectCrash() {
        return child == null ? null : child.crash().orElse(null);
    }

    @Override
    public ComponentStatus status() {
        if (stopped) {
            return ComponentStatus.stopped(KIND);
        }
        String report = detectCrash();
        ComponentState state = report != null ? ComponentState.CRASHED
            : ownsServer() ? ComponentState.RUNNING : ComponentState.CONNECTED;
        if (qpid != null) {
            return new ComponentStatus(KIND, state, Optional.of(url()), Optional.of(dataDir().orElse(child.runDir())),
                implementation(), Optional.of(report != null ? report
                    : "pid " + child.pid() + ", java " + qpid.java().home() + " (" + qpid.java().source() + "); "
                    + (dataDir().isEmpty() ? "memory store, nothing kept at stop"
                    : "Derby store: durable queues and persistent messages kept across stop/start")
                    + "; no TTL, dead letters or x-max-length; tables from Qpid's broker model"));
        }
        Optional<Path> dir = server == null ? Optional.empty()
            : Optional.of(dataDir().orElse(child.runDir().resolve("mnesia")));
        Optional<String> detail = report != null ? Optional.of(report)
            : server == null ? Optional.of("existing server; management API " + management.base())
            : Optional.of((dataDir().isEmpty() ? "temp data, removed by stop" : "durable queues and persistent messages kept across stop/start")
                + "; management API " + management.base());
        return new ComponentStatus(KIND, state, Optional.of(url()), dir, implementation(), detail);
    }

    /** Which server runs: {@code rabbitmq-server 3.10.8 (/usr/lib/rabbitmq/bin/rabbitmq-server)} or an existing one. */
    public String implementation() {
        if (qpid != null) {
            return "Qpid Broker-J " + qpid.version() + " (AMQP 0-9-1 fallback, " + (dataDir().isEmpty() ? "memory" : "Derby")
                + " store, child JVM on Java " + qpid.java().version() + ")";
        }
        return install == null ? "RabbitMQ " + version + " (existing server)"
            : "rabbitmq-server " + version + " (" + install.server() + ")";
    }

    public String version() {
        return version;
    }

    /** {@code amqp://127.0.0.1:5672/} (no credentials). */
    public String url() {
        return amqpUri.toString();
    }

    public String host() {
        return amqpUri.getHost();
    }

    public int port() {
        return amqpUri.getPort();
    }

    public String vhost() {
        return vhost;
    }

    public String user() {
        return user;
    }

    /** Where the management API (and UI) answers. */
    public URI managementUrl() {
        return management.base();
    }

    /** True if {@code --management} asked for the UI on its usual port, to be announced. */
    public boolean managementAnnounced() {
        return managementAnnounced;
    }

    public Optional<String> portNote() {
        return portNote;
    }

    /** The server's pid: the Erlang VM (beam.smp, a child of the start script) or Qpid's child JVM; for RSS and listener checks. */
    @Override
    public Optional<Long> pid() {
        return qpid != null ? Optional.of(child.pid())
            : server == null ? Optional.empty() : Optional.of(server.beamPid());
    }

    /** The Java that runs Qpid Broker-J's child JVM, when the lab's server is the fallback. */
    public Optional<QpidJava> qpidJava() {
        return Optional.ofNullable(qpid).map(QpidBroker::java);
    }

    public Optional<Long> epmdPid() {
        return server == null ? Optional.empty() : Optional.of(server.epmdPid());
    }

    /** How long the lab's server took from launch to "Server startup complete" (zero for an existing server). */
    public Duration startTime() {
        return startTime;
    }

    public Optional<Path> dataDir() {
        return childServer().flatMap(ChildServer::dataDir);
    }

    public Optional<Path> runDir() {
        return childServer().map(ChildServer::runDir);
    }

    /** The last {@code n} lines of the server's log, without their timestamps. */
    @Override
    public List<String> lastLogLines(int n) {
        return qpid != null ? qpid.lastLines(n) : server == null ? List.of() : server.lastLines(n);
    }

    public void checkAlive() {
        String crash = detectCrash();
        if (crash != null) {
            throw new RabbitLabException(crash);
        }
        if (stopped) {
            throw new RabbitLabException("This RabbitMQ lab (" + url() + ") was stopped; start or connect again.");
        }
    }

    // ---- AMQP --------------------------------------------------------------------------------

    /** A connection factory for this server (credentials and vhost set), for clients of one's own. */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(amqpUri.getHost());
        f.setPort(amqpUri.getPort());
        f.setVirtualHost(vhost);
        f.setUsername(user);
        f.setPassword(password);
        f.setAutomaticRecoveryEnabled(false);
        f.setConnectionTimeout(10_000);
        return f;
    }

    /** The lab's shared connection, opened again if the broker closed it. */
    public synchronized Connection connection() {
        checkAlive();
        if (connection == null || !connection.isOpen()) {
            try {
                connection = connectionFactory().newConnection("brokerbook-lab");
            } catch (IOException | TimeoutException | RuntimeException e) {
                throw translate(e);
            }
        }
        return connection;
    }

    /** What may run on a channel. */
    @FunctionalInterface
    public interface ChannelAction<T> {
        T run(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    /**
     * Runs {@code action} on a new channel of the shared connection, closed afterwards. Broker errors become one
     * line ({@code NOT_FOUND - no queue 'x' in vhost '/'}); they close that channel only.
     */
    public <T> T withChannel(ChannelAction<T> action) {
        Channel channel = openChannel();
        try {
            return action.run(channel);
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw translate(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RabbitLabException("Interrupted.", e);
        } finally {
            closeQuietly(channel);
        }
    }

    /**
     * Runs {@code action} on a channel of a connection of its own, closed afterwards: for a request the broker may
     * answer by closing the whole connection (Qpid Broker-J does so for queue arguments it does not support), so
     * that the shared connection and the channels on it live on. A refusal is one line with the broker's reason.
     */
    public <T> T withOwnConnection(String what, ChannelAction<T> action) {
        checkAlive();
        try (Connection own = connectionFactory().newConnection("brokerbook-lab-" + what)) {
            return action.run(own.createChannel());
        } catch (IOException | TimeoutException | RuntimeException e) {
            ShutdownSignalException signal = find(e, ShutdownSignalException.class);
            if (signal != null && signal.getReason() instanceof AMQP.Connection.Close close) {
                throw new RabbitLabException(serverName() + " refused " + what + ": " + close.getReplyText() + " ("
                    + close.getReplyCode() + "); the lab's connection stays open.", e);
            }
            throw translate(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RabbitLabException("Interrupted.", e);
        }
    }

    private String serverName() {
        return qpid != null ? "Qpid Broker-J (the fallback)" : "RabbitMQ";
    }

    /** A new channel on the shared connection; the caller closes it. */
    public Channel openChannel() {
        try {
            return connection().createChannel();
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
    }

    static void closeQuietly(Channel channel) {
        if (channel != null && channel.isOpen()) {
            try {
                channel.close();
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.debug("Closing a channel", e);
            }
        }
    }

    /** Notes that queue contents changed through this lab, so the next listing waits for fresh counters. */
    void changed() {
        lastChangeNanos = System.nanoTime();
    }

    /** The one line for a client failure: the broker's own reason, a crash report, or why it cannot be reached. */
    public RuntimeException translate(Throwable e) {
        if (e instanceof LabException le) {
            return le;
        }
        ShutdownSignalException signal = find(e, ShutdownSignalException.class);
        if (signal != null && signal.getReason() != null) {
            Method reason = signal.getReason();
            if (reason instanceof AMQP.Channel.Close close) {
                return new RabbitLabException(serverName() + " refused: " + close.getReplyText() + " (" + close.getReplyCode() + ")."
                    + notFoundHint(close.getReplyCode(), close.getReplyText()), e);
            }
            if (reason instanceof AMQP.Connection.Close close && close.getReplyCode() == AMQP.NOT_ALLOWED
                && close.getReplyText().startsWith("Authentication failed")) {
                // Qpid Broker-J refuses a login with 530, where RabbitMQ sends ACCESS_REFUSED
                return new RabbitLabException("Qpid Broker-J at " + host() + ":" + port() + " refused user '" + user
                    + "': wrong user or password (530 Authentication failed).", e);
            }
            if (reason instanceof AMQP.Connection.Close close) {
                return new RabbitLabException(serverName() + " closed the connection: " + close.getReplyText() + " ("
                    + close.getReplyCode() + "); the next command opens a new one."
                    + notFoundHint(close.getReplyCode(), close.getReplyText()), e);
            }
        }
        if (find(e, AuthenticationFailureException.class) != null) {
            return new RabbitLabException("RabbitMQ at " + host() + ":" + port() + " refused user '" + user
                + "': wrong user or password (ACCESS_REFUSED).", e);
        }
        if (child != null && (!child.process().isAlive() || child.process().waitForExit(Duration.ofMillis(200)))) {
            String report = detectCrash();
            if (report != null) {
                return new RabbitLabException(report, e);
            }
        }
        if (find(e, ConnectException.class) != null) {
            return new RabbitLabException("Cannot reach RabbitMQ at " + host() + ":" + port() + ": "
                + LabException.oneLine(find(e, ConnectException.class)) + "; is it running?", e);
        }
        return new RabbitLabException(LabException.oneLine(e), e);
    }

    /** For a 404: where to see what exists and how to make it; nothing for other refusals. */
    private static String notFoundHint(int replyCode, String replyText) {
        if (replyCode != AMQP.NOT_FOUND) {
            return "";
        }
        String text = replyText.toLowerCase(Locale.ROOT);
        if (text.contains("exchange")) {
            return " %rabbitmqctl list_exchanges shows the exchanges; declare it with %rabbitmq declare exchange NAME --type TYPE.";
        }
        if (text.contains("queue")) {
            return " %rabbitmqctl list_queues shows the queues; declare it with %rabbitmq declare queue NAME.";
        }
        return "";
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    // ---- inspection --------------------------------------------------------------------------

    /** The management API this lab reads its tables from. */
    public RabbitManagement management() {
        checkAlive();
        if (management == null) {
            throw new RabbitLabException("Qpid Broker-J (the fallback) has no RabbitMQ management API; %rabbitmqctl list_* "
                + "and rabbit.queues() read its broker model.");
        }
        return management;
    }

    /**
     * {@code rabbitmqctl list_queues}. On the lab's own node, waits (at most
     * {@link #FRESH_WAIT}) until the API's counters agree with each queue's exact ready count and consumers
     * (queue.declare passive), since the API refreshes them only every statistics interval.
     */
    public Rows<QueueInfo> queues() {
        if (qpid != null) {
            checkAlive();
            return new QpidInspection(qpid).queues();
        }
        RabbitManagement api = management();
        if (server == null) {
            return api.queues();
        }
        // compared always, not only after this lab's own changes: a Java cell's channel publishes without the lab knowing
        return freshRows(api::queues, this::agreesWithBroker);
    }

    /**
     * Rows of the management API, fetched again every statistics interval (for at most {@link #FRESH_WAIT}) until
     * {@code fresh} holds: the API refreshes its figures only every interval, while the broker's own answers
     * (queue.declare passive) are exact.
     */
    private static <R extends Record> Rows<R> freshRows(Supplier<Rows<R>> fetch, Predicate<Rows<R>> fresh) {
        Rows<R> rows = fetch.get();
        long deadline = System.nanoTime() + FRESH_WAIT.toNanos();
        while (!fresh.test(rows) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(RabbitManagement.STATISTICS_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            rows = fetch.get();
        }
        return rows;
    }

    private boolean agreesWithBroker(Rows<QueueInfo> rows) {
        for (QueueInfo q : rows) {
            if (q.messagesReady().isEmpty() || q.consumers().isEmpty()) {
                return false;
            }
            try {
                AMQP.Queue.DeclareOk exact = withChannel(ch -> ch.queueDeclarePassive(q.name()));
                if (exact.getMessageCount() != q.messagesReady().getAsLong() || exact.getConsumerCount() != q.consumers().getAsLong()) {
                    return false;
                }
            } catch (RabbitLabException e) {
                // deleted meanwhile, or exclusive to another connection: nothing to compare
            }
        }
        return true;
    }

    /** {@code rabbitmqctl list_exchanges}. */
    public Rows<ExchangeInfo> exchanges() {
        return qpid != null ? qpidInspection().exchanges() : management().exchanges();
    }

    /** {@code rabbitmqctl list_bindings}. */
    public Rows<BindingInfo> bindings() {
        return qpid != null ? qpidInspection().bindings() : management().bindings();
    }

    /** {@code rabbitmqctl list_connections}. */
    public Rows<ConnectionInfo> connections() {
        if (qpid != null) {
            return qpidInspection().connections();
        }
        awaitFreshStatistics();
        RabbitManagement api = management();
        if (server == null) {
            return api.connections();
        }
        // the lab's own connection is open (connection() reopens it if needed): on a node that started a moment ago
        // the API lists it a statistics interval or two later
        connection();
        return freshRows(api::connections, rows -> rows.size() > 0);
    }

    /** {@code rabbitmqctl list_consumers}. */
    public Rows<ConsumerInfo> consumers() {
        if (qpid != null) {
            return qpidInspection().consumers();
        }
        awaitFreshStatistics();
        RabbitManagement api = management();
        if (server == null) {
            return api.consumers();
        }
        // a consumer added outside this lab's magics (a Java cell's channel) reaches the API a statistics interval later
        return freshRows(api::consumers, rows -> consumersAgreeWithBroker(api, rows));
    }

    /** True if, for every queue, the API lists as many consumers as queue.declare passive counts. */
    private boolean consumersAgreeWithBroker(RabbitManagement api, Rows<ConsumerInfo> rows) {
        for (QueueInfo q : api.queues()) {
            long listed = rows.stream().filter(c -> q.name().equals(c.queueName())).count();
            try {
                AMQP.Queue.DeclareOk exact = withChannel(ch -> ch.queueDeclarePassive(q.name()));
                if (exact.getConsumerCount() != listed) {
                    return false;
                }
            } catch (RabbitLabException e) {
                // deleted meanwhile, or exclusive to another connection: nothing to compare
            }
        }
        return true;
    }

    private QpidInspection qpidInspection() {
        checkAlive();
        return new QpidInspection(qpid);
    }

    /** On the lab's own node, counters lag changes by up to two statistics intervals: wait that long once. */
    private void awaitFreshStatistics() {
        if (server == null || lastChangeNanos == 0) {
            return;
        }
        long fresh = lastChangeNanos + RabbitManagement.STATISTICS_INTERVAL.multipliedBy(3).toNanos();
        long wait = fresh - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait).toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- stopping ----------------------------------------------------------------------------

    /**
     * Closes the lab's connection; for a lab-started server also stops it (SIGTERM: RabbitMQ closes its message
     * stores; SIGKILL after a grace period), then its epmd, and removes the temp dir.
     */
    @Override
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (child != null) {
                child.markStopping();
            }
            if (connection != null) {
                try {
                    connection.abort(2000);
                } catch (RuntimeException e) {
                    LOG.debug("Closing the lab connection", e);
                }
                connection = null;
            }
            if (child != null) {
                child.stop();
            }
            if (server != null) {
                server.stopEpmd();
            }
            stopped = true;
        }
    }

    @Override
    public String toString() {
        return "RabbitLab[" + url() + (qpid != null ? ", Qpid Broker-J pid " + child.pid() : server == null ? ", existing server" : ", pid " + child.pid())
            + (detectCrash() != null ? ", crashed" : stopped ? ", stopped" : "") + "]";
    }
}
