package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaCluster;
import io.brokerbook.cluster.kafka.KafkaLabException;
import io.brokerbook.cluster.lab.LabException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --members N}: N consumers of one group read a topic together, as the class's "groups of different
 * cardinality" slide. Every member holds its partitions paused until the group has settled (all N members assigned,
 * disjoint, covering every partition), so each member reads exactly its share; then they read until
 * {@code maxMessages} in total or {@code timeoutMs} of silence (counted from when the group settled, however long
 * the join took), committing what they read.
 */
final class GroupMembersRun {
    /** One member's outcome. */
    record Member(String label, String consumerId, String clientId, List<TopicPartition> partitions, long records) { }

    private static final long SETTLE_GRACE_MS = 60_000;

    private final KafkaCluster cluster;
    private final RunningConsumers running;
    private final Map<String, String> settings;
    private final String topic;
    private final String group;
    private final int members;
    private final int partitionCount;
    private final boolean fromBeginning;
    private final Map<Integer, Set<TopicPartition>> assignments = new ConcurrentHashMap<>();
    private final List<SessionConsumer<byte[], byte[]>> consumers = new CopyOnWriteArrayList<>();
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong lastActivity = new AtomicLong();
    private volatile boolean settled;
    private volatile boolean done;
    private volatile Throwable failure;

    GroupMembersRun(KafkaCluster cluster, RunningConsumers running, Map<String, String> settings, String topic, String group,
                    int members, int partitionCount, boolean fromBeginning) {
        this.cluster = cluster;
        this.running = running;
        this.settings = Map.copyOf(settings);
        this.topic = topic;
        this.group = group;
        this.members = members;
        this.partitionCount = partitionCount;
        this.fromBeginning = fromBeginning;
    }

    /** Stops every member at once (interrupt). */
    void stop() {
        done = true;
        consumers.forEach(KafkaConsumer::wakeup);
    }

    boolean settled() {
        return settled;
    }

    /** Runs the members on their own threads and waits for them; {@link InterruptedException} stops them. */
    List<Member> run(long maxMessages, long timeoutMs, RecordRows rows) throws InterruptedException {
        long timeoutNanos = timeoutMs * 1_000_000L;
        Member[] results = new Member[members];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    results[index] = member(index, maxMessages, timeoutNanos, rows);
                } catch (Throwable e) {
                    if (!done) {
                        failure = e;
                    }
                    done = true;
                }
            }, "kafka-console-consumer-" + group + "-member-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            stop();
            for (Thread t : threads) {
                t.join(10_000);
            }
            throw e;
        }
        // "Consumer ended: the Kafka lab was stopped (%kafka stop).", as it is, whatever the member was doing then
        Optional<KafkaLabException> ended = consumers.stream().map(SessionConsumer::endedBySession).flatMap(Optional::stream).findFirst();
        if (ended.isPresent()) {
            throw ended.get();
        }
        if (failure != null) {
            throw new IllegalStateException(LabException.oneLine(failure), failure);
        }
        List<Member> out = new ArrayList<>();
        for (Member m : results) {
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private Member member(int index, long maxMessages, long timeoutNanos, RecordRows rows) {
        String label = "member-" + (index + 1);
        Properties props = KafkaSession.consumerProps(cluster, group, fromBeginning);
        props.putAll(settings);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + label);
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        long read = 0;
        String memberId = "-";
        List<TopicPartition> owned = List.of();
        try (SessionConsumer<byte[], byte[]> consumer = new SessionConsumer<>(props, running)) {
            consumers.add(consumer);
            if (done) {
                return null;
            }
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assignments.remove(index);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    consumer.pause(partitions);
                    assignments.put(index, Set.copyOf(partitions));
                    checkSettled();
                }
            });
            long settleDeadline = System.nanoTime() + timeoutNanos + SETTLE_GRACE_MS * 1_000_000L;
            while (!done) {
                if (settled && System.nanoTime() - lastActivity.get() >= timeoutNanos
                    || !settled && System.nanoTime() > settleDeadline) {
                    break;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (settled && !consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                if (records.isEmpty()) {
                    continue;
                }
                lastActivity.set(System.nanoTime());
                Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (claimed.incrementAndGet() > maxMessages) {
                        done = true;
                        break;
                    }
                    rows.add(label, r);
                    read++;
                    consumed.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                if (!consumed.isEmpty()) {
                    consumer.commitSync(consumed);
                }
                if (claimed.get() >= maxMessages) {
                    done = true;
                }
            }
            memberId = consumer.groupMetadata().memberId();
            owned = consumer.assignment().stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)).toList();
            consumer.close(Duration.ofSeconds(5));
        } catch (WakeupException | InterruptException e) {
            if (!done) {
                throw e;
            }
        }
        return new Member(label, memberId, group + "-" + label, owned, read);
    }

    /**
     * Settled: every member has an assignment, they do not overlap, and together they cover the topic. The silence
     * clock starts here, and before {@code settled} is published: a member that sees the group settled never
     * measures silence from before the (possibly slow) join.
     */
    private synchronized void checkSettled() {
        if (settled || assignments.size() < members) {
            return;
        }
        Set<TopicPartition> union = new HashSet<>();
        int sum = 0;
        for (Set<TopicPartition> a : assignments.values()) {
            union.addAll(a);
            sum += a.size();
        }
        if (sum == union.size() && union.size() == partitionCount) {
            lastActivity.set(System.nanoTime());
            settled = true;
        }
    }
}
