package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.GroupOffsets;
import io.brokerbook.cluster.kafka.GroupPartition;
import io.brokerbook.cluster.kafka.GroupStatus;
import io.brokerbook.cluster.kafka.PartitionLayout;
import io.brokerbook.cluster.kafka.QuorumStatus;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.RecordTable;
import io.brokerbook.magics.display.RendererRegistry;

import java.util.List;

/**
 * How the Kafka results that are not {@link Rows} look: one-row tables for the quorum and a group's state, the
 * group's partitions table, and the partition layout picture. The magics show them the same way Java cells do.
 */
final class KafkaRenderers {
    private KafkaRenderers() {
    }

    static void register(RendererRegistry renderers) {
        renderers.register(PartitionLayout.class, LayoutSvg::render);
        renderers.register(QuorumStatus.class, KafkaRenderers::quorum);
        renderers.register(GroupOffsets.class, KafkaRenderers::groupOffsets);
        renderers.register(GroupStatus.class, KafkaRenderers::groupState);
    }

    static DisplayData quorum(QuorumStatus quorum) {
        return RecordTable.of(Rows.of("quorum", List.of(quorum)));
    }

    static DisplayData groupOffsets(GroupOffsets offsets) {
        return RecordTable.of(offsets.rows(), GroupPartition.class);
    }

    static DisplayData groupState(GroupStatus state) {
        return RecordTable.of(Rows.of("state of " + state.group(), List.of(state)));
    }
}
