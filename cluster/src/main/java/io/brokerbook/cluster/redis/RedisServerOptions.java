package io.brokerbook.cluster.redis;

import java.nio.file.Path;

/**
 * How {@link RedisLab#start} runs its server. Every field may be null (= default).
 *
 * @param port       TCP port on 127.0.0.1; null: 6379 if free, else any free port
 * @param password   {@code requirepass}; null: no password
 * @param dataDir    where Redis keeps its RDB/AOF files so data survives stop/start;
 *                   null: nothing is saved (the server runs in a scratch dir that stop removes)
 * @param workDir    parent for the lab's temp dir (extracted binary, scratch data); null: the system temp dir
 * @param logFile    where the server's stdout/stderr go; null: a file in the lab's temp dir
 * @param searchPath directories searched for {@code redis-server} (PATH syntax); null: the PATH
 *                   environment variable; empty: always use the binary shipped in the embedded-redis jar
 */
public record RedisServerOptions(Integer port, String password, Path dataDir, Path workDir, Path logFile,
                                 String searchPath) {
    public static RedisServerOptions defaults() {
        return new RedisServerOptions(null, null, null, null, null, null);
    }

    public RedisServerOptions withPort(Integer p) {
        return new RedisServerOptions(p, password, dataDir, workDir, logFile, searchPath);
    }

    public RedisServerOptions withPassword(String pw) {
        return new RedisServerOptions(port, pw, dataDir, workDir, logFile, searchPath);
    }

    public RedisServerOptions withDataDir(Path dir) {
        return new RedisServerOptions(port, password, dir, workDir, logFile, searchPath);
    }

    public RedisServerOptions withWorkDir(Path dir) {
        return new RedisServerOptions(port, password, dataDir, dir, logFile, searchPath);
    }

    public RedisServerOptions withLogFile(Path file) {
        return new RedisServerOptions(port, password, dataDir, workDir, file, searchPath);
    }

    public RedisServerOptions withSearchPath(String path) {
        return new RedisServerOptions(port, password, dataDir, workDir, logFile, path);
    }

    String effectiveSearchPath() {
        if (searchPath != null) {
            return searchPath;
        }
        String env = System.getenv("PATH");
        return env == null ? "" : env;
    }
}
