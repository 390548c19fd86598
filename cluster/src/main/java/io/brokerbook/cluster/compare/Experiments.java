package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.compare.MessagingSystem.Subscriber;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scenarios whose outcome does not depend on speed, run the same way on every {@link MessagingSystem}:
 * (c) offline subscriber, (d) broker restart, (e) two independent subscribers, (f) competing consumers,
 * (g) replay. Each run uses channels and group names of its own, so runs do not see each other's messages.
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

    /** (c) Subscribe, go offline, {@code n} messages are published, come back with the same identity. */
    public static OfflineCatchUp offline(MessagingSystem system, int n) {
        String channel = fresh("offline");
        system.subscribe(channel, channel + "g", null, false).close();
        publish(system, channel, n);
        try (Subscriber back = system.subscribe(channel, channel + "g", null, false)) {
            return new OfflineCatchUp(system.name(), n, back.drain(QUIET, n).size());
        }
    }

    /** (d) Subscribe and go offline, {@code n} messages are published, the broker restarts, come back. */
    public static RestartSurvival restart(MessagingSystem system, int n) {
        String channel = fresh("restart");
        system.subscribe(channel, channel + "g", null, false).close();
        publish(system, channel, n);
        system.restartBroker();
        try (Subscriber back = system.subscribe(channel, channel + "g", null, false)) {
            return new RestartSurvival(system.name(), n, back.drain(QUIET, n).size());
        }
    }

    /** (e) Two subscribers with identities of their own, both online while {@code n} messages are published. */
    public static FanOut fanOut(MessagingSystem system, int n) {
        String channel = fresh("fanout");
        try (Subscriber a = system.subscribe(channel, channel + "a", null, false);
             Subscriber b = system.subscribe(channel, channel + "b", null, false)) {
            publish(system, channel, n);
            return new FanOut(system.name(), n, a.drain(QUIET, n).size(), b.drain(QUIET, n).size());
        }
    }

    /** (f) {@code consumers} members of one group, all online while {@code n} messages are published. */
    public static CompetingConsumers competing(MessagingSystem system, int consumers, int n) {
        String channel = fresh("compete");
        List<Subscriber> members = new ArrayList<>();
        try {
            for (int i = 1; i <= consumers; i++) {
                members.add(system.subscribe(channel, channel + "g", "m" + i, false));
            }
            publish(system, channel, n);
            List<Integer> counts = new ArrayList<>();
            for (Subscriber member : members) {
                counts.add(member.drain(QUIET, n).size());
            }
            return new CompetingConsumers(system.name(), n, counts, counts.stream().mapToInt(Integer::intValue).sum());
        } finally {
            members.forEach(Subscriber::close);
        }
    }

    /** (g) {@code n} messages are published, then a new subscriber asks for them from the beginning. */
    public static Replay replay(MessagingSystem system, int n) {
        String channel = fresh("replay");
        publish(system, channel, n);
        try (Subscriber late = system.subscribe(channel, channel + "g", null, true)) {
            return new Replay(system.name(), n, late.drain(QUIET, n).size());
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
