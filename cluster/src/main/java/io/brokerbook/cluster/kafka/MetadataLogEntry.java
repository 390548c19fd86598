package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;

import java.util.Optional;

/**
 * One record of the KRaft metadata log ({@code __cluster_metadata}), the few fields a reader looks for.
 *
 * @param offset    its offset in the log
 * @param epoch     the Raft epoch of the controller leader that wrote it (the batch's partition leader epoch)
 * @param record    the record's type as Kafka names its class: {@code RegisterBrokerRecord}, {@code TopicRecord},
 *                  {@code PartitionChangeRecord}, …; {@code LeaderChange} for the control record a newly elected
 *                  controller leader writes
 * @param broker    the broker it is about (registration, fencing, unregistration)
 * @param topic     the topic it is about (by name, from the log's TopicRecord)
 * @param partition the partition it is about
 * @param leader    the partition leader it sets, or the new controller leader of a LeaderChange
 * @param detail    the other fields that tell the story (fenced, ISR, feature level, …)
 */
public record MetadataLogEntry(@Column("OFFSET") long offset, @Column("EPOCH") int epoch,
                               @Column("RECORD") String record, @Column("BROKER") Optional<Integer> broker,
                               @Column("TOPIC") Optional<String> topic, @Column("PARTITION") Optional<Integer> partition,
                               @Column("LEADER") Optional<Integer> leader, @Column("DETAIL") String detail) {
    public static final String NO_OP = "NoOpRecord";
    public static final String LEADER_CHANGE = "LeaderChange";
}
