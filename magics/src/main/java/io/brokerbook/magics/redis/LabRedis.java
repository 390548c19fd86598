package io.brokerbook.magics.redis;

import io.brokerbook.cluster.redis.RedisCache;
import io.brokerbook.cluster.redis.RedisCliFormat;
import io.brokerbook.cluster.redis.RedisKeyScan;
import io.brokerbook.cluster.redis.RedisLab;
import io.brokerbook.cluster.redis.RedisLabException;
import io.brokerbook.cluster.redis.RedisReply;
import io.brokerbook.magics.ArgTokenizer;
import redis.clients.jedis.RedisClient;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * The {@code redis} variable of Java cells: the lab's Redis (whatever {@code %redis start} or
 * {@code %redis connect} set up), e.g.
 * <pre>{@code
 * redis.jedis().set("greeting", "hola");
 * var cache = redis.cache("model");
 * cache.getOrCompute("¿Qué es Kafka?", Duration.ofSeconds(10), () -> slowModel.answer(q));
 * cache.calls();   // table of HIT/MISS, latency, TTL left
 * }</pre>
 * Every method fails with one line if no server is running or it crashed.
 */
public final class LabRedis {
    private final RedisSession session;

    LabRedis(RedisSession session) {
        this.session = session;
    }

    /** A ready, pooled, thread-safe jedis client for the lab's server (a {@code UnifiedJedis}). */
    public RedisClient jedis() {
        RedisLab lab = session.lab();
        try {
            return lab.jedis();
        } catch (RedisLabException e) {
            throw session.failure(lab, e);
        }
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
        RedisLab lab = session.lab();
        try {
            return lab.execute(List.of(words));
        } catch (RedisLabException e) {
            throw session.failure(lab, e);
        }
    }

    /** The key table of {@code %redis-keys PATTERN}. */
    public Table keys(String pattern) {
        RedisLab lab = session.lab();
        try {
            return lab.keys(pattern, RedisKeyScan.DEFAULT_COUNT, RedisKeyScan.DEFAULT_LIMIT).table();
        } catch (RedisLabException e) {
            throw session.failure(lab, e);
        }
    }

    /** The table of {@code %redis status}. */
    public Table status() {
        RedisLab lab = session.lab();
        try {
            return lab.status().toTable();
        } catch (RedisLabException e) {
            throw session.failure(lab, e);
        }
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
