package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.LabException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code kafka-leader-election}: a preferred election puts leadership back on each partition's first replica when
 * it is in sync; an unclean one gives a partition without a live leader to any live replica, even one that was not
 * in sync (the records it missed are lost).
 */
public final class LeaderElections {
    private final Admin admin;

    public LeaderElections(Admin admin) {
        this.admin = admin;
    }

    /** {@code partitions} empty: every partition the election type applies to ({@code --all-topic-partitions}). */
    public ElectionOutcome elect(ElectionType type, Optional<Set<TopicPartition>> partitions) {
        Map<TopicPartition, Optional<Throwable>> results = AdminCalls.await(
            admin.electLeaders(type, partitions.orElse(null)).partitions(), "electing leaders (" + type + ")");
        List<TopicPartition> elected = new ArrayList<>();
        List<TopicPartition> notNeeded = new ArrayList<>();
        Map<TopicPartition, String> failed = new HashMap<>();
        results.forEach((tp, error) -> {
            if (error.isEmpty()) {
                elected.add(tp);
            } else if (error.get() instanceof ElectionNotNeededException) {
                notNeeded.add(tp);
            } else {
                failed.put(tp, error.get().getClass().getName() + ": " + LabException.oneLine(error.get()));
            }
        });
        return new ElectionOutcome(type, elected, notNeeded, failed);
    }
}
