package io.brokerbook.cluster.nats;

import java.nio.file.Path;

/**
 * How {@link NatsLab#start} runs {@code nats-server}. Every field but {@code jetstream} may be null (= default).
 *
 * @param port       TCP port on 127.0.0.1; null: 4222 if free, else the next free port
 * @param jetstream  enable JetStream (streams and consumers); always on with a data dir
 * @param dataDir    JetStream's store dir, kept across stop/start; null: a store in the lab's temp dir
 * @param workDir    parent for the lab's temp dir; null: the system temp dir
 * @param logFile    where the server's output goes; null: a file in the lab's temp dir
 * @param searchPath where to look for nats-server (PATH syntax); null: the PATH environment variable
 */
public record NatsServerOptions(Integer port, boolean jetstream, Path dataDir, Path workDir, Path logFile,
                                String searchPath) {
    public static NatsServerOptions defaults() {
        return new NatsServerOptions(null, false, null, null, null, null);
    }

    public NatsServerOptions withPort(Integer p) {
        return new NatsServerOptions(p, jetstream, dataDir, workDir, logFile, searchPath);
    }

    public NatsServerOptions withJetStream(boolean on) {
        return new NatsServerOptions(port, on, dataDir, workDir, logFile, searchPath);
    }

    public NatsServerOptions withDataDir(Path dir) {
        return new NatsServerOptions(port, jetstream, dir, workDir, logFile, searchPath);
    }

    public NatsServerOptions withWorkDir(Path dir) {
        return new NatsServerOptions(port, jetstream, dataDir, dir, logFile, searchPath);
    }

    public NatsServerOptions withLogFile(Path file) {
        return new NatsServerOptions(port, jetstream, dataDir, workDir, file, searchPath);
    }

    public NatsServerOptions withSearchPath(String path) {
        return new NatsServerOptions(port, jetstream, dataDir, workDir, logFile, path);
    }

    /** JetStream runs when asked for, and whenever there is a data dir to keep its store in. */
    public boolean jetstreamEnabled() {
        return jetstream || dataDir != null;
    }
}
