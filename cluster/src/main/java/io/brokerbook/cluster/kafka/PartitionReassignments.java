package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Rows;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code kafka-reassign-partitions --generate|--execute|--verify}: propose new replica lists for some topics over
 * some brokers, start moving replicas (also to change a topic's replication factor), and follow the moves. Every
 * check (partitions and brokers exist, no move already running) happens before Kafka is asked to change anything.
 */
public final class PartitionReassignments {
    private final Admin admin;
    private final Random random;

    public PartitionReassignments(Admin admin) {
        this(admin, new Random());
    }

    /** {@code random}: where the striped assignment starts, as Kafka picks it at random. */
    public PartitionReassignments(Admin admin, Random random) {
        this.admin = admin;
        this.random = random;
    }

    /** What {@code --generate} prints: the current assignment of the topics and a proposal over {@code brokers}. */
    public record Proposal(ReassignmentPlan current, ReassignmentPlan proposed) {
    }

    /** The replicas every partition of {@code topics} has now (an unknown topic fails in one line). */
    public ReassignmentPlan current(Collection<String> topics) {
        List<ReplicaAssignment> partitions = new ArrayList<>();
        describe(new TreeSet<>(topics)).forEach((name, d) -> {
            for (TopicPartitionInfo info : d.partitions()) {
                partitions.add(new ReplicaAssignment(name, info.partition(), info.replicas().stream().map(Node::id).toList()));
            }
        });
        return new ReassignmentPlan(partitions);
    }

    /**
     * New replica lists for every partition of {@code topics}, each keeping its replication factor, striped over
     * {@code brokers} as Kafka's rack-unaware assignment does (leaders spread round robin, followers shifted).
     */
    public Proposal generate(List<String> topics, List<Integer> brokers) {
        if (brokers.isEmpty()) {
            throw new KafkaLabException("Give the brokers to move to with --broker-list, e.g. --broker-list 101,102,103.");
        }
        Set<Integer> distinct = new TreeSet<>(brokers);
        if (distinct.size() != brokers.size()) {
            throw new KafkaLabException("Duplicate broker ID(s) in broker-list: " + brokers + ".");
        }
        Set<Integer> live = liveBrokers();
        List<Integer> unknown = brokers.stream().filter(b -> !live.contains(b)).toList();
        if (!unknown.isEmpty()) {
            throw new KafkaLabException("Unknown broker id(s) in --broker-list: " + unknown + "; the live brokers are " + new TreeSet<>(live) + ".");
        }
        ReassignmentPlan current = current(topics);
        Map<String, List<ReplicaAssignment>> byTopic = new LinkedHashMap<>();
        current.partitions().forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p));
        List<Integer> sortedBrokers = List.copyOf(distinct);
        List<ReplicaAssignment> proposed = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> {
            int rf = partitions.get(0).replicas().size();
            if (rf > sortedBrokers.size()) {
                throw new KafkaLabException("Replication factor: " + rf + " larger than available brokers: " + sortedBrokers.size()
                    + " (topic " + topic + "); give more brokers in --broker-list.");
            }
            List<List<Integer>> lists = striped(sortedBrokers, partitions.size(), rf);
            for (int p = 0; p < partitions.size(); p++) {
                proposed.add(new ReplicaAssignment(topic, partitions.get(p).partition(), lists.get(p)));
            }
        });
        return new Proposal(current, new ReassignmentPlan(proposed));
    }

    /** Kafka's rack-unaware placement: a random start and shift, then striping (see AdminUtils in Kafka). */
    List<List<Integer>> striped(List<Integer> brokers, int partitions, int rf) {
        int n = brokers.size();
        int start = random.nextInt(n);
        int shift = random.nextInt(n);
        List<List<Integer>> result = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            if (p > 0 && p % n == 0) {
                shift++;
            }
            int first = (p + start) % n;
            List<Integer> replicas = new ArrayList<>();
            replicas.add(brokers.get(first));
            for (int j = 0; j < rf - 1; j++) {
                replicas.add(brokers.get((first + 1 + (shift + j) % (n - 1)) % n));
            }
            result.add(replicas);
        }
        return result;
    }

    /**
     * Starts the moves of {@code plan} and returns the assignment before it (to roll back). Refused in one line,
     * with nothing changed, when a partition or broker does not exist or a reassignment is already running.
     */
    public ReassignmentPlan execute(ReassignmentPlan plan) {
        Map<TopicPartition, PartitionReassignment> ongoing = AdminCalls.await(
            admin.listPartitionReassignments().reassignments(), "listing partition reassignments");
        if (!ongoing.isEmpty()) {
            throw new KafkaLabException("Cannot execute because there is an existing partition assignment ("
                + new TreeSet<>(ongoing.keySet().stream().map(TopicPartition::toString).toList())
                + "); wait for it with --verify.");
        }
        ReassignmentPlan before = currentOf(plan.topicPartitions());
        Set<Integer> live = liveBrokers();
        Set<Integer> unknown = new TreeSet<>();
        plan.partitions().forEach(p -> p.replicas().stream().filter(r -> !live.contains(r)).forEach(unknown::add));
        if (!unknown.isEmpty()) {
            throw new KafkaLabException("Unknown broker id(s) " + unknown + " in the reassignment; the live brokers are "
                + new TreeSet<>(live) + ". Nothing was changed.");
        }
        Map<TopicPartition, Optional<NewPartitionReassignment>> moves = new LinkedHashMap<>();
        plan.partitions().forEach(p -> moves.put(p.topicPartition(), Optional.of(new NewPartitionReassignment(p.replicas()))));
        AdminCalls.await(admin.alterPartitionReassignments(moves).all(), "starting partition reassignments");
        return before;
    }

    /** Where each partition of {@code plan} stands. */
    public Rows<ReassignmentState> verify(ReassignmentPlan plan) {
        Map<TopicPartition, PartitionReassignment> ongoing = AdminCalls.await(
            admin.listPartitionReassignments(plan.topicPartitions()).reassignments(), "listing partition reassignments");
        Map<TopicPartition, List<Integer>> now = new HashMap<>();
        currentOf(plan.topicPartitions()).partitions().forEach(p -> now.put(p.topicPartition(), p.replicas()));
        List<ReassignmentState> states = new ArrayList<>();
        for (ReplicaAssignment target : plan.partitions()) {
            TopicPartition tp = target.topicPartition();
            List<Integer> current = now.get(tp);
            ReassignmentState.Status status = ongoing.containsKey(tp) ? ReassignmentState.Status.IN_PROGRESS
                : current.equals(target.replicas()) ? ReassignmentState.Status.COMPLETED
                : ReassignmentState.Status.NOT_RUNNING;
            states.add(new ReassignmentState(tp.topic(), tp.partition(), current, target.replicas(), status));
        }
        return Rows.of("Status of partition reassignment", states);
    }

    /** The current replicas of exactly these partitions; an unknown one fails in one line. */
    private ReassignmentPlan currentOf(Set<TopicPartition> partitions) {
        Map<String, TopicDescription> topics = describe(new TreeSet<>(partitions.stream().map(TopicPartition::topic).toList()));
        List<ReplicaAssignment> result = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            TopicDescription d = topics.get(tp.topic());
            Optional<TopicPartitionInfo> info = d.partitions().stream().filter(i -> i.partition() == tp.partition()).findFirst();
            if (info.isEmpty()) {
                throw new KafkaLabException("Unable to find partition: " + tp + " (topic " + tp.topic() + " has "
                    + d.partitions().size() + " partitions). Nothing was changed.");
            }
            result.add(new ReplicaAssignment(tp.topic(), tp.partition(), info.get().replicas().stream().map(Node::id).toList()));
        }
        return new ReassignmentPlan(result);
    }

    private Map<String, TopicDescription> describe(Set<String> topics) {
        Set<String> existing = AdminCalls.await(admin.listTopics().names(), "listing topics");
        List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
        if (!missing.isEmpty()) {
            throw new KafkaLabException("Topic '" + String.join("', '", missing) + "' does not exist; list them with"
                + " %kafka-topics --list. Nothing was changed.");
        }
        return AdminCalls.await(admin.describeTopics(topics).allTopicNames(), "describing topics");
    }

    private Set<Integer> liveBrokers() {
        Set<Integer> ids = new TreeSet<>();
        AdminCalls.await(admin.describeCluster().nodes(), "describing the cluster").forEach(n -> ids.add(n.id()));
        return ids;
    }
}
