package io.brokerbook.cluster.lb;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A request to send: method, request target ({@code /path?query}), headers in order (Host included), body. */
public record HttpRequestData(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    public HttpRequestData {
        method = method.toUpperCase(Locale.ROOT);
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static HttpRequestData get(String host, String target) {
        return new HttpRequestData("GET", target, List.of(Map.entry("Host", host)), new byte[0]);
    }

    /** Safe to send twice: RFC 9110 idempotent methods. */
    public boolean idempotent() {
        return IDEMPOTENT.contains(method);
    }
}
