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

    /** The RFC 9110 reason phrase of a status code (the JDK client does not report the server's); "" if unknown. */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
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
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(reason.isEmpty() ? "" : " " + reason).append('\n');
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
