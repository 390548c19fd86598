package io.brokerbook.cluster.redis;

import org.junit.jupiter.api.AfterAll;
import io.brokerbook.cluster.process.DirectoryTree;
import io.brokerbook.cluster.testing.RequiredTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every reply type printed as redis-cli prints it, against a real server; when Debian's
 * redis-cli is installed the same commands are also run through {@code redis-cli --no-raw}
 * and the outputs must be identical.
 */
class RedisCliFormatTest {
    private static RedisLab lab;
    private static Path work;

    @BeforeAll
    static void start() throws IOException {
        work = Files.createTempDirectory("redis-format-test");
        lab = RedisLab.start(RedisServerOptions.defaults().withSearchPath("").withWorkDir(work)
            .withPort(RedisTestSupport.freePort()));
        lab.execute("SET", "greeting", "hola");
        lab.execute("SET", "tricky", "a\"b\\c\nd\té\u0001");
        lab.execute("RPUSH", "twelve", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        lab.execute("HSET", "truck:123", "lat", "40.4", "lon", "-3.7");
    }

    @AfterAll
    static void stop() {
        lab.stop();
        DirectoryTree.delete(work);
    }

    /** Command → what redis-cli shows. */
    private static Map<List<String>, String> expectations() {
        Map<List<String>, String> m = new LinkedHashMap<>();
        m.put(List.of("SET", "fresh", "v"), "OK");
        m.put(List.of("PING"), "PONG");
        m.put(List.of("GET", "greeting"), "\"hola\"");
        m.put(List.of("GET", "missing"), "(nil)");
        m.put(List.of("EXISTS", "greeting"), "(integer) 1");
        m.put(List.of("TTL", "greeting"), "(integer) -1");
        m.put(List.of("GET", "tricky"), "\"a\\\"b\\\\c\\nd\\t\\xc3\\xa9\\x01\"");
        m.put(List.of("LRANGE", "nothing", "0", "-1"), "(empty array)");
        m.put(List.of("LRANGE", "twelve", "0", "2"), "1) \"1\"\n2) \"2\"\n3) \"3\"");
        m.put(List.of("LRANGE", "twelve", "0", "-1"), String.join("\n",
            " 1) \"1\"", " 2) \"2\"", " 3) \"3\"", " 4) \"4\"", " 5) \"5\"", " 6) \"6\"", " 7) \"7\"", " 8) \"8\"",
            " 9) \"9\"", "10) \"10\"", "11) \"11\"", "12) \"12\""));
        m.put(List.of("MGET", "greeting", "missing"), "1) \"hola\"\n2) (nil)");
        m.put(List.of("HGETALL", "truck:123"), "1) \"lat\"\n2) \"40.4\"\n3) \"lon\"\n4) \"-3.7\"");
        m.put(List.of("GET", "twelve"), "(error) WRONGTYPE Operation against a key holding the wrong kind of value");
        m.put(List.of("GET"), "(error) ERR wrong number of arguments for 'get' command");
        m.put(List.of("EVAL", "return {redis.status_reply('OK'), 7, {}, {'x', {'y', 'z'}}, false, redis.error_reply('ERR boom')}", "0"),
            String.join("\n",
                "1) OK",
                "2) (integer) 7",
                "3) (empty array)",
                "4) 1) \"x\"",
                "   2) 1) \"y\"",
                "      2) \"z\"",
                "5) (nil)",
                "6) (error) ERR boom"));
        return m;
    }

    @Test
    void everyReplyTypeIsPrintedLikeRedisCli() {
        for (Map.Entry<List<String>, String> e : expectations().entrySet()) {
            assertEquals(e.getValue(), RedisCliFormat.format(lab.execute(e.getKey())), e.getKey().toString());
        }
        String unknown = RedisCliFormat.format(lab.execute("NOSUCHCMD", "a"));
        assertTrue(unknown.startsWith("(error) ERR unknown command"), unknown);
    }

    @Test
    void sameOutputAsDebiansRedisCli() throws Exception {
        Path cli = RedisTestSupport.onPath("redis-cli");
        RequiredTool.require(cli != null, "redis-cli is not installed (apt-get install -y redis-tools); CI installs it");
        for (List<String> command : expectations().keySet()) {
            assertEquals(redisCli(cli, List.of(), command), RedisCliFormat.format(lab.execute(command)), command.toString());
        }
    }

    @Test
    void resp3TypesAfterHello3MatchRedisCliDash3() throws Exception {
        RedisReply hello = lab.execute("HELLO", "3");
        try {
            assertTrue(hello instanceof RedisReply.MapReply, hello.toString());
            List<List<String>> commands = List.of(
                List.of("HGETALL", "truck:123"),
                List.of("SMEMBERS", "nothing"),
                List.of("GET", "missing"),
                List.of("ZSCORE", "nothing", "x"),
                List.of("EVAL", "return {double=1.5}", "0"),
                List.of("EVAL", "return true", "0"));
            List<String> outputs = new ArrayList<>();
            for (List<String> c : commands) {
                outputs.add(RedisCliFormat.format(lab.execute(c)));
            }
            assertEquals("1# \"lat\" => \"40.4\"\n2# \"lon\" => \"-3.7\"", outputs.get(0));
            assertEquals("(empty set)", outputs.get(1));
            assertEquals("(nil)", outputs.get(2));
            Path cli = RedisTestSupport.onPath("redis-cli");
            RequiredTool.require(cli != null, "redis-cli is not installed (apt-get install -y redis-tools)");
            for (int i = 0; i < commands.size(); i++) {
                assertEquals(redisCli(cli, List.of("-3"), commands.get(i)), outputs.get(i), commands.get(i).toString());
            }
        } finally {
            lab.execute("HELLO", "2");
        }
    }

    private static String redisCli(Path cli, List<String> flags, List<String> command) throws Exception {
        List<String> argv = new ArrayList<>(List.of(cli.toString(), "-h", "127.0.0.1", "-p", Integer.toString(lab.port()), "--no-raw"));
        argv.addAll(flags);
        argv.addAll(command);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }
}
