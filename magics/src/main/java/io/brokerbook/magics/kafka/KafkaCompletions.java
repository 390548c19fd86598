package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.NodeRole;
import io.brokerbook.cluster.kafka.NodeStatus;
import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicCompleter;
import io.brokerbook.magics.MagicRegistry;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListTopicsOptions;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Completion values of the Kafka magics from the running cluster: topic names after {@code --topic}, group ids
 * after {@code --group}, the bootstrap servers after {@code --bootstrap-server}, the choices of
 * {@code --election-type} and {@code --entity-type}, broker ids and topics after {@code --entity-name}, and broker ids after
 * {@code %kafka broker stop} (running ones) / {@code broker start} (stopped ones), whether the spec declares
 * {@code broker stop} as subcommands or reads them as positionals. Nothing when no cluster runs;
 * a cluster that does not answer within {@value #WAIT_MS} ms offers nothing rather than hold up typing.
 */
final class KafkaCompletions implements MagicCompleter {
    private static final long WAIT_MS = 1500;

    private final KafkaSession session;

    KafkaCompletions(KafkaSession session) {
        this.session = session;
    }

    /** Offers these completions for every Kafka magic registered so far ({@code %kafka}, {@code %kafka-…}). */
    static void register(MagicRegistry registry, KernelHost host, KafkaSession session) {
        KafkaCompletions completions = new KafkaCompletions(session);
        registry.all().stream().map(Magic::name).filter(n -> n.equals("kafka") || n.startsWith("kafka-"))
            .forEach(n -> host.addCompleter(n, completions));
    }

    @Override
    public List<String> candidates(CompletionRequest r) {
        Optional<KafkaCluster> lab = session.current();
        if (lab.isEmpty()) {
            return List.of();
        }
        if (r.isValueOf("--topic")) {
            return topics(lab.get());
        }
        if (r.isValueOf("--group")) {
            return groups(lab.get());
        }
        if (r.isValueOf("--bootstrap-server")) {
            return List.of(lab.get().bootstrapServers());
        }
        if (r.isValueOf("--election-type")) {
            return List.of("preferred", "unclean");
        }
        if (r.isValueOf("--entity-type")) {
            return List.of("brokers", "topics");
        }
        if (r.isValueOf("--entity-name")) {
            List<String> names = new java.util.ArrayList<>(lab.get().brokerIds().stream().map(String::valueOf).toList());
            names.addAll(topics(lab.get()));
            return names;
        }
        String words = String.join(" ", r.command(), String.join(" ", r.positionals())).strip();
        if (r.option().isEmpty() && (words.equals("broker stop") || words.equals("broker start"))) {
            boolean wantRunning = words.equals("broker stop");
            return lab.get().nodes().stream()
                .filter(n -> n.role() != NodeRole.CONTROLLER && n.up() == wantRunning)
                .map(NodeStatus::id).map(String::valueOf).toList();
        }
        return List.of();
    }

    private static List<String> topics(KafkaCluster lab) {
        return await(lab.admin().listTopics(new ListTopicsOptions().listInternal(false)).names()).stream()
            .sorted().toList();
    }

    private static List<String> groups(KafkaCluster lab) {
        return await(lab.admin().listGroups().all()).stream().map(GroupListing::groupId).sorted().toList();
    }

    private static <T> Collection<T> await(org.apache.kafka.common.KafkaFuture<? extends Collection<T>> future) {
        try {
            return List.copyOf(future.get(WAIT_MS, TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
