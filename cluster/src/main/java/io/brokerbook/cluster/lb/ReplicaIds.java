package io.brokerbook.cluster.lb;

import java.util.Comparator;

/** Replica ids look like {@code whoami-3}; they sort by name, then by number (2 before 10). */
public final class ReplicaIds {
    public static final Comparator<String> ORDER = Comparator.comparing(ReplicaIds::stem).thenComparingInt(ReplicaIds::number);

    private ReplicaIds() {
    }

    static String stem(String id) {
        int dash = id.lastIndexOf('-');
        return dash < 0 ? id : id.substring(0, dash);
    }

    static int number(String id) {
        int dash = id.lastIndexOf('-');
        try {
            return dash < 0 ? 0 : Integer.parseInt(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
