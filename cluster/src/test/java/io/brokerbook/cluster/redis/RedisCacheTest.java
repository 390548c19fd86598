package io.brokerbook.cluster.redis;

import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.process.DirectoryTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.brokerbook.cluster.redis.RedisTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        DirectoryTree.delete(work);
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
        assertTrue(calls.get(0).ttlLeftMs() > 0 && calls.get(0).ttlLeftMs() <= 1000, "a miss shows the TTL read back: " + calls.get(0));

        Rows<RedisCache.Call> rows = cache.calls();
        assertEquals(4, rows.size());
        assertEquals(calls, rows.rows());
        assertEquals("Cache calls (model)", rows.title());
        assertEquals(List.of(1, 2, 3, 4), rows.stream().map(RedisCache.Call::number).toList());
        assertEquals(RedisCache.Outcome.HIT, rows.get(1).outcome());
        RedisCache.Summary summary = cache.summary();
        assertEquals(4, summary.calls());
        assertEquals(2, summary.hits());
        assertEquals(2, summary.misses());
        assertEquals(0.5, summary.hitRatio().orElseThrow());
        assertTrue(summary.meanHitMs().orElseThrow() > 0 && summary.meanMissMs().orElseThrow() > 0, summary.toString());

        cache.reset();
        assertEquals(0, cache.hits());
        assertEquals(0, cache.history().size());
        assertTrue(cache.summary().hitRatio().isEmpty() && cache.summary().meanHitMs().isEmpty(), "no calls, no ratio");
        assertEquals(1, cache.clear());
        assertNull(lab.jedis().get("model:" + question));
    }

    @Test
    void subSecondTtlUsesPx() throws Exception {
        RedisCache cache = lab.cache("px");
        cache.getOrCompute("k", Duration.ofMillis(1500), () -> "v");
        long pttl = lab.jedis().pttl("px:k");
        assertTrue(pttl > 1000 && pttl <= 1500, "pttl " + pttl);
        long shown = cache.history().get(0).ttlLeftMs();
        assertTrue(shown >= pttl && shown <= 1500, "the MISS row shows the PTTL read after the SET: " + shown);
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
        Rows<RedisKey> t = scan.keys();
        assertEquals(List.of("key", "type", "ttl", "value"),
            Stream.of(RedisKey.class.getRecordComponents()).map(RecordComponent::getName).toList(),
            "shown as the columns KEY, TYPE, TTL, VALUE");
        assertEquals(List.of("kt:hash", "kt:list", "kt:set", "kt:stream", "kt:string", "kt:ttl", "kt:zset"),
            t.stream().map(RedisKey::key).toList());
        assertEquals(List.of("hash", "list", "set", "stream", "string", "string", "zset"), t.stream().map(RedisKey::type).toList());
        assertEquals(-1L, t.get(0).ttl());
        assertFalse(t.get(0).expires());
        assertTrue(t.get(5).ttl() > 90 && t.get(5).expires());
        assertEquals("{\"lat\": \"40.4\"} (1 item)", t.get(0).value());
        assertEquals("[\"a\", \"b\", \"c\", \"d\", \"e\", …] (7 items)", t.get(1).value());
        assertEquals("(1 entry)", t.get(3).value());
        assertEquals("\"hola\"", t.get(4).value());
        assertEquals("[\"uno\": 1, \"dos\": 2.5] (2 items)", t.get(6).value());
        assertFalse(scan.truncated());

        RedisKeyScan limited = lab.keys("kt:*", 2, 3);
        assertEquals(3, limited.keys().size());
        assertTrue(limited.truncated());
    }
}
