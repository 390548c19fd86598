package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.compare.MessagingSystem.Keep;
import io.brokerbook.cluster.compare.MessagingSystem.Subscriber;
import io.brokerbook.cluster.compare.MessagingSystem.Tally;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The scenarios, run the same way on every {@link MessagingSystem}: (a) throughput and (b) latency, whose figures
 * depend on the machine, and those whose outcome does not: (c) offline subscriber, (d) broker restart, (e) two
 * independent subscribers, (f) competing consumers, (g) replay. Each run uses channels and group names of its own, so runs do not see each other's messages.
 */
public final class Experiments {
    /**
     * How long nothing must arrive before a subscriber is taken to have got all it will get (long enough for a
     * loaded machine; a subscriber that has all it can get stops waiting at once).
     */
    static final Duration QUIET = Duration.ofMillis(2000);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private Experiments() {
    }

    private static String fresh(String scenario) {
        return scenario + RUNS.incrementAndGet();
    }

    /** (a) One subscriber online; {@code n} messages of {@code payloadBytes} bytes published back to back. */
    public static Throughput throughput(MessagingSystem system, int n, int payloadBytes) {
        String channel = fresh("throughput");
        String payload = "x".repeat(payloadBytes);
        try (Subscriber consumer = system.subscribe(channel, channel + "g", null, false, Keep.COUNT)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                system.publish(channel, payload);
            }
            system.flush();
            Tally got = consumer.tally(QUIET, n);
            long end = got.count() == 0 ? start : got.lastNanos();
            return Throughput.of(system.name(), n, payloadBytes, got.count(), end - start);
        }
    }

    /**
     * (b) One subscriber online; {@code n} messages of {@code payloadBytes} bytes published at {@code perSecond}, each
     * starting with its {@link System#nanoTime} at the send ({@link Stamp}); the subscriber keeps only the latencies.
     */
    public static Latency latency(MessagingSystem system, int perSecond, int n, int payloadBytes) {
        String channel = fresh("latency");
        try (Subscriber consumer = system.subscribe(channel, channel + "g", null, false, Keep.STAMPS)) {
            paced(perSecond, n, () -> system.publish(channel, Stamp.payload(System.nanoTime(), payloadBytes)));
            system.flush();
            return Latency.of(system.name(), perSecond, n, consumer.tally(QUIET, n).latencies());
        }
    }

    /** Runs {@code send} {@code n} times, the i-th at {@code i / perSecond} s from the first (parked in between). */
    public static void paced(int perSecond, int n, Runnable send) {
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send.run();
        }
    }

    /** (c) Subscribe, go offline, {@code n} messages are published, come back with the same identity. */
    public static OfflineCatchUp offline(MessagingSystem system, int n) {
        return offline(system, n, QUIET);
    }

    /** (c) with {@code quiet}: how long nothing must arrive before the subscriber is taken to have got all it will get. */
    public static OfflineCatchUp offline(MessagingSystem system, int n, Duration quiet) {
        String channel = fresh("offline");
        system.subscribe(channel, channel + "g", null, false).close();
        publish(system, channel, n);
        try (Subscriber back = system.subscribe(channel, channel + "g", null, false)) {
            return new OfflineCatchUp(system.name(), n, back.drain(quiet, n).size());
        }
    }

    /** (d) Subscribe and go offline, {@code n} messages are published, the broker restarts, come back. */
    public static RestartSurvival restart(MessagingSystem system, int n) {
        return restart(system, n, QUIET);
    }

    /** (d) with {@code quiet} (see {@link #offline(MessagingSystem, int, Duration)}). */
    public static RestartSurvival restart(MessagingSystem system, int n, Duration quiet) {
        String channel = fresh("restart");
        system.subscribe(channel, channel + "g", null, false).close();
        publish(system, channel, n);
        system.restartBroker();
        try (Subscriber back = system.subscribe(channel, channel + "g", null, false)) {
            return new RestartSurvival(system.name(), n, back.drain(quiet, n).size());
        }
    }

    /** (e) Two subscribers with identities of their own, both online while {@code n} messages are published. */
    public static FanOut fanOut(MessagingSystem system, int n) {
        return fanOut(system, n, QUIET);
    }

    /** (e) with {@code quiet} (see {@link #offline(MessagingSystem, int, Duration)}). */
    public static FanOut fanOut(MessagingSystem system, int n, Duration quiet) {
        String channel = fresh("fanout");
        try (Subscriber a = system.subscribe(channel, channel + "a", null, false);
             Subscriber b = system.subscribe(channel, channel + "b", null, false)) {
            publish(system, channel, n);
            return new FanOut(system.name(), n, a.drain(quiet, n).size(), b.drain(quiet, n).size());
        }
    }

    /** (f) {@code consumers} members of one group, all online while {@code n} messages are published. */
    public static CompetingConsumers competing(MessagingSystem system, int consumers, int n) {
        return competing(system, consumers, n, QUIET);
    }

    /**
     * (f) with {@code quiet}. The first member waits until it has been quiet that long; by then the others, served
     * at the same time, have had as long, so they wait a quarter of it (not {@code consumers} times the full wait).
     */
    public static CompetingConsumers competing(MessagingSystem system, int consumers, int n, Duration quiet) {
        String channel = fresh("compete");
        List<Subscriber> members = new ArrayList<>();
        try {
            for (int i = 1; i <= consumers; i++) {
                members.add(system.subscribe(channel, channel + "g", "m" + i, false));
            }
            publish(system, channel, n);
            List<Integer> counts = new ArrayList<>();
            for (Subscriber member : members) {
                counts.add(member.drain(counts.isEmpty() ? quiet : quiet.dividedBy(4), n).size());
            }
            return new CompetingConsumers(system.name(), n, counts, counts.stream().mapToInt(Integer::intValue).sum());
        } finally {
            members.forEach(Subscriber::close);
        }
    }

    /** (g) {@code n} messages are published, then a new subscriber asks for them from the beginning. */
    public static Replay replay(MessagingSystem system, int n) {
        return replay(system, n, QUIET);
    }

    /** (g) with {@code quiet} (see {@link #offline(MessagingSystem, int, Duration)}). */
    public static Replay replay(MessagingSystem system, int n, Duration quiet) {
        String channel = fresh("replay");
        publish(system, channel, n);
        try (Subscriber late = system.subscribe(channel, channel + "g", null, true)) {
            return new Replay(system.name(), n, late.drain(quiet, n).size());
        }
    }

    private static void publish(MessagingSystem system, String channel, int n) {
        for (int i = 0; i < n; i++) {
            system.publish(channel, "m" + i);
        }
        system.flush();
    }

    static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(what + " did not complete within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
