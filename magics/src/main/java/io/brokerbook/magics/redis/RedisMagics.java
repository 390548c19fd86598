package io.brokerbook.magics.redis;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.redis.RedisCache;
import io.brokerbook.cluster.redis.RedisLab;
import io.brokerbook.cluster.redis.RedisStatus;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.RecordTable;
import io.brokerbook.magics.display.TableDisplay;

import java.util.List;

/**
 * The Redis pack: {@code %redis}, {@code %%redis}, {@code %redis-keys}, and the {@code redis}
 * variable ({@link RedisApi}) for Java cells. Nothing starts until {@code %redis start}; the kernel
 * stops the server it started when it shuts down (the lab slot of kind {@code redis}).
 */
public final class RedisMagics implements MagicExtension {
    private final String searchPath;

    /** Looks for redis-server on PATH, else uses the binary inside the embedded-redis jar. */
    public RedisMagics() {
        this(null);
    }

    /**
     * @param searchPath directories to look for redis-server in (PATH syntax); "" always uses the
     *                   jar's binary; null means the PATH environment variable
     */
    public RedisMagics(String searchPath) {
        this.searchPath = searchPath;
    }

    @Override
    public void register(MagicRegistry registry, KernelHost host) {
        LabSlot<RedisLab> slot = host.lab().register(RedisLab.KIND, RedisSession.NOT_RUNNING);
        RedisSession session = new RedisSession(slot, host.workDir(), searchPath);
        host.bind("redis", RedisApi.class, new RedisApi(session));
        host.renderers().register(RedisStatus.class, RedisMagics::render);
        host.renderers().register(RedisCache.Summary.class, RedisMagics::render);
        registry.register(new RedisMagic(session).magic());
        registry.register(new RedisKeysMagic(session).magic());
        registry.register(new RedisGroupsMagic(session).magic());
        RedisCompletions.register(host, session);
    }

    /** {@code %redis status}: one row per INFO field, like INFO prints them. */
    static DisplayData render(RedisStatus status) {
        return TableDisplay.of(status.toTable());
    }

    static DisplayData render(RedisCache.Summary summary) {
        return RecordTable.of(Rows.of("Cache summary", List.of(summary)));
    }
}
