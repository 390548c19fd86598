package io.brokerbook.cluster.lb;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 to servers on this machine, over the JDK's {@link HttpClient}: keep-alive connections pooled per
 * target (a pooled connection the server closed is retried once for GET and HEAD), a connect timeout and a
 * per-request timeout. It sends the Host header it is given, which the JDK client allows only with
 * {@code -Djdk.httpclient.allowRestrictedHeaders=host} (the kernel launcher, the build and bench.sh set it).
 * The proxy forwards and health-checks through it; {@link #request} is the curl of {@code %http} and cells.
 * One per kernel: on JDK 17 a client's selector thread ends only once the client is garbage, so clients are not
 * made per proxy start.
 */
public final class LoopbackHttp implements AutoCloseable {
    private static final Duration CURL_TIMEOUT = Duration.ofSeconds(60);

    private final ExecutorService executor;
    private final HttpClient client;

    /** {@code threadName} names the client's threads, e.g. {@code lb-web-http}. */
    public LoopbackHttp(Duration connectTimeout, String threadName) {
        requireHostHeaderAllowed();
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY).executor(executor).build();
    }

    private static void requireHostHeaderAllowed() {
        try {
            HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "whoami.localhost");
        } catch (IllegalArgumentException e) {
            throw new LbException("the load balancer forwards Host headers, which this JVM refuses: start it with "
                + "-Djdk.httpclient.allowRestrictedHeaders=host (the kernel launcher does)", e);
        }
    }

    /**
     * Sends {@code request} to {@code target} and reads the whole response within {@code timeout}.
     *
     * @throws ConnectFailedException if no connection could be made (nothing was sent)
     */
    public HttpReply send(InetSocketAddress target, HttpRequestData request, Duration timeout) throws IOException {
        if (!target.getAddress().isLoopbackAddress()) {
            throw new IOException("only loopback targets are allowed, not " + target);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(target, request.target())).timeout(timeout)
            .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, String> h : request.headers()) {
            try {
                b.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                throw new IOException("cannot send header " + h.getKey() + " (" + e.getMessage() + ")", e);
            }
        }
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            r.headers().map().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
            return new HttpReply(r.statusCode(), HttpReply.reasonPhrase(r.statusCode()), headers, r.body());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ConnectFailedException("cannot connect to " + target.getHostString() + ":" + target.getPort()
                + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(request.method() + " " + request.target() + " was interrupted");
        }
    }

    private static URI uri(InetSocketAddress target, String requestTarget) throws IOException {
        InetAddress a = target.getAddress();
        String host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        try {
            return URI.create("http://" + host + ":" + target.getPort() + requestTarget);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad request target " + requestTarget, e);
        }
    }

    /**
     * Like curl: a request to a loopback URL ({@code *.localhost} names are loopback, as in browsers). The Host
     * header is the URL's authority unless {@code headers} has one. Failures are one-line {@link LbException}s.
     */
    public HttpReply request(String method, URI url, List<Map.Entry<String, String>> headers, String body) {
        if (url.getScheme() == null || !url.getScheme().equalsIgnoreCase("http") || url.getHost() == null) {
            throw new LbException("expected an http:// URL such as http://whoami.localhost:8000/, got " + url);
        }
        InetSocketAddress target = loopbackTarget(url);
        List<Map.Entry<String, String>> all = new ArrayList<>();
        if (headers.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Host"))) {
            all.add(Map.entry("Host", url.getPort() < 0 || url.getPort() == 80 ? url.getHost()
                : url.getHost() + ":" + url.getPort()));
        }
        all.addAll(headers);
        if (all.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("User-Agent"))) {
            all.add(Map.entry("User-Agent", "brokerbook-http/1.0"));
        }
        if (all.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Accept"))) {
            all.add(Map.entry("Accept", "*/*"));
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String requestTarget = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try {
            return send(target, new HttpRequestData(method, requestTarget, all, bytes), CURL_TIMEOUT);
        } catch (ConnectFailedException e) {
            throw new LbException("nothing is listening on " + url.getHost() + ":" + target.getPort()
                + " (connection refused); is the load balancer started (%lb start)?", e);
        } catch (IOException e) {
            throw new LbException(method + " " + url + " failed: " + e.getMessage(), e);
        }
    }

    private static InetSocketAddress loopbackTarget(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort() < 0 ? 80 : url.getPort();
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        try {
            InetAddress a = InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            if (a.isLoopbackAddress()) {
                return new InetSocketAddress(a, port);
            }
        } catch (UnknownHostException e) {
            // not resolvable here, so certainly not a loopback name
        }
        throw new LbException("only loopback targets are allowed (127.0.0.1, localhost, *.localhost), not " + host);
    }

    /** Stops the client's threads; requests still running fail. */
    @Override
    public void close() {
        executor.shutdownNow();
        if (client instanceof AutoCloseable closeable) {
            // JDK 21+: also ends the selector thread now (on 17 it ends once the client is unreachable)
            try {
                closeable.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
