package io.brokerbook.magics.rabbitmq;

import com.rabbitmq.perf.PerfTestFlags;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.rabbitmq.ExchangeInfo;
import io.brokerbook.cluster.rabbitmq.QueueInfo;
import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.MagicCompleter;
import org.apache.commons.cli.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code %rabbitmq-perf-test}'s completions: PerfTest's flag names (long {@code --producers} and short {@code -x}),
 * and the running server's queue and exchange names after {@code -u/--queue} and {@code -e/--exchange}.
 */
final class PerfTestCompletions implements MagicCompleter {
    private static final Set<String> QUEUE_FLAGS = Set.of("-u", "--queue");
    private static final Set<String> EXCHANGE_FLAGS = Set.of("-e", "--exchange");

    private final RabbitSession session;
    private volatile List<String> flags;

    PerfTestCompletions(RabbitSession session) {
        this.session = session;
    }

    @Override
    public List<String> candidates(CompletionRequest r) {
        String previous = r.argsBefore().isEmpty() ? "" : r.argsBefore().get(r.argsBefore().size() - 1);
        if (QUEUE_FLAGS.contains(previous) || EXCHANGE_FLAGS.contains(previous)) {
            return names(QUEUE_FLAGS.contains(previous), r.word());
        }
        return r.word().startsWith("-") ? flags().stream().filter(f -> f.startsWith(r.word())).toList() : List.of();
    }

    /** Long names first (as PerfTest's help lists them), then the short ones. */
    private List<String> flags() {
        List<String> f = flags;
        if (f == null) {
            List<String> longNames = new ArrayList<>();
            List<String> shortNames = new ArrayList<>();
            for (Option o : PerfTestFlags.options().getOptions()) {
                if (o.getLongOpt() != null) {
                    longNames.add("--" + o.getLongOpt());
                }
                if (o.getOpt() != null) {
                    shortNames.add("-" + o.getOpt());
                }
            }
            longNames.sort(null);
            shortNames.sort(null);
            longNames.addAll(shortNames);
            flags = f = List.copyOf(longNames);
        }
        return f;
    }

    private List<String> names(boolean queues, String prefix) {
        Optional<RabbitLab> lab = session.current().filter(RabbitLab::isRunning);
        if (lab.isEmpty()) {
            return List.of();
        }
        try {
            List<String> names = queues ? lab.get().management().queues().stream().map(QueueInfo::name).toList()
                : lab.get().management().exchanges().stream().map(ExchangeInfo::name).filter(n -> !n.isEmpty()).toList();
            return names.stream().filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (LabException e) {
            return List.of();
        }
    }
}
