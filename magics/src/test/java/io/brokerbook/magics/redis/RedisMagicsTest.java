package io.brokerbook.magics.redis;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.redis.RedisCache;
import io.brokerbook.cluster.testing.RequiredTool;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.RecordTable;
import io.brokerbook.magics.lab.LabMagic;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The %redis, %%redis and %redis-keys magics and the {@code redis} binding, on a real Redis server. */
class RedisMagicsTest {
    @TempDir
    Path work;
    private TestKernelHost host;

    @BeforeEach
    void load() {
        host = new TestKernelHost(work);
        new RedisMagics("").register(host, host); // "": the jar's binary, whatever is on PATH
    }

    @AfterEach
    void shutdown() throws Exception {
        host.shutdown();
    }

    // ---- driving the magics as the kernel will ----------------------------------------------

    /** Runs {@code %name args…} and returns the recorded context. */
    private RecordingContext line(String magicLine) throws Exception {
        RecordingContext ctx = new RecordingContext();
        line(magicLine, ctx);
        return ctx;
    }

    private void line(String magicLine, RecordingContext ctx) throws Exception {
        List<String> words = ArgTokenizer.split(magicLine.substring(1));
        Magic magic = host.find(words.get(0)).orElseThrow();
        magic.line().run(words.subList(1, words.size()), ctx);
    }

    /** Runs {@code %%redis} with {@code body}. */
    private RecordingContext cell(String body) throws Exception {
        RecordingContext ctx = new RecordingContext();
        host.find("redis").orElseThrow().cell().run(List.of(), body, ctx);
        return ctx;
    }

    private String out(String magicLine) throws Exception {
        return line(magicLine).text();
    }

    /** The magic fails with one line: a usage error (MagicException) or a lab error (LabException). */
    private RuntimeException fails(String magicLine) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> line(magicLine), magicLine);
        assertOneLineFailure(e);
        return e;
    }

    private static void assertOneLineFailure(Throwable e) {
        assertTrue(e instanceof MagicException || e instanceof LabException, "not a one-line failure: " + e);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n"),
            "not one line: " + e.getMessage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private int start() throws Exception {
        int port = freePort();
        String out = out("%redis start --port " + port);
        assertTrue(out.contains("started on 127.0.0.1:" + port), out);
        return port;
    }

    private RedisApi redis() {
        return (RedisApi) host.bound.get("redis");
    }

    /** What the kernel shows for a value of a type the pack registered a renderer for. */
    @SuppressWarnings("unchecked")
    private <T> DisplayData render(T value) {
        Function<T, DisplayData> renderer = (Function<T, DisplayData>) host.renderers.get(value.getClass());
        assertNotNull(renderer, "no renderer for " + value.getClass());
        return renderer.apply(value);
    }

    /** The redis row of {@code %lab status}. */
    private String labRow() throws Exception {
        String table = line("%lab status").displays.get(0).plainText();
        return table.lines().filter(l -> l.startsWith("redis ")).findFirst().orElseThrow(() -> new AssertionError(table));
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** CLIENT LIST through the pool (the command connection may be the one blocked). */
    private String clientList() {
        Object reply = redis().jedis().sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "LIST");
        return new String((byte[]) reply, java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- tests -------------------------------------------------------------------------------

    @Test
    void packIsListedForServiceLoaderAndRegistersItsMagicsAndBinding() {
        assertTrue(ServiceLoader.load(MagicExtension.class).stream().anyMatch(p -> p.type() == RedisMagics.class));
        assertTrue(host.find("redis").orElseThrow().line() != null);
        assertTrue(host.find("redis").orElseThrow().cell() != null);
        assertTrue(host.find("redis-keys").isPresent());
        assertEquals(RedisApi.class, host.boundTypes.get("redis"));
        assertTrue(host.find("redis").orElseThrow().usage().contains("--data-dir"));
        assertTrue(redis().toString().contains("none yet"));
    }

    @Test
    void startCommandsStatusStop() throws Exception {
        int port = start();
        String started = out("%redis status");
        assertEquals("", started, "status is a table display, not text");
        RecordingContext status = line("%redis status");
        String table = status.displays.get(0).plainText();
        assertTrue(table.contains("redis_version") && table.contains("6.2"), table);
        assertTrue(table.contains("tcp_port") && table.contains(Integer.toString(port)), table);
        assertTrue(table.contains("used_memory_human") && table.contains("keys"), table);

        assertEquals("OK\n", out("%redis SET greeting hola"));
        assertEquals("\"hola\"\n", out("%redis get greeting"));
        assertEquals("(integer) 1\n", out("%redis EXPIRE greeting 100"));
        assertTrue(out("%redis TTL greeting").matches("\\(integer\\) (9\\d|100)\n"));
        assertEquals("(nil)\n", out("%redis GET nobody"));
        assertEquals("(integer) 3\n", out("%redis RPUSH trucks 123 234 345"));
        assertEquals("1) \"123\"\n2) \"234\"\n3) \"345\"\n", out("%redis LRANGE trucks 0 -1"));
        assertEquals("(empty array)\n", out("%redis LRANGE nothing 0 -1"));
        assertEquals("OK\n", out("%redis SET 'with space' \"a b\""));
        assertEquals("\"a b\"\n", out("%redis GET 'with space'"));

        String stopped = out("%redis stop");
        assertTrue(stopped.contains("stopped") && stopped.contains("nothing was saved"), stopped);
        assertTrue(fails("%redis GET greeting").getMessage().contains("No Redis server"));
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of("redis-server.log"), left.map(p -> p.getFileName().toString()).toList(),
                "only the server log stays in the kernel's work dir");
        }
    }

    @Test
    void startFromRedisServerOnPath() throws Exception {
        TestKernelHost pathHost = new TestKernelHost(work.resolve("path-kernel"));
        new RedisMagics().register(pathHost, pathHost);
        RequiredTool.require(Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "redis-server"))),
            "redis-server is not installed on PATH (apt-get install -y redis-server); CI installs it");
        try {
            RecordingContext ctx = new RecordingContext();
            List<String> args = List.of("start", "--port", Integer.toString(freePort()));
            pathHost.find("redis").orElseThrow().line().run(args, ctx);
            assertTrue(ctx.text().contains("from PATH"), ctx.text());
        } finally {
            pathHost.shutdown();
        }
    }

    @Test
    void cellRunsOneCommandPerLineAndPrintsEveryReply() throws Exception {
        int port = start();
        RecordingContext ctx = cell("""
            # a comment line is skipped
            SET visits 10
            INCR visits

            GET visits
            LPUSH l a
            GET l
            MGET visits nobody
            """);
        String p = "127.0.0.1:" + port + "> ";
        assertEquals(p + "SET visits 10\nOK\n"
            + p + "INCR visits\n(integer) 11\n"
            + p + "GET visits\n\"11\"\n"
            + p + "LPUSH l a\n(integer) 1\n"
            + p + "GET l\n(error) WRONGTYPE Operation against a key holding the wrong kind of value\n"
            + p + "MGET visits nobody\n1) \"11\"\n2) (nil)\n", ctx.text());

        MagicException quote = assertThrows(MagicException.class, () -> cell("SET a 1\nSET b \"unclosed"));
        assertTrue(quote.getMessage().startsWith("Line 2:") && !quote.getMessage().contains("\n"), quote.getMessage());
        assertEquals("\"11\"\n", out("%redis GET visits"));
        assertEquals("(nil)\n", out("%redis GET a"), "a bad cell runs nothing");
    }

    @Test
    void redisKeysShowsKeyTypeTtlValue() throws Exception {
        start();
        cell("""
            SET truck:123 "40.4,-3.7"
            SET truck:234 x EX 300
            HSET fleet trucks 4
            RPUSH log a b
            """);
        RecordingContext ctx = line("%redis-keys 'truck:*'");
        DisplayData d = ctx.displays.get(0);
        String[] rows = d.plainText().split("\n");
        assertEquals(List.of("KEY", "TYPE", "TTL", "VALUE"), List.of(rows[0].trim().split("\\s+")));
        assertEquals(3, rows.length);
        assertTrue(rows[1].matches("truck:123\\s+string\\s+-1\\s+\"40.4,-3.7\""), rows[1]);
        assertTrue(rows[2].matches("truck:234\\s+string\\s+(2\\d\\d|300)\\s+\"x\""), rows[2]);
        assertTrue(d.data().get(DisplayData.HTML).toString().contains("<th>VALUE</th>"));

        String all = line("%redis-keys --count 1").displays.get(0).plainText();
        assertTrue(all.contains("fleet") && all.contains("hash") && all.contains("{\"trucks\": \"4\"} (1 item)"), all);
        assertTrue(all.contains("log") && all.contains("[\"a\", \"b\"] (2 items)"), all);

        RecordingContext limited = line("%redis-keys --limit 2");
        assertEquals(3, limited.displays.get(0).plainText().split("\n").length);
        assertTrue(limited.text().contains("Showing the first 2 keys"), limited.text());
        assertEquals("No keys match 'nothing:*'.\n", out("%redis-keys nothing:*"));
    }

    @Test
    void javaCellsGetAJedisClientAndTheCacheHelper() throws Exception {
        start();
        RedisApi redis = redis();
        redis.jedis().set("from-java", "sí");
        assertEquals("\"s\\xc3\\xad\"\n", out("%redis GET from-java"), "redis-cli escapes non-ASCII bytes");
        assertEquals("sí", redis.jedis().get("from-java"));
        assertEquals("(integer) 1", redis.cli("EXISTS from-java"));
        assertTrue(redis.toString().contains("redis://127.0.0.1:"));

        RedisCache cache = redis.cache("model");
        assertSame(cache, redis.cache("model"));
        int[] computed = {0};
        for (int i = 0; i < 3; i++) {
            assertEquals("respuesta", cache.getOrCompute("pregunta", Duration.ofSeconds(60), () -> {
                computed[0]++;
                return "respuesta";
            }));
        }
        assertEquals(1, computed[0]);
        assertEquals(2, cache.hits());
        assertEquals(1, cache.misses());
        assertTrue(out("%redis-keys model:*").isEmpty(), "shown as a table");
        assertEquals("\"respuesta\"\n", out("%redis GET model:pregunta"));

        String[] calls = RecordTable.of(cache.calls()).plainText().split("\n");
        assertEquals(List.of("Call", "Key", "Result", "Latency ms", "TTL left ms"), List.of(calls[0].strip().split("\\s{2,}")));
        assertEquals(4, calls.length);
        assertTrue(calls[1].matches("1\\s+pregunta\\s+MISS\\s+\\d+\\.\\d+\\s+(59\\d\\d\\d|60000)"), calls[1]);
        assertTrue(calls[3].matches("3\\s+pregunta\\s+HIT\\s+\\d+\\.\\d+\\s+(59\\d\\d\\d|60000)"), calls[3]);
        String[] summary = render(cache.summary()).plainText().split("\n");
        assertEquals(List.of("Calls", "Hits", "Misses", "Hit ratio", "Mean hit ms", "Mean miss ms"),
            List.of(summary[0].strip().split("\\s{2,}")));
        assertTrue(summary[1].matches("3\\s+2\\s+1\\s+0\\.667\\s+\\d+\\.\\d+\\s+\\d+\\.\\d+"), summary[1]);
        cache.reset();
        assertTrue(render(cache.summary()).plainText().split("\n")[1].matches("0\\s+0\\s+0\\s+-\\s+-\\s+-"),
            "no calls yet: no ratio, no means");
        assertTrue(render(redis.status()).plainText().contains("redis_version"), "the pack renders its INFO record");
    }

    @Test
    void badInputIsOneLineAndChangesNothing() throws Exception {
        assertTrue(fails("%redis GET k").getMessage().contains("%redis start"));
        assertTrue(fails("%redis status").getMessage().contains("No Redis server"));
        assertTrue(fails("%redis stop").getMessage().contains("No Redis server"));
        assertTrue(fails("%redis-keys").getMessage().contains("No Redis server"));

        int port = start();
        out("%redis SET k v");
        out("%redis LPUSH l a");
        assertTrue(fails("%redis NOSUCHCMD a").getMessage().startsWith("(error) ERR unknown command"));
        RecordingContext errorCtx = new RecordingContext();
        assertThrows(MagicException.class, () -> line("%redis GET", errorCtx));
        assertEquals("", errorCtx.text(), "an error reply is shown once, as the cell's error, not also printed");
        assertEquals("(error) ERR wrong number of arguments for 'get' command", fails("%redis GET").getMessage());
        assertEquals("(error) WRONGTYPE Operation against a key holding the wrong kind of value",
            fails("%redis GET l").getMessage());
        assertTrue(fails("%redis start").getMessage().contains("already running"));
        assertTrue(fails("%redis start --prot 1").getMessage().contains("unknown option"));
        assertTrue(fails("%redis start --port abc").getMessage().contains("whole number"));
        assertTrue(fails("%redis").getMessage().contains("start, status, stop"));
        assertTrue(fails("%redis status now").getMessage().contains("unexpected 'now'"));
        assertTrue(fails("%redis connect").getMessage().contains("missing URL"));
        assertTrue(fails("%redis connect a b").getMessage().contains("unexpected 'b'"));
        assertTrue(fails("%redis connect redis://127.0.0.1:" + port).getMessage().contains("%redis stop"));
        assertTrue(fails("%redis-keys a b").getMessage().contains("at most one PATTERN"));
        assertTrue(fails("%redis-keys --count 0").getMessage().contains("at least 1"));

        assertEquals("\"v\"\n", out("%redis GET k"), "the server and its data are untouched");
        out("%redis stop");

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(fails("%redis start --port " + taken.getLocalPort()).getMessage().contains("already in use"));
        }
        for (String url : List.of("http://127.0.0.1:6379", "redis://no-such-host.invalid:6379", "redis://127.0.0.1:" + freePort(),
            "redis://127.0.0.1:6379/x")) {
            fails("%redis connect " + url);
        }
        assertTrue(fails("%redis GET k").getMessage().contains("No Redis server"), "nothing is connected after bad URLs");
    }

    @Test
    void connectUsesAnExistingServerAndStopOnlyDisconnects() throws Exception {
        int port = start();
        out("%redis SET shared yes");
        TestKernelHost other = new TestKernelHost(work.resolve("other-kernel"));
        new RedisMagics("").register(other, other);
        try {
            RecordingContext ctx = new RecordingContext();
            other.find("redis").orElseThrow().line().run(List.of("connect", "redis://localhost:" + port + "/0"), ctx);
            assertTrue(ctx.text().startsWith("Connected to redis://localhost:" + port), ctx.text());
            RecordingContext get = new RecordingContext();
            other.find("redis").orElseThrow().line().run(List.of("GET", "shared"), get);
            assertEquals("\"yes\"\n", get.text());
            RecordingContext stop = new RecordingContext();
            other.find("redis").orElseThrow().line().run(List.of("stop"), stop);
            assertTrue(stop.text().contains("keeps running"), stop.text());
        } finally {
            other.shutdown();
        }
        assertEquals("\"yes\"\n", out("%redis GET shared"), "the lab server is still up");
    }

    @Test
    void crashIsReportedOnceOnTheNextCommandAndStartWorksAgain() throws Exception {
        int port = start();
        long pid = redis().lab().pid().orElseThrow();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
        RuntimeException crash = fails("%redis GET k");
        assertTrue(crash.getMessage().contains("stopped unexpectedly") && crash.getMessage().contains("%redis start"),
            crash.getMessage());
        assertTrue(fails("%redis GET k").getMessage().contains("No Redis server"), "reported once, then cleaned up");
        String restarted = out("%redis start --port " + port);
        assertTrue(restarted.contains("started on 127.0.0.1:" + port), restarted);
        assertEquals("PONG\n", out("%redis PING"));
    }

    @Test
    void crashDuringACommandIsReportedByThatCommand() throws Exception {
        start();
        RecordingContext blocked = new RecordingContext();
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                line("%redis BLPOP queue 0", blocked);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        waitUntil("BLPOP to block", () -> clientList().contains("cmd=blpop"));
        ProcessHandle.of(redis().lab().pid().orElseThrow()).orElseThrow().destroyForcibly();
        Throwable t = assertThrows(java.util.concurrent.ExecutionException.class, () -> running.get(60, TimeUnit.SECONDS)).getCause();
        assertOneLineFailure(t);
        assertTrue(t.getMessage().contains("stopped unexpectedly") && t.getMessage().contains("%redis start"), String.valueOf(t));
        assertTrue(fails("%redis GET k").getMessage().contains("No Redis server"), "reported once, then cleaned up");
        out("%redis start");
        assertEquals("PONG\n", out("%redis PING"));
    }

    @Test
    void interruptAbandonsABlockingCommandAndSubscribeStreamsUntilInterrupted() throws Exception {
        start();
        RecordingContext blocked = new RecordingContext();
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                line("%redis BLPOP queue 0", blocked);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        waitUntil("BLPOP to block", () -> blocked.hasInterruptHandler()
            && clientList().contains("cmd=blpop"));
        blocked.interrupt();
        Throwable t = assertThrows(java.util.concurrent.ExecutionException.class, () -> running.get(30, TimeUnit.SECONDS)).getCause();
        assertOneLineFailure(t);
        assertEquals("Interrupted; the command was abandoned (the connection is reopened on the next command).",
            t.getMessage());
        assertEquals("PONG\n", out("%redis PING"), "next command works on a fresh connection");

        RecordingContext sub = new RecordingContext();
        CompletableFuture<Void> subscribed = CompletableFuture.runAsync(() -> {
            try {
                line("%redis SUBSCRIBE news", sub);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        waitUntil("a subscriber", () -> redis().jedis().publish("news", "hola") == 1);
        waitUntil("the message to print", () -> sub.text().contains("3) \"hola\""));
        sub.interrupt();
        subscribed.get(30, TimeUnit.SECONDS);
        waitUntil("the subscriber's connection to close", () -> !clientList().contains("cmd=subscribe"));
        assertEquals("1) \"news\"\n2) (integer) 0", redis().cli("PUBSUB NUMSUB news"), "no subscriber left behind");
        assertTrue(sub.text().startsWith("Reading messages... (interrupt the cell to stop)\n"
            + "1) \"subscribe\"\n2) \"news\"\n3) (integer) 1\n"), sub.text());
        assertTrue(sub.text().contains("1) \"message\"\n2) \"news\"\n3) \"hola\"\n"), sub.text());
        assertEquals("PONG\n", out("%redis PING"));

        RecordingContext monitor = new RecordingContext();
        CompletableFuture<Void> monitoring = CompletableFuture.runAsync(() -> {
            try {
                line("%redis MONITOR", monitor);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        waitUntil("MONITOR to start", () -> monitor.text().startsWith("OK\n"));
        redis().jedis().set("watched", "1");
        waitUntil("the SET to show", () -> monitor.text().contains("\"SET\" \"watched\" \"1\""));
        monitor.interrupt();
        monitoring.get(30, TimeUnit.SECONDS);
        waitUntil("the monitor's connection to close", () -> !clientList().contains("cmd=monitor"));
        assertFalse(monitor.text().startsWith("OK\nOK"), monitor.text());
        assertEquals("\"1\"\n", out("%redis GET watched"));
    }

    @Test
    void labStatusShowsTheRedisRowAndRedisStatusShowsACrashWithTheLastLogLines() throws Exception {
        new LabMagic().register(host, host);
        assertTrue(labRow().matches("redis\\s+stopped\\s+-\\s+-\\s+-\\s+-"), labRow());
        int port = start();
        Path data = redis().lab().runDir().orElseThrow().resolve("data");
        assertTrue(labRow().matches("redis\\s+running\\s+redis://127\\.0\\.0\\.1:" + port + "\\s+" + Pattern.quote(data.toString())
            + "\\s+redis-server 6\\.2\\.\\d+ from the embedded-redis jar \\(redis-server-\\S+\\)\\s+temp data, removed by stop"), labRow());

        ProcessHandle.of(redis().lab().pid().orElseThrow()).orElseThrow().destroyForcibly();
        waitUntil("%lab status to show the crash", () -> {
            try {
                return labRow().contains("crashed");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(labRow().matches("redis\\s+crashed\\s+redis://127\\.0\\.0\\.1:" + port
            + ".*Redis server on 127\\.0\\.0\\.1:" + port + " \\(pid \\d+\\) stopped unexpectedly \\(killed by signal 9\\)\\."), labRow());
        String status = out("%redis status");
        assertTrue(status.startsWith("Redis server on 127.0.0.1:" + port + " (pid ") && status.contains("killed by signal 9")
            && status.contains("Run %redis start to start it again.\nLast lines of its log (" + work.resolve("redis-server.log") + "):\n"),
            status);
        assertTrue(status.strip().endsWith("Ready to accept connections"), "the server's own last log line: " + status);
        assertTrue(labRow().contains("crashed"), "status inspects; it does not clean up");

        String restarted = out("%redis start --port " + port);
        assertTrue(restarted.startsWith("Redis server on 127.0.0.1:" + port) && restarted.contains("stopped unexpectedly")
            && restarted.contains("started on 127.0.0.1:" + port), "the replaced crash is noted once: " + restarted);
        assertTrue(labRow().contains("running"), labRow());
        out("%redis stop");
        assertTrue(labRow().matches("redis\\s+stopped\\s+-\\s+-\\s+-\\s+-"), labRow());
    }

    @Test
    void kernelShutdownStopsTheServer() throws Exception {
        start();
        long pid = redis().lab().pid().orElseThrow();
        Path runDir = redis().lab().runDir().orElseThrow();
        host.shutdown();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "redis-server still running");
        assertFalse(Files.exists(runDir), "temp dir left behind");
        assertFalse(redis().isRunning());
    }

    @Test
    void dataDirKeepsDataAcrossStopAndStart() throws Exception {
        Path data = work.resolve("data dir");
        int port = freePort();
        String started = out("%redis start --port " + port + " --data-dir '" + data + "'");
        assertTrue(started.contains("Data dir: " + data), started);
        out("%redis SET persisted yes");
        assertTrue(out("%redis stop").contains("data kept in " + data));
        out("%redis start --port " + port + " --data-dir '" + data + "' --password pw");
        assertEquals("\"yes\"\n", out("%redis GET persisted"));
    }
}
