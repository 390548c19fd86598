package io.brokerbook.magics.redis;

import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;

/**
 * The Redis pack: {@code %redis}, {@code %%redis}, {@code %redis-keys}, and the {@code redis}
 * variable ({@link LabRedis}) for Java cells. Nothing starts until {@code %redis start}; the
 * server a kernel started is stopped when the kernel shuts down.
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
        RedisSession session = new RedisSession(host.workDir(), searchPath);
        host.onShutdown(session);
        host.bind("redis", LabRedis.class, new LabRedis(session));
        registry.register(new RedisMagic(session).magic());
        registry.register(new RedisKeysMagic(session).magic());
        RedisCompletions.register(host, session);
    }
}
