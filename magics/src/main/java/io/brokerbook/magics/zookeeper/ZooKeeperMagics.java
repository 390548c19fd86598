package io.brokerbook.magics.zookeeper;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.zookeeper.ZooKeeperLab;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;

/**
 * The ZooKeeper pack: {@code %zookeeper} (start/stop/status/tree) and {@code %zookeeper-shell}. Its slot is
 * registered before Kafka's, so at kernel shutdown the brokers stop before the ZooKeeper they are registered in.
 */
public final class ZooKeeperMagics implements MagicExtension {
    @Override
    public void register(MagicRegistry registry, KernelHost host) {
        LabSlot<ZooKeeperLab> slot = host.lab().register(ZooKeeperLab.KIND, ZooKeeperSession.NOT_RUNNING);
        ZooKeeperSession session = new ZooKeeperSession(slot, host.workDir());
        registry.register(new ZooKeeperMagic(session).magic());
        registry.register(new ZooKeeperShellMagic(session).magic());
        ZnodePathCompletions.register(host, session);
    }
}
