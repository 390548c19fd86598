package io.brokerbook.magics.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The records a consumer read, as the rows {@code Partition, Offset, Key, Value, Timestamp} (with {@code Member}
 * first when several members read): the first {@code head} rows and the last {@code tail} ones are kept, so a
 * million records cost no memory; {@link #total()} counts them all. Thread-safe.
 */
public final class RecordRows {
    private record Row(String member, int partition, long offset, String key, String value, long timestamp) { }

    private final int head;
    private final int tail;
    private final List<Row> first = new ArrayList<>();
    private final Deque<Row> last = new ArrayDeque<>();
    private long total;

    public RecordRows(int head, int tail) {
        this.head = head;
        this.tail = tail;
    }

    public synchronized void add(String member, ConsumerRecord<byte[], byte[]> r) {
        total++;
        if (first.size() < head) {
            first.add(row(member, r));
            return;
        }
        if (tail <= 0) {
            return;
        }
        if (last.size() == tail) {
            last.removeFirst();
        }
        last.addLast(row(member, r));
    }

    private static Row row(String member, ConsumerRecord<byte[], byte[]> r) {
        return new Row(member, r.partition(), r.offset(), r.key() == null ? "null" : new String(r.key(), StandardCharsets.UTF_8),
            r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8), r.timestamp());
    }

    public synchronized long total() {
        return total;
    }

    /** Whether rows between the first and the last ones were left out. */
    public synchronized boolean truncated() {
        return total > first.size() + last.size();
    }

    /** The kept rows; {@code withMember} adds the Member column first. */
    public synchronized Table table(String name, boolean withMember) {
        StringColumn member = StringColumn.create("Member");
        IntColumn partition = IntColumn.create("Partition");
        LongColumn offset = LongColumn.create("Offset");
        StringColumn key = StringColumn.create("Key");
        StringColumn value = StringColumn.create("Value");
        StringColumn timestamp = StringColumn.create("Timestamp");
        List<Row> rows = new ArrayList<>(first);
        rows.addAll(last);
        for (Row r : rows) {
            member.append(r.member());
            partition.append(r.partition());
            offset.append(r.offset());
            key.append(r.key());
            value.append(r.value());
            timestamp.append(Instant.ofEpochMilli(r.timestamp()).toString());
        }
        return withMember ? Table.create(name, member, partition, offset, key, value, timestamp)
            : Table.create(name, partition, offset, key, value, timestamp);
    }
}
