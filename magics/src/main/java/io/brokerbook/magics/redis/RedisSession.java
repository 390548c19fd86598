package io.brokerbook.magics.redis;

import io.brokerbook.cluster.redis.RedisCache;
import io.brokerbook.cluster.redis.RedisLab;
import io.brokerbook.cluster.redis.RedisLabException;
import io.brokerbook.cluster.redis.RedisServerOptions;
import io.brokerbook.magics.MagicException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel's one Redis: the server {@code %redis start} launched or the one
 * {@code %redis connect} points at. Closed at kernel shutdown, which stops a started server.
 */
final class RedisSession implements AutoCloseable {
    static final String START_AGAIN = " Run %redis start to start it again.";

    private final Path workDir;
    private final String searchPath;
    private final Map<String, RedisCache> caches = new HashMap<>();
    private RedisLab lab;

    /**
     * @param workDir    the kernel's private dir: the lab's temp dir and the server log go there
     * @param searchPath where to look for redis-server (PATH syntax); null means the PATH variable
     */
    RedisSession(Path workDir, String searchPath) {
        this.workDir = workDir;
        this.searchPath = searchPath;
    }

    /** The usable lab, or a one-line error: none started, or it crashed (then it is cleaned up). */
    synchronized RedisLab lab() {
        if (lab == null) {
            throw new MagicException("No Redis server: run %redis start (or %redis connect redis://127.0.0.1:6379) first.");
        }
        Optional<String> crash = lab.crashReport();
        if (crash.isPresent()) {
            discard();
            throw new MagicException(crash.get() + START_AGAIN);
        }
        return lab;
    }

    synchronized Optional<RedisLab> current() {
        return Optional.ofNullable(lab);
    }

    /**
     * Starts a server; returns a one-line note about a crashed predecessor that was cleaned up
     * first (or null).
     */
    synchronized StartResult start(Integer port, String password, Path dataDir) {
        String note = null;
        if (lab != null) {
            Optional<String> crash = lab.crashReport();
            if (crash.isEmpty()) {
                throw new MagicException(lab.ownsServer()
                    ? "Redis is already running on " + lab.host() + ":" + lab.port() + " (pid " + lab.pid().orElse(-1L)
                        + "); run %redis stop first."
                    : "Connected to " + lab.url() + "; run %redis stop to disconnect first.");
            }
            note = crash.get();
            discard();
        }
        RedisServerOptions options = RedisServerOptions.defaults()
            .withPort(port)
            .withPassword(password)
            .withDataDir(dataDir)
            .withWorkDir(workDir)
            .withLogFile(workDir == null ? null : workDir.resolve("redis-server.log"))
            .withSearchPath(searchPath);
        try {
            lab = RedisLab.start(options);
        } catch (RedisLabException e) {
            throw new MagicException(e.getMessage(), e);
        }
        return new StartResult(lab, note);
    }

    record StartResult(RedisLab lab, String crashNote) { }

    synchronized RedisLab connect(String url) {
        if (lab != null && lab.ownsServer() && lab.crashReport().isEmpty()) {
            throw new MagicException("The lab's own Redis is running on " + lab.host() + ":" + lab.port()
                + "; run %redis stop before connecting elsewhere.");
        }
        RedisLab connected;
        try {
            connected = RedisLab.connect(url);
        } catch (RedisLabException e) {
            throw new MagicException(e.getMessage(), e);
        }
        discard();
        lab = connected;
        return connected;
    }

    /**
     * A lab failure as the one line to show; if the server crashed, the lab is cleaned up now so
     * the crash is reported once and {@code %redis start} works.
     */
    synchronized MagicException failure(RedisLab failed, RedisLabException e) {
        if (failed.crashReport().isPresent()) {
            if (failed == lab) {
                discard();
            }
            return new MagicException(failed.crashReport().get() + START_AGAIN, e);
        }
        return new MagicException(e.getMessage(), e);
    }

    /** Stops (or disconnects); returns the one line to print. */
    synchronized String stop() {
        if (lab == null) {
            throw new MagicException("No Redis server is running; nothing to stop.");
        }
        RedisLab old = lab;
        Optional<String> crash = old.crashReport();
        discard();
        if (crash.isPresent()) {
            return crash.get() + " Its temp files are removed.";
        }
        return old.ownsServer()
            ? "Redis on " + old.host() + ":" + old.port() + " stopped"
                + old.dataDir().map(d -> "; data kept in " + d + ".").orElse("; nothing was saved, temp files removed.")
            : "Disconnected from " + old.url() + " (that server keeps running).";
    }

    /** The cache helper for {@code namespace} on the current server; the same object on every call. */
    synchronized RedisCache cache(String namespace) {
        RedisLab l = lab();
        return caches.computeIfAbsent(namespace == null ? "" : namespace, ns -> l.cache(ns));
    }

    private void discard() {
        caches.clear();
        if (lab != null) {
            RedisLab old = lab;
            lab = null;
            old.stop();
        }
    }

    @Override
    public synchronized void close() {
        discard();
    }
}
