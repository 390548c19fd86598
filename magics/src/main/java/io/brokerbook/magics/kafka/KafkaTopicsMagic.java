package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.AdminCalls;
import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.PartitionFilter;
import io.brokerbook.cluster.kafka.PartitionHealth;
import io.brokerbook.cluster.kafka.PartitionReplicas;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code %kafka-topics}: as {@code kafka-topics.sh}, with {@code --describe} as a table. */
final class KafkaTopicsMagic {
    static final ArgSpec SPEC = ClusterOptions.admin(ArgSpec.named("kafka-topics",
            "Create, list, describe, alter and delete topics (as kafka-topics.sh)."))
        .flag("--create", "Create a topic.")
        .flag("--list", "List the topics.")
        .flag("--describe", "Describe the partitions of a topic (all topics without --topic).")
        .flag("--delete", "Delete a topic.")
        .flag("--alter", "Change the number of partitions (only up).")
        .option("--topic", "TOPIC", "The topic.")
        .option("--partitions", "P", "Number of partitions (create, alter).")
        .option("--replication-factor", "R", "Copies of every partition (create; default: the cluster's).")
        .repeatable("--config", "K=V", "A topic config, e.g. retention.ms=60000 (create).")
        .flag("--if-not-exists", "create: no error if the topic exists.")
        .flag("--if-exists", "alter/delete: no error if the topic does not exist.")
        .flag("--under-replicated-partitions", "describe: only partitions with fewer in-sync replicas than replicas.")
        .flag("--unavailable-partitions", "describe: only partitions whose leader is not available.")
        .flag("--under-min-isr-partitions", "describe: only partitions with fewer in-sync replicas than min.insync.replicas.")
        .flag("--at-min-isr-partitions", "describe: only partitions with exactly min.insync.replicas in-sync replicas.")
        .flag("--exclude-internal", "list/describe: leave out internal topics like __consumer_offsets.");
    private static final List<String> ACTIONS = List.of("--create", "--list", "--describe", "--delete", "--alter");

    private final KafkaSession session;

    KafkaTopicsMagic(KafkaSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        ClusterOptions.noPositionals("kafka-topics", args);
        List<String> actions = ACTIONS.stream().filter(args::has).toList();
        if (actions.size() != 1) {
            throw new MagicException("kafka-topics: give exactly one of --create, --list, --describe, --alter, --delete"
                + (actions.isEmpty() ? "." : " (got " + String.join(" ", actions) + ")."));
        }
        try (ClusterOptions.AdminUse use = ClusterOptions.forAdmin(session, args, ctx.out())) {
            KafkaCluster cluster = use.cluster();
            switch (actions.get(0)) {
                case "--create" -> create(cluster, args, ctx);
                case "--list" -> list(cluster, args, ctx);
                case "--describe" -> describe(cluster, args, ctx);
                case "--delete" -> delete(cluster, args, ctx);
                default -> alter(cluster, args, ctx);
            }
        }
    }

    private void create(KafkaCluster cluster, ParsedArgs args, MagicContext ctx) {
        String topic = args.require("--topic");
        Optional<Integer> partitions = args.intValue("--partitions");
        Optional<Integer> rf = args.intValue("--replication-factor");
        if (partitions.isPresent() && partitions.get() <= 0) {
            throw new MagicException("kafka-topics: --partitions must be at least 1, not " + partitions.get() + ".");
        }
        if (rf.isPresent() && rf.get() <= 0) {
            throw new MagicException("kafka-topics: --replication-factor must be at least 1, not " + rf.get() + ".");
        }
        if (rf.isPresent()) {
            List<Integer> live = cluster.inspect().liveBrokerIds();
            if (rf.get() > live.size()) {
                throw new MagicException("kafka-topics: replication factor " + rf.get() + " is larger than the " + live.size()
                    + " live broker" + (live.size() == 1 ? "" : "s") + " " + live + "; use --replication-factor " + live.size()
                    + " or fewer (or start more brokers).");
            }
        }
        Map<String, String> configs = args.keyValues("--config");
        if (cluster.inspect().topicNames(true).contains(topic)) {
            if (args.has("--if-not-exists")) {
                ctx.out().println("Topic " + topic + " already exists.");
                return;
            }
            throw new MagicException("kafka-topics: topic '" + topic + "' already exists; describe it with"
                + " %kafka-topics --describe --topic " + topic + " or pick another name.");
        }
        cluster.createTopic(new NewTopic(topic, partitions, rf.map(Integer::shortValue)).configs(configs));
        ctx.out().println("Created topic " + topic + ".");
    }

    private void list(KafkaCluster cluster, ParsedArgs args, MagicContext ctx) {
        cluster.inspect().topicNames(!args.has("--exclude-internal")).forEach(ctx.out()::println);
    }

    private void describe(KafkaCluster cluster, ParsedArgs args, MagicContext ctx) {
        Optional<String> topic = args.value("--topic");
        topic.ifPresent(t -> ClusterOptions.requireTopic(cluster, t));
        List<PartitionFilter> filters = Arrays.stream(PartitionFilter.values()).filter(f -> args.has(f.flag())).toList();
        if (filters.size() > 1) {
            throw new MagicException("kafka-topics: give at most one of " + Arrays.stream(PartitionFilter.values())
                .map(PartitionFilter::flag).collect(Collectors.joining(", ")) + ".");
        }
        Rows<PartitionReplicas> found = filters.isEmpty() ? cluster.inspect().topics(topic, false, false)
            : new PartitionHealth(cluster).partitions(topic, filters.get(0));
        List<PartitionReplicas> partitions = found.stream()
            .filter(p -> !args.has("--exclude-internal") || !p.topic().startsWith("__")).toList();
        if (filters.isEmpty()) {
            Map<String, List<PartitionReplicas>> byTopic = new TreeMap<>(partitions.stream()
                .collect(Collectors.groupingBy(PartitionReplicas::topic)));
            byTopic.forEach((name, p) -> ctx.out().println("Topic: " + name + "\tPartitionCount: " + p.size()
                + "\tReplicationFactor: " + p.get(0).replicas().size()));
        }
        ctx.display(RecordTable.of(Rows.of("topics", partitions), PartitionReplicas.class));
    }

    private void delete(KafkaCluster cluster, ParsedArgs args, MagicContext ctx) {
        String topic = args.require("--topic");
        if (!cluster.inspect().topicNames(true).contains(topic)) {
            if (args.has("--if-exists")) {
                return;
            }
            throw ClusterOptions.missing(topic);
        }
        AdminCalls.await(cluster.admin().deleteTopics(List.of(topic)).all(), "deleting topic " + topic);
        ctx.out().println("Deleted topic " + topic + ".");
    }

    private void alter(KafkaCluster cluster, ParsedArgs args, MagicContext ctx) {
        String topic = args.require("--topic");
        int partitions = args.intValue("--partitions").orElseThrow(() ->
            new MagicException("kafka-topics: --alter needs --partitions N (the new, larger count)."));
        if (partitions <= 0) {
            throw new MagicException("kafka-topics: --partitions must be at least 1, not " + partitions + ".");
        }
        if (!cluster.inspect().topicNames(true).contains(topic)) {
            if (args.has("--if-exists")) {
                return;
            }
            throw ClusterOptions.missing(topic);
        }
        int current = cluster.inspect().partitionCount(topic);
        if (partitions <= current) {
            throw new MagicException("kafka-topics: topic " + topic + " has " + current + " partitions; Kafka can only add"
                + " partitions, so give --partitions " + (current + 1) + " or more.");
        }
        cluster.increasePartitions(topic, partitions);
        ctx.out().println("Topic " + topic + " now has " + partitions + " partitions (keys may now map to other partitions).");
    }
}
