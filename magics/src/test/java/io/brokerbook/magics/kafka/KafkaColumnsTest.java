package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.GroupMember;
import io.brokerbook.cluster.kafka.GroupPartition;
import io.brokerbook.cluster.kafka.GroupStatus;
import io.brokerbook.cluster.kafka.GroupSummary;
import io.brokerbook.cluster.kafka.NodeRole;
import io.brokerbook.cluster.kafka.NodeSummary;
import io.brokerbook.cluster.kafka.PartitionOffset;
import io.brokerbook.cluster.kafka.PartitionReplicas;
import io.brokerbook.cluster.kafka.QuorumReplica;
import io.brokerbook.cluster.kafka.QuorumStatus;
import io.brokerbook.magics.display.RecordTable;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The typed inspection records render with the column names and cells of Kafka's CLI tools ("-" where absent). */
class KafkaColumnsTest {

    private static Table table(Record row) {
        return RecordTable.table("t", List.of(row));
    }

    private static List<String> cells(Table t) {
        return t.columns().stream().map(c -> c.isMissing(0) ? "-" : c.getString(0)).toList();
    }

    @Test
    void topicsDescribe() {
        Table t = table(new PartitionReplicas("orders", 2, OptionalInt.empty(), List.of(102, 101), List.of(101), false,
            PartitionReplicas.Status.OFFLINE));
        assertEquals(List.of("Topic", "Partition", "Leader", "Replicas", "Isr", "Preferred", "Status"), t.columnNames());
        assertEquals(List.of("orders", "2", "-", "102,101", "101", "false", "offline"), cells(t));
    }

    @Test
    void brokersAndQuorum() {
        Table brokers = table(new NodeSummary(101, "127.0.0.1:9092", NodeRole.BROKER, NodeSummary.State.DOWN, 2, 4));
        assertEquals(List.of("ID", "HOST:PORT", "ROLE", "STATE", "LEADER-FOR", "REPLICA-OF"), brokers.columnNames());
        assertEquals(List.of("101", "127.0.0.1:9092", "broker", "down", "2", "4"), cells(brokers));

        Table quorum = table(new QuorumStatus("abc", 1, 3, 120, 0, OptionalLong.empty(), List.of(1, 2, 3), List.of(101)));
        assertEquals(List.of("ClusterId", "LeaderId", "LeaderEpoch", "HighWatermark", "MaxFollowerLag",
            "MaxFollowerLagTimeMs", "CurrentVoters", "CurrentObservers"), quorum.columnNames());
        assertEquals(List.of("abc", "1", "3", "120", "0", "-", "1,2,3", "101"), cells(quorum));

        Table replication = table(new QuorumReplica(1, 120, 0, Optional.of(Instant.EPOCH), Optional.empty(),
            QuorumReplica.Role.LEADER));
        assertEquals(List.of("NodeId", "LogEndOffset", "Lag", "LastFetchTimestamp", "LastCaughtUpTimestamp", "Status"),
            replication.columnNames());
        assertEquals(List.of("1", "120", "0", "1970-01-01T00:00:00Z", "-", "Leader"), cells(replication));
    }

    @Test
    void consumerGroups() {
        Table list = table(new GroupSummary("billing", Optional.of(GroupType.CLASSIC), Optional.of(GroupState.EMPTY)));
        assertEquals(List.of("GROUP", "TYPE", "STATE"), list.columnNames());
        assertEquals(List.of("billing", "Classic", "Empty"), cells(list));

        Table offsets = table(new GroupPartition("billing", "orders", 0, OptionalLong.empty(), OptionalLong.of(12),
            OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertEquals(List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID",
            "HOST", "CLIENT-ID"), offsets.columnNames());
        assertEquals(List.of("billing", "orders", "0", "-", "12", "-", "-", "-", "-"), cells(offsets));

        Table members = table(new GroupMember("billing", "c-1", "/127.0.0.1", "client", 3,
            new GroupMember.Assignment(new java.util.TreeMap<>(Map.of("orders", List.of(2, 0), "audit", List.of(1))))));
        assertEquals(List.of("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT"), members.columnNames());
        assertEquals(List.of("billing", "c-1", "/127.0.0.1", "client", "3", "audit(1) orders(0,2)"), cells(members));

        Table state = table(new GroupStatus("billing", Optional.of(new GroupStatus.Coordinator(102, "127.0.0.1", 9093)),
            Optional.of("range"), GroupState.STABLE, 2));
        assertEquals(List.of("GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS"), state.columnNames());
        assertEquals(List.of("billing", "127.0.0.1:9093 (102)", "range", "Stable", "2"), cells(state));
    }

    @Test
    void anEmptyResultStillShowsItsColumns() {
        Table members = RecordTable.table("members of idle", GroupMember.class, List.of());
        assertEquals(List.of("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT"), members.columnNames());
        assertEquals(0, members.rowCount());
    }

    @Test
    void offsets() {
        Table t = table(new PartitionOffset("orders", 1, OptionalLong.of(40)));
        assertEquals(List.of("Topic", "Partition", "Offset"), t.columnNames());
        assertEquals(List.of("orders", "1", "40"), cells(t));
    }
}
