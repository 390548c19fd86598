package io.brokerbook.kernel.protocol;

import com.google.gson.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds headers and replies in protocol version {@value #PROTOCOL_VERSION}. */
public final class Messages {
    public static final String PROTOCOL_VERSION = "5.4";

    private final String session = UUID.randomUUID().toString();

    public JsonObject header(String type) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("session", session);
        h.addProperty("username", "brokerbook");
        h.addProperty("date", Instant.now().toString());
        h.addProperty("msg_type", type);
        h.addProperty("version", PROTOCOL_VERSION);
        return h;
    }

    /** A reply to {@code request} on the same channel (same routing identities). */
    public Message reply(Message request, String type, JsonObject content) {
        return new Message(request.identities(), header(type), request.header(), new JsonObject(), content, List.of());
    }

    /** An iopub broadcast whose parent is {@code parent} (may be null before any request). */
    public Message publish(JsonObject parent, String type, JsonObject content) {
        List<byte[]> topic = List.of(type.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Message(topic, header(type), parent == null ? new JsonObject() : parent, new JsonObject(),
            content, List.of());
    }
}
