package io.brokerbook.cluster.rabbitmq;

import java.nio.file.Path;

/**
 * How {@link RabbitLab#start} runs its server. Every field may be null (= default).
 *
 * @param port       AMQP port on 127.0.0.1; null: 5672 if free, else the next free port
 * @param user       the user created at the node's first boot; null: guest
 * @param password   that user's password; null: guest
 * @param dataDir    where the node keeps its database and message store across stop/start; null: a temp dir
 *                   that stop removes
 * @param management true: the management UI/API takes 15672 (or the next free port) and its URL is announced;
 *                   false: the management API (the lab's inspection) listens on any free loopback port
 * @param workDir    parent of the lab's temp dir; null: the system temp dir
 * @param logFile    where the server's output goes; null: a file in the lab's temp dir
 * @param searchPath directories searched for rabbitmq-server and epmd (PATH syntax); null: the PATH variable
 * @param server     which server runs; null: {@link RabbitServerKind#AUTO}
 */
public record RabbitServerOptions(Integer port, String user, String password, Path dataDir, boolean management,
                                  Path workDir, Path logFile, String searchPath, RabbitServerKind server) {
    public static RabbitServerOptions defaults() {
        return new RabbitServerOptions(null, null, null, null, false, null, null, null, null);
    }

    public RabbitServerOptions withServer(RabbitServerKind kind) {
        return new RabbitServerOptions(port, user, password, dataDir, management, workDir, logFile, searchPath, kind);
    }

    RabbitServerKind effectiveServer() {
        return server == null ? RabbitServerKind.AUTO : server;
    }

    public RabbitServerOptions withPort(Integer p) {
        return new RabbitServerOptions(p, user, password, dataDir, management, workDir, logFile, searchPath, server);
    }

    public RabbitServerOptions withCredentials(String u, String pw) {
        return new RabbitServerOptions(port, u, pw, dataDir, management, workDir, logFile, searchPath, server);
    }

    public RabbitServerOptions withDataDir(Path dir) {
        return new RabbitServerOptions(port, user, password, dir, management, workDir, logFile, searchPath, server);
    }

    public RabbitServerOptions withManagement(boolean on) {
        return new RabbitServerOptions(port, user, password, dataDir, on, workDir, logFile, searchPath, server);
    }

    public RabbitServerOptions withWorkDir(Path dir) {
        return new RabbitServerOptions(port, user, password, dataDir, management, dir, logFile, searchPath, server);
    }

    public RabbitServerOptions withLogFile(Path file) {
        return new RabbitServerOptions(port, user, password, dataDir, management, workDir, file, searchPath, server);
    }

    public RabbitServerOptions withSearchPath(String path) {
        return new RabbitServerOptions(port, user, password, dataDir, management, workDir, logFile, path, server);
    }

    String effectiveUser() {
        return user == null ? "guest" : user;
    }

    String effectivePassword() {
        return password == null ? "guest" : password;
    }

    String effectiveSearchPath() {
        if (searchPath != null) {
            return searchPath;
        }
        String env = System.getenv("PATH");
        return env == null ? "" : env;
    }
}
