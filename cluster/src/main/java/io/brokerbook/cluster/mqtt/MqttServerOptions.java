package io.brokerbook.cluster.mqtt;

import java.nio.file.Path;

/**
 * How {@link MqttLab#start} runs its broker. Every field may be null (= default).
 *
 * @param port       TCP port on 127.0.0.1; null: 1883 if free, else the next free port
 * @param dataDir    where the broker keeps its persistence (retained messages, sessions, queued messages)
 *                   across stop/start; null: no persistence
 * @param workDir    parent for the lab's temp dir (config, log); null: the system temp dir
 * @param logFile    where the broker's output goes; null: a file in the lab's temp dir
 * @param searchPath where to look for mosquitto (PATH syntax, /usr/sbin added); null: the PATH environment variable
 * @param server     which broker; null: mosquitto when installed, else HiveMQ CE in a child JVM
 */
public record MqttServerOptions(Integer port, Path dataDir, Path workDir, Path logFile, String searchPath,
                                MqttServerKind server) {
    public static MqttServerOptions defaults() {
        return new MqttServerOptions(null, null, null, null, null, null);
    }

    public MqttServerOptions withPort(Integer p) {
        return new MqttServerOptions(p, dataDir, workDir, logFile, searchPath, server);
    }

    public MqttServerOptions withDataDir(Path dir) {
        return new MqttServerOptions(port, dir, workDir, logFile, searchPath, server);
    }

    public MqttServerOptions withWorkDir(Path dir) {
        return new MqttServerOptions(port, dataDir, dir, logFile, searchPath, server);
    }

    public MqttServerOptions withLogFile(Path file) {
        return new MqttServerOptions(port, dataDir, workDir, file, searchPath, server);
    }

    public MqttServerOptions withSearchPath(String path) {
        return new MqttServerOptions(port, dataDir, workDir, logFile, path, server);
    }

    public MqttServerOptions withServer(MqttServerKind kind) {
        return new MqttServerOptions(port, dataDir, workDir, logFile, searchPath, kind);
    }
}
