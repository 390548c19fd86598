package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Rows;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Snapshots of a cluster as typed records: what Kafka's own CLI tools show ({@code kafka-topics --describe},
 * {@code kafka-consumer-groups --describe}, {@code kafka-metadata-quorum describe}, {@code kafka-get-offsets}), with
 * numbers as numbers and absent values as empty optionals. Every call is bounded by timeouts: a stopped broker never
 * makes one hang. Errors a user can cause (unknown topic or group) are {@link KafkaLabException}s with one line.
 */
public final class KafkaInspector {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long UNKNOWN_TOPIC_GRACE_MS = 2_000;
    private static final String UNKNOWN_ADDRESS = "-";

    private final Admin admin;
    private final Supplier<List<NodeStatus>> knownNodes;
    private final Function<Set<Integer>, Admin> offsetsAdmin;

    /**
     * @param knownNodes   nodes whose up/down state is known first-hand (a lab); empty for external clusters
     * @param offsetsAdmin the Admin that lists offsets while the given brokers are stopped (see {@link OffsetsAdmin})
     */
    KafkaInspector(Admin admin, Supplier<List<NodeStatus>> knownNodes, Function<Set<Integer>, Admin> offsetsAdmin) {
        this.admin = admin;
        this.knownNodes = knownNodes;
        this.offsetsAdmin = offsetsAdmin;
    }

    // ---------------------------------------------------------------- topics

    /**
     * {@code kafka-topics --describe}: every partition of {@code topic} (all topics, internal ones included, when
     * empty), filtered as {@code --under-replicated-partitions} and {@code --unavailable-partitions}.
     */
    public Rows<PartitionReplicas> topics(Optional<String> topic, boolean underReplicatedOnly, boolean unavailableOnly) {
        List<PartitionReplicas> partitions = partitions(topic, true).stream()
                .filter(p -> !underReplicatedOnly || p.underReplicated())
                .filter(p -> !unavailableOnly || p.status() == PartitionReplicas.Status.OFFLINE)
                .toList();
        return Rows.of("topics", partitions);
    }

    /** The topic names, sorted; internal ones ({@code __consumer_offsets}) only if asked. */
    public SortedSet<String> topicNames(boolean includeInternal) {
        return new TreeSet<>(await(admin.listTopics(new ListTopicsOptions().listInternal(includeInternal)).names(),
                "listing topics"));
    }

    /** How many partitions {@code topic} has. */
    public int partitionCount(String topic) {
        return describeTopics(List.of(topic), true).get(topic).partitions().size();
    }

    /** Brokers (up and down), the partitions of one topic or of all non-internal topics, and the coordinator. */
    public PartitionLayout layout(Optional<String> topic) {
        List<PartitionReplicas> partitions = partitions(topic, false);
        Optional<QuorumInfo> quorum = describableQuorum();
        List<Integer> controllers = controllers(quorum).stream().map(NodeStatus::id).toList();
        OptionalInt leader = quorum.map(q -> OptionalInt.of(q.leaderId())).orElse(OptionalInt.empty());
        return new PartitionLayout(brokersOf(partitions), partitions, controllers, leader);
    }

    /** The ids of the brokers that serve now, sorted. */
    public List<Integer> liveBrokerIds() {
        List<NodeStatus> known = knownNodes.get();
        if (!known.isEmpty()) {
            return known.stream().filter(n -> n.role() == NodeRole.BROKER && n.up()).map(NodeStatus::id).sorted().toList();
        }
        return liveBrokers().stream().map(Node::id).sorted().toList();
    }

    /** The lab's own brokers; for an external cluster the live ones plus any replica holder that is not live. */
    private List<NodeStatus> brokersOf(List<PartitionReplicas> partitions) {
        Map<Integer, NodeStatus> brokers = new TreeMap<>();
        for (NodeStatus node : knownNodes.get()) {
            if (node.role() == NodeRole.BROKER) {
                brokers.put(node.id(), node);
            }
        }
        if (brokers.isEmpty()) {
            for (Node node : liveBrokers()) {
                brokers.put(node.id(), new NodeStatus(node.id(), NodeRole.BROKER, hostPort(node), true));
            }
            for (PartitionReplicas p : partitions) {
                for (int replica : p.replicas()) {
                    brokers.putIfAbsent(replica, new NodeStatus(replica, NodeRole.BROKER, UNKNOWN_ADDRESS, false));
                }
            }
        }
        return new ArrayList<>(brokers.values());
    }

    private List<PartitionReplicas> partitions(Optional<String> topic, boolean includeInternal) {
        Collection<String> names = topic.<Collection<String>>map(List::of).orElseGet(() -> topicNames(includeInternal));
        Map<String, TopicDescription> descriptions = names.isEmpty() ? Map.of() : describeTopics(names, topic.isPresent());
        Set<Integer> down = downBrokerIds();
        List<PartitionReplicas> partitions = new ArrayList<>();
        for (TopicDescription description : descriptions.values()) {
            for (TopicPartitionInfo info : description.partitions()) {
                partitions.add(partition(description.name(), info, down));
            }
        }
        partitions.sort(Comparator.comparing(PartitionReplicas::topic).thenComparingInt(PartitionReplicas::partition));
        return partitions;
    }

    private static PartitionReplicas partition(String topic, TopicPartitionInfo info, Set<Integer> downBrokers) {
        Node leaderNode = info.leader();
        OptionalInt leader = leaderNode == null || leaderNode.id() < 0 ? OptionalInt.empty() : OptionalInt.of(leaderNode.id());
        List<Integer> replicas = info.replicas().stream().map(Node::id).toList();
        List<Integer> isr = info.isr().stream().map(Node::id).toList();
        boolean preferred = leader.isPresent() && !replicas.isEmpty() && replicas.get(0) == leader.getAsInt();
        PartitionReplicas.Status status;
        if (leader.isEmpty() || downBrokers.contains(leader.getAsInt())) {
            status = PartitionReplicas.Status.OFFLINE;
        } else if (isr.size() < replicas.size()) {
            status = PartitionReplicas.Status.UNDER_REPLICATED;
        } else {
            status = PartitionReplicas.Status.OK;
        }
        return new PartitionReplicas(topic, info.partition(), leader, replicas, isr, preferred, status);
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
                if (System.nanoTime() > deadline) {
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
     * Every broker (up or down) with the number of partitions it leads and holds a replica of, then the
     * controllers: the table of {@code %kafka status}.
     */
    public Rows<NodeSummary> brokers() {
        List<PartitionReplicas> partitions = partitions(Optional.empty(), true);
        Map<Integer, Integer> leaderFor = new HashMap<>();
        Map<Integer, Integer> replicaOf = new HashMap<>();
        for (PartitionReplicas p : partitions) {
            p.leader().ifPresent(leader -> leaderFor.merge(leader, 1, Integer::sum));
            p.replicas().forEach(r -> replicaOf.merge(r, 1, Integer::sum));
        }
        List<NodeSummary> nodes = new ArrayList<>();
        for (NodeStatus broker : brokersOf(partitions)) {
            nodes.add(new NodeSummary(broker.id(), broker.hostPort(), NodeRole.BROKER, NodeSummary.State.of(broker.up()),
                    leaderFor.getOrDefault(broker.id(), 0), replicaOf.getOrDefault(broker.id(), 0)));
        }
        for (NodeStatus controller : controllers(describableQuorumUnlessKnown())) {
            nodes.add(new NodeSummary(controller.id(), controller.hostPort(), NodeRole.CONTROLLER,
                    NodeSummary.State.of(controller.up()), 0, 0));
        }
        return Rows.of("brokers", nodes);
    }

    /** The lab's controllers; for an external cluster the voters of its quorum (none if it cannot be described). */
    private List<NodeStatus> controllers(Optional<QuorumInfo> describedQuorum) {
        List<NodeStatus> known = knownNodes.get().stream().filter(n -> n.role() == NodeRole.CONTROLLER).toList();
        if (!known.isEmpty() || describedQuorum.isEmpty()) {
            return known;
        }
        QuorumInfo quorum = describedQuorum.get();
        List<NodeStatus> controllers = new ArrayList<>();
        for (QuorumInfo.ReplicaState voter : quorum.voters()) {
            QuorumInfo.Node node = quorum.nodes().get(voter.replicaId());
            String hostPort = node == null || node.endpoints().isEmpty() ? UNKNOWN_ADDRESS
                    : node.endpoints().get(0).host() + ":" + node.endpoints().get(0).port();
            boolean up = voter.replicaId() == quorum.leaderId() || voter.lastCaughtUpTimestamp().isPresent();
            controllers.add(new NodeStatus(voter.replicaId(), NodeRole.CONTROLLER, hostPort, up));
        }
        return controllers;
    }

    private Optional<QuorumInfo> describableQuorumUnlessKnown() {
        boolean known = knownNodes.get().stream().anyMatch(n -> n.role() == NodeRole.CONTROLLER);
        return known ? Optional.empty() : describableQuorum();
    }

    /** The metadata quorum, or empty when this cluster does not let us describe it (older or restricted clusters). */
    private Optional<QuorumInfo> describableQuorum() {
        try {
            return Optional.of(await(admin.describeMetadataQuorum().quorumInfo(), "describing the metadata quorum"));
        } catch (KafkaLabException e) {
            return Optional.empty();
        }
    }

    /** {@code kafka-metadata-quorum describe --status}. */
    public QuorumStatus quorum() {
        String clusterId = await(admin.describeCluster().clusterId(), "describing the cluster");
        QuorumInfo quorum = await(admin.describeMetadataQuorum().quorumInfo(), "describing the metadata quorum");
        QuorumInfo.ReplicaState leader = quorum.voters().stream()
                .filter(v -> v.replicaId() == quorum.leaderId()).findFirst().orElse(null);
        List<QuorumInfo.ReplicaState> all = new ArrayList<>(quorum.voters());
        all.addAll(quorum.observers());
        QuorumInfo.ReplicaState maxLagFollower = all.stream()
                .min(Comparator.comparingLong(QuorumInfo.ReplicaState::logEndOffset)).orElse(leader);
        long maxLag = maxLagFollower == null ? 0 : quorum.highWatermark() - maxLagFollower.logEndOffset();
        OptionalLong maxLagTimeMs;
        if (leader == null || maxLagFollower == null || maxLagFollower == leader) {
            maxLagTimeMs = OptionalLong.of(0);
        } else if (leader.lastCaughtUpTimestamp().isPresent() && maxLagFollower.lastCaughtUpTimestamp().isPresent()) {
            maxLagTimeMs = OptionalLong.of(leader.lastCaughtUpTimestamp().getAsLong() - maxLagFollower.lastCaughtUpTimestamp().getAsLong());
        } else {
            maxLagTimeMs = OptionalLong.empty();
        }
        return new QuorumStatus(clusterId, quorum.leaderId(), quorum.leaderEpoch(), quorum.highWatermark(),
                Math.max(0, maxLag), maxLagTimeMs, replicaIds(quorum.voters()), replicaIds(quorum.observers()));
    }

    /** {@code kafka-metadata-quorum describe --replication}: the voters, then the observers. */
    public Rows<QuorumReplica> quorumReplication() {
        QuorumInfo quorum = await(admin.describeMetadataQuorum().quorumInfo(), "describing the metadata quorum");
        List<QuorumReplica> replicas = new ArrayList<>();
        for (QuorumInfo.ReplicaState r : quorum.voters()) {
            replicas.add(replica(r, quorum, r.replicaId() == quorum.leaderId() ? QuorumReplica.Role.LEADER : QuorumReplica.Role.FOLLOWER));
        }
        for (QuorumInfo.ReplicaState r : quorum.observers()) {
            replicas.add(replica(r, quorum, QuorumReplica.Role.OBSERVER));
        }
        return Rows.of("metadata quorum replication", replicas);
    }

    private static QuorumReplica replica(QuorumInfo.ReplicaState r, QuorumInfo quorum, QuorumReplica.Role role) {
        return new QuorumReplica(r.replicaId(), r.logEndOffset(), Math.max(0, quorum.highWatermark() - r.logEndOffset()),
                instant(r.lastFetchTimestamp()), instant(r.lastCaughtUpTimestamp()), role);
    }

    private static Optional<Instant> instant(OptionalLong epochMillis) {
        return epochMillis.isPresent() ? Optional.of(Instant.ofEpochMilli(epochMillis.getAsLong())) : Optional.empty();
    }

    // ---------------------------------------------------------------- consumer groups

    /** {@code kafka-consumer-groups --list --type --state}, sorted by group. */
    public Rows<GroupSummary> groups() {
        Collection<GroupListing> listings = await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all(), "listing groups");
        return Rows.of("groups", listings.stream().sorted(Comparator.comparing(GroupListing::groupId))
                .map(l -> new GroupSummary(l.groupId(), l.type(), l.groupState())).toList());
    }

    /**
     * {@code kafka-consumer-groups --describe --group G}: every partition the group has a committed offset for or is
     * assigned, with its committed offset, log-end offset, lag and owner.
     */
    public GroupOffsets groupOffsets(String group) {
        ConsumerGroupDescription description = describeGroup(group);
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group);
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
        List<GroupPartition> rows = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            OptionalLong current = offset == null ? OptionalLong.empty() : OptionalLong.of(offset.offset());
            Long end = logEnd.get(tp);
            OptionalLong lag = current.isEmpty() || end == null ? OptionalLong.empty()
                    : OptionalLong.of(Math.max(0, end - current.getAsLong()));
            Optional<MemberDescription> owner = Optional.ofNullable(owners.get(tp));
            rows.add(new GroupPartition(group, tp.topic(), tp.partition(), current,
                    end == null ? OptionalLong.empty() : OptionalLong.of(end), lag,
                    owner.map(MemberDescription::consumerId), owner.map(MemberDescription::host),
                    owner.map(MemberDescription::clientId)));
        }
        return new GroupOffsets(group, rows);
    }

    /** {@code kafka-consumer-groups --describe --group G --members --verbose}, sorted by consumer id. */
    public Rows<GroupMember> groupMembers(String group) {
        ConsumerGroupDescription description = describeGroup(group);
        List<GroupMember> members = description.members().stream()
                .sorted(Comparator.comparing(MemberDescription::consumerId))
                .map(m -> {
                    Set<TopicPartition> assigned = m.assignment().topicPartitions();
                    Map<String, List<Integer>> byTopic = assigned.stream().collect(Collectors.groupingBy(TopicPartition::topic,
                            Collectors.mapping(TopicPartition::partition, Collectors.toList())));
                    return new GroupMember(group, m.consumerId(), m.host(), m.clientId(), assigned.size(),
                            GroupMember.Assignment.of(byTopic));
                }).toList();
        return Rows.of("members of " + group, members);
    }

    /** {@code kafka-consumer-groups --describe --group G --state}. */
    public GroupStatus groupState(String group) {
        ConsumerGroupDescription description = describeGroup(group);
        Node coordinator = description.coordinator();
        String strategy = description.partitionAssignor();
        return new GroupStatus(group,
                coordinator == null ? Optional.empty()
                        : Optional.of(new GroupStatus.Coordinator(coordinator.id(), coordinator.host(), coordinator.port())),
                strategy == null || strategy.isEmpty() ? Optional.empty() : Optional.of(strategy),
                description.groupState(), description.members().size());
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
        if (description.groupState() == GroupState.DEAD && description.members().isEmpty() && committedOffsets(group).isEmpty()) {
            throw new KafkaLabException("Consumer group '" + group + "' does not exist.");
        }
        return description;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) {
        return await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "reading the offsets of group " + group);
    }

    // ---------------------------------------------------------------- offsets

    /**
     * {@code kafka-get-offsets}: the offset of each partition of {@code topic} (all topics when null) at
     * {@code spec} ({@link OffsetSpec#earliest()}, {@link OffsetSpec#latest()}, ...); empty for a partition without
     * a live leader.
     */
    public Rows<PartitionOffset> offsets(String topic, OffsetSpec spec) {
        List<TopicPartition> partitions = partitions(Optional.ofNullable(topic), true).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        Map<TopicPartition, Long> offsets = offsetsOf(partitions, spec);
        return Rows.of("offsets", partitions.stream().map(tp -> {
            Long offset = offsets.get(tp);
            return new PartitionOffset(tp.topic(), tp.partition(), offset == null ? OptionalLong.empty() : OptionalLong.of(offset));
        }).toList());
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
        ListOffsetsResult result = offsetsAdmin.apply(down)
                .listOffsets(query, new ListOffsetsOptions().timeoutMs((int) TIMEOUT.toMillis()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition tp : query.keySet()) {
            try {
                offsets.put(tp, result.partitionResult(tp).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                // no answer for this partition: its offset stays unknown
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

    private static List<Integer> replicaIds(List<QuorumInfo.ReplicaState> replicas) {
        return replicas.stream().map(QuorumInfo.ReplicaState::replicaId).sorted().toList();
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        return AdminCalls.await(future, what, TIMEOUT);
    }
}
