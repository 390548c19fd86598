package io.brokerbook.cluster.lb;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.annotations.SerializedName;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One replica of a demo service: a real HTTP server on its own 127.0.0.1 port.
 * <ul>
 * <li>{@code whoami}: like traefik/whoami, {@code GET /} answers {@code Name}, {@code Hostname},
 * {@code IP}, {@code RemoteAddr}, the request line and headers; {@code /api} the same as JSON;
 * {@code ?wait=200ms} delays the answer.</li>
 * <li>{@code model}: any path answers {@code {"model":…,"replica":…,"prediction":…}} after the delay;
 * the prediction is a deterministic score of the input (query and body).</li>
 * </ul>
 * Every answer carries {@code X-Replica: ID}. Both answer {@code GET /health} with their health status (200) and accept {@code POST /health}
 * with a status code as body to make themselves fail health checks, as traefik/whoami does.
 */
public final class DemoReplica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoReplica.class);
    private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

    /** What whoami's {@code /api} answers, as traefik/whoami does (Gson keeps this order). */
    record WhoamiAnswer(String hostname, String name, List<String> ip, int port, String remoteAddr, String method,
                        String url, String host, Map<String, List<String>> headers) { }

    record ModelAnswer(String model, String replica, String input, double prediction,
                       @SerializedName("latency_ms") long latencyMs) { }

    private final String service;
    private final String id;
    private final ReplicaKind kind;
    private final Duration delay;
    private final HttpServer server;
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private volatile int healthStatus = 200;
    private volatile boolean stopped;

    public DemoReplica(String service, String id, ReplicaKind kind, Duration delay) {
        this.service = service;
        this.id = id;
        this.kind = kind;
        this.delay = delay;
        this.server = LoopbackServers.bind("replica " + id, 0, false);
        this.workers = LoopbackServers.executor("lb-" + id, 16, 1024);
        server.setExecutor(workers);
        server.createContext("/health", this::health).getFilters().add(countInFlight(false));
        server.createContext("/", kind == ReplicaKind.MODEL ? this::model : this::whoami)
            .getFilters().add(countInFlight(true));
        server.start();
    }

    public String service() {
        return service;
    }

    public String id() {
        return id;
    }

    public ReplicaKind kind() {
        return kind;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public String url() {
        return "http://127.0.0.1:" + address().getPort();
    }

    /** Requests answered, health checks not counted. */
    public long served() {
        return served.get();
    }

    public boolean running() {
        return !stopped;
    }

    public int healthStatus() {
        return healthStatus;
    }

    /** What {@code GET /health} answers from now on (200 healthy; e.g. 500 to fail health checks). */
    public void setHealthStatus(int status) {
        if (status < 100 || status > 599) {
            throw new LbException("health status must be an HTTP status code 100-599, not " + status);
        }
        healthStatus = status;
    }

    private Filter countInFlight(boolean countServed) {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange ex, Chain chain) throws IOException {
                inFlight.incrementAndGet();
                try {
                    chain.doFilter(ex);
                    if (countServed) {
                        served.incrementAndGet();
                    }
                } finally {
                    if (inFlight.decrementAndGet() == 0) {
                        synchronized (inFlight) {
                            inFlight.notifyAll();
                        }
                    }
                }
            }

            @Override
            public String description() {
                return "in-flight counter";
            }
        };
    }

    private void health(HttpExchange ex) throws IOException {
        try (ex) {
            if (ex.getRequestMethod().equals("POST")) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).trim();
                try {
                    setHealthStatus(Integer.parseInt(body));
                } catch (NumberFormatException | LbException e) {
                    send(ex, 400, "text/plain; charset=utf-8", "expected a status code like 200 or 500\n");
                    return;
                }
                send(ex, 200, "text/plain; charset=utf-8", "");
                return;
            }
            send(ex, healthStatus, "text/plain; charset=utf-8", "");
        }
    }

    private void whoami(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            Map<String, String> query = Query.parse(ex.getRequestURI().getRawQuery());
            if (query.containsKey("wait")) {
                pause(TraefikLabels.duration(service, "wait", query.get("wait"), Duration.ZERO));
            }
            Map<String, List<String>> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(HeaderNames.canonical(k), v));
            String remote = ex.getRemoteAddress().getAddress().getHostAddress() + ":" + ex.getRemoteAddress().getPort();
            if (ex.getRequestURI().getPath().equals("/api")) {
                send(ex, 200, "application/json", JSON.toJson(new WhoamiAnswer(id, id, List.of("127.0.0.1"),
                    address().getPort(), remote, ex.getRequestMethod(), ex.getRequestURI().toString(),
                    ex.getRequestHeaders().getFirst("Host"), headers)));
                return;
            }
            StringBuilder sb = new StringBuilder();
            sb.append("Name: ").append(id).append('\n');
            sb.append("Hostname: ").append(id).append('\n');
            sb.append("IP: 127.0.0.1\n");
            sb.append("Port: ").append(address().getPort()).append('\n');
            sb.append("RemoteAddr: ").append(remote).append('\n');
            sb.append(ex.getRequestMethod()).append(' ').append(ex.getRequestURI()).append(' ')
                .append(ex.getProtocol()).append('\n');
            String host = ex.getRequestHeaders().getFirst("Host");
            if (host != null) {
                sb.append("Host: ").append(host).append('\n');
            }
            headers.forEach((k, vs) -> {
                if (!k.equals("Host")) {
                    vs.forEach(v -> sb.append(k).append(": ").append(v).append('\n'));
                }
            });
            send(ex, 200, "text/plain; charset=utf-8", sb.toString());
        }
    }

    private void model(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = ex.getRequestURI().getRawQuery();
            String input = (query == null ? "" : query) + (body.isEmpty() ? "" : (query == null ? "" : "&") + body);
            long start = System.nanoTime();
            pause(delay);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            send(ex, 200, "application/json",
                JSON.toJson(new ModelAnswer(service, id, input, prediction(input), tookMs)));
        }
    }

    /** A stable score in [0, 1) for an input: the same question always gets the same answer. */
    static double prediction(String input) {
        long h = 1125899906842597L;
        for (int i = 0; i < input.length(); i++) {
            h = 31 * h + input.charAt(i);
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return Math.round(((h >>> 11) * 0x1.0p-53) * 10_000) / 10_000.0;
    }

    private static void pause(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(HttpExchange ex, int status, String type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Replica", id);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        }
    }

    /**
     * Graceful stop: waits (up to {@code max}) for requests being served to finish, then closes.
     * Deregister from the registry first so no new request comes.
     */
    public void drainAndStop(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (inFlight) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("replica {} still had {} requests in flight after {}", id, inFlight.get(), max);
                    break;
                }
                try {
                    inFlight.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
    }

    /** Stops at once, like a crashed container. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        server.stop(0);
        LoopbackServers.shutdown(workers);
    }
}
