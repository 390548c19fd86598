package io.brokerbook.cluster.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.LeaderChangeMessage;
import org.apache.kafka.common.metadata.BrokerRegistrationChangeRecord;
import org.apache.kafka.common.metadata.ConfigRecord;
import org.apache.kafka.common.metadata.FeatureLevelRecord;
import org.apache.kafka.common.metadata.FenceBrokerRecord;
import org.apache.kafka.common.metadata.PartitionChangeRecord;
import org.apache.kafka.common.metadata.PartitionRecord;
import org.apache.kafka.common.metadata.RegisterBrokerRecord;
import org.apache.kafka.common.metadata.RegisterControllerRecord;
import org.apache.kafka.common.metadata.RemoveTopicRecord;
import org.apache.kafka.common.metadata.TopicRecord;
import org.apache.kafka.common.metadata.UnfenceBrokerRecord;
import org.apache.kafka.common.metadata.UnregisterBrokerRecord;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.ControlRecordUtils;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.metadata.MetadataRecordSerde;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a segment (or snapshot) of the KRaft metadata log with Kafka's own record classes and serde — the decoding
 * {@code kafka-dump-log --cluster-metadata-decoder} does — into typed {@link MetadataLogEntry} rows.
 */
public final class MetadataLogReader {
    private static final PartitionChangeRecord NO_CHANGE = new PartitionChangeRecord();

    private final Map<Uuid, String> topicNames = new HashMap<>();

    private MetadataLogReader() {
    }

    /** Every record of the file, control records (leader changes) included, in offset order. */
    public static List<MetadataLogEntry> read(Path file) {
        return new MetadataLogReader().readAll(file);
    }

    private List<MetadataLogEntry> readAll(Path file) {
        List<MetadataLogEntry> entries = new ArrayList<>();
        try {
            FileRecords records = FileRecords.open(file.toFile(), false);
            try {
                for (FileChannelRecordBatch batch : records.batches()) {
                    for (Record record : batch) {
                        entries.add(batch.isControlBatch()
                                ? control(record, batch.partitionLeaderEpoch())
                                : metadata(record, batch.partitionLeaderEpoch()));
                    }
                }
            } finally {
                records.closeHandlers(); // as DumpLogSegments: close() would trim the live segment it opened read-only
            }
        } catch (IOException e) {
            throw new KafkaLabException("Cannot read the metadata log " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new KafkaLabException("Cannot decode " + file + " as a metadata log: " + KafkaLabException.oneLine(e), e);
        }
        return entries;
    }

    private static MetadataLogEntry control(Record record, int epoch) {
        ControlRecordType type = ControlRecordType.parse(record.key());
        if (type == ControlRecordType.LEADER_CHANGE) {
            LeaderChangeMessage change = ControlRecordUtils.deserializeLeaderChangeMessage(record);
            return new MetadataLogEntry(record.offset(), epoch, MetadataLogEntry.LEADER_CHANGE, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of(change.leaderId()),
                    "controller leader elected, voters " + change.voters().stream().map(v -> v.voterId()).toList());
        }
        return new MetadataLogEntry(record.offset(), epoch, "control " + type, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "");
    }

    private MetadataLogEntry metadata(Record record, int epoch) {
        ApiMessage message = MetadataRecordSerde.INSTANCE.read(new ByteBufferAccessor(record.value()), record.valueSize())
                .message();
        Row row = new Row(message.getClass().getSimpleName());
        if (message instanceof RegisterBrokerRecord r) {
            row.broker = r.brokerId();
            row.detail = "epoch " + r.brokerEpoch() + (r.fenced() ? ", fenced" : "") + ", " + r.endPoints().stream()
                    .map(e -> e.name() + "://" + e.host() + ":" + e.port()).toList();
        } else if (message instanceof BrokerRegistrationChangeRecord r) {
            row.broker = r.brokerId();
            row.detail = join(r.fenced() == 1 ? "fenced" : r.fenced() == -1 ? "unfenced" : "",
                    r.inControlledShutdown() == 1 ? "in controlled shutdown" : "");
        } else if (message instanceof FenceBrokerRecord r) {
            row.broker = r.id();
            row.detail = "fenced";
        } else if (message instanceof UnfenceBrokerRecord r) {
            row.broker = r.id();
            row.detail = "unfenced";
        } else if (message instanceof UnregisterBrokerRecord r) {
            row.broker = r.brokerId();
        } else if (message instanceof TopicRecord r) {
            topicNames.put(r.topicId(), r.name());
            row.topic = r.name();
            row.detail = "id " + r.topicId();
        } else if (message instanceof RemoveTopicRecord r) {
            row.topic = topicName(r.topicId());
        } else if (message instanceof PartitionRecord r) {
            row.topic = topicName(r.topicId());
            row.partition = r.partitionId();
            row.leader = r.leader();
            row.detail = "replicas " + r.replicas() + ", isr " + r.isr() + ", leader epoch " + r.leaderEpoch();
        } else if (message instanceof PartitionChangeRecord r) {
            row.topic = topicName(r.topicId());
            row.partition = r.partitionId();
            row.leader = r.leader() == NO_CHANGE.leader() ? null : r.leader();
            row.detail = r.isr() == null ? "" : "isr " + r.isr();
        } else if (message instanceof FeatureLevelRecord r) {
            row.detail = r.name() + "=" + r.featureLevel();
        } else if (message instanceof ConfigRecord r) {
            row.detail = (r.resourceName().isEmpty() ? "cluster" : r.resourceName()) + ": " + r.name() + "=" + r.value();
        } else if (message instanceof RegisterControllerRecord r) {
            row.detail = "controller " + r.controllerId();
        }
        return new MetadataLogEntry(record.offset(), epoch, row.type, Optional.ofNullable(row.broker),
                Optional.ofNullable(row.topic), Optional.ofNullable(row.partition), Optional.ofNullable(row.leader),
                row.detail);
    }

    private String topicName(Uuid id) {
        return topicNames.getOrDefault(id, id.toString());
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + ", " + b;
    }

    /** The fields of one entry while it is decoded. */
    private static final class Row {
        final String type;
        Integer broker;
        String topic;
        Integer partition;
        Integer leader;
        String detail = "";

        Row(String type) {
            this.type = type;
        }
    }
}
