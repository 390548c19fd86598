package io.brokerbook.cluster.mqtt;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One kind of MQTT broker the lab runs as a supervised child: how to configure and launch it, and how to read its
 * output. {@link Mosquitto} (Debian's) or {@link HiveMq} (HiveMQ CE in a child JVM, when mosquitto is missing).
 */
sealed interface MqttServer permits MqttServer.Mosquitto, HiveMqServer {
    /** The name in messages and status: {@code mosquitto}, {@code HiveMQ CE}. */
    String name();

    /** Writes its config into {@code runDir} and returns the command that runs it on 127.0.0.1:{@code port}. */
    List<String> prepare(Path runDir, int port, Path dataDir) throws IOException;

    boolean isReady(String line);

    /** Its version, read from the first output lines (up to and with the ready line). */
    String version(List<String> lines);

    /** Where it comes from, for the status table: {@code (/usr/sbin/mosquitto)}. */
    String origin();

    Duration startTimeout();

    /** True for an output line a crash report need not quote (start-up news, not an error). */
    boolean tellsNothing(String line);

    /** Debian's mosquitto with the lab's generated config ({@link MqttLab#config}). */
    record Mosquitto(Path executable) implements MqttServer {
        @Override
        public String name() {
            return MqttLab.EXECUTABLE;
        }

        @Override
        public List<String> prepare(Path runDir, int port, Path dataDir) throws IOException {
            Path conf = runDir.resolve("mosquitto.conf");
            java.nio.file.Files.writeString(conf, MqttLab.config(port, dataDir));
            return List.of(executable.toString(), "-c", conf.toString());
        }

        @Override
        public boolean isReady(String line) {
            return line.contains(" running");
        }

        @Override
        public String version(List<String> lines) {
            return lines.stream().filter(l -> l.contains("mosquitto version"))
                .map(l -> l.substring(l.indexOf("version ") + 8).split(" ")[0]).findFirst().orElse("?");
        }

        @Override
        public String origin() {
            return "(" + executable + ")";
        }

        @Override
        public Duration startTimeout() {
            return Duration.ofSeconds(30);
        }

        @Override
        public boolean tellsNothing(String line) {
            return line.endsWith(" running");
        }
    }
}
