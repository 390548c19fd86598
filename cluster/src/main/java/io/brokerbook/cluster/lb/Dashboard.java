package io.brokerbook.cluster.lb;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Traefik's dashboard in small: {@code /api/overview}, {@code /api/entrypoints},
 * {@code /api/http/routers}, {@code /api/http/services} as JSON and {@code /dashboard/} as an
 * HTML page that refreshes itself, on its own 127.0.0.1 port.
 */
public final class Dashboard implements AutoCloseable {
    private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

    private final ReverseProxy proxy;
    private final HttpServer server;
    private final ExecutorService workers;

    public Dashboard(ReverseProxy proxy, int port, boolean nextFreeIfBusy) {
        this.proxy = proxy;
        this.server = LoopbackServers.bind("dashboard", port, nextFreeIfBusy);
        this.workers = LoopbackServers.executor("lb-dashboard", 2, 64);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/dashboard/";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/api/overview" -> send(ex, 200, "application/json", JSON.toJson(overview()));
                case "/api/entrypoints" -> send(ex, 200, "application/json", JSON.toJson(List.of(entryPoint())));
                case "/api/http/routers" -> send(ex, 200, "application/json", JSON.toJson(routers()));
                case "/api/http/services" -> send(ex, 200, "application/json", JSON.toJson(services()));
                case "/", "/dashboard" -> {
                    ex.getResponseHeaders().set("Location", "/dashboard/");
                    ex.sendResponseHeaders(302, -1);
                }
                case "/dashboard/" -> send(ex, 200, "text/html; charset=utf-8", html());
                default -> send(ex, 404, "text/plain; charset=utf-8", "404 page not found\n");
            }
        }
    }

    /** Traefik's API shapes: Gson writes the components in declaration order. */
    record EntryPointInfo(String name, String address) { }

    record Overview(List<EntryPointInfo> entryPoints, int routers, int services, int servers, long serversUp,
                    long notFound, long unavailable, long badGateway, long retries, List<String> errors) { }

    record RouterInfo(String name, String rule, String service, List<String> entryPoints, int priority, String status,
                      long requests) { }

    record ServerInfo(String url, String replica, String status, int inFlight, long requests) { }

    record HealthCheckInfo(String path, String interval, String timeout) { }

    record ServiceInfo(String name, String type, HealthCheckInfo healthCheck, long requests, List<ServerInfo> servers) { }

    private EntryPointInfo entryPoint() {
        return new EntryPointInfo(ReverseProxy.ENTRY_POINT, "127.0.0.1:" + proxy.port());
    }

    Overview overview() {
        DynamicConfig c = proxy.config();
        List<ServerStatus> servers = proxy.servers();
        ProxyStats s = proxy.stats();
        return new Overview(List.of(entryPoint()), c.routers().size(), c.services().size(), servers.size(),
            servers.stream().filter(ServerStatus::healthy).count(), s.notFound(), s.unavailable(), s.badGateway(),
            s.retries(), c.errors());
    }

    List<RouterInfo> routers() {
        return proxy.config().routers().stream().map(r -> new RouterInfo(r.name() + "@docker", r.ruleText(), r.service(),
            r.entryPoints(), r.priority(), "enabled", proxy.stats().routerRequests(r.name()))).toList();
    }

    List<ServiceInfo> services() {
        List<ServiceInfo> out = new ArrayList<>();
        List<ServerStatus> servers = proxy.servers();
        for (DynamicConfig.ServiceConfig sc : proxy.config().services().values()) {
            List<ServerInfo> list = servers.stream().filter(st -> st.service().equals(sc.name()))
                .map(st -> new ServerInfo(st.url(), st.instanceId(), st.healthy() ? "UP" : "DOWN", st.inFlight(),
                    st.requests())).toList();
            LabelConfig.HealthCheck hc = sc.healthCheck();
            out.add(new ServiceInfo(sc.name() + "@docker", "loadbalancer", new HealthCheckInfo(hc.path(),
                hc.interval().toMillis() + "ms", hc.timeout().toMillis() + "ms"),
                proxy.stats().serviceRequests(sc.name()), list));
        }
        return out;
    }

    private String html() {
        DynamicConfig c = proxy.config();
        StringBuilder sb = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">"
            + "<meta http-equiv=\"refresh\" content=\"2\"><title>brokerbook lb dashboard</title>"
            + "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:1.5em}"
            + "td,th{border:1px solid #999;padding:.25em .6em;text-align:left}.DOWN{color:#b00}.UP{color:#070}</style>"
            + "</head><body><h1>Entry point web: 127.0.0.1:").append(proxy.port()).append("</h1>");
        sb.append("<h2>Routers</h2><table><tr><th>Router</th><th>Rule</th><th>Service</th><th>Requests</th></tr>");
        for (DynamicConfig.RouterConfig r : c.routers()) {
            sb.append("<tr><td>").append(esc(r.name())).append("</td><td><code>").append(esc(r.ruleText()))
                .append("</code></td><td>").append(esc(r.service())).append("</td><td>")
                .append(proxy.stats().routerRequests(r.name())).append("</td></tr>");
        }
        sb.append("</table><h2>Services</h2><table><tr><th>Service</th><th>Replica</th><th>Server</th><th>Status</th>"
            + "<th>In flight</th><th>Requests</th></tr>");
        for (ServerStatus st : proxy.servers()) {
            String status = st.healthy() ? "UP" : "DOWN";
            sb.append("<tr><td>").append(esc(st.service())).append("</td><td>").append(esc(st.instanceId()))
                .append("</td><td>").append(esc(st.url())).append("</td><td class=\"").append(status).append("\">")
                .append(status).append("</td><td>").append(st.inFlight()).append("</td><td>").append(st.requests())
                .append("</td></tr>");
        }
        sb.append("</table><p>Not found (404): ").append(proxy.stats().notFound()).append("</p>");
        if (!c.errors().isEmpty()) {
            sb.append("<h2>Errors</h2><ul>");
            c.errors().forEach(e -> sb.append("<li>").append(esc(e)).append("</li>"));
            sb.append("</ul>");
        }
        return sb.append("</body></html>").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void send(HttpExchange ex, int status, String type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        LoopbackServers.shutdown(workers);
    }
}
