package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.compare.MessagingSystem.Keep;
import io.brokerbook.cluster.compare.MessagingSystem.Received;
import io.brokerbook.cluster.compare.MessagingSystem.Tally;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a background subscriber received and when, drained until quiet (a blocking wait, no polling loop). Adding
 * is cheap on the client's delivery thread: the time is taken, then only what {@link Keep} asks for is kept (the
 * body as it came, decoded when drained; its send stamp; or nothing), and the waiting drainer is woken only once
 * what it waits for is there, not per message.
 */
final class ReceivedQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition enoughArrived = lock.newCondition();
    private final Keep keep;
    private final List<Object> bodies = new ArrayList<>();
    private int count;
    private long last;
    /** Arrival times with {@link Keep#BODIES}, send-to-arrival nanoseconds with {@link Keep#STAMPS}. */
    private long[] nanos;
    private int awaited = Integer.MAX_VALUE;
    private final List<Received> taken = new ArrayList<>();

    ReceivedQueue() {
        this(Keep.BODIES);
    }

    ReceivedQueue(Keep keep) {
        this.keep = keep;
        this.nanos = keep == Keep.COUNT ? new long[0] : new long[1024];
    }

    void add(String payload) {
        long at = System.nanoTime();
        append(payload, keep == Keep.STAMPS ? at - Stamp.sentAt(payload) : at, at);
    }

    /** A body as the client delivered it, decoded as UTF-8 when drained. */
    void add(byte[] body) {
        long at = System.nanoTime();
        append(body, keep == Keep.STAMPS ? at - Stamp.sentAt(body) : at, at);
    }

    private void append(Object body, long value, long at) {
        lock.lock();
        try {
            int i = count++;
            last = at;
            if (keep != Keep.COUNT) {
                if (i == nanos.length) {
                    nanos = Arrays.copyOf(nanos, i * 2);
                }
                nanos[i] = value;
            }
            if (keep == Keep.BODIES) {
                bodies.add(body);
            }
            if (count >= awaited) {
                enoughArrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Everything so far and until {@code enough} arrived in all, or nothing more came for {@code quiet}. */
    List<Received> drain(Duration quiet, int enough) {
        if (keep != Keep.BODIES) {
            throw new IllegalStateException("this subscriber keeps " + keep + ", not the bodies");
        }
        lock.lock();
        try {
            await(quiet, enough);
            for (int i = taken.size(); i < bodies.size(); i++) {
                Object body = bodies.get(i);
                taken.add(new Received(body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) body, nanos[i]));
            }
            return List.copyOf(taken);
        } finally {
            lock.unlock();
        }
    }

    /** Waits as {@link #drain} does; how many came, the last arrival, and the latencies with {@link Keep#STAMPS}. */
    Tally tally(Duration quiet, int enough) {
        lock.lock();
        try {
            await(quiet, enough);
            return new Tally(count, last, keep == Keep.STAMPS ? Arrays.copyOf(nanos, count) : new long[0]);
        } finally {
            lock.unlock();
        }
    }

    /** Holding the lock: until {@code enough} arrived, or nothing did for {@code quiet}. */
    private void await(Duration quiet, int enough) {
        long begin = System.nanoTime();
        awaited = enough;
        try {
            while (count < enough) {
                long lastOrBegin = count == 0 ? begin : Math.max(begin, last);
                long left = lastOrBegin + quiet.toNanos() - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                enoughArrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            awaited = Integer.MAX_VALUE;
        }
    }
}
