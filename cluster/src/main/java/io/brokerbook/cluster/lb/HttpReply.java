package io.brokerbook.cluster.lb;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An HTTP response as received: status line, headers in order, body bytes. */
public record HttpReply(int status, String reason, List<Map.Entry<String, String>> headers, byte[] body) {
    public HttpReply {
        headers = List.copyOf(headers);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** First value of a header, matched case-insensitively. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** Like {@code curl -i}: status line, headers (names in canonical form), blank line, body. */
    public String toText() {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append('\n');
        for (Map.Entry<String, String> h : headers) {
            sb.append(HeaderNames.canonical(h.getKey())).append(": ").append(h.getValue()).append('\n');
        }
        return sb.append('\n').append(bodyText()).toString();
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + reason + " (" + body.length + " bytes)";
    }
}
