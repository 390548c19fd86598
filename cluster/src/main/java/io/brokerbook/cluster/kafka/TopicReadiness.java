package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.LabException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting until a topic is usable: it shows its partitions and every one has a leader, so the next cell may
 * produce at once. Kafka has no call that waits for this, so the topic is described again every 50 ms until then;
 * what is still missing at the deadline is the one-line error.
 */
final class TopicReadiness {
    private static final long POLL_MS = 50;
    /** The least a describe call gets, also as the deadline nears, so the last answer can still say what is missing. */
    private static final long MIN_CALL_MS = 1_000;

    private TopicReadiness() {
    }

    static void await(Admin admin, String topic, int partitions, Duration timeout) {
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
