package io.brokerbook.cluster.kafka;

import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;

import java.util.Optional;

/** One consumer group as {@code kafka-consumer-groups --list --type --state} shows it (empty when not reported). */
public record GroupSummary(String group, Optional<GroupType> type, Optional<GroupState> state) {
}
