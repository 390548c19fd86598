package io.brokerbook.cluster.mqtt;

/**
 * MQTT topic syntax: levels separated by {@code /}. A topic to publish to is literal; a subscription filter may use
 * {@code +} (one whole level) and {@code #} (the whole last level: it and everything below).
 */
public final class MqttTopic {
    private MqttTopic() {
    }

    public static String requirePublishable(String topic) {
        requireWellFormed(topic);
        if (topic.contains("+") || topic.contains("#")) {
            throw new MqttLabException("Bad topic '" + topic + "': wildcards (+ and #) are for subscribing;"
                + " publish to a literal topic such as sensors/kitchen/temp.");
        }
        return topic;
    }

    public static String requireFilter(String filter) {
        requireWellFormed(filter);
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new MqttLabException("Bad topic filter '" + filter + "': # must be a whole level and the last one"
                    + " (e.g. sensors/#).");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new MqttLabException("Bad topic filter '" + filter + "': + must be a whole level (e.g. sensors/+/temp).");
            }
        }
        return filter;
    }

    public static int requireQos(int qos) {
        if (qos < 0 || qos > 2) {
            throw new MqttLabException("Invalid QoS " + qos + ": use 0 (at most once), 1 (at least once) or 2 (exactly once).");
        }
        return qos;
    }

    private static void requireWellFormed(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new MqttLabException("Empty topic: give one such as sensors/kitchen/temp.");
        }
        if (topic.indexOf('\0') >= 0) {
            throw new MqttLabException("Bad topic: it contains a NUL character.");
        }
        if (topic.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 65535) {
            throw new MqttLabException("Bad topic: longer than MQTT's 65535 bytes.");
        }
    }
}
