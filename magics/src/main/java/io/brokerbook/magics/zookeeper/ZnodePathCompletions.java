package io.brokerbook.magics.zookeeper;

import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.zookeeper.ZooKeeperLab;
import io.brokerbook.magics.CompletionRequest;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicCompleter;

import java.util.List;
import java.util.Set;

/**
 * Znode paths for {@code %zookeeper-shell ls|get|stat PATH} and {@code %zookeeper tree PATH}, from the lab's running
 * ZooKeeper: the children of the path typed so far ({@code /brokers/i|} → {@code /brokers/ids}).
 */
final class ZnodePathCompletions implements MagicCompleter {
    private static final Set<String> TAKES_PATH = Set.of("ls", "get", "stat", "tree");

    private final ZooKeeperSession session;

    ZnodePathCompletions(ZooKeeperSession session) {
        this.session = session;
    }

    static void register(KernelHost host, ZooKeeperSession session) {
        ZnodePathCompletions completions = new ZnodePathCompletions(session);
        host.addCompleter("zookeeper-shell", completions);
        host.addCompleter("zookeeper", completions);
    }

    @Override
    public List<String> candidates(CompletionRequest r) {
        if (!TAKES_PATH.contains(r.command()) || !r.positionals().isEmpty() || !r.option().isEmpty()) {
            return List.of();
        }
        String word = r.word().isEmpty() ? "/" : r.word();
        if (!word.startsWith("/")) {
            return List.of();
        }
        int slash = word.lastIndexOf('/');
        String parent = slash == 0 ? "/" : word.substring(0, slash);
        String prefix = word.substring(slash + 1);
        return session.running().map(lab -> children(lab, parent, prefix)).orElse(List.of());
    }

    private static List<String> children(ZooKeeperLab lab, String parent, String prefix) {
        try {
            return lab.znodes().children(parent).stream()
                .filter(c -> c.startsWith(prefix))
                .sorted()
                .map(c -> (parent.equals("/") ? "/" : parent + "/") + c)
                .toList();
        } catch (LabException e) {
            return List.of(); // no such parent (yet): nothing to offer
        }
    }
}
