package io.brokerbook.cluster.kafka;

import java.util.Map;

/**
 * The one SCRAM-SHA-256 user of a secured lab: the brokers create it at format time and use it between
 * themselves; every client the lab creates logs in with it.
 */
public record ScramCredentials(String user, String password) {
    public static final String MECHANISM = "SCRAM-SHA-256";

    public ScramCredentials {
        if (user == null || user.isBlank() || password == null || password.isEmpty()) {
            throw new KafkaLabException("A secured lab needs a user and a password: --user U --password P.");
        }
        // Both end up inside a JAAS line and a kafka-storage --add-scram argument, which have no escaping.
        if (!user.matches("[A-Za-z0-9._-]+")) {
            throw new KafkaLabException("The SCRAM user may have letters, digits, '.', '_' and '-' only, not '" + user + "'.");
        }
        if (password.chars().anyMatch(c -> c == '"' || c == '\\' || c == ',' || c == '[' || c == ']' || c == ';' || Character.isWhitespace(c))) {
            throw new KafkaLabException("The SCRAM password may not contain quotes, backslashes, ',', '[', ']', ';' or spaces.");
        }
    }

    /** {@code sasl.jaas.config} of a client logging in as this user. */
    public String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The settings a client needs on top of {@code bootstrap.servers}. */
    public Map<String, String> clientProperties() {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", MECHANISM, "sasl.jaas.config", jaasConfig());
    }

    /** The {@code kafka-storage format --add-scram} argument that creates this user. */
    String formatArgument() {
        return MECHANISM + "=[name=" + user + ",password=" + password + "]";
    }

    @Override
    public String toString() {
        return "ScramCredentials[user=" + user + "]";
    }
}
