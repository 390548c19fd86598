package io.brokerbook.magics.redis;

import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.redis.RedisCache;
import io.brokerbook.cluster.redis.RedisCliFormat;
import io.brokerbook.cluster.redis.RedisKey;
import io.brokerbook.cluster.redis.RedisKeyScan;
import io.brokerbook.cluster.redis.RedisLab;
import io.brokerbook.cluster.redis.RedisReply;
import io.brokerbook.cluster.redis.RedisStatus;
import io.brokerbook.magics.ArgTokenizer;
import redis.clients.jedis.RedisClient;

import java.util.List;

/**
 * The API of the {@code redis} variable in Java cells: the lab's Redis (whatever {@code %redis start} or
 * {@code %redis connect} set up), e.g.
 * <pre>{@code
 * redis.jedis().set("greeting", "hola");
 * var cache = redis.cache("model");
 * cache.getOrCompute("¿Qué es Kafka?", Duration.ofSeconds(10), () -> slowModel.answer(q));
 * cache.calls();   // HIT/MISS, latency, TTL left: typed rows, shown as a table
 * }</pre>
 * Every method fails with one line if no server is running or it crashed.
 */
public final class RedisApi {
    private final RedisSession session;

    RedisApi(RedisSession session) {
        this.session = session;
    }

    /** A ready, pooled, thread-safe jedis client for the lab's server (a {@code UnifiedJedis}). */
    public RedisClient jedis() {
        return session.use(RedisLab::jedis);
    }

    /** The cache-aside helper for {@code namespace} (keys {@code namespace:key}); the same object each call. */
    public RedisCache cache(String namespace) {
        return session.cache(namespace);
    }

    /** Runs one command line (redis-cli syntax, quotes allowed) and returns what redis-cli would print. */
    public String cli(String commandLine) {
        return RedisCliFormat.format(execute(ArgTokenizer.split(commandLine).toArray(new String[0])));
    }

    /** Runs one command and returns the typed reply (Redis errors come back as an ErrorReply). */
    public RedisReply execute(String... words) {
        return session.use(lab -> lab.execute(List.of(words)));
    }

    /** The keys of {@code %redis-keys PATTERN}: KEY, TYPE, TTL, VALUE (SCAN, at most the first 1000). */
    public Rows<RedisKey> keys(String pattern) {
        return session.use(lab -> lab.keys(pattern, RedisKeyScan.DEFAULT_COUNT, RedisKeyScan.DEFAULT_LIMIT).keys());
    }

    /** What {@code %redis status} shows: version, address, keys, memory, … from the server's INFO. */
    public RedisStatus status() {
        return session.use(RedisLab::info);
    }

    /** The running lab itself (endpoint, pid, binary, …). */
    public RedisLab lab() {
        return session.lab();
    }

    /** {@code redis://127.0.0.1:6379} (password hidden). */
    public String url() {
        return session.lab().url();
    }

    public boolean isRunning() {
        return session.current().map(RedisLab::isRunning).orElse(false);
    }

    @Override
    public String toString() {
        return session.current()
            .map(l -> l.isRunning() ? "Lab Redis at " + l.url() : "Lab Redis at " + l.url() + " (not running)")
            .orElse("Lab Redis: none yet (run %redis start)");
    }
}
