package io.brokerbook.cluster.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Snapshots of a cluster as tables with the column names of Kafka's own CLI tools
 * ({@code kafka-topics --describe}, {@code kafka-consumer-groups --describe}, {@code kafka-metadata-quorum describe
 * --status}, {@code kafka-get-offsets}). Every call is bounded by timeouts: a stopped broker never makes one hang.
 * Errors a user can cause (unknown topic or group) are {@link KafkaLabException}s with one line.
 */
public final class KafkaInspector {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long UNKNOWN_TOPIC_GRACE_MS = 2_000;
    private static final String NONE = "-";

    private final Admin admin;
    private final Supplier<List<NodeStatus>> knownNodes;

    /** {@code knownNodes}: nodes whose up/down state is known first-hand (an in-JVM lab); empty for external clusters. */
    KafkaInspector(Admin admin, Supplier<List<NodeStatus>> knownNodes) {
        this.admin = admin;
        this.knownNodes = knownNodes;
    }

    // ---------------------------------------------------------------- topics

    /**
     * {@code kafka-topics --describe}: {@code Topic, Partition, Leader, Replicas, Isr, Preferred, Status}, where
     * Status is ok, under-replicated or offline. Filters as {@code --under-replicated-partitions} and
     * {@code --unavailable-partitions}.
     */
    public Table topics(Optional<String> topic, boolean underReplicatedOnly, boolean unavailableOnly) {
        Set<Integer> down = downBrokerIds();
        StringColumn topicCol = StringColumn.create("Topic");
        IntColumn partitionCol = IntColumn.create("Partition");
        StringColumn leaderCol = StringColumn.create("Leader");
        StringColumn replicasCol = StringColumn.create("Replicas");
        StringColumn isrCol = StringColumn.create("Isr");
        BooleanColumn preferredCol = BooleanColumn.create("Preferred");
        StringColumn statusCol = StringColumn.create("Status");
        for (PartitionLayout.Partition p : partitions(topic, true)) {
            boolean unavailable = !p.hasLeader() || down.contains(p.leader());
            if (underReplicatedOnly && !p.underReplicated() || unavailableOnly && !unavailable) {
                continue;
            }
            topicCol.append(p.topic());
            partitionCol.append(p.partition());
            leaderCol.append(p.hasLeader() ? Integer.toString(p.leader()) : "none");
            replicasCol.append(ids(p.replicas()));
            isrCol.append(ids(p.isr()));
            preferredCol.append(p.preferredLeader());
            statusCol.append(unavailable ? "offline" : p.underReplicated() ? "under-replicated" : "ok");
        }
        return Table.create("topics", topicCol, partitionCol, leaderCol, replicasCol, isrCol, preferredCol, statusCol);
    }

    /** Brokers (up and down) and the partitions of one topic, or of all non-internal topics. */
    public PartitionLayout layout(Optional<String> topic) {
        List<PartitionLayout.Partition> partitions = partitions(topic, false);
        return new PartitionLayout(brokersOf(partitions), partitions);
    }

    /** The lab's own brokers; for an external cluster the live ones plus any replica holder that is not live. */
    private List<PartitionLayout.Broker> brokersOf(List<PartitionLayout.Partition> partitions) {
        Map<Integer, PartitionLayout.Broker> brokers = new TreeMap<>();
        for (NodeStatus node : knownNodes.get()) {
            if (node.role() == NodeRole.BROKER) {
                brokers.put(node.id(), new PartitionLayout.Broker(node.id(), node.hostPort(), node.up()));
            }
        }
        if (brokers.isEmpty()) {
            for (Node node : liveBrokers()) {
                brokers.put(node.id(), new PartitionLayout.Broker(node.id(), hostPort(node), true));
            }
            for (PartitionLayout.Partition p : partitions) {
                for (int replica : p.replicas()) {
                    brokers.putIfAbsent(replica, new PartitionLayout.Broker(replica, NONE, false));
                }
            }
        }
        return new ArrayList<>(brokers.values());
    }

    private List<PartitionLayout.Partition> partitions(Optional<String> topic, boolean includeInternal) {
        Collection<String> names;
        if (topic.isPresent()) {
            names = List.of(topic.get());
        } else {
            names = await(admin.listTopics(new ListTopicsOptions().listInternal(includeInternal)).names(), "listing topics");
        }
        Map<String, TopicDescription> descriptions = names.isEmpty() ? Map.of() : describeTopics(names, topic.isPresent());
        List<PartitionLayout.Partition> partitions = new ArrayList<>();
        for (TopicDescription description : descriptions.values()) {
            for (TopicPartitionInfo info : description.partitions()) {
                Node leader = info.leader();
                partitions.add(new PartitionLayout.Partition(description.name(), info.partition(),
                        leader == null || leader.id() < 0 ? PartitionLayout.NO_LEADER : leader.id(),
                        info.replicas().stream().map(Node::id).toList(),
                        info.isr().stream().map(Node::id).toList()));
            }
        }
        partitions.sort(Comparator.comparing(PartitionLayout.Partition::topic).thenComparingInt(PartitionLayout.Partition::partition));
        return partitions;
    }

    /**
     * A topic created a moment ago may not have reached the broker that answers yet: a named topic gets a
     * short grace period before it is reported as unknown.
     */
    private Map<String, TopicDescription> describeTopics(Collection<String> names, boolean named) {
        if (!named) {
            // a listed topic may be deleted before it is described: leave it out instead of failing the listing
            Map<String, TopicDescription> found = new LinkedHashMap<>();
            admin.describeTopics(names).topicNameValues().forEach((name, future) -> {
                try {
                    found.put(name, await(future, "describing topic " + name));
                } catch (KafkaLabException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
            });
            return found;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(UNKNOWN_TOPIC_GRACE_MS);
        while (true) {
            try {
                return await(admin.describeTopics(names).allTopicNames(), "describing topics");
            } catch (KafkaLabException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                if (!named || System.nanoTime() > deadline) {
                    throw new KafkaLabException("Topic '" + String.join(", ", names) + "' does not exist.", e.getCause());
                }
                sleepBriefly();
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaLabException("Interrupted while describing topics.", e);
        }
    }

    // ---------------------------------------------------------------- brokers and quorum

    /**
     * {@code ID, HOST:PORT, ROLE, STATE, LEADER-FOR, REPLICA-OF}: every broker (up or down) with the number of
     * partitions it leads and holds a replica of, and the controllers with ROLE controller.
     */
    public Table brokers() {
        IntColumn idCol = IntColumn.create("ID");
        StringColumn hostCol = StringColumn.create("HOST:PORT");
        StringColumn roleCol = StringColumn.create("ROLE");
        StringColumn stateCol = StringColumn.create("STATE");
        IntColumn leaderForCol = IntColumn.create("LEADER-FOR");
        IntColumn replicaOfCol = IntColumn.create("REPLICA-OF");
        PartitionLayout layout = layoutOfAllTopics();
        Map<Integer, Integer> leaderFor = new HashMap<>();
        Map<Integer, Integer> replicaOf = new HashMap<>();
        for (PartitionLayout.Partition p : layout.partitions()) {
            if (p.hasLeader()) {
                leaderFor.merge(p.leader(), 1, Integer::sum);
            }
            p.replicas().forEach(r -> replicaOf.merge(r, 1, Integer::sum));
        }
        for (PartitionLayout.Broker broker : layout.brokers()) {
            idCol.append(broker.id());
            hostCol.append(broker.hostPort());
            roleCol.append(NodeRole.BROKER.label());
            stateCol.append(broker.up() ? "up" : "down");
            leaderForCol.append(leaderFor.getOrDefault(broker.id(), 0));
            replicaOfCol.append(replicaOf.getOrDefault(broker.id(), 0));
        }
        for (NodeStatus controller : controllers()) {
            idCol.append(controller.id());
            hostCol.append(controller.hostPort());
            roleCol.append(NodeRole.CONTROLLER.label());
            stateCol.append(controller.up() ? "up" : "down");
            leaderForCol.append(0);
            replicaOfCol.append(0);
        }
        return Table.create("brokers", idCol, hostCol, roleCol, stateCol, leaderForCol, replicaOfCol);
    }

    private PartitionLayout layoutOfAllTopics() {
        List<PartitionLayout.Partition> partitions = partitions(Optional.empty(), true);
        return new PartitionLayout(brokersOf(partitions), partitions);
    }

    private List<NodeStatus> controllers() {
        List<NodeStatus> known = knownNodes.get().stream().filter(n -> n.role() == NodeRole.CONTROLLER).toList();
        if (!known.isEmpty()) {
            return known;
        }
        try {
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NodeStatus> controllers = new ArrayList<>();
            for (QuorumInfo.ReplicaState voter : quorum.voters()) {
                QuorumInfo.Node node = quorum.nodes().get(voter.replicaId());
                String hostPort = node == null || node.endpoints().isEmpty() ? NONE
                        : node.endpoints().get(0).host() + ":" + node.endpoints().get(0).port();
                boolean up = voter.replicaId() == quorum.leaderId() || voter.lastCaughtUpTimestamp().isPresent();
                controllers.add(new NodeStatus(voter.replicaId(), NodeRole.CONTROLLER, hostPort, up));
            }
            return controllers;
        } catch (Exception e) {
            return List.of(); // a quorum we cannot describe: show the brokers only
        }
    }

    /**
     * {@code kafka-metadata-quorum describe --status}: {@code ClusterId, LeaderId, LeaderEpoch, HighWatermark,
     * MaxFollowerLag, MaxFollowerLagTimeMs, CurrentVoters, CurrentObservers} in one row.
     */
    public Table quorum() {
        DescribeClusterResult cluster = admin.describeCluster();
        String clusterId = await(cluster.clusterId(), "describing the cluster");
        QuorumInfo quorum = await(admin.describeMetadataQuorum().quorumInfo(), "describing the metadata quorum");
        QuorumInfo.ReplicaState leader = quorum.voters().stream()
                .filter(v -> v.replicaId() == quorum.leaderId()).findFirst().orElse(null);
        List<QuorumInfo.ReplicaState> all = new ArrayList<>(quorum.voters());
        all.addAll(quorum.observers());
        QuorumInfo.ReplicaState maxLagFollower = all.stream()
                .min(Comparator.comparingLong(QuorumInfo.ReplicaState::logEndOffset)).orElse(leader);
        long maxLag = maxLagFollower == null ? 0 : quorum.highWatermark() - maxLagFollower.logEndOffset();
        long maxLagTimeMs;
        if (leader == null || maxLagFollower == null || maxLagFollower == leader) {
            maxLagTimeMs = 0;
        } else if (leader.lastCaughtUpTimestamp().isPresent() && maxLagFollower.lastCaughtUpTimestamp().isPresent()) {
            maxLagTimeMs = leader.lastCaughtUpTimestamp().getAsLong() - maxLagFollower.lastCaughtUpTimestamp().getAsLong();
        } else {
            maxLagTimeMs = -1;
        }
        Table table = Table.create("quorum",
                StringColumn.create("ClusterId"), IntColumn.create("LeaderId"), LongColumn.create("LeaderEpoch"),
                LongColumn.create("HighWatermark"), LongColumn.create("MaxFollowerLag"),
                LongColumn.create("MaxFollowerLagTimeMs"), StringColumn.create("CurrentVoters"),
                StringColumn.create("CurrentObservers"));
        table.stringColumn("ClusterId").append(clusterId);
        table.intColumn("LeaderId").append(quorum.leaderId());
        table.longColumn("LeaderEpoch").append(quorum.leaderEpoch());
        table.longColumn("HighWatermark").append(quorum.highWatermark());
        table.longColumn("MaxFollowerLag").append(Math.max(0, maxLag));
        table.longColumn("MaxFollowerLagTimeMs").append(maxLagTimeMs);
        table.stringColumn("CurrentVoters").append(replicaIds(quorum.voters()));
        table.stringColumn("CurrentObservers").append(replicaIds(quorum.observers()));
        return table;
    }

    // ---------------------------------------------------------------- consumer groups

    /** {@code kafka-consumer-groups --list --type --state}: {@code GROUP, TYPE, STATE}. */
    public Table groups() {
        Collection<GroupListing> listings = await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all(), "listing groups");
        StringColumn groupCol = StringColumn.create("GROUP");
        StringColumn typeCol = StringColumn.create("TYPE");
        StringColumn stateCol = StringColumn.create("STATE");
        listings.stream().sorted(Comparator.comparing(GroupListing::groupId)).forEach(listing -> {
            groupCol.append(listing.groupId());
            typeCol.append(listing.type().map(t -> t.toString().toLowerCase()).orElse(NONE));
            stateCol.append(listing.groupState().map(GroupState::toString).orElse(NONE));
        });
        return Table.create("groups", groupCol, typeCol, stateCol);
    }

    /**
     * {@code kafka-consumer-groups --describe --group G}: {@code GROUP, TOPIC, PARTITION, CURRENT-OFFSET,
     * LOG-END-OFFSET, LAG, CONSUMER-ID, HOST, CLIENT-ID}, "-" where nothing is committed or nobody is assigned.
     */
    public Table groupOffsets(String group) {
        ConsumerGroupDescription description = describeGroup(group);
        Map<TopicPartition, OffsetAndMetadata> committed = await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "reading the offsets of group " + group);
        Map<TopicPartition, MemberDescription> owners = new HashMap<>();
        for (MemberDescription member : description.members()) {
            member.assignment().topicPartitions().forEach(tp -> owners.put(tp, member));
        }
        Set<TopicPartition> partitions = new TreeSet<>(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                partitions.add(tp);
            }
        });
        partitions.addAll(owners.keySet());
        Map<TopicPartition, Long> logEnd = offsetsOf(partitions, OffsetSpec.latest());

        Table table = Table.create("group " + group);
        for (String name : List.of("GROUP", "TOPIC")) {
            table.addColumns(StringColumn.create(name));
        }
        table.addColumns(IntColumn.create("PARTITION"));
        for (String name : List.of("CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID")) {
            table.addColumns(StringColumn.create(name));
        }
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            Long end = logEnd.get(tp);
            MemberDescription owner = owners.get(tp);
            table.stringColumn("GROUP").append(group);
            table.stringColumn("TOPIC").append(tp.topic());
            table.intColumn("PARTITION").append(tp.partition());
            table.stringColumn("CURRENT-OFFSET").append(offset == null ? NONE : Long.toString(offset.offset()));
            table.stringColumn("LOG-END-OFFSET").append(end == null ? NONE : Long.toString(end));
            table.stringColumn("LAG").append(offset == null || end == null ? NONE : Long.toString(Math.max(0, end - offset.offset())));
            table.stringColumn("CONSUMER-ID").append(owner == null ? NONE : owner.consumerId());
            table.stringColumn("HOST").append(owner == null ? NONE : owner.host());
            table.stringColumn("CLIENT-ID").append(owner == null ? NONE : owner.clientId());
        }
        return table;
    }

    /**
     * {@code kafka-consumer-groups --describe --group G --members --verbose}:
     * {@code GROUP, CONSUMER-ID, HOST, CLIENT-ID, #PARTITIONS, ASSIGNMENT}.
     */
    public Table groupMembers(String group) {
        ConsumerGroupDescription description = describeGroup(group);
        StringColumn groupCol = StringColumn.create("GROUP");
        StringColumn idCol = StringColumn.create("CONSUMER-ID");
        StringColumn hostCol = StringColumn.create("HOST");
        StringColumn clientCol = StringColumn.create("CLIENT-ID");
        IntColumn countCol = IntColumn.create("#PARTITIONS");
        StringColumn assignmentCol = StringColumn.create("ASSIGNMENT");
        description.members().stream().sorted(Comparator.comparing(MemberDescription::consumerId)).forEach(member -> {
            Set<TopicPartition> assigned = member.assignment().topicPartitions();
            groupCol.append(group);
            idCol.append(member.consumerId());
            hostCol.append(member.host());
            clientCol.append(member.clientId());
            countCol.append(assigned.size());
            assignmentCol.append(assignment(assigned));
        });
        return Table.create("members of " + group, groupCol, idCol, hostCol, clientCol, countCol, assignmentCol);
    }

    /**
     * {@code kafka-consumer-groups --describe --group G --state}:
     * {@code GROUP, COORDINATOR (ID), ASSIGNMENT-STRATEGY, STATE, #MEMBERS}.
     */
    public Table groupState(String group) {
        ConsumerGroupDescription description = describeGroup(group);
        Node coordinator = description.coordinator();
        Table table = Table.create("state of " + group,
                StringColumn.create("GROUP"), StringColumn.create("COORDINATOR (ID)"),
                StringColumn.create("ASSIGNMENT-STRATEGY"), StringColumn.create("STATE"), IntColumn.create("#MEMBERS"));
        table.stringColumn("GROUP").append(group);
        table.stringColumn("COORDINATOR (ID)").append(coordinator == null ? NONE : hostPort(coordinator) + " (" + coordinator.id() + ")");
        table.stringColumn("ASSIGNMENT-STRATEGY").append(description.partitionAssignor() == null || description.partitionAssignor().isEmpty()
                ? NONE : description.partitionAssignor());
        table.stringColumn("STATE").append(description.groupState().toString());
        table.intColumn("#MEMBERS").append(description.members().size());
        return table;
    }

    private ConsumerGroupDescription describeGroup(String group) {
        if (group == null || group.isBlank()) {
            throw new KafkaLabException("Give a consumer group name.");
        }
        ConsumerGroupDescription description;
        try {
            description = await(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group), "describing group " + group);
        } catch (KafkaLabException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw new KafkaLabException("Consumer group '" + group + "' does not exist.", e.getCause());
            }
            throw e;
        }
        if (description.groupState() == GroupState.DEAD && description.members().isEmpty()) {
            Map<TopicPartition, OffsetAndMetadata> committed = await(
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "reading the offsets of group " + group);
            if (committed.isEmpty()) {
                throw new KafkaLabException("Consumer group '" + group + "' does not exist.");
            }
        }
        return description;
    }

    // ---------------------------------------------------------------- offsets

    /**
     * {@code kafka-get-offsets}: {@code Topic, Partition, Offset} for each partition of {@code topic} (all topics
     * when null) at {@code spec} ({@link OffsetSpec#earliest()} or {@link OffsetSpec#latest()}); "-" for a partition
     * without a live leader.
     */
    public Table offsets(String topic, OffsetSpec spec) {
        List<PartitionLayout.Partition> partitions = partitions(Optional.ofNullable(topic), true);
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        Map<TopicPartition, Long> offsets = offsetsOf(tps, spec);
        StringColumn topicCol = StringColumn.create("Topic");
        IntColumn partitionCol = IntColumn.create("Partition");
        StringColumn offsetCol = StringColumn.create("Offset");
        for (TopicPartition tp : tps) {
            topicCol.append(tp.topic());
            partitionCol.append(tp.partition());
            Long offset = offsets.get(tp);
            offsetCol.append(offset == null ? NONE : Long.toString(offset));
        }
        return Table.create("offsets", topicCol, partitionCol, offsetCol);
    }

    /** Offsets of the partitions that have a live leader; the others are left out instead of waited for. */
    private Map<TopicPartition, Long> offsetsOf(Collection<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Set<String> topics = partitions.stream().map(TopicPartition::topic).collect(Collectors.toSet());
        Set<Integer> down = downBrokerIds();
        Map<TopicPartition, OffsetSpec> query = new LinkedHashMap<>();
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = await(admin.describeTopics(topics).allTopicNames(), "describing topics");
        } catch (KafkaLabException e) {
            return Map.of();
        }
        for (TopicPartition tp : partitions) {
            TopicDescription description = descriptions.get(tp.topic());
            if (description == null || tp.partition() >= description.partitions().size()) {
                continue;
            }
            Node leader = description.partitions().get(tp.partition()).leader();
            if (leader != null && leader.id() >= 0 && !down.contains(leader.id())) {
                query.put(tp, spec);
            }
        }
        ListOffsetsResult result = admin.listOffsets(query, new ListOffsetsOptions().timeoutMs((int) TIMEOUT.toMillis()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition tp : query.keySet()) {
            try {
                offsets.put(tp, result.partitionResult(tp).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                // no answer for this partition: shown as "-"
            }
        }
        return offsets;
    }

    // ---------------------------------------------------------------- helpers

    private Set<Integer> downBrokerIds() {
        return knownNodes.get().stream().filter(n -> n.role() == NodeRole.BROKER && !n.up())
                .map(NodeStatus::id).collect(Collectors.toSet());
    }

    private Collection<Node> liveBrokers() {
        return await(admin.describeCluster().nodes(), "describing the cluster");
    }

    private static String hostPort(Node node) {
        return node.host() + ":" + node.port();
    }

    private static String ids(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String replicaIds(List<QuorumInfo.ReplicaState> replicas) {
        return replicas.stream().map(QuorumInfo.ReplicaState::replicaId).sorted()
                .map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    private static String assignment(Set<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return NONE;
        }
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        assigned.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        return byTopic.entrySet().stream()
                .map(e -> e.getKey() + "(" + e.getValue().stream().sorted().map(String::valueOf).collect(Collectors.joining(",")) + ")")
                .collect(Collectors.joining(" "));
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        return AdminCalls.await(future, what, TIMEOUT);
    }
}
