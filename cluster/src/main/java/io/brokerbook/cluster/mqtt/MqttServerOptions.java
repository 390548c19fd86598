package io.brokerbook.cluster.mqtt;

import java.nio.file.Path;

/**
 * How {@link MqttLab#start} runs {@code mosquitto}. Every field may be null (= default).
 *
 * @param port       TCP port on 127.0.0.1; null: 1883 if free, else the next free port
 * @param dataDir    where mosquitto keeps its persistence file (retained messages, sessions, queued messages)
 *                   across stop/start; null: no persistence
 * @param workDir    parent for the lab's temp dir (config, log); null: the system temp dir
 * @param logFile    where the broker's output goes; null: a file in the lab's temp dir
 * @param searchPath where to look for mosquitto (PATH syntax, /usr/sbin added); null: the PATH environment variable
 */
public record MqttServerOptions(Integer port, Path dataDir, Path workDir, Path logFile, String searchPath) {
    public static MqttServerOptions defaults() {
        return new MqttServerOptions(null, null, null, null, null);
    }

    public MqttServerOptions withPort(Integer p) {
        return new MqttServerOptions(p, dataDir, workDir, logFile, searchPath);
    }

    public MqttServerOptions withDataDir(Path dir) {
        return new MqttServerOptions(port, dir, workDir, logFile, searchPath);
    }

    public MqttServerOptions withWorkDir(Path dir) {
        return new MqttServerOptions(port, dataDir, dir, logFile, searchPath);
    }

    public MqttServerOptions withLogFile(Path file) {
        return new MqttServerOptions(port, dataDir, workDir, file, searchPath);
    }

    public MqttServerOptions withSearchPath(String path) {
        return new MqttServerOptions(port, dataDir, workDir, logFile, path);
    }
}
