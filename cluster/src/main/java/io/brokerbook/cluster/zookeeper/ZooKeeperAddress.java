package io.brokerbook.cluster.zookeeper;

import io.brokerbook.cluster.lab.LabException;

/**
 * A ZooKeeper server's client address as Kafka's {@code zookeeper.connect} and the shell take it:
 * {@code host:port} (a chroot such as {@code /kafka} is refused: the lab's brokers register at the root).
 */
public record ZooKeeperAddress(String host, int port) {
    public static ZooKeeperAddress parse(String address) {
        String a = address == null ? "" : address.trim();
        int colon = a.lastIndexOf(':');
        if (a.contains(",") || a.contains("/") || colon <= 0) {
            throw new LabException("'" + a + "' is not a ZooKeeper address; give it as HOST:PORT, e.g. localhost:2181.");
        }
        try {
            int port = Integer.parseInt(a.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new ZooKeeperAddress(a.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new LabException("'" + a + "' has no valid port; give the ZooKeeper address as HOST:PORT, e.g. localhost:2181.");
        }
    }

    /** True if a ZooKeeper server answers here ({@code srvr}). */
    public boolean answers() {
        return FourLetterWord.answers(host, port);
    }

    /** The answer of a four-letter command such as {@code srvr}. */
    public String fourLetterWord(String command) {
        return FourLetterWord.send(host, port, command);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
