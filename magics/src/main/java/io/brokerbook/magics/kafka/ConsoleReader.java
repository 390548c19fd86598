package io.brokerbook.magics.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The console consumer's read loop (the magic and {@code kafka.read(...)} in Java cells): polls until
 * {@code maxMessages} records were read or nothing arrived for {@code timeoutMs}, commits what it read when the
 * consumer has a group (asynchronously while reading, synchronously at the end), and stops at once on
 * {@code consumer.wakeup()} (a {@link org.apache.kafka.common.errors.WakeupException} reaches the caller).
 * The silence is counted from the last record or the partition assignment; a consumer that subscribes (and so
 * joins a group first) starts counting only once it has its partitions, waiting {@link #JOIN_TIMEOUT_MS} at most
 * for them: a slow join does not end the read before it started.
 */
public final class ConsoleReader {
    /** Called after each batch with the records read so far. */
    @FunctionalInterface
    public interface Progress {
        void update(long read, long elapsedNanos);
    }

    /** How long a subscribing consumer waits for its partition assignment before giving up (as GroupMembersRun). */
    public static final long JOIN_TIMEOUT_MS = 60_000;
    private static final long COMMIT_EVERY_NANOS = 500_000_000L;

    private final Consumer<byte[], byte[]> consumer;
    private final boolean commit;
    private volatile long lastActivity = System.nanoTime();
    private volatile long firstAssignment;
    private boolean subscribed;
    private long bytes;

    public ConsoleReader(Consumer<byte[], byte[]> consumer, boolean commit) {
        this.consumer = consumer;
        this.commit = commit;
    }

    /** A rebalance listener for {@code subscribe}: the first assignment starts the silence clock, later ones restart it. */
    public ConsumerRebalanceListener listener() {
        subscribed = true;
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                lastActivity = System.nanoTime();
                if (firstAssignment == 0) {
                    firstAssignment = lastActivity;
                }
            }
        };
    }

    /** Key and value bytes of the records read so far. */
    public long bytesRead() {
        return bytes;
    }

    /** {@link System#nanoTime()} of the first partition assignment (0 before it, or without subscribe). */
    public long firstAssignmentNanos() {
        return firstAssignment;
    }

    /** False when the consumer subscribed but no partitions were assigned to it within {@link #JOIN_TIMEOUT_MS}. */
    public boolean joined() {
        return !subscribed || firstAssignment != 0;
    }

    /** Reads into {@code rows} (member label {@code member}, may be null); returns the number of records read. */
    public long read(long maxMessages, long timeoutMs, RecordRows rows, String member, BooleanSupplier stop, Progress progress) {
        long t0 = System.nanoTime();
        lastActivity = t0;
        long read = 0;
        long timeoutNanos = timeoutMs * 1_000_000L;
        // Committed asynchronously while reading (a synchronous commit per batch would cost a round trip each),
        // and synchronously once at the end, also after an interrupt: what was shown is what is committed.
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        long lastCommit = t0;
        long joinDeadline = t0 + JOIN_TIMEOUT_MS * 1_000_000L;
        try {
        while (read < maxMessages && (stop == null || !stop.getAsBoolean())) {
            long wait;
            if (!joined()) {
                long toJoin = joinDeadline - System.nanoTime();
                if (toJoin <= 0) {
                    break;
                }
                wait = Math.max(1, Math.min(1000, toJoin / 1_000_000L));
            } else {
                long silentFor = System.nanoTime() - lastActivity;
                if (silentFor >= timeoutNanos) {
                    break;
                }
                wait = Math.max(1, Math.min(1000, (timeoutNanos - silentFor) / 1_000_000L));
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(wait));
            if (records.isEmpty()) {
                continue;
            }
            lastActivity = System.nanoTime();
            // partition by partition, as ConsumerRecords iterates: one offset object per partition, not per record
            for (TopicPartition tp : records.partitions()) {
                long last = -1;
                for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                    if (read >= maxMessages) {
                        consumer.seek(tp, r.offset()); // not handed to the user: the next read starts here
                        break;
                    }
                    rows.add(member, r);
                    read++;
                    bytes += Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
                    last = r.offset();
                }
                if (last >= 0) {
                    toCommit.put(tp, new OffsetAndMetadata(last + 1));
                }
            }
            if (commit && System.nanoTime() - lastCommit >= COMMIT_EVERY_NANOS) {
                consumer.commitAsync(new HashMap<>(toCommit), null);
                lastCommit = System.nanoTime();
            }
            if (progress != null) {
                progress.update(read, System.nanoTime() - t0);
            }
        }
        } finally {
            if (commit && !toCommit.isEmpty()) {
                boolean interruptFlag = Thread.interrupted(); // an interrupted thread could not commit
                try {
                    consumer.commitSync(toCommit);
                } catch (RuntimeException e) {
                    // the group could not commit (e.g. a rebalance); the records were read and shown anyway
                } finally {
                    if (interruptFlag) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        return read;
    }
}
