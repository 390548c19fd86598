package io.brokerbook.magics.nats;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.nats.NatsLab;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;

/**
 * The NATS pack: {@code %nats} / {@code %%nats} in the nats CLI's vocabulary, and the {@code nats} variable
 * ({@link NatsLab} of the running server, through {@link NatsApi}) for Java cells. Nothing starts until
 * {@code %nats start}; the kernel stops it at shutdown (the lab slot of kind {@code nats}).
 */
public final class NatsMagics implements MagicExtension {
    static final String NOT_RUNNING = "No NATS server: run %nats start (or %nats connect nats://127.0.0.1:4222) first.";
    private final String searchPath;

    public NatsMagics() {
        this(null);
    }

    /** @param searchPath where to look for nats-server (PATH syntax); null: the PATH variable */
    public NatsMagics(String searchPath) {
        this.searchPath = searchPath;
    }

    @Override
    public void register(MagicRegistry registry, KernelHost host) {
        LabSlot<NatsLab> slot = host.lab().register(NatsLab.KIND, NOT_RUNNING);
        host.bind("nats", NatsApi.class, new NatsApi(slot));
        registry.register(new NatsMagic(slot, host.workDir(), searchPath).magic());
        host.addCompleter("nats", new NatsCompletions(slot));
    }
}
