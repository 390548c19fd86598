package io.brokerbook.cluster.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Finds free TCP ports on 127.0.0.1 (the only address the lab ever binds). */
final class PortFinder {
    static final String LOOPBACK = "127.0.0.1";
    private static final int LAST_PORT = 65535;

    private final Set<Integer> handedOut = new HashSet<>();

    /** The first free port at or above {@code from} not already handed out by this finder. */
    int freeFrom(int from) {
        for (int port = from; port <= LAST_PORT; port++) {
            if (!handedOut.contains(port) && isFree(port)) {
                handedOut.add(port);
                return port;
            }
        }
        throw new KafkaLabException("No free port on " + LOOPBACK + " from " + from + " upwards.");
    }

    /** A port the OS picks as free right now. */
    int ephemeral() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
                int port = socket.getLocalPort();
                if (handedOut.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new KafkaLabException("Cannot open a socket on " + LOOPBACK + ": " + e.getMessage(), e);
            }
        }
        throw new KafkaLabException("The OS gave no new free port on " + LOOPBACK + ".");
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
