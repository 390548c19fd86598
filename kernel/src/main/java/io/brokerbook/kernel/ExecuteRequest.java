package io.brokerbook.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.brokerbook.kernel.protocol.Message;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of an execute_request, with the protocol's defaults. */
record ExecuteRequest(Message message, String code, boolean silent, boolean storeHistory,
                      Map<String, String> userExpressions, boolean allowStdin, boolean stopOnError, long arrival) {

    static ExecuteRequest of(Message m, long arrival) {
        JsonObject c = m.content();
        String code = c.has("code") && c.get("code").isJsonPrimitive() ? c.get("code").getAsString() : "";
        boolean silent = bool(c, "silent", false);
        boolean storeHistory = !silent && bool(c, "store_history", true);
        Map<String, String> expressions = new LinkedHashMap<>();
        if (c.has("user_expressions") && c.get("user_expressions").isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("user_expressions").entrySet()) {
                if (e.getValue().isJsonPrimitive()) {
                    expressions.put(e.getKey(), e.getValue().getAsString());
                }
            }
        }
        return new ExecuteRequest(m, code, silent, storeHistory, expressions, bool(c, "allow_stdin", true),
            bool(c, "stop_on_error", true), arrival);
    }

    private static boolean bool(JsonObject c, String name, boolean fallback) {
        return c.has(name) && c.get(name).isJsonPrimitive() ? c.get(name).getAsBoolean() : fallback;
    }
}
