package io.brokerbook.cluster.zookeeper;

import java.nio.file.Path;

/**
 * How to start a ZooKeeper server.
 *
 * @param port    the client port asked for, or null for 2181 if free (else the next free one)
 * @param dataDir where ZooKeeper keeps its snapshots and transaction log across stop/start, or null for a temp dir
 * @param workDir where the temp run dir (config, log, temp data) goes, or null for the system temp dir
 */
public record ZooKeeperOptions(Integer port, Path dataDir, Path workDir) {
    public static ZooKeeperOptions defaults() {
        return new ZooKeeperOptions(null, null, null);
    }
}
