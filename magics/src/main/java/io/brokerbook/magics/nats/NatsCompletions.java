package io.brokerbook.magics.nats;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.nats.NatsConsumer;
import io.brokerbook.cluster.nats.NatsLab;
import io.brokerbook.cluster.nats.NatsStream;
import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.MagicCompleter;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Completion values of {@code %nats} from the running server: stream names where a STREAM goes
 * ({@code %nats stream info O|}, {@code %nats consumer add O|}) and consumer names of that stream where a consumer
 * NAME goes ({@code %nats consumer next ORDERS b|}). Nothing when no server with JetStream runs.
 */
final class NatsCompletions implements MagicCompleter {
    private static final Set<String> STREAM_FIRST = Set.of("stream info", "consumer add", "consumer next", "consumer info", "consumer ls");
    private static final Set<String> CONSUMER_SECOND = Set.of("consumer next", "consumer info");

    private final LabSlot<NatsLab> slot;

    NatsCompletions(LabSlot<NatsLab> slot) {
        this.slot = slot;
    }

    @Override
    public List<String> candidates(CompletionRequest r) {
        if (!r.option().isEmpty() || r.word().startsWith("-")) {
            return List.of();
        }
        Optional<NatsLab> lab = slot.current().filter(l -> l.isRunning() && l.jetstream());
        if (lab.isEmpty()) {
            return List.of();
        }
        try {
            if (STREAM_FIRST.contains(r.command()) && r.positionals().isEmpty()) {
                return lab.get().streams().stream().map(NatsStream::name).toList();
            }
            if (CONSUMER_SECOND.contains(r.command()) && r.positionals().size() == 1) {
                return lab.get().consumers(r.positionals().get(0)).stream().map(NatsConsumer::name).toList();
            }
        } catch (LabException e) {
            return List.of(); // no such stream yet, or the server went away: nothing to offer
        }
        return List.of();
    }
}
