package io.brokerbook.cluster.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Listening sockets as the kernel reports them in /proc/net/tcp{,6}, for loopback-only checks in tests. */
public final class ProcNet {
    private ProcNet() {
    }

    /** Local addresses (hex, as in /proc/net/tcp{,6}) of the sockets listening on {@code port}. */
    public static List<String> listenAddresses(int port) throws IOException {
        List<String> found = new ArrayList<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(file);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[3].equals("0A") || !f[1].contains(":")) { // 0A = LISTEN
                    continue;
                }
                int colon = f[1].lastIndexOf(':');
                if (Integer.parseInt(f[1].substring(colon + 1), 16) == port) {
                    found.add(f[1].substring(0, colon));
                }
            }
        }
        return found;
    }

    /**
     * The listening sockets a process holds, as {@code HEXADDR:PORT} (address hex as in /proc/net/tcp{,6}): its open
     * socket inodes matched against the kernel's listening sockets.
     */
    public static List<String> listeningOf(long pid) throws IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    int colon = f[1].lastIndexOf(':');
                    found.add(f[1].substring(0, colon) + ":" + Integer.parseInt(f[1].substring(colon + 1), 16));
                }
            }
        }
        return found;
    }

    /** 127.0.0.1, ::1 or ::ffff:127.0.0.1 (a JVM's IPv4 socket on a dual-stack socket) in /proc's little-endian hex. */
    public static boolean isLoopbackHex(String hex) {
        return hex.equals("0100007F") || hex.equals("00000000000000000000000001000000")
            || hex.equals("0000000000000000FFFF00000100007F");
    }
}
