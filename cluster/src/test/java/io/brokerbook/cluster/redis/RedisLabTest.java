package io.brokerbook.cluster.redis;

import io.brokerbook.cluster.testing.RequiredTool;
import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.LocalPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.brokerbook.cluster.redis.RedisTestSupport.freePort;
import static io.brokerbook.cluster.redis.RedisTestSupport.listenAddresses;
import static io.brokerbook.cluster.redis.RedisTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RedisLab against real redis-server processes: the jar's binary and Debian's. */
class RedisLabTest {
    @TempDir
    Path work;

    private RedisServerOptions embedded() {
        return RedisServerOptions.defaults().withSearchPath("").withWorkDir(work).withPort(freePort());
    }

    @Test
    void startsTheJarsBinaryWhenNoRedisServerIsOnThePath() {
        try (RedisLab lab = RedisLab.start(embedded())) {
            RedisBinary binary = lab.binary().orElseThrow();
            assertTrue(binary.extracted(), binary.toString());
            assertTrue(binary.origin().contains("embedded-redis"), binary.origin());
            assertTrue(binary.executable().startsWith(work), binary.executable().toString());
            RedisStatus status = lab.info();
            assertTrue(status.redisVersion().startsWith("6.2"), status.redisVersion());
            assertEquals(lab.port(), status.tcpPort());
            assertEquals(lab.pid().orElseThrow(), status.processId());
            assertEquals("PONG", RedisCliFormat.format(lab.execute("PING")));
            ComponentStatus component = lab.status();
            assertEquals("redis", component.kind());
            assertEquals(ComponentState.RUNNING, component.state());
            assertEquals(Optional.of("redis://127.0.0.1:" + lab.port()), component.address());
            assertEquals(Optional.of(lab.runDir().orElseThrow().resolve("data")), component.dataDir());
            assertEquals("redis-server " + status.redisVersion() + " from the " + binary.origin(), component.implementation());
        }
    }

    @Test
    void startsRedisServerFoundOnThePath() {
        RequiredTool.require(RedisTestSupport.redisServerOnPath(),
            "redis-server is not installed on PATH (apt-get install -y redis-server); CI installs it");
        try (RedisLab lab = RedisLab.start(RedisServerOptions.defaults().withWorkDir(work).withPort(freePort()))) {
            RedisBinary binary = lab.binary().orElseThrow();
            assertEquals("PATH", binary.origin());
            assertFalse(binary.extracted());
            assertEquals(RedisTestSupport.onPath("redis-server"), binary.executable());
            assertEquals("redis-server " + lab.info().redisVersion() + " (" + binary.executable() + ")",
                lab.status().implementation());
            assertEquals("OK", RedisCliFormat.format(lab.execute("SET", "from", "path")));
            assertEquals("\"path\"", RedisCliFormat.format(lab.execute("GET", "from")));
        }
    }

    @Test
    void defaultPortIs6379WhenFreeElseTheNextFreePortWithANote() throws Exception {
        boolean defaultFree = LocalPort.isFree(6379);
        try (RedisLab lab = RedisLab.start(RedisServerOptions.defaults().withSearchPath("").withWorkDir(work))) {
            if (defaultFree) {
                assertEquals(6379, lab.port());
                assertEquals(Optional.empty(), lab.portNote());
            } else {
                assertTrue(lab.port() > 6379, "the next free port after 6379, got " + lab.port());
                assertEquals(Optional.of("Port 6379 is in use by another process; using " + lab.port() + "."), lab.portNote());
            }
            // now 6379 (or the chosen port) is taken: a second default start picks another port and says so
            try (RedisLab second = RedisLab.start(RedisServerOptions.defaults().withSearchPath("").withWorkDir(work))) {
                assertTrue(second.port() != lab.port() && second.port() > 6379, "port " + second.port());
                assertEquals(Optional.of("Port 6379 is in use by another process; using " + second.port() + "."),
                    second.portNote());
                assertEquals("PONG", RedisCliFormat.format(second.execute("PING")));
            }
        }
    }

    @Test
    void setGetExpireTtlRoundTrip() {
        try (RedisLab lab = RedisLab.start(embedded())) {
            RedisClient jedis = lab.jedis();
            assertEquals("OK", jedis.set("answer", "42"));
            assertEquals("42", jedis.get("answer"));
            assertEquals(-1, jedis.ttl("answer"));
            assertEquals(1, jedis.expire("answer", 100));
            long ttl = jedis.ttl("answer");
            assertTrue(ttl > 90 && ttl <= 100, "ttl " + ttl);
            // the same through the raw command path the magics use
            assertEquals("(integer) 1", RedisCliFormat.format(lab.execute("EXPIRE", "answer", "50")));
            String ttlText = RedisCliFormat.format(lab.execute("TTL", "answer"));
            assertTrue(ttlText.matches("\\(integer\\) (4\\d|50)"), ttlText);
            assertEquals("\"42\"", RedisCliFormat.format(lab.execute("GET", "answer")));
        }
    }

    @Test
    void keyWithEx1IsGoneAfterOneAndAHalfSeconds() throws Exception {
        try (RedisLab lab = RedisLab.start(embedded())) {
            assertEquals("OK", RedisCliFormat.format(lab.execute("SET", "short", "lived", "EX", "1")));
            assertEquals("\"lived\"", RedisCliFormat.format(lab.execute("GET", "short")));
            Thread.sleep(1500); // the acceptance point itself: 1.5 s after EX 1
            assertEquals("(nil)", RedisCliFormat.format(lab.execute("GET", "short")));
            assertNull(lab.jedis().get("short"));
        }
    }

    @Test
    void dataDirKeepsDataAcrossStopAndStart() throws Exception {
        Path data = work.resolve("redis-data");
        RedisServerOptions options = embedded().withDataDir(data);
        try (RedisLab lab = RedisLab.start(options)) {
            lab.jedis().set("survives", "yes");
            lab.jedis().hset("truck:123", "lat", "40.4");
        }
        assertTrue(Files.exists(data.resolve("dump.rdb")) || Files.exists(data.resolve("appendonly.aof")),
            "persistence files in " + RedisTestSupport.listing(data));
        try (RedisLab lab = RedisLab.start(options.withPort(freePort()))) {
            assertEquals("yes", lab.jedis().get("survives"));
            assertEquals("40.4", lab.jedis().hget("truck:123", "lat"));
        }
        // without a data dir nothing survives
        RedisServerOptions scratch = embedded();
        try (RedisLab lab = RedisLab.start(scratch)) {
            lab.jedis().set("survives", "no");
        }
        try (RedisLab lab = RedisLab.start(scratch.withPort(freePort()))) {
            assertNull(lab.jedis().get("survives"));
        }
    }

    @Test
    void leavesNoFileInTheWorkingDirectoryAndRemovesItsTempFiles() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        Set<String> before = RedisTestSupport.listing(cwd);
        Path runDir;
        try (RedisLab lab = RedisLab.start(embedded())) {
            runDir = lab.runDir().orElseThrow();
            lab.jedis().set("k", "v");
            lab.execute("SAVE"); // even an explicit SAVE writes into the lab's dir, not the cwd
            assertTrue(Files.exists(runDir.resolve("data").resolve("dump.rdb")));
            assertEquals(before, RedisTestSupport.listing(cwd));
        }
        assertFalse(Files.exists(runDir), "temp dir removed");
        assertEquals(Set.of(), RedisTestSupport.listing(work), "work dir left empty");
        assertEquals(before, RedisTestSupport.listing(cwd));
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        try (RedisLab lab = RedisLab.start(embedded())) {
            List<String> addresses = listenAddresses(lab.port());
            assertFalse(addresses.isEmpty(), "no listener found for port " + lab.port());
            for (String a : addresses) {
                assertTrue(RedisTestSupport.isLoopbackHex(a), "non-loopback listener " + a + " on port " + lab.port());
            }
        }
    }

    @Test
    void stopKillsTheProcess() throws Exception {
        RedisLab lab = RedisLab.start(embedded());
        long pid = lab.pid().orElseThrow();
        lab.stop();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(ComponentStatus.stopped("redis"), lab.status());
        RedisLabException e = assertThrows(RedisLabException.class, () -> lab.execute("PING"));
        assertOneLine(e.getMessage());
        lab.stop(); // twice is fine
    }

    @Test
    void explicitPortInUseIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            LabException e = assertThrows(LabException.class,
                () -> RedisLab.start(embedded().withPort(taken.getLocalPort())));
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        }
        assertEquals(Set.of(), RedisTestSupport.listing(work), "nothing left behind after a failed start");
    }

    @Test
    void aDataDirThatIsNotWritableIsRefusedBeforeAnythingStarts() throws Exception {
        Path file = Files.writeString(work.resolve("a-file"), "x");
        List<Path> bad = new java.util.ArrayList<>(List.of(Path.of("/proc"), file.resolve("data")));
        Path readOnly = work.resolve("read-only");
        Files.createDirectories(readOnly);
        if (!"root".equals(System.getProperty("user.name"))) { // root may write anywhere
            Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
            bad.add(readOnly);
        }
        for (Path dir : bad) {
            LabException e = assertThrows(LabException.class, () -> RedisLab.start(embedded().withDataDir(dir)), dir.toString());
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().startsWith("The data dir " + dir + " is not writable (")
                    || e.getMessage().startsWith("Cannot create the data dir " + dir.toAbsolutePath() + ": "), e.getMessage());
            assertTrue(e.getMessage().endsWith("; choose another --data-dir."), e.getMessage());
        }
        assertEquals(Set.of("a-file", "read-only"), RedisTestSupport.listing(work), "nothing started, nothing left");
    }

    @Test
    void aDataDirAnotherServerWorksInIsRefusedBeforeAnythingStarts() throws Exception {
        Path data = work.resolve("shared-data");
        try (RedisLab first = RedisLab.start(embedded().withDataDir(data))) {
            Set<String> before = RedisTestSupport.listing(work);
            LabException e = assertThrows(LabException.class, () -> RedisLab.start(embedded().withDataDir(data)));
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().startsWith("The data dir " + data + " is in use by another lab server (kind=redis pid="
                + ProcessHandle.current().pid() + " since="), e.getMessage());
            assertEquals(before, RedisTestSupport.listing(work), "no second server was started");
            assertEquals("PONG", RedisCliFormat.format(first.execute("PING")), "the first one is untouched");
        }
        // a redis-server started outside the lab in that dir
        RedisBinary binary = RedisBinary.extractEmbedded(work.resolve("foreign-bin"));
        int port = freePort();
        Process foreign = new ProcessBuilder(binary.executable().toString(), "--port", Integer.toString(port),
            "--bind", "127.0.0.1", "--dir", data.toString(), "--save", "", "--appendonly", "no")
            .redirectErrorStream(true).redirectOutput(work.resolve("foreign.log").toFile()).start();
        try {
            waitUntil("the foreign server to listen", Duration.ofSeconds(30), () -> !LocalPort.isFree(port));
            LabException e = assertThrows(LabException.class, () -> RedisLab.start(embedded().withDataDir(data)));
            assertOneLine(e.getMessage());
            assertEquals("The data dir " + data + " is in use by pid " + foreign.pid()
                + " (redis-server); stop that server first, or choose another --data-dir.", e.getMessage());
        } finally {
            foreign.destroyForcibly().waitFor();
        }
        try (RedisLab again = RedisLab.start(embedded().withDataDir(data))) {
            assertEquals("PONG", RedisCliFormat.format(again.execute("PING")), "free again once that server is gone");
        }
    }

    @Test
    void crashIsReportedOnTheNextCommandAndStartWorksAgain() throws Exception {
        RedisServerOptions options = embedded();
        RedisLab lab = RedisLab.start(options);
        lab.execute("SET", "k", "v");
        ProcessHandle process = ProcessHandle.of(lab.pid().orElseThrow()).orElseThrow();
        process.destroyForcibly();
        process.onExit().get();
        RedisLabException e = assertThrows(RedisLabException.class, () -> lab.execute("GET", "k"));
        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().contains("stopped unexpectedly") && e.getMessage().contains("signal 9"), e.getMessage());
        assertTrue(lab.crashReport().isPresent());
        assertEquals(ComponentState.CRASHED, lab.status().state());
        assertEquals(lab.crashReport(), lab.status().detail());
        lab.stop();
        try (RedisLab again = RedisLab.start(options)) {
            assertEquals("PONG", RedisCliFormat.format(again.execute("PING")));
        }
    }

    @Test
    void crashDuringAnOpenConnectionIsReportedToo() throws Exception {
        try (RedisLab lab = RedisLab.start(embedded())) {
            lab.execute("PING"); // opens the command connection
            lab.jedis().set("a", "b"); // opens a pooled connection
            ProcessHandle.of(lab.pid().orElseThrow()).orElseThrow().destroyForcibly();
            waitUntil("the server to die", Duration.ofSeconds(30), () -> lab.crashReport().isPresent());
            RedisLabException e = assertThrows(RedisLabException.class, () -> lab.jedis());
            assertTrue(e.getMessage().contains("stopped unexpectedly"), e.getMessage());
        }
    }

    @Test
    void passwordIsRequiredAndConnectUsesIt() {
        try (RedisLab lab = RedisLab.start(embedded().withPassword("s3cret"))) {
            assertEquals("OK", RedisCliFormat.format(lab.execute("SET", "k", "v")));
            try (RedisLab other = RedisLab.connect("redis://:s3cret@127.0.0.1:" + lab.port() + "/2")) {
                assertFalse(other.ownsServer());
                assertEquals(ComponentState.CONNECTED, other.status().state());
                assertEquals(Optional.of("redis://:***@127.0.0.1:" + lab.port() + "/2"), other.status().address());
                assertEquals(Optional.empty(), other.status().dataDir());
                assertEquals("Redis " + lab.version() + " (existing server)", other.status().implementation());
                assertEquals("(nil)", RedisCliFormat.format(other.execute("GET", "k")), "database 2 is another db");
                assertEquals("OK", RedisCliFormat.format(other.execute("SELECT", "0")));
                assertEquals("\"v\"", RedisCliFormat.format(other.execute("GET", "k")));
            }
            RedisLabException wrong = assertThrows(RedisLabException.class,
                () -> RedisLab.connect("redis://:nope@127.0.0.1:" + lab.port()));
            assertOneLine(wrong.getMessage());
            assertTrue(wrong.getMessage().startsWith("WRONGPASS"), wrong.getMessage());
            RedisLabException none = assertThrows(RedisLabException.class,
                () -> RedisLab.connect("redis://127.0.0.1:" + lab.port()).execute("GET", "k"));
            assertTrue(none.getMessage().startsWith("NOAUTH"), none.getMessage());
        }
    }

    @Test
    void badUrlsAreOneLineEach() {
        int closed = freePort();
        for (String url : List.of("http://127.0.0.1:6379", "redis://", "redis://127.0.0.1:6379/zero",
            "redis://127.0.0.1:" + closed, "redis ://x", "redis://no-such-host.invalid:1")) {
            RedisLabException e = assertThrows(RedisLabException.class, () -> RedisLab.connect(url), url);
            assertOneLine(e.getMessage());
        }
        RedisLabException refused = assertThrows(RedisLabException.class,
            () -> RedisLab.connect("redis://127.0.0.1:" + closed));
        assertTrue(refused.getMessage().contains("Connection refused"), refused.getMessage());
        RedisLabException unknown = assertThrows(RedisLabException.class,
            () -> RedisLab.connect("redis://no-such-host.invalid:6379"));
        assertTrue(unknown.getMessage().contains("unknown host"), unknown.getMessage());
    }

    @Test
    void redisErrorsComeBackAsErrorReplies() {
        try (RedisLab lab = RedisLab.start(embedded())) {
            lab.execute("LPUSH", "list", "a");
            assertInstanceOf(RedisReply.ErrorReply.class, lab.execute("GET", "list"));
            assertTrue(RedisCliFormat.format(lab.execute("GET", "list")).startsWith("(error) WRONGTYPE"));
            assertTrue(RedisCliFormat.format(lab.execute("NOSUCHCMD", "x")).startsWith("(error) ERR unknown command"));
            assertTrue(RedisCliFormat.format(lab.execute("GET")).startsWith("(error) ERR wrong number of arguments"));
            assertEquals("PONG", RedisCliFormat.format(lab.execute("PING")), "the connection stays usable");
        }
    }

    static void assertOneLine(String message) {
        assertTrue(message != null && !message.isBlank() && !message.contains("\n"), "not one line: " + message);
    }
}
