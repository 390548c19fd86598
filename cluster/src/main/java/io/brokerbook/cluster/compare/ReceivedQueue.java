package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.compare.MessagingSystem.Received;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a background subscriber received and when, drained until quiet (a blocking wait, no polling loop). Adding
 * is cheap on the client's delivery thread: the time is taken, the body kept as it came (decoded when drained), and
 * the waiting drainer is woken only once what it waits for is there, not per message.
 */
final class ReceivedQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition enoughArrived = lock.newCondition();
    private final List<Object> bodies = new ArrayList<>();
    private long[] nanos = new long[1024];
    private int awaited = Integer.MAX_VALUE;
    private final List<Received> taken = new ArrayList<>();

    void add(String payload) {
        append(payload, System.nanoTime());
    }

    /** A body as the client delivered it, decoded as UTF-8 when drained. */
    void add(byte[] body) {
        append(body, System.nanoTime());
    }

    private void append(Object body, long at) {
        lock.lock();
        try {
            int i = bodies.size();
            if (i == nanos.length) {
                nanos = Arrays.copyOf(nanos, i * 2);
            }
            nanos[i] = at;
            bodies.add(body);
            if (bodies.size() >= awaited) {
                enoughArrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Everything so far and until {@code enough} arrived in all, or nothing more came for {@code quiet}. */
    List<Received> drain(Duration quiet, int enough) {
        lock.lock();
        try {
            long begin = System.nanoTime();
            awaited = enough;
            while (bodies.size() < enough) {
                long last = bodies.isEmpty() ? begin : Math.max(begin, nanos[bodies.size() - 1]);
                long left = last + quiet.toNanos() - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                enoughArrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            awaited = Integer.MAX_VALUE;
            for (int i = taken.size(); i < bodies.size(); i++) {
                Object body = bodies.get(i);
                taken.add(new Received(body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) body, nanos[i]));
            }
            lock.unlock();
        }
        return List.copyOf(taken);
    }
}
