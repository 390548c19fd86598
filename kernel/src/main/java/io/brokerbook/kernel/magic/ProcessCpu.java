package io.brokerbook.kernel.magic;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time used by the kernel process so far, as the OS accounts it (to its clock tick, 10 ms on Linux): user and
 * system time from {@code /proc/self/stat} where it exists, else only the total the JVM reports.
 */
final class ProcessCpu {
    /** Linux reports /proc times in USER_HZ, which is 100 on every architecture it runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Path STAT = Path.of("/proc/self/stat");

    /** @param user nanoseconds in user mode, or -1 if only the total is known */
    record Sample(long user, long system, long total) {
        Sample minus(Sample before) {
            return new Sample(user < 0 ? -1 : user - before.user, user < 0 ? -1 : system - before.system,
                total - before.total);
        }
    }

    private ProcessCpu() {
    }

    static Sample now() {
        return fromProcStat().orElseGet(() -> new Sample(-1, -1, jvmTotal()));
    }

    private static Optional<Sample> fromProcStat() {
        try {
            return parse(Files.readString(STAT));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Fields 14 and 15 of {@code /proc/PID/stat}, counted after the command name, which may hold spaces. */
    static Optional<Sample> parse(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] fields = stat.substring(close + 1).trim().split(" ");
        if (fields.length < 13) {
            return Optional.empty();
        }
        long user = Long.parseLong(fields[11]) * NANOS_PER_TICK;
        long system = Long.parseLong(fields[12]) * NANOS_PER_TICK;
        return Optional.of(new Sample(user, system, user + system));
    }

    private static long jvmTotal() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}
