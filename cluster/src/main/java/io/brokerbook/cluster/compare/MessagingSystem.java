package io.brokerbook.cluster.compare;

import java.time.Duration;
import java.util.List;

/**
 * One messaging system under the same experiments, through its own Java client: publish to a named channel,
 * attach subscribers with the system's own notion of a durable identity and of competing consumers, and restart
 * the broker with its persistence on. Each system maps a scenario's channel name to its own syntax (a NATS
 * subject, an MQTT topic, a Redis key or channel).
 */
public interface MessagingSystem extends AutoCloseable {
    /** The row name: {@code Redis pub/sub}, {@code NATS JetStream}, {@code MQTT QoS 1}, … */
    String name();

    /**
     * Publishes one message; the client may still be sending it when this returns ({@link #flush} waits). A run
     * may hand the same String many times (throughput): a system whose client sends bytes encodes it once then.
     */
    void publish(String channel, String payload);

    /** host:port of the broker now (it may change on restart), for clients of one's own next to the harness. */
    String address();

    /** Returns once the broker has everything published so far (its acknowledgements, where it gives any). */
    default void flush() {
    }

    /**
     * Attaches a subscriber and returns once the broker knows it (messages published afterwards are its to get).
     *
     * @param group         the durable identity: a Redis Streams group, a JetStream durable consumer, an MQTT client
     *                      id (persistent session), a NATS queue group; systems without one ignore it
     * @param member        null for an independent subscriber; a member name to compete with the group's other
     *                      members for the messages (a consumer in the group, a queue member, a shared subscription)
     * @param fromBeginning start with the messages already stored, where the system stores any
     */
    default Subscriber subscribe(String channel, String group, String member, boolean fromBeginning) {
        return subscribe(channel, group, member, fromBeginning, Keep.BODIES);
    }

    /** {@link #subscribe(String, String, String, boolean)} keeping only {@code keep} of each message. */
    Subscriber subscribe(String channel, String group, String member, boolean fromBeginning, Keep keep);

    /** Stops the broker and starts it again on the same data dir (persistence on); subscribers must attach again. */
    void restartBroker();

    @Override
    void close();

    /**
     * What a subscriber keeps of each message it receives, besides when it came: what the scenario needs and no
     * more (keeping 100 000 bodies costs a throughput run the copying of them by every young collection).
     */
    enum Keep {
        /** The payloads ({@link Subscriber#received}). */
        BODIES,
        /** Nothing: how many came and when the last did ({@link Subscriber#tally}). */
        COUNT,
        /** The send time each payload starts with ({@link Stamp}): the latencies ({@link Subscriber#tally}). */
        STAMPS
    }

    /**
     * How many messages arrived, when the last one did ({@link System#nanoTime}, 0 when none did), and with
     * {@link Keep#STAMPS} each one's nanoseconds from send to arrival (else none).
     */
    record Tally(int count, long lastNanos, long[] latencies) {
    }

    /** A message as the subscriber's client handed it over, and when ({@link System#nanoTime}). */
    record Received(String payload, long nanos) {
    }

    /** A subscriber receiving in the background. */
    interface Subscriber extends AutoCloseable {
        /** Everything received so far and until {@code enough} arrived in all, or nothing more came for {@code quiet}. */
        List<Received> received(Duration quiet, int enough);

        /** Waits as {@link #received} does; what arrived, as kept ({@link Keep}). */
        Tally tally(Duration quiet, int enough);

        /** The payloads of {@link #received}. */
        default List<String> drain(Duration quiet, int enough) {
            return received(quiet, enough).stream().map(Received::payload).toList();
        }

        /** Detaches (goes offline): a durable identity stays on the broker. */
        @Override
        void close();
    }
}
