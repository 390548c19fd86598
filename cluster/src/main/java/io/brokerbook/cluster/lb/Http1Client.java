package io.brokerbook.cluster.lb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A small blocking HTTP/1.1 client over plain sockets with keep-alive pooling per target. The
 * proxy uses it instead of {@code java.net.http.HttpClient} because it must forward the
 * client's {@code Host} header (which that client refuses without a JVM flag) and because a
 * blocking socket per in-flight request is cheaper than the async machinery for loopback hops.
 * Only loopback targets are accepted.
 */
public final class Http1Client implements AutoCloseable {
    private static final int MAX_IDLE_PER_TARGET = 64;

    private final Duration connectTimeout;
    private final Map<InetSocketAddress, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Http1Client(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * Sends {@code request} to {@code target} and reads the whole response. A pooled connection
     * the server had already closed is retried once on a fresh one (idempotent requests only).
     *
     * @throws ConnectFailedException if no connection could be made (nothing was sent)
     */
    public HttpReply send(InetSocketAddress target, HttpRequestData request, Duration timeout) throws IOException {
        if (!target.getAddress().isLoopbackAddress()) {
            throw new IOException("only loopback targets are allowed, not " + target);
        }
        Connection pooled = takeIdle(target);
        if (pooled != null) {
            try {
                return exchange(pooled, target, request, timeout);
            } catch (StaleConnectionException e) {
                if (!request.idempotent()) {
                    throw e;
                }
            }
        }
        return exchange(open(target), target, request, timeout);
    }

    private HttpReply exchange(Connection c, InetSocketAddress target, HttpRequestData request, Duration timeout)
        throws IOException {
        boolean reusable = false;
        try {
            c.socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            write(c.out, request);
            Response r = read(c.in, request.method());
            reusable = r.keepAlive && !closed;
            return r.reply;
        } catch (SocketTimeoutException e) {
            throw new IOException("no response from " + target + " within " + timeout.toMillis() + " ms", e);
        } finally {
            if (reusable) {
                giveBack(target, c);
            } else {
                c.close();
            }
        }
    }

    private Connection takeIdle(InetSocketAddress target) {
        ConcurrentLinkedDeque<Connection> q = idle.get(target);
        return q == null ? null : q.pollFirst();
    }

    private void giveBack(InetSocketAddress target, Connection c) {
        ConcurrentLinkedDeque<Connection> q = idle.computeIfAbsent(target, t -> new ConcurrentLinkedDeque<>());
        if (q.size() >= MAX_IDLE_PER_TARGET || closed) {
            c.close();
        } else {
            q.offerFirst(c);
        }
    }

    private Connection open(InetSocketAddress target) throws ConnectFailedException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(target, (int) connectTimeout.toMillis());
            return new Connection(s);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new ConnectFailedException("cannot connect to " + target.getHostString() + ":" + target.getPort()
                + " (" + e.getMessage() + ")", e);
        }
    }

    /** Closes pooled connections to a target that went away. */
    public void forget(InetSocketAddress target) {
        ConcurrentLinkedDeque<Connection> q = idle.remove(target);
        if (q != null) {
            q.forEach(Connection::close);
        }
    }

    @Override
    public void close() {
        closed = true;
        idle.values().forEach(q -> q.forEach(Connection::close));
        idle.clear();
    }

    private static void write(OutputStream out, HttpRequestData r) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        sb.append(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> h : r.headers()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        boolean bodyMethod = r.method().equals("POST") || r.method().equals("PUT") || r.method().equals("PATCH");
        if (r.body().length > 0 || bodyMethod) {
            sb.append("Content-Length: ").append(r.body().length).append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(r.body());
        out.flush();
    }

    private record Response(HttpReply reply, boolean keepAlive) {
    }

    private static Response read(InputStream in, String method) throws IOException {
        String statusLine = readLine(in, true);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        String reason = parts.length > 2 ? parts[2] : "";
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        long length = -1;
        boolean chunked = false;
        boolean keepAlive = parts[0].equals("HTTP/1.1");
        for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad header line: " + line);
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            headers.add(Map.entry(name, value));
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection")) {
                keepAlive = !value.equalsIgnoreCase("close") && (keepAlive || value.equalsIgnoreCase("keep-alive"));
            }
        }
        byte[] body;
        if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked(in);
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("response body cut short");
            }
        } else {
            body = in.readAllBytes();
            keepAlive = false;
        }
        return new Response(new HttpReply(status, reason, headers, body), keepAlive);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, false);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!readLine(in, false).isEmpty()) {
                    // trailers are dropped
                }
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("chunk cut short");
            }
            out.write(chunk);
            readLine(in, false);
        }
    }

    /** Reads a CRLF-terminated line; EOF before the first byte of a response means a stale pooled connection. */
    private static String readLine(InputStream in, boolean firstOfResponse) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            if (firstOfResponse && !(e instanceof SocketTimeoutException)) {
                throw new StaleConnectionException(e);
            }
            throw e;
        }
        if (b < 0 && firstOfResponse) {
            throw new StaleConnectionException(null);
        }
        while (b >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
            b = in.read();
        }
        if (b < 0) {
            throw new EOFException("connection closed in the middle of the response");
        }
        return sb.toString();
    }

    /** The server closed the connection before sending a single byte. */
    static final class StaleConnectionException extends IOException {
        StaleConnectionException(Throwable cause) {
            super("connection closed by the server before any response", cause);
        }
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
