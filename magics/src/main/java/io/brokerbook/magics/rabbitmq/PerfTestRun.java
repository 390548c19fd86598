package io.brokerbook.magics.rabbitmq;

import com.rabbitmq.perf.PerfTest;
import com.rabbitmq.perf.RelaxedExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One in-process run of RabbitMQ PerfTest ({@code PerfTest.main(args, options)}, its library entry point) on a
 * thread of its own: its periodic lines and summary go to {@code out} as it prints them, its error lines are kept
 * for the caller, its {@code System.exit} becomes the run's exit status. An interrupt stops it as Ctrl-C stops the
 * command-line tool (PerfTest closes its connections and prints its summary); the run then waits for the threads
 * PerfTest started to end.
 */
final class PerfTestRun {
    private static final Logger LOG = LoggerFactory.getLogger(PerfTestRun.class);
    /** PerfTest's own shutdown waits up to --shutdown-timeout (5 s) for its connections, then its executors 10 s. */
    private static final Duration THREADS_GRACE = Duration.ofSeconds(20);

    /** What a run ended with: PerfTest's exit status, its error output, whether it was interrupted. */
    record Outcome(int exitStatus, String errors, boolean interrupted, List<String> threadsLeft) {
    }

    /** PerfTest's "System.exit": unwinds PerfTest.main (its {@code finally} still closes everything). */
    private static final class Exit extends Error {
        Exit(int status) {
            super("PerfTest exit " + status, null, false, false);
        }
    }

    private PerfTestRun() {
    }

    /**
     * Runs PerfTest with {@code args} and returns once it ended and its threads are gone.
     *
     * @param onInterrupt registers the action to run when the user interrupts (the kernel's cell interrupt)
     */
    static Outcome run(String[] args, PrintStream out, Function<Runnable, AutoCloseable> onInterrupt) {
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        AtomicInteger status = new AtomicInteger(Integer.MIN_VALUE);
        PerfTest.PerfTestOptions options = new PerfTest.PerfTestOptions()
            .setSystemExiter(code -> {
                status.compareAndSet(Integer.MIN_VALUE, code);
                throw new Exit(code);
            })
            .setSkipSslContextConfiguration(false)
            .setExceptionHandler(new RelaxedExceptionHandler()) // as PerfTest's command line
            .setConsoleOut(out)
            .setConsoleErr(err);
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Thread worker = new Thread(() -> {
            try {
                PerfTest.main(args, options);
            } catch (Exit e) {
                // the status is recorded
            }
        }, "rabbitmq-perf-test");
        AtomicBoolean interrupted = new AtomicBoolean();
        // once only: a second interrupt would cut short PerfTest's own shutdown of its connections
        Runnable stop = () -> {
            if (interrupted.compareAndSet(false, true)) {
                worker.interrupt(); // PerfTest's wait for completion ends; its finally shuts everything down
            }
        };
        worker.start();
        try (AutoCloseable registration = onInterrupt.apply(stop)) {
            joinUninterruptibly(worker, stop);
        } catch (Exception e) {
            LOG.debug("Unregistering the interrupt action", e);
        }
        out.flush();
        List<String> left = awaitThreads(before);
        String errors = errBytes.toString(StandardCharsets.UTF_8);
        if (interrupted.get()) {
            // PerfTest reports the interrupt of its main thread as an exception; here it is the user's Ctrl-C
            errors = errors.lines().filter(l -> !l.contains("InterruptedException")).reduce("", (a, b) -> a + b + "\n");
        }
        int code = status.get() == Integer.MIN_VALUE ? 0 : status.get();
        return new Outcome(code, errors, interrupted.get(), left);
    }

    /** The kernel's own interrupt of this thread must not leave PerfTest running behind the cell. */
    private static void joinUninterruptibly(Thread worker, Runnable stop) {
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
                stop.run();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the threads PerfTest and its AMQP connections started; returns the names of any still alive. */
    private static List<String> awaitThreads(Set<Thread> before) {
        long deadline = System.nanoTime() + THREADS_GRACE.toNanos();
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t) && isPerfTestThread(t.getName())).toList();
        for (Thread t : started) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> alive = started.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        if (!alive.isEmpty()) {
            LOG.warn("PerfTest threads still alive after the run: {}", alive);
        }
        return alive;
    }

    static boolean isPerfTestThread(String name) {
        return name.startsWith("perf-test") || name.startsWith("AMQP Connection") || name.equals("rabbitmq-perf-test");
    }
}
