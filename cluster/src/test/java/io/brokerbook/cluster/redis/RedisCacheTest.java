package io.brokerbook.cluster.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.brokerbook.cluster.redis.RedisTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache-aside helper and the key table against a real server. */
class RedisCacheTest {
    private static RedisLab lab;
    private static Path work;

    @BeforeAll
    static void start() throws IOException {
        work = Files.createTempDirectory("redis-cache-test");
        lab = RedisLab.start(RedisServerOptions.defaults().withSearchPath("").withWorkDir(work)
            .withPort(RedisTestSupport.freePort()));
    }

    @AfterAll
    static void stop() {
        lab.stop();
        RedisLab.deleteRecursively(work);
    }

    @Test
    void missThenHitsThenExpiryForcesAMiss() throws Exception {
        RedisCache cache = lab.cache("model");
        AtomicInteger computations = new AtomicInteger();
        String question = "¿Qué es Kafka?";
        java.util.function.Supplier<String> slowModel = () -> {
            computations.incrementAndGet();
            return "Un log distribuido (" + computations.get() + ")";
        };
        assertEquals("Un log distribuido (1)", cache.getOrCompute(question, Duration.ofSeconds(1), slowModel));
        assertEquals("Un log distribuido (1)", cache.getOrCompute(question, Duration.ofSeconds(1), slowModel));
        assertEquals("Un log distribuido (1)", cache.getOrCompute(question, Duration.ofSeconds(1), slowModel));
        assertEquals(1, computations.get());
        assertEquals(2, cache.hits());
        assertEquals(1, cache.misses());
        long ttl = lab.jedis().ttl("model:" + question);
        assertTrue(ttl == 1 || ttl == 0, "stored with EX 1, ttl " + ttl);

        waitUntil("the cached answer to expire", Duration.ofSeconds(30), () -> !lab.jedis().exists("model:" + question));
        assertEquals("Un log distribuido (2)", cache.getOrCompute(question, Duration.ofSeconds(1), slowModel));
        assertEquals(2, cache.hits());
        assertEquals(2, cache.misses());

        List<RedisCache.Call> calls = cache.history();
        assertEquals(List.of(RedisCache.Outcome.MISS, RedisCache.Outcome.HIT, RedisCache.Outcome.HIT, RedisCache.Outcome.MISS),
            calls.stream().map(RedisCache.Call::outcome).toList());
        assertTrue(calls.get(1).ttlLeftMs() > 0 && calls.get(1).ttlLeftMs() <= 1000, calls.get(1).toString());

        Table table = cache.calls();
        assertEquals(List.of("Call", "Key", "Result", "Latency ms", "TTL left ms"), table.columnNames());
        assertEquals(4, table.rowCount());
        assertEquals("HIT", table.stringColumn("Result").get(1));
        Table summary = cache.summary();
        assertEquals(List.of("Calls", "Hits", "Misses", "Hit ratio", "Mean hit ms", "Mean miss ms"), summary.columnNames());
        assertEquals(0.5, summary.doubleColumn("Hit ratio").get(0));

        cache.reset();
        assertEquals(0, cache.hits());
        assertEquals(0, cache.history().size());
        assertEquals(1, cache.clear());
        assertNull(lab.jedis().get("model:" + question));
    }

    @Test
    void subSecondTtlUsesPx() throws Exception {
        RedisCache cache = lab.cache("px");
        cache.getOrCompute("k", Duration.ofMillis(1500), () -> "v");
        long pttl = lab.jedis().pttl("px:k");
        assertTrue(pttl > 1000 && pttl <= 1500, "pttl " + pttl);
        assertThrows(IllegalArgumentException.class, () -> cache.getOrCompute("k", Duration.ZERO, () -> "v"));
    }

    @Test
    void keysTableHasRedisColumnsAndPreviews() {
        lab.execute("SET", "kt:string", "hola");
        lab.execute("SET", "kt:ttl", "x", "EX", "100");
        lab.execute("RPUSH", "kt:list", "a", "b", "c", "d", "e", "f", "g");
        lab.execute("HSET", "kt:hash", "lat", "40.4");
        lab.execute("SADD", "kt:set", "x");
        lab.execute("ZADD", "kt:zset", "1", "uno", "2.5", "dos");
        lab.execute("XADD", "kt:stream", "*", "truck", "123");
        lab.execute("SET", "other", "not matched");
        RedisKeyScan scan = lab.keys("kt:*", 2, 1000);
        Table t = scan.table();
        assertEquals(List.of("KEY", "TYPE", "TTL", "VALUE"), t.columnNames());
        assertEquals(List.of("kt:hash", "kt:list", "kt:set", "kt:stream", "kt:string", "kt:ttl", "kt:zset"),
            t.stringColumn("KEY").asList());
        assertEquals(List.of("hash", "list", "set", "stream", "string", "string", "zset"), t.stringColumn("TYPE").asList());
        assertEquals(-1L, t.longColumn("TTL").get(0));
        assertTrue(t.longColumn("TTL").get(5) > 90);
        assertEquals("{\"lat\": \"40.4\"} (1 item)", t.stringColumn("VALUE").get(0));
        assertEquals("[\"a\", \"b\", \"c\", \"d\", \"e\", …] (7 items)", t.stringColumn("VALUE").get(1));
        assertEquals("(1 entry)", t.stringColumn("VALUE").get(3));
        assertEquals("\"hola\"", t.stringColumn("VALUE").get(4));
        assertEquals("[\"uno\": 1, \"dos\": 2.5] (2 items)", t.stringColumn("VALUE").get(6));

        RedisKeyScan limited = lab.keys("kt:*", 2, 3);
        assertEquals(3, limited.table().rowCount());
        assertTrue(limited.truncated());
    }
}
