package io.brokerbook.kernel.protocol;

import com.google.gson.JsonObject;

import java.util.List;

/** One Jupyter message: routing identities, the four JSON dicts and any binary buffers. */
public record Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata,
                      JsonObject content, List<byte[]> buffers) {

    public String type() {
        return header.has("msg_type") ? header.get("msg_type").getAsString() : "";
    }

    public String id() {
        return header.has("msg_id") ? header.get("msg_id").getAsString() : "";
    }
}
