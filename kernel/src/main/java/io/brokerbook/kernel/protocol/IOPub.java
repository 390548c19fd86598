package io.brokerbook.kernel.protocol;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Map;

/** Everything the kernel broadcasts on iopub, each message parented to the request it belongs to. */
public final class IOPub {
    private static final Gson GSON = new Gson();

    private final ZmqTransport transport;
    private final Messages messages;

    public IOPub(ZmqTransport transport, Messages messages) {
        this.transport = transport;
        this.messages = messages;
    }

    private void publish(JsonObject parent, String type, JsonObject content) {
        transport.send(Channel.IOPUB, messages.publish(parent, type, content));
    }

    public void status(JsonObject parent, String state) {
        JsonObject c = new JsonObject();
        c.addProperty("execution_state", state);
        publish(parent, "status", c);
    }

    public void executeInput(JsonObject parent, String code, int count) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        c.addProperty("execution_count", count);
        publish(parent, "execute_input", c);
    }

    public void stream(JsonObject parent, String name, String text) {
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
        c.addProperty("text", text);
        publish(parent, "stream", c);
    }

    public void displayData(JsonObject parent, Map<String, Object> data, Map<String, Object> metadata, String displayId) {
        publish(parent, "display_data", bundle(data, metadata, displayId));
    }

    public void updateDisplayData(JsonObject parent, Map<String, Object> data, Map<String, Object> metadata, String displayId) {
        publish(parent, "update_display_data", bundle(data, metadata, displayId));
    }

    public void executeResult(JsonObject parent, int count, Map<String, Object> data, Map<String, Object> metadata) {
        JsonObject c = bundle(data, metadata, null);
        c.addProperty("execution_count", count);
        publish(parent, "execute_result", c);
    }

    public void error(JsonObject parent, String ename, String evalue, List<String> traceback) {
        publish(parent, "error", errorContent(ename, evalue, traceback));
    }

    public void raw(JsonObject parent, String type, JsonObject content) {
        publish(parent, type, content);
    }

    public static JsonObject errorContent(String ename, String evalue, List<String> traceback) {
        JsonObject c = new JsonObject();
        c.addProperty("ename", ename);
        c.addProperty("evalue", evalue);
        JsonArray tb = new JsonArray();
        traceback.forEach(tb::add);
        c.add("traceback", tb);
        return c;
    }

    public static JsonObject bundle(Map<String, Object> data, Map<String, Object> metadata, String displayId) {
        JsonObject c = new JsonObject();
        c.add("data", GSON.toJsonTree(data));
        c.add("metadata", GSON.toJsonTree(metadata));
        JsonObject transientPart = new JsonObject();
        if (displayId != null) {
            transientPart.addProperty("display_id", displayId);
        }
        c.add("transient", transientPart);
        return c;
    }
}
