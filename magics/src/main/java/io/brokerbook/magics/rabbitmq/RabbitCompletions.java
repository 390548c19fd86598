package io.brokerbook.magics.rabbitmq;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.rabbitmq.ExchangeInfo;
import io.brokerbook.cluster.rabbitmq.QueueInfo;
import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicCompleter;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Queue and exchange names of the running server where {@code %rabbitmq} takes one: the QUEUE of consume, get,
 * purge, bind and delete queue; the EXCHANGE of bind, delete exchange and {@code --exchange}.
 */
final class RabbitCompletions implements MagicCompleter {
    private static final Set<String> QUEUE_FIRST = Set.of("consume", "get", "purge", "bind", "delete queue");

    private final RabbitSession session;

    RabbitCompletions(RabbitSession session) {
        this.session = session;
    }

    static void register(KernelHost host, RabbitSession session) {
        host.addCompleter("rabbitmq", new RabbitCompletions(session));
    }

    @Override
    public List<String> candidates(CompletionRequest r) {
        Optional<RabbitLab> lab = session.current().filter(RabbitLab::isRunning);
        if (lab.isEmpty() || (r.option().isEmpty() && r.word().startsWith("-"))) {
            return List.of();
        }
        try {
            if (r.isValueOf("--exchange") || r.isValueOf("-e") || r.isValueOf("--dead-letter-exchange")) {
                return exchanges(lab.get(), r.word());
            }
            if (!r.option().isEmpty()) {
                return List.of();
            }
            if (QUEUE_FIRST.contains(r.command()) && r.positionals().isEmpty()) {
                return queues(lab.get(), r.word());
            }
            if ((r.command().equals("bind") && r.positionals().size() == 1) || (r.command().equals("delete exchange") && r.positionals().isEmpty())) {
                return exchanges(lab.get(), r.word());
            }
        } catch (LabException e) {
            return List.of();
        }
        return List.of();
    }

    private static List<String> queues(RabbitLab lab, String prefix) {
        return (lab.isQpid() ? lab.queues() : lab.management().queues()).stream().map(QueueInfo::name).filter(n -> n.startsWith(prefix)).sorted().toList();
    }

    private static List<String> exchanges(RabbitLab lab, String prefix) {
        return (lab.isQpid() ? lab.exchanges() : lab.management().exchanges()).stream().map(ExchangeInfo::name)
            .filter(n -> !n.isEmpty() && n.startsWith(prefix)).sorted().toList();
    }
}
