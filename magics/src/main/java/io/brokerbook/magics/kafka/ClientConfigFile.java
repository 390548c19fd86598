package io.brokerbook.magics.kafka;

import io.brokerbook.magics.MagicException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A client configuration file as Kafka's tools read it ({@code --producer.config}, {@code --consumer.config},
 * {@code --command-config}): {@link java.util.Properties} syntax, applied to the clients a magic creates.
 */
final class ClientConfigFile {
    private ClientConfigFile() {
    }

    /** The settings of the file named by {@code option}, or an empty map when the option is absent. */
    static Map<String, String> read(String magic, String option, Optional<String> file) {
        if (file.isEmpty()) {
            return Map.of();
        }
        Path path = Path.of(file.get());
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            throw new MagicException(magic + ": " + option + " " + file.get() + ": no such file (relative paths start at "
                + Path.of("").toAbsolutePath() + ").");
        } catch (IOException | IllegalArgumentException e) {
            throw new MagicException(magic + ": cannot read " + option + " " + file.get() + ": " + e.getMessage());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(k -> settings.put(k, props.getProperty(k).trim()));
        return settings;
    }

    /** The settings that say how to reach the cluster at all (security.protocol, sasl.*, ssl.*): what a connection keeps. */
    static Map<String, String> connectionSettings(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                out.put(k, v);
            }
        });
        return out;
    }
}
