package io.brokerbook.qpid;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * How the kernel reads the broker model without a JVM of its own per question: a loopback socket that answers one
 * request line, {@code TOKEN WHAT} (WHAT as in {@link QpidModel#list}), with one JSON line, {@code {"rows":[…]}} or
 * {@code {"error":"…"}}, then closes. The token (from the kernel, through this JVM's environment) keeps other local
 * users out. Requests are answered one at a time, on one daemon thread.
 */
final class InspectionServer implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final int MAX_REQUEST = 200;

    private final ServerSocket socket;
    private final byte[] token;
    private final QpidModel model;
    private final ObjectMapper json = new ObjectMapper();
    private final Thread thread;

    InspectionServer(String token, QpidModel model) throws IOException {
        this.socket = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"));
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.model = model;
        this.thread = new Thread(this::serve, "brokerbook-qpid-inspection");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(READ_TIMEOUT_MS);
                answer(client);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    System.err.println("Inspection request failed: " + e);
                }
            }
        }
    }

    private void answer(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        String request = in.readLine();
        OutputStream out = client.getOutputStream();
        if (request == null || request.length() > MAX_REQUEST) {
            return;
        }
        int space = request.indexOf(' ');
        byte[] given = (space < 0 ? "" : request.substring(0, space)).getBytes(StandardCharsets.UTF_8);
        Object reply;
        if (!MessageDigest.isEqual(given, token)) {
            reply = Map.of("error", "wrong token");
        } else {
            try {
                reply = Map.of("rows", model.list(request.substring(space + 1).strip()));
            } catch (RuntimeException e) {
                reply = Map.of("error", String.valueOf(e.getMessage()));
            }
        }
        out.write(json.writeValueAsBytes(reply));
        out.write('\n');
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
