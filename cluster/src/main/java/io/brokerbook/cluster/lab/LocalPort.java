package io.brokerbook.cluster.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * The TCP port a lab server gets on 127.0.0.1: the one the user asked for (refused in one line if taken), else
 * the kind's default port, else the next free port after it — with a note saying so.
 *
 * @param port the port to bind
 * @param note why it is not the default one, if it is not
 */
public record LocalPort(int port, Optional<String> note) {
    private static final String LOOPBACK = "127.0.0.1";
    /** How far past the default port to look before taking any free port. */
    private static final int SEARCH = 100;

    /**
     * @param requested   the user's choice, or null
     * @param defaultPort the kind's usual port (6379 for Redis)
     */
    public static LocalPort choose(Integer requested, int defaultPort) {
        if (requested != null) {
            if (requested < 1 || requested > 65535) {
                throw new LabException("Port " + requested + " is not a TCP port; use 1-65535.");
            }
            if (!isFree(requested)) {
                throw new LabException("Port " + requested + " on " + LOOPBACK
                    + " is already in use; choose another port, or leave it out to get a free one.");
            }
            return new LocalPort(requested, Optional.empty());
        }
        if (isFree(defaultPort)) {
            return new LocalPort(defaultPort, Optional.empty());
        }
        int port = nextFree(defaultPort);
        return new LocalPort(port, Optional.of("Port " + defaultPort + " is in use by another process; using " + port + "."));
    }

    private static int nextFree(int taken) {
        for (int p = taken + 1; p <= Math.min(65535, taken + SEARCH); p++) {
            if (isFree(p)) {
                return p;
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new LabException("Cannot find a free port on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }

    /** Binds like servers do (SO_REUSEADDR), so a port in TIME_WAIT counts as free. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
