package io.brokerbook.cluster.redis;

import io.brokerbook.cluster.lab.Column;
import io.brokerbook.cluster.lab.Rows;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Cache-aside in front of a slow computation (the class's "model"): look the key up; on a hit
 * return the stored answer; on a miss compute it and store it with {@code SET key value EX s}
 * ({@code PX ms} for TTLs that are not whole seconds) so it expires on its own.
 * Every call is recorded (key, HIT/MISS, latency, TTL left) for {@link #calls()} and
 * {@link #summary()}, typed records that notebooks show as tables. Thread-safe.
 */
public final class RedisCache {
    public enum Outcome { HIT, MISS }

    /**
     * One {@link #getOrCompute} call.
     *
     * @param latencyMs wall time of the whole call, the computation included on a miss (to the microsecond)
     * @param ttlLeftMs time the stored answer has left after the call, as PTTL read it
     */
    public record Call(@Column("Call") int number, @Column("Key") String key, @Column("Result") Outcome outcome,
                       @Column("Latency ms") double latencyMs, @Column("TTL left ms") long ttlLeftMs) { }

    /**
     * The counters of a cache; the ratio and means are empty before the first call of their kind.
     *
     * @param hitRatio   hits / calls
     * @param meanHitMs  mean latency of the hits
     * @param meanMissMs mean latency of the misses, the computation included
     */
    public record Summary(@Column("Calls") long calls, @Column("Hits") long hits, @Column("Misses") long misses,
                          @Column("Hit ratio") OptionalDouble hitRatio, @Column("Mean hit ms") OptionalDouble meanHitMs,
                          @Column("Mean miss ms") OptionalDouble meanMissMs) { }

    private final UnifiedJedis jedis;
    private final String namespace;
    private final List<Call> calls = new ArrayList<>();
    private long hits;
    private long misses;

    /** Keys are stored as {@code namespace:key} (just {@code key} for an empty namespace). */
    public RedisCache(UnifiedJedis jedis, String namespace) {
        this.jedis = Objects.requireNonNull(jedis, "jedis");
        this.namespace = namespace == null ? "" : namespace;
    }

    public String namespace() {
        return namespace;
    }

    /** The Redis key an application key is stored under. */
    public String redisKey(String key) {
        return namespace.isEmpty() ? key : namespace + ":" + key;
    }

    /**
     * The stored answer for {@code key}, or {@code compute}'s answer stored for {@code ttl}.
     * The GET and the PTTL of a hit go in one pipelined round trip, and so do the SET and the PTTL of a miss.
     */
    public String getOrCompute(String key, Duration ttl, Supplier<String> compute) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(compute, "compute");
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("The cache TTL must be positive, got " + ttl + ".");
        }
        String redisKey = redisKey(key);
        long start = System.nanoTime();
        String cached;
        long ttlLeft;
        try (AbstractPipeline p = jedis.pipelined()) {
            Response<String> value = p.get(redisKey);
            Response<Long> pttl = p.pttl(redisKey);
            p.sync();
            cached = value.get();
            ttlLeft = pttl.get();
        }
        if (cached != null) {
            record(key, Outcome.HIT, start, ttlLeft);
            return cached;
        }
        String answer = compute.get();
        if (answer == null) {
            throw new IllegalStateException("The computation for key '" + key + "' returned null; the cache stores strings.");
        }
        long ms = ttl.toMillis();
        SetParams params = ms % 1000 == 0 ? SetParams.setParams().ex(ms / 1000) : SetParams.setParams().px(Math.max(1, ms));
        try (AbstractPipeline p = jedis.pipelined()) {
            p.set(redisKey, answer, params);
            Response<Long> pttl = p.pttl(redisKey);
            p.sync();
            ttlLeft = pttl.get();
        }
        record(key, Outcome.MISS, start, ttlLeft);
        return answer;
    }

    private synchronized void record(String key, Outcome outcome, long startNanos, long ttlLeftMs) {
        double latencyMs = (System.nanoTime() - startNanos) / 1_000_000.0;
        if (outcome == Outcome.HIT) {
            hits++;
        } else {
            misses++;
        }
        calls.add(new Call(calls.size() + 1, key, outcome, round(latencyMs), ttlLeftMs));
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    public synchronized List<Call> history() {
        return List.copyOf(calls);
    }

    /** Forgets the counters and the call log (the cached values stay in Redis). */
    public synchronized void reset() {
        calls.clear();
        hits = 0;
        misses = 0;
    }

    /** Deletes every key of this namespace (SCAN + UNLINK); returns how many. */
    public long clear() {
        if (namespace.isEmpty()) {
            throw new IllegalStateException("clear() needs a namespace; an empty one would mean every key.");
        }
        long removed = 0;
        ScanParams params = new ScanParams().match(namespace + ":*").count(500);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            cursor = page.getCursor();
            if (!page.getResult().isEmpty()) {
                removed += jedis.unlink(page.getResult().toArray(new String[0]));
            }
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return removed;
    }

    /** One row per call: {@code Call, Key, Result, Latency ms, TTL left ms}. */
    public synchronized Rows<Call> calls() {
        return Rows.of("Cache calls (" + (namespace.isEmpty() ? "no namespace" : namespace) + ")", calls);
    }

    /** {@code Calls, Hits, Misses, Hit ratio, Mean hit ms, Mean miss ms}. */
    public synchronized Summary summary() {
        long total = hits + misses;
        return new Summary(total, hits, misses,
            total == 0 ? OptionalDouble.empty() : OptionalDouble.of(round((double) hits / total)),
            mean(Outcome.HIT), mean(Outcome.MISS));
    }

    private OptionalDouble mean(Outcome outcome) {
        OptionalDouble mean = calls.stream().filter(c -> c.outcome() == outcome).mapToDouble(Call::latencyMs).average();
        return mean.isPresent() ? OptionalDouble.of(round(mean.getAsDouble())) : mean;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Override
    public synchronized String toString() {
        return "RedisCache[" + namespace + ": " + hits + " hits, " + misses + " misses]";
    }
}
