package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.LabException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting until a topic is usable: it shows its partitions, every one has a leader, and each leader serves its
 * partition, so the next cell may produce at once. Kafka has no call that waits for this, so the topic is described
 * again every 50 ms until then; what is still missing at the deadline is the one-line error.
 * <p>
 * A broker's metadata names the leader a moment before that broker has created the partition's log; a produce in
 * that moment gets NOT_LEADER_OR_FOLLOWER and is retried. An idempotent producer's later batches may land before the
 * retried first one, which the broker then refuses as out of order, and the producer holds that batch until its
 * delivery timeout (2 minutes). So readiness also asks each leader for the partition's end offset: a leader answers
 * only once the partition is its own. That question goes through an Admin of its own, closed at once: an Admin
 * remembers the leaders its listOffsets calls found and asks them again later, so the lab's shared Admin would, after
 * a broker stop, keep asking the stopped leader until its timeout (%kafka-get-offsets showed "-").
 */
final class TopicReadiness {
    private static final long POLL_MS = 50;
    /** The least a describe call gets, also as the deadline nears, so the last answer can still say what is missing. */
    private static final long MIN_CALL_MS = 1_000;

    private TopicReadiness() {
    }

    static void await(Admin admin, Supplier<Admin> probes, String topic, int partitions, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String missing = null;
        while (true) {
            long leftMs = Math.max(MIN_CALL_MS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(leftMs, TimeUnit.MILLISECONDS).get(topic);
                List<Integer> leaderless = description.partitions().stream()
                        .filter(p -> p.leader() == null || p.leader().id() < 0).map(TopicPartitionInfo::partition).toList();
                if (description.partitions().size() >= partitions && leaderless.isEmpty()) {
                    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                    description.partitions().forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                    try (Admin probe = probes.get()) {
                        probe.listOffsets(ends).all().get(leftMs, TimeUnit.MILLISECONDS);
                    }
                    return;
                }
                missing = description.partitions().size() < partitions
                        ? "it shows " + description.partitions().size() + " of its " + partitions + " partitions"
                        : "partition" + (leaderless.size() == 1 ? " " : "s ") + leaderless + (leaderless.size() == 1 ? " has" : " have") + " no leader";
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) { // an unknown topic is retriable: metadata on its way
                    throw new KafkaLabException("Failed waiting for topic '" + topic + "': " + LabException.oneLine(e.getCause()), e.getCause());
                }
                missing = LabException.oneLine(e.getCause());
            } catch (TimeoutException e) {
                missing = missing == null ? "Kafka did not describe it in time" : missing; // keep what an earlier answer said
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaLabException("Interrupted while waiting for topic '" + topic + "'.", e);
            }
            if (System.nanoTime() >= deadline) {
                throw new KafkaLabException("Topic '" + topic + "' is not ready after " + timeout.toSeconds() + " s: "
                        + missing + ". Are its brokers up?");
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaLabException("Interrupted while waiting for topic '" + topic + "'.", e);
            }
        }
    }
}
