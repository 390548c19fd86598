package io.brokerbook.magics.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Map;
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
    /** One record as read: key and value as UTF-8 text (null when the record has none). */
    record Row(String member, int partition, long offset, String key, String value, long timestamp, String timestampType,
               List<Map.Entry<String, String>> headers, Integer leaderEpoch, Integer deliveryCount) { }

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
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>(h.key(), text(h.value())));
        }
        return new Row(member, r.partition(), r.offset(), text(r.key()), text(r.value()), r.timestamp(),
            r.timestampType() == TimestampType.NO_TIMESTAMP_TYPE ? "NoTimestampType" : r.timestampType().name,
            headers, r.leaderEpoch().orElse(null), r.deliveryCount().map(Short::intValue).orElse(null));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private synchronized List<Row> kept() {
        List<Row> rows = new ArrayList<>(first);
        rows.addAll(last);
        return rows;
    }

    /** The kept rows as the console consumer shows them: the columns {@code format} asks for (Member first if asked). */
    public Table table(String name, boolean withMember, RecordFormat format) {
        List<String> names = format.columns();
        List<StringColumn> columns = new ArrayList<>();
        if (withMember) {
            columns.add(StringColumn.create("Member"));
        }
        names.forEach(n -> columns.add(StringColumn.create(n)));
        for (Row r : kept()) {
            int c = 0;
            if (withMember) {
                columns.get(c++).append(r.member());
            }
            for (String cell : format.cells(r)) {
                columns.get(c++).append(cell);
            }
        }
        return Table.create(name, columns.toArray(new StringColumn[0]));
    }

    /** The kept rows as Kafka's console consumer prints them. */
    public String lines(RecordFormat format) {
        StringBuilder out = new StringBuilder();
        kept().forEach(r -> out.append(format.line(r)));
        return out.toString();
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
        for (Row r : kept()) {
            member.append(r.member());
            partition.append(r.partition());
            offset.append(r.offset());
            key.append(r.key() == null ? "null" : r.key());
            value.append(r.value() == null ? "null" : r.value());
            timestamp.append(Instant.ofEpochMilli(r.timestamp()).toString());
        }
        return withMember ? Table.create(name, member, partition, offset, key, value, timestamp)
            : Table.create(name, partition, offset, key, value, timestamp);
    }
}
