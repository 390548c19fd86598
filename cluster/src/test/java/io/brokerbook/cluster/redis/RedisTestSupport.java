package io.brokerbook.cluster.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /** Local addresses (hex as in /proc/net/tcp[6]) of sockets listening on {@code port}. */
    static List<String> listenAddresses(int port) throws IOException {
        List<String> found = new ArrayList<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(file);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[3].equals("0A")) { // 0A = LISTEN
                    continue;
                }
                int colon = f[1].lastIndexOf(':');
                int localPort = Integer.parseInt(f[1].substring(colon + 1), 16);
                if (localPort == port) {
                    found.add(f[1].substring(0, colon));
                }
            }
        }
        return found;
    }

    static boolean isLoopbackHex(String hex) {
        return hex.equals("0100007F") // 127.0.0.1 in /proc's little-endian
            || hex.equals("00000000000000000000000001000000"); // ::1
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
