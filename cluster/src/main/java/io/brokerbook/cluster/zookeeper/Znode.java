package io.brokerbook.cluster.zookeeper;

/**
 * One znode of a {@link ZnodeClient#tree}.
 *
 * @param path           its full path
 * @param depth          0 for the tree's root, 1 for its children, …
 * @param data           its data as text (empty for none)
 * @param ephemeralOwner the session that owns it if it is ephemeral, else 0
 * @param children       how many children it has
 */
public record Znode(String path, int depth, String data, long ephemeralOwner, int children) {
    public boolean ephemeral() {
        return ephemeralOwner != 0;
    }

    /** The last path element ({@code /} for the root). */
    public String name() {
        return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
    }
}
