package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.AdminCalls;
import io.brokerbook.cluster.kafka.GroupMember;
import io.brokerbook.cluster.kafka.GroupOffsets;
import io.brokerbook.cluster.kafka.GroupSummary;
import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaInspector;
import io.brokerbook.cluster.kafka.KafkaLabException;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * {@code %kafka-consumer-groups}: {@code --list}, {@code --describe --group G [--members|--state]},
 * {@code --reset-offsets --group G --topic T --to-earliest|--to-latest|--to-offset N [--execute]},
 * {@code --delete --group G}, with the CLI's columns.
 */
final class ConsumerGroupsMagic {
    static final ArgSpec SPEC = ClusterOptions.admin(ArgSpec.named("kafka-consumer-groups",
            "List, describe (offsets and lag, members, state), reset offsets of and delete consumer groups."))
        .flag("--list", "List the groups.")
        .flag("--describe", "Describe a group: offsets and lag per partition (or --members, --state).")
        .flag("--reset-offsets", "Move a group's committed offsets (dry run unless --execute).")
        .flag("--delete", "Delete a group (it must have no running members).")
        .option("--group", "GROUP", "The group.")
        .flag("--all-groups", "describe: every group.")
        .flag("--members", "describe: the members and their partitions.")
        .flag("--state", "describe: coordinator, assignment strategy, state and member count.")
        .flag("--verbose", "describe --members: accepted (the assignment is always shown).")
        .option("--topic", "TOPIC", "reset-offsets: the topic whose offsets move.")
        .flag("--all-topics", "reset-offsets: every topic the group has offsets for.")
        .flag("--to-earliest", "reset-offsets: to the first record.")
        .flag("--to-latest", "reset-offsets: to the end (skip everything).")
        .option("--to-offset", "N", "reset-offsets: to offset N (clamped to what exists).")
        .flag("--execute", "reset-offsets: apply (without it: only show the plan).")
        .flag("--dry-run", "reset-offsets: only show the plan (the default).");
    private static final List<String> ACTIONS = List.of("--list", "--describe", "--reset-offsets", "--delete");

    /** One partition of a reset plan: where the group's committed offset goes. */
    record OffsetReset(String group, String topic, int partition, long newOffset) { }

    private final KafkaSession session;

    ConsumerGroupsMagic(KafkaSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.of(SPEC, this::line, null);
    }

    void line(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        ClusterOptions.noPositionals("kafka-consumer-groups", args);
        List<String> actions = ACTIONS.stream().filter(args::has).toList();
        if (actions.size() != 1) {
            throw new MagicException("kafka-consumer-groups: give exactly one of --list, --describe, --reset-offsets, --delete"
                + (actions.isEmpty() ? "." : " (got " + String.join(" ", actions) + ")."));
        }
        try (ClusterOptions.AdminUse use = ClusterOptions.forAdmin(session, args, ctx.out())) {
            KafkaCluster cluster = use.cluster();
            KafkaInspector inspect = cluster.inspect();
            switch (actions.get(0)) {
                case "--list" -> ctx.display(RecordTable.of(inspect.groups(), GroupSummary.class));
                case "--describe" -> describe(inspect, args, ctx);
                case "--reset-offsets" -> reset(cluster, args, ctx);
                default -> delete(cluster, inspect, args, ctx);
            }
        }
    }

    private void describe(KafkaInspector inspect, ParsedArgs args, MagicContext ctx) {
        List<String> groups;
        if (args.has("--all-groups")) {
            groups = inspect.groups().stream().map(GroupSummary::group).toList();
        } else {
            groups = List.of(args.value("--group").orElseThrow(() ->
                new MagicException("kafka-consumer-groups: --describe needs --group G (or --all-groups).")));
        }
        for (String group : groups) {
            if (args.has("--members")) {
                ctx.display(RecordTable.of(inspect.groupMembers(group), GroupMember.class));
            } else if (args.has("--state")) {
                ctx.display(KafkaRenderers.groupState(inspect.groupState(group)));
            } else {
                GroupOffsets offsets = inspect.groupOffsets(group);
                if (offsets.partitions().isEmpty()) {
                    ctx.out().println("Consumer group '" + group + "' has no active members and no committed offsets.");
                }
                ctx.display(KafkaRenderers.groupOffsets(offsets));
            }
        }
    }

    private void reset(KafkaCluster cluster, ParsedArgs args, MagicContext ctx) {
        String group = args.value("--group").orElseThrow(() ->
            new MagicException("kafka-consumer-groups: --reset-offsets needs --group G."));
        List<String> targets = List.of("--to-earliest", "--to-latest", "--to-offset").stream().filter(args::has).toList();
        if (targets.size() != 1) {
            throw new MagicException("kafka-consumer-groups: --reset-offsets needs one of --to-earliest, --to-latest, --to-offset N.");
        }
        if (!args.has("--topic") && !args.has("--all-topics")) {
            throw new MagicException("kafka-consumer-groups: --reset-offsets needs --topic T (or --all-topics).");
        }
        Admin admin = cluster.admin();
        GroupState state = stateOrDeadIfNew(admin, group);
        if (state != GroupState.EMPTY && state != GroupState.DEAD) {
            throw new MagicException("kafka-consumer-groups: assignments can only be reset if the group '" + group
                + "' is inactive, but the current state is " + state + "; stop its consumers first.");
        }
        List<TopicPartition> partitions;
        if (args.has("--topic")) {
            String topic = args.require("--topic");
            ClusterOptions.requireTopic(cluster, topic);
            int count = cluster.inspect().partitionCount(topic);
            partitions = IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
        } else {
            partitions = AdminCalls.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "reading the offsets of " + group).keySet().stream().sorted((a, b) -> a.topic().equals(b.topic())
                ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic())).toList();
        }
        Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> latest = offsets(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, OffsetAndMetadata> plan = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            long target = switch (targets.get(0)) {
                case "--to-earliest" -> earliest.get(tp);
                case "--to-latest" -> latest.get(tp);
                default -> Math.max(earliest.get(tp), Math.min(latest.get(tp), args.longValue("--to-offset").orElseThrow()));
            };
            plan.put(tp, new OffsetAndMetadata(target));
        }
        if (args.has("--execute")) {
            AdminCalls.await(admin.alterConsumerGroupOffsets(group, plan).all(), "resetting the offsets of " + group);
        } else {
            ctx.out().println("Dry run: nothing changed; add --execute to apply.");
        }
        List<OffsetReset> rows = plan.entrySet().stream()
            .map(e -> new OffsetReset(group, e.getKey().topic(), e.getKey().partition(), e.getValue().offset())).toList();
        ctx.display(RecordTable.of(Rows.of("reset " + group, rows), OffsetReset.class));
    }

    /** A group that does not exist yet is DEAD: like Kafka's tool, resetting its offsets creates it. */
    private static GroupState stateOrDeadIfNew(Admin admin, String group) {
        try {
            ConsumerGroupDescription description = AdminCalls.await(
                admin.describeConsumerGroups(List.of(group)).describedGroups().get(group), "describing group " + group);
            return description.groupState();
        } catch (KafkaLabException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return GroupState.DEAD;
            }
            throw e;
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> query = new LinkedHashMap<>();
        partitions.forEach(tp -> query.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
            AdminCalls.await(admin.listOffsets(query).all(), "reading offsets");
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private void delete(KafkaCluster cluster, KafkaInspector inspect, ParsedArgs args, MagicContext ctx) {
        String group = args.value("--group").orElseThrow(() ->
            new MagicException("kafka-consumer-groups: --delete needs --group G."));
        int members = inspect.groupState(group).members(); // unknown group: one line
        if (members > 0) {
            throw new MagicException("kafka-consumer-groups: group '" + group + "' has " + members
                + " running member(s); it can be deleted once they stop.");
        }
        AdminCalls.await(cluster.admin().deleteConsumerGroups(Set.of(group)).all(), "deleting group " + group);
        ctx.out().println("Deletion of requested consumer groups ('" + group + "') was successful.");
    }
}
