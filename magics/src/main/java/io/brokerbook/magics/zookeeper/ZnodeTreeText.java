package io.brokerbook.magics.zookeeper;

import io.brokerbook.cluster.zookeeper.Znode;

import java.util.List;

/**
 * {@code %zookeeper tree}: one line per znode, indented by depth, with its data and, for an ephemeral znode, the
 * session that owns it (it disappears when that session ends).
 */
final class ZnodeTreeText {
    /** Longer data is cut (the whole of it: %zookeeper-shell get PATH). */
    static final int MAX_DATA = 300;

    private ZnodeTreeText() {
    }

    static String render(List<Znode> nodes) {
        StringBuilder text = new StringBuilder();
        for (Znode node : nodes) {
            text.append("  ".repeat(node.depth())).append(node.depth() == 0 ? node.path() : node.name());
            if (!node.data().isEmpty()) {
                String data = node.data().replace("\n", "\\n");
                text.append(" = ").append(data.length() > MAX_DATA ? data.substring(0, MAX_DATA) + "…" : data);
            }
            if (node.ephemeral()) {
                text.append("   [ephemeral, owner session 0x").append(Long.toHexString(node.ephemeralOwner())).append(']');
            }
            text.append('\n');
        }
        return text.toString();
    }
}
