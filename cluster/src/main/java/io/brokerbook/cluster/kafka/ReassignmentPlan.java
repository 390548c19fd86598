package io.brokerbook.cluster.kafka;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.StringReader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A partition reassignment plan in the JSON of {@code kafka-reassign-partitions}
 * ({@code {"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[101,102],"log_dirs":["any","any"]}]}}),
 * read with Kafka's checks (version 1, no partition twice, no replica twice, log dirs "any") and written back in
 * the same form. Partitions are kept sorted by topic and partition.
 */
public record ReassignmentPlan(List<ReplicaAssignment> partitions) {
    private static final String ANY_LOG_DIR = "any";
    private static final TypeAdapter<JsonElement> STRICT = new Gson().getAdapter(JsonElement.class);

    public ReassignmentPlan {
        List<ReplicaAssignment> sorted = new ArrayList<>(partitions);
        sorted.sort(Comparator.comparing(ReplicaAssignment::topic).thenComparingInt(ReplicaAssignment::partition));
        partitions = List.copyOf(sorted);
    }

    /** Parses a plan; anything Kafka's tool would refuse is a one-line {@link KafkaLabException}. */
    public static ReassignmentPlan parse(String json) {
        JsonObject root = object(json, "reassignment");
        requireVersion1(root);
        JsonArray array = array(root, "partitions", "reassignment");
        List<ReplicaAssignment> partitions = new ArrayList<>();
        Set<TopicPartition> seen = new HashSet<>();
        Set<String> duplicates = new TreeSet<>();
        for (JsonElement element : array) {
            if (!element.isJsonObject()) {
                throw invalid("each element of \"partitions\" must be an object like {\"topic\":\"t\",\"partition\":0,\"replicas\":[101]}");
            }
            JsonObject p = element.getAsJsonObject();
            String topic = string(p, "topic");
            int partition = integer(p.get("partition"), "\"partition\" of topic " + topic);
            JsonArray replicasJson = array(p, "replicas", "partition " + topic + "-" + partition);
            List<Integer> replicas = new ArrayList<>();
            for (JsonElement r : replicasJson) {
                replicas.add(integer(r, "a replica of " + topic + "-" + partition));
            }
            if (replicas.isEmpty()) {
                throw invalid("partition " + topic + "-" + partition + " has no replicas");
            }
            if (new LinkedHashSet<>(replicas).size() != replicas.size()) {
                throw invalid("Duplicate replica assignment(s) found for " + topic + "-" + partition + ": " + replicas);
            }
            if (p.has("log_dirs")) {
                JsonElement dirs = p.get("log_dirs");
                if (!dirs.isJsonArray() || dirs.getAsJsonArray().size() != replicas.size()) {
                    throw invalid("\"log_dirs\" of " + topic + "-" + partition + " must list one dir per replica");
                }
                for (JsonElement dir : dirs.getAsJsonArray()) {
                    if (!(dir.isJsonPrimitive() && ANY_LOG_DIR.equals(dir.getAsString()))) {
                        throw invalid("this lab moves replicas between brokers only: every \"log_dirs\" entry must be \"any\"");
                    }
                }
            }
            TopicPartition tp = new TopicPartition(topic, partition);
            if (!seen.add(tp)) {
                duplicates.add(tp.toString());
            }
            partitions.add(new ReplicaAssignment(topic, partition, replicas));
        }
        if (!duplicates.isEmpty()) {
            throw invalid("Duplicate reassignment partitions: " + String.join(",", duplicates));
        }
        if (partitions.isEmpty()) {
            throw invalid("Partition reassignment list cannot be empty");
        }
        return new ReassignmentPlan(partitions);
    }

    /** The topic names of a {@code --topics-to-move-json-file} ({@code {"topics":[{"topic":"t"}],"version":1}}). */
    public static List<String> parseTopicsToMove(String json) {
        JsonObject root = object(json, "topics-to-move");
        requireVersion1(root);
        List<String> topics = new ArrayList<>();
        Set<String> duplicates = new TreeSet<>();
        for (JsonElement element : array(root, "topics", "topics-to-move")) {
            if (!element.isJsonObject()) {
                throw invalid("each element of \"topics\" must be an object like {\"topic\":\"t\"}");
            }
            String topic = string(element.getAsJsonObject(), "topic");
            if (topics.contains(topic)) {
                duplicates.add(topic);
            }
            topics.add(topic);
        }
        if (!duplicates.isEmpty()) {
            throw invalid("Duplicate topic(s) in topics-to-move-json-file: " + String.join(",", duplicates));
        }
        if (topics.isEmpty()) {
            throw invalid("the \"topics\" list is empty");
        }
        return topics;
    }

    public Set<TopicPartition> topicPartitions() {
        Set<TopicPartition> set = new LinkedHashSet<>();
        partitions.forEach(p -> set.add(p.topicPartition()));
        return set;
    }

    /** Kafka's form: one line, {@code "log_dirs"} all "any". */
    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("version", 1);
        JsonArray array = new JsonArray();
        for (ReplicaAssignment p : partitions) {
            JsonObject o = new JsonObject();
            o.addProperty("topic", p.topic());
            o.addProperty("partition", p.partition());
            JsonArray replicas = new JsonArray();
            JsonArray dirs = new JsonArray();
            p.replicas().forEach(r -> {
                replicas.add(r);
                dirs.add(ANY_LOG_DIR);
            });
            o.add("replicas", replicas);
            o.add("log_dirs", dirs);
            array.add(o);
        }
        root.add("partitions", array);
        return root.toString();
    }

    private static JsonObject object(String json, String what) {
        JsonElement root;
        // strict, as Kafka's own parser: no unquoted names, single quotes or trailing text
        try (JsonReader reader = new JsonReader(new StringReader(json == null ? "" : json))) {
            reader.setStrictness(Strictness.STRICT);
            root = STRICT.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw invalid("not valid JSON (text after the end of the object)");
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw invalid("not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null) {
            throw invalid("not valid JSON (empty)");
        }
        if (!root.isJsonObject()) {
            throw invalid("the " + what + " JSON must be an object with \"version\":1");
        }
        return root.getAsJsonObject();
    }

    private static void requireVersion1(JsonObject root) {
        JsonElement version = root.get("version");
        if (version == null) {
            throw invalid("\"version\" is missing (it must be 1)");
        }
        if (integer(version, "\"version\"") != 1) {
            throw invalid("Not supported version field value " + version);
        }
    }

    private static JsonArray array(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonArray()) {
            throw invalid("the " + where + " needs a \"" + field + "\" array");
        }
        return e.getAsJsonArray();
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (!(e instanceof JsonPrimitive p) || !p.isString() || p.getAsString().isBlank()) {
            throw invalid("\"" + field + "\" must be a non-empty string in " + o);
        }
        return p.getAsString();
    }

    private static int integer(JsonElement e, String what) {
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            double d = p.getAsDouble();
            if (d == Math.rint(d) && d >= 0 && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw invalid(what + " must be a non-negative integer, not " + e);
    }

    private static String firstLine(String message) {
        return message == null ? "parse error" : message.lines().findFirst().orElse("parse error");
    }

    private static KafkaLabException invalid(String what) {
        return new KafkaLabException("Invalid reassignment JSON: " + what + ". Nothing was changed.");
    }
}
