package io.brokerbook.cluster.rabbitmq;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.brokerbook.cluster.lab.Rows;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The management plugin's HTTP API of one vhost, read with the JDK's HttpClient: what {@code rabbitmqctl list_*}
 * prints, as typed rows, in milliseconds (rabbitmqctl boots an Erlang VM for each call).
 */
public final class RabbitManagement {
    /** How often the lab's own node refreshes the counters the API reports. */
    static final Duration STATISTICS_INTERVAL = Duration.ofMillis(250);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String vhost;
    private final String authorization;
    private final HttpClient http;

    RabbitManagement(URI base, String vhost, String user, String password) {
        this.base = base;
        this.vhost = vhost;
        this.authorization = "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    public URI base() {
        return base;
    }

    /** RabbitMQ's version as the API reports it. */
    public String version() {
        return get("overview").getAsJsonObject().get("rabbitmq_version").getAsString();
    }

    public Rows<QueueInfo> queues() {
        List<QueueInfo> rows = new ArrayList<>();
        for (JsonElement e : get("queues/" + encodedVhost()).getAsJsonArray()) {
            JsonObject q = e.getAsJsonObject();
            rows.add(new QueueInfo(text(q, "name"), text(q, "type"), bool(q, "durable"), bool(q, "auto_delete"),
                bool(q, "exclusive"), arguments(q), number(q, "messages"), number(q, "messages_ready"),
                number(q, "messages_unacknowledged"), number(q, "messages_persistent"), number(q, "consumers"),
                number(q, "memory"), text(q, "state"), text(q, "policy")));
        }
        return Rows.of("queues", rows);
    }

    public Rows<ExchangeInfo> exchanges() {
        List<ExchangeInfo> rows = new ArrayList<>();
        for (JsonElement e : get("exchanges/" + encodedVhost()).getAsJsonArray()) {
            JsonObject x = e.getAsJsonObject();
            rows.add(new ExchangeInfo(text(x, "name"), text(x, "type"), bool(x, "durable"), bool(x, "auto_delete"),
                bool(x, "internal"), arguments(x)));
        }
        return Rows.of("exchanges", rows);
    }

    public Rows<BindingInfo> bindings() {
        List<BindingInfo> rows = new ArrayList<>();
        for (JsonElement e : get("bindings/" + encodedVhost()).getAsJsonArray()) {
            JsonObject b = e.getAsJsonObject();
            rows.add(new BindingInfo(text(b, "source"), "exchange", text(b, "destination"), text(b, "destination_type"),
                text(b, "routing_key"), arguments(b)));
        }
        return Rows.of("bindings", rows);
    }

    public Rows<ConnectionInfo> connections() {
        List<ConnectionInfo> rows = new ArrayList<>();
        for (JsonElement e : get("vhosts/" + encodedVhost() + "/connections").getAsJsonArray()) {
            JsonObject c = e.getAsJsonObject();
            JsonObject props = c.has("client_properties") && c.get("client_properties").isJsonObject()
                ? c.getAsJsonObject("client_properties") : new JsonObject();
            rows.add(new ConnectionInfo(text(c, "name"), text(c, "user"), text(c, "peer_host"),
                number(c, "peer_port").orElse(0), text(c, "state"), number(c, "channels").orElse(0),
                text(c, "protocol"), props.has("connection_name") ? text(props, "connection_name") : text(props, "product")));
        }
        return Rows.of("connections", rows);
    }

    public Rows<ConsumerInfo> consumers() {
        List<ConsumerInfo> rows = new ArrayList<>();
        for (JsonElement e : get("consumers/" + encodedVhost()).getAsJsonArray()) {
            JsonObject c = e.getAsJsonObject();
            JsonObject queue = c.getAsJsonObject("queue");
            JsonObject channel = c.getAsJsonObject("channel_details");
            rows.add(new ConsumerInfo(queue == null ? "" : text(queue, "name"), channel == null ? "" : text(channel, "name"),
                text(c, "consumer_tag"), bool(c, "ack_required"), number(c, "prefetch_count"),
                !c.has("active") || bool(c, "active"), arguments(c)));
        }
        return Rows.of("consumers", rows);
    }

    private String encodedVhost() {
        return URLEncoder.encode(vhost, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonElement get(String path) {
        URI uri = base.resolve("api/" + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
            .header("Authorization", authorization).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            String why = e instanceof java.net.ConnectException ? "connection refused" : io.brokerbook.cluster.lab.LabException.oneLine(e);
            throw new RabbitLabException("The management API at " + base + " does not answer (" + why
                + "); is the rabbitmq_management plugin enabled there? (%rabbitmq connect … --management-url URL)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RabbitLabException("Interrupted while asking the management API.", e);
        }
        if (response.statusCode() == 401) {
            throw new RabbitLabException("The management API at " + base + " refused the user (401): wrong user or password, "
                + "or the user lacks the management tag.");
        }
        if (response.statusCode() != 200) {
            throw new RabbitLabException("The management API at " + base + " answered " + response.statusCode()
                + " to " + path + ": " + response.body().lines().findFirst().orElse(""));
        }
        try {
            return JsonParser.parseString(response.body());
        } catch (JsonParseException e) {
            throw new RabbitLabException("The management API at " + base + " sent something that is not JSON.", e);
        }
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static boolean bool(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsBoolean();
    }

    private static OptionalLong number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? OptionalLong.empty() : OptionalLong.of(e.getAsLong());
    }

    /** rabbitmqctl's rendering of an argument table: {@code [{x-message-ttl,60000}]}. */
    private static String arguments(JsonObject o) {
        JsonElement e = o.get("arguments");
        if (e == null || !e.isJsonObject()) {
            return "[]";
        }
        Map<String, String> sorted = new TreeMap<>();
        e.getAsJsonObject().entrySet().forEach(a -> sorted.put(a.getKey(),
            a.getValue().isJsonPrimitive() ? a.getValue().getAsString() : a.getValue().toString()));
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add("{" + k + "," + v + "}"));
        return "[" + String.join(",", parts) + "]";
    }
}
