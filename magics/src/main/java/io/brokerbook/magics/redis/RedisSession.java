package io.brokerbook.magics.redis;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lab.ShownPath;
import io.brokerbook.cluster.redis.RedisCache;
import io.brokerbook.cluster.redis.RedisLab;
import io.brokerbook.magics.lab.ServerPackLines;
import io.brokerbook.cluster.redis.RedisServerOptions;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The kernel's Redis as the pack sees it: the lab slot (which refuses a second server, cleans up after a
 * crash and says when none runs) plus what only Redis has, the cache helpers of the current server.
 */
final class RedisSession {
    static final String NOT_RUNNING = "No Redis server: run %redis start (or %redis connect redis://127.0.0.1:6379) first.";

    private final LabSlot<RedisLab> slot;
    private final Path workDir;
    private final String searchPath;
    private final Map<String, RedisCache> caches = new HashMap<>();
    private RedisLab cachesOf;

    /**
     * @param workDir    the kernel's private dir: the lab's temp dir and the server log go there
     * @param searchPath where to look for redis-server (PATH syntax); null means the PATH variable
     */
    RedisSession(LabSlot<RedisLab> slot, Path workDir, String searchPath) {
        this.slot = slot;
        this.workDir = workDir;
        this.searchPath = searchPath;
    }

    /** The usable server, or the one-line error (none started, or it crashed: reported once). */
    RedisLab lab() {
        return slot.require();
    }

    /** Runs {@code action} on the usable server; a crash during it is reported once. */
    <T> T use(Function<RedisLab, T> action) {
        return slot.use(action);
    }

    Optional<RedisLab> current() {
        return slot.current();
    }

    LabSlot.Started<RedisLab> start(Integer port, String password, Path dataDir) {
        RedisServerOptions options = RedisServerOptions.defaults()
            .withPort(port)
            .withPassword(password)
            .withDataDir(dataDir)
            .withWorkDir(workDir)
            .withLogFile(workDir == null ? null : workDir.resolve("redis-server.log"))
            .withSearchPath(searchPath);
        return slot.start(() -> RedisLab.start(options));
    }

    RedisLab connect(String url) {
        return slot.connect(() -> RedisLab.connect(url));
    }

    /** Stops (or disconnects); returns the one line to print. */
    String stop() {
        return ServerPackLines.stop(slot, "Redis", old -> "Redis on " + old.host() + ":" + old.port() + " stopped"
            + old.dataDir().map(d -> "; data kept in " + ShownPath.of(d) + ".").orElse("; nothing was saved, temp files removed."),
            "server");
    }

    /** The cache helper for {@code namespace} on the current server; the same object on every call. */
    synchronized RedisCache cache(String namespace) {
        RedisLab lab = lab();
        if (lab != cachesOf) {
            caches.clear();
            cachesOf = lab;
        }
        return caches.computeIfAbsent(namespace == null ? "" : namespace, lab::cache);
    }
}
