package io.brokerbook.cluster.redis;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.process.ChildServer;
import io.brokerbook.cluster.process.ChildServerLab;
import io.brokerbook.cluster.process.ChildServerStart;
import io.brokerbook.cluster.process.SupervisedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The lab component of kind {@code redis}: either a real {@code redis-server} child process this lab started on
 * 127.0.0.1 ({@link #start}), or an existing server on this machine ({@link #connect}).
 * Gives a pooled jedis client ({@link #jedis()}), raw commands with typed replies
 * ({@link #execute}), the server's INFO ({@link #info()}), a SCAN-based key listing and cache helpers.
 * <p>
 * If the server dies on its own, {@link #status()} says CRASHED and the next call throws a one-line
 * {@link RedisLabException} saying so; {@link #stop()} (also run by {@link #close()} and a JVM shutdown hook)
 * kills the child and removes the extracted binary and temp files.
 */
public final class RedisLab implements ChildServerLab {
    public static final String KIND = "redis";
    private static final Logger LOG = LoggerFactory.getLogger(RedisLab.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String LOOPBACK = "127.0.0.1";
    /** Redis's defaults, used only with a data dir. */
    private static final String SAVE_POINTS = "3600 1 300 100 60 10000";
    private static final ChildServerStart STARTER = new ChildServerStart(KIND, RedisEndpoint.DEFAULT_PORT, "Redis",
        "Redis directories", STOP_GRACE, RedisLabException::new);

    private final RedisEndpoint endpoint;
    private final ChildServer server;
    private final RedisBinary binary;
    private final Path dataDir;
    private final Optional<String> portNote;
    /** The server's redis_version, read once it serves. */
    private volatile String version = "?";

    private final RedisCommandChannel commands;
    private RedisClient client;
    private volatile boolean stopped;

    private RedisLab(RedisEndpoint endpoint, ChildServer server, RedisBinary binary, Optional<String> portNote) {
        this.endpoint = endpoint;
        this.server = server;
        this.binary = binary;
        this.dataDir = server == null ? null : server.dataDir().orElse(null);
        this.portNote = portNote;
        this.commands = new RedisCommandChannel(endpoint, this::translate);
        if (server != null) {
            server.watch("redis-lab-" + endpoint.port() + "-shutdown", this::stop);
        }
    }

    /**
     * Starts a real {@code redis-server} bound to 127.0.0.1 and waits until it accepts connections. It runs as a
     * {@link io.brokerbook.cluster.process.SupervisedProcess}: it dies with this JVM however the JVM ends.
     * A data dir that is not writable or that another server works in is refused before anything starts; without
     * a port, 6379 is used if free, else the next free port (see {@link #portNote()}).
     */
    public static RedisLab start(RedisServerOptions options) {
        return STARTER.start(options.port(), options.dataDir(), options.workDir(), "redis-server",
            launch -> startOn(launch, options));
    }

    private static RedisLab startOn(ChildServerStart.Launch launch, RedisServerOptions options) throws IOException {
        int port = launch.port().port();
        RedisBinary binary = RedisBinary.locate(options.effectiveSearchPath(), launch.runDir().resolve("bin"));
        Path dataDir = launch.dataDir();
        Path dir = dataDir != null ? dataDir : launch.runDir().resolve("data");
        Files.createDirectories(dir);
        Path logFile = launch.logFile(options.logFile(), "redis-server.log");
        List<String> command = new ArrayList<>();
        command.add(binary.executable().toString());
        command.addAll(serverArgs(port, options.password(), dir, dataDir != null));
        SupervisedProcess process = launch.launch(command, logFile, line -> line.contains(RedisServerLog.READY));
        launch.awaitReady("redis-server", START_TIMEOUT, lines -> RedisServerLog.startupFailureReason(lines, logFile),
            RedisServerLog::portWasTaken, RedisLabException::new);
        LOG.info("redis-server {} pid {} ready on {}:{}", binary.executable(), process.pid(), LOOPBACK, port);
        ChildServer server = launch.own(p -> crashReport(port, p));
        RedisLab lab = new RedisLab(RedisEndpoint.local(port, options.password()), server, binary, launch.port().note());
        lab.version = lab.readVersion();
        return lab;
    }

    /** Uses an existing Redis on this machine: {@code redis://[user:password@]host:port[/db]}. */
    public static RedisLab connect(URI uri) {
        return connect(uri.toString());
    }

    public static RedisLab connect(String url) {
        RedisLab lab = new RedisLab(RedisEndpoint.parse(url), null, null, Optional.empty());
        lab.version = lab.readVersion();
        return lab;
    }

    /** Asks the server for its version (INFO server); this is also the connection check of {@link #connect}. */
    private String readVersion() {
        try {
            RedisReply reply = commands.execute(List.of("INFO", "server"));
            if (reply instanceof RedisReply.ErrorReply error) {
                throw new RedisLabException(error.message());
            }
            String text = reply instanceof RedisReply.BulkReply bulk ? bulk.text()
                : reply instanceof RedisReply.VerbatimReply verbatim ? verbatim.text() : "";
            return parseInfo(text).getOrDefault("redis_version", "?");
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    static List<String> serverArgs(int port, String password, Path dir, boolean persistent) {
        List<String> args = new ArrayList<>(List.of(
            "--port", Integer.toString(port),
            "--bind", LOOPBACK,
            "--protected-mode", "yes",
            "--daemonize", "no",
            "--dir", dir.toString(),
            "--dbfilename", "dump.rdb"));
        if (persistent) {
            args.addAll(List.of("--save", SAVE_POINTS, "--appendonly", "yes", "--appendfsync", "everysec"));
        } else {
            args.addAll(List.of("--save", "", "--appendonly", "no"));
        }
        if (password != null) {
            args.addAll(List.of("--requirepass", password));
        }
        return args;
    }

    private static String crashReport(int port, SupervisedProcess process) {
        String last = RedisServerLog.lastLogLine(process.recentLines());
        return ChildServer.unexpectedExit("Redis server on " + LOOPBACK + ":" + port, process, process.exitDescription(),
            last.contains("Ready to accept") ? "" : last);
    }

    /** The crash report if the server this lab started has exited without {@link #stop()}. */
    private String detectCrash() {
        return server == null ? null : server.crash().orElse(null);
    }

    @Override
    public Optional<ChildServer> childServer() {
        return Optional.ofNullable(server);
    }

    // ---- state -------------------------------------------------------------------------------

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean isRunning() {
        return !stopped && detectCrash() == null;
    }

    /**
     * This component's row of {@code %lab status}: running (a server it started), connected (an existing server),
     * crashed (with the crash report as detail) or stopped. Asks the server nothing.
     */
    @Override
    public ComponentStatus status() {
        if (stopped) {
            return ComponentStatus.stopped(KIND);
        }
        String report = detectCrash();
        ComponentState state = report != null ? ComponentState.CRASHED
            : server != null ? ComponentState.RUNNING : ComponentState.CONNECTED;
        Optional<Path> dir = server == null ? Optional.empty()
            : Optional.of(dataDir != null ? dataDir : server.runDir().resolve("data"));
        Optional<String> detail = report != null ? Optional.of(report)
            : server == null ? Optional.of("existing server")
            : dataDir == null ? Optional.of("temp data, removed by stop") : Optional.of("AOF + RDB, kept across stop/start");
        return new ComponentStatus(KIND, state, Optional.of(url()), dir, implementation(), detail);
    }

    /**
     * Which server this is: {@code redis-server 7.0.15 (/usr/bin/redis-server)},
     * {@code redis-server 6.2.6 from the embedded-redis jar (…)}, or {@code Redis 7.0.15 (existing server)}.
     */
    public String implementation() {
        if (binary == null) {
            return "Redis " + version + " (existing server)";
        }
        return "redis-server " + version + (binary.extracted() ? " from the " + binary.origin() : " (" + binary.executable() + ")");
    }

    /** The server's version ({@code redis_version}). */
    public String version() {
        return version;
    }

    /** Throws the one-line crash report (or "stopped") if this lab can no longer be used. */
    public void checkAlive() {
        String crash = detectCrash();
        if (crash != null) {
            throw new RedisLabException(crash);
        }
        if (stopped) {
            throw new RedisLabException("This Redis lab (" + endpoint + ") was stopped; start or connect again.");
        }
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    public String host() {
        return endpoint.host();
    }

    public int port() {
        return endpoint.port();
    }

    /** The URL for other clients, password hidden. */
    public String url() {
        return endpoint.toString();
    }

    public Optional<RedisBinary> binary() {
        return Optional.ofNullable(binary);
    }

    /** Why the server is not on the default port 6379, if it is not: "Port 6379 is in use by another process; using 6380." */
    public Optional<String> portNote() {
        return portNote;
    }

    /** The lab-owned temp dir (extracted binary, scratch data); removed by {@link #stop()}. */
    public Optional<Path> runDir() {
        return server == null ? Optional.empty() : Optional.of(server.runDir());
    }

    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    // ---- clients -----------------------------------------------------------------------------

    /** A pooled, thread-safe jedis client for this server (created on first use, closed by stop). */
    public RedisClient jedis() {
        checkAlive();
        synchronized (this) {
            if (client == null) {
                ConnectionPoolConfig pool = new ConnectionPoolConfig();
                pool.setMaxTotal(64);
                pool.setMaxIdle(64);
                client = RedisClient.builder()
                    .hostAndPort(endpoint.hostAndPort())
                    .clientConfig(endpoint.clientConfig())
                    .poolConfig(pool)
                    .build();
            }
            return client;
        }
    }

    /**
     * Runs one command (name first, then its arguments) on the lab's command connection and
     * returns the reply with its type; Redis errors come back as {@link RedisReply.ErrorReply}.
     * Blocking commands wait without timeout until {@link #abortCommand()}.
     */
    public RedisReply execute(List<String> words) {
        checkAlive();
        return commands.execute(words);
    }

    public RedisReply execute(String... words) {
        return execute(List.of(words));
    }

    /**
     * For SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and MONITOR: sends the command and hands every reply
     * (confirmations, then messages) to {@code sink} until {@link #abortCommand()} is called
     * or a reply is an error.
     */
    public void stream(List<String> words, Consumer<RedisReply> sink) {
        checkAlive();
        commands.stream(words, sink);
    }

    /** Breaks off a command waiting in {@link #execute} or {@link #stream} (from another thread). */
    public void abortCommand() {
        commands.abort();
    }

    /** A jedis failure as one line: the crash report if the server died, Redis's own text if it sent one. */
    private RuntimeException translate(RuntimeException e) {
        if (e instanceof RedisLabException) {
            return e;
        }
        if (server != null && e instanceof JedisConnectionException) {
            server.process().waitForExit(Duration.ofSeconds(5));
            String report = detectCrash();
            if (report != null) {
                return new RedisLabException(report, e);
            }
        }
        if (e instanceof JedisAccessControlException || e instanceof JedisDataException) {
            return new RedisLabException(e.getMessage(), e);
        }
        if (e instanceof JedisConnectionException) {
            return new RedisLabException("Cannot reach Redis at " + endpoint.host() + ":" + endpoint.port() + ": "
                + rootMessage(e), e);
        }
        return new RedisLabException(rootMessage(e), e);
    }

    /** The most specific message in the cause chain, preferring the socket's own ("Connection refused"). */
    static String rootMessage(Throwable e) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>(List.of(e));
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Throwable deepest = e;
        while (!todo.isEmpty()) {
            Throwable t = todo.removeFirst();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof java.net.SocketException || t instanceof java.net.UnknownHostException) {
                deepest = t;
                break;
            }
            deepest = t;
            if (t.getCause() != null) {
                todo.addLast(t.getCause());
            }
            todo.addAll(List.of(t.getSuppressed()));
        }
        String m = deepest.getMessage();
        return m == null ? deepest.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    // ---- inspection --------------------------------------------------------------------------

    /** Version, address, keys, memory, … read from the server's INFO (what {@code %redis status} shows). */
    public RedisStatus info() {
        RedisClient c = jedis();
        try {
            Map<String, String> info = parseInfo(c.info("server") + "\n" + c.info("memory"));
            long keys = c.dbSize();
            String startedFrom = binary == null ? "existing server"
                : binary.executable() + " (" + binary.origin() + ")";
            String persistence = server == null ? "unknown (existing server)"
                : dataDir == null ? "none (nothing saved)" : dataDir + " (AOF + RDB)";
            return new RedisStatus(info.getOrDefault("redis_version", "?"), endpoint.host(),
                parseInt(info.get("tcp_port"), endpoint.port()), parseLong(info.get("process_id")), keys,
                info.getOrDefault("used_memory_human", "?"), parseLong(info.get("used_memory")),
                parseLong(info.get("uptime_in_seconds")), startedFrom, persistence,
                logFile().map(Path::toString).orElse(null));
        } catch (JedisException e) {
            throw translate(e);
        }
    }

    static Map<String, String> parseInfo(String info) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        info.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                m.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        });
        return m;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * Keys matching {@code pattern} (glob, null = all), one {@link RedisKey} (KEY, TYPE, TTL, VALUE) each,
     * gathered with SCAN ({@code count} per step) — never KEYS — up to {@code limit} rows.
     */
    public RedisKeyScan keys(String pattern, int count, int limit) {
        try {
            return RedisKeyScan.scan(jedis(), pattern, count, limit);
        } catch (JedisException e) {
            throw translate(e);
        }
    }

    /** The consumer groups of stream {@code key} (XINFO GROUPS): consumers, pending entries, last delivered id, lag. */
    public Rows<RedisStreamGroup> streamGroups(String key) {
        try {
            requireStream(key);
            return Rows.of("consumer groups of " + key, jedis().xinfoGroups(key).stream().map(g -> {
                Object lag = g.getGroupInfo().get("lag");
                return new RedisStreamGroup(key, g.getName(), g.getConsumers(), g.getPending(),
                    String.valueOf(g.getLastDeliveredId()),
                    lag instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty());
            }).toList());
        } catch (JedisException e) {
            throw translate(e);
        }
    }

    /** The consumers of every group of stream {@code key} (XINFO CONSUMERS). */
    public Rows<RedisStreamConsumer> streamConsumers(String key) {
        try {
            requireStream(key);
            List<RedisStreamConsumer> rows = new ArrayList<>();
            for (var group : jedis().xinfoGroups(key)) {
                for (var c : jedis().xinfoConsumers2(key, group.getName())) {
                    rows.add(new RedisStreamConsumer(group.getName(), c.getName(), c.getPending(), c.getIdle()));
                }
            }
            return Rows.of("consumers of " + key, rows);
        } catch (JedisException e) {
            throw translate(e);
        }
    }

    private void requireStream(String key) {
        String type = jedis().type(key);
        if (!"stream".equals(type)) {
            throw new RedisLabException("'" + key + "' is " + ("none".equals(type) ? "not a key" : "a " + type + ", not a stream")
                + "; create a stream with XADD " + key + " * field value.");
        }
    }

    /** A cache-aside helper storing under {@code namespace:key} on this server. */
    public RedisCache cache(String namespace) {
        return new RedisCache(jedis(), namespace);
    }

    // ---- stopping ----------------------------------------------------------------------------

    /**
     * Closes the clients; for a lab-started server also stops the process (SIGTERM, so a data
     * dir gets its final save; SIGKILL after a grace period) and deletes the lab's temp dir.
     * Safe to call twice and after a crash.
     */
    @Override
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (server != null) {
                server.markStopping();
            }
            commands.close();
            if (client != null) {
                try {
                    client.close();
                } catch (RuntimeException e) {
                    LOG.debug("Closing the jedis pool", e);
                }
                client = null;
            }
            if (server != null) {
                server.stop();
            }
            stopped = true;
        }
    }

    @Override
    public String toString() {
        return "RedisLab[" + endpoint + (server == null ? ", existing server" : ", pid " + server.pid())
            + (server != null && server.crash().isPresent() ? ", crashed" : stopped ? ", stopped" : "") + "]";
    }
}
