package io.brokerbook.cluster.zookeeper;

import io.brokerbook.cluster.lab.LabException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * ZooKeeper's four-letter commands ({@code ruok}, {@code srvr}, {@code stat}): the command on a fresh client
 * connection, the server's text answer until it closes the connection.
 */
final class FourLetterWord {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private FourLetterWord() {
    }

    static String send(String host, int port, String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LabException("No ZooKeeper answers at " + host + ":" + port + " (" + e.getMessage() + ").", e);
        }
    }

    /**
     * True if a ZooKeeper server answers {@code srvr}: the one command every server allows by default (others answer
     * "is not executed because it is not in the whitelist", which still is a ZooKeeper answering).
     */
    static boolean answers(String host, int port) {
        try {
            String answer = send(host, port, "srvr");
            return answer.startsWith("Zookeeper version:") || answer.contains("not in the whitelist");
        } catch (LabException e) {
            return false;
        }
    }
}
