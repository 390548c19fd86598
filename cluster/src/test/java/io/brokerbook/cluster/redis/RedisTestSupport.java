package io.brokerbook.cluster.redis;

import io.brokerbook.cluster.testing.ProcNet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/** Helpers shared by the Redis tests: free ports, /proc/net listeners, condition waits. */
final class RedisTestSupport {
    private RedisTestSupport() {
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} until it holds or the deadline passes (for a loaded machine). */
    static void waitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static List<String> listenAddresses(int port) throws IOException {
        return ProcNet.listenAddresses(port);
    }

    static boolean isLoopbackHex(String hex) {
        return ProcNet.isLoopbackHex(hex);
    }

    static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> names = new TreeSet<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            return names;
        }
    }

    static boolean redisServerOnPath() {
        String path = System.getenv("PATH");
        return RedisBinary.findOnPath(path == null ? "" : path) != null;
    }

    static Path onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
