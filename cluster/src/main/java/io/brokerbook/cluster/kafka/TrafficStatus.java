package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.Column;

import java.util.Optional;

/**
 * The counts of a background traffic run. {@code acknowledgedUnread}: records the brokers acknowledged that no
 * consumer of the group has read (yet) — once the consumers have caught up, a record still counted here was lost.
 */
public record TrafficStatus(@Column("TOPIC") String topic, @Column("RATE/S") int rate, @Column("STATE") String state,
                            @Column("SECONDS") double seconds, @Column("SENT") long sent,
                            @Column("ACKNOWLEDGED") long acknowledged, @Column("FAILED") long failed,
                            @Column("GROUP") Optional<String> group, @Column("READ") long read,
                            @Column("DUPLICATES") long duplicates, @Column("ACKED-UNREAD") long acknowledgedUnread,
                            @Column("LAST-ERROR") Optional<String> lastError) {
}
