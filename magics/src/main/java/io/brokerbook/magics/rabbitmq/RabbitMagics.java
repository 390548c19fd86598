package io.brokerbook.magics.rabbitmq;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.cluster.rabbitmq.RabbitMessaging;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;
import io.brokerbook.magics.display.RecordTable;

import java.util.List;

/**
 * The RabbitMQ pack: {@code %rabbitmq}, {@code %%rabbitmq publish}, {@code %rabbitmqctl}, {@code %rabbitmq-perf-test}, and the {@code rabbit}
 * variable ({@link RabbitApi}) for Java cells. Nothing starts until {@code %rabbitmq start}; the kernel stops the
 * server it started when it shuts down (the lab slot of kind {@code rabbitmq}).
 */
public final class RabbitMagics implements MagicExtension {
    private final String searchPath;

    /** Looks for rabbitmq-server and epmd on PATH. */
    public RabbitMagics() {
        this(null);
    }

    /** @param searchPath directories to look for rabbitmq-server and epmd in (PATH syntax); null: the PATH variable */
    public RabbitMagics(String searchPath) {
        this.searchPath = searchPath;
    }

    @Override
    public void register(MagicRegistry registry, KernelHost host) {
        LabSlot<RabbitLab> slot = host.lab().register(RabbitLab.KIND, RabbitSession.NOT_RUNNING);
        RabbitSession session = new RabbitSession(slot, host.workDir(), searchPath);
        host.bind("rabbit", RabbitApi.class, new RabbitApi(session));
        host.renderers().register(RabbitMessaging.PublishRate.class,
            rate -> RecordTable.of(io.brokerbook.cluster.lab.Rows.of("publish rate", List.of(rate))));
        registry.register(new RabbitMagic(session).magic());
        registry.register(new RabbitmqctlMagic(session).magic());
        registry.register(new RabbitPerfTestMagic(session).magic());
        RabbitCompletions.register(host, session);
        host.addCompleter(RabbitPerfTestMagic.NAME, new PerfTestCompletions(session));
    }
}
