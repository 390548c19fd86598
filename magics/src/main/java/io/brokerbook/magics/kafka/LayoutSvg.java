package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.NodeStatus;
import io.brokerbook.cluster.kafka.PartitionLayout;
import io.brokerbook.cluster.kafka.PartitionReplicas;
import io.brokerbook.magics.display.DisplayData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The partition layout as the class slides draw it: one column per broker (down ones greyed), one box per replica
 * labelled {@code topic-p}; the leader filled, in-sync followers marked ✓, out-of-sync replicas hatched, a leader
 * that moved away from its preferred broker marked "moved"; the coordinator (KRaft controller quorum) above.
 * A standalone SVG styled by CSS classes, on its own light card so it reads on light and dark themes.
 */
final class LayoutSvg {
    private static final int MARGIN = 16;
    private static final int COLUMN = 170;
    private static final int GAP = 16;
    private static final int BOX_H = 26;
    private static final int BOX_GAP = 6;
    private static final int TOP = 72;
    private static final int HEAD_H = 40;

    private LayoutSvg() {
    }

    static DisplayData render(PartitionLayout layout) {
        return DisplayData.svg(svg(layout), text(layout));
    }

    /** A cluster in ZooKeeper mode: {@code coordinator} names the ZooKeeper and the controller broker instead. */
    static DisplayData render(PartitionLayout layout, String coordinator) {
        return DisplayData.svg(svg(layout, coordinator), text(layout, coordinator));
    }

    /** "Coordinator: KRaft controller quorum [1, 2, 3], leader 2". */
    static String kraftCoordinator(PartitionLayout layout) {
        return "Coordinator: KRaft controller quorum" + (layout.controllers().isEmpty() ? "" : " " + layout.controllers())
            + ", leader " + leaderText(layout);
    }

    static String svg(PartitionLayout layout) {
        return svg(layout, kraftCoordinator(layout));
    }

    static String svg(PartitionLayout layout, String coordinatorText) {
        List<NodeStatus> brokers = layout.brokers();
        String quorumLeader = leaderText(layout);
        Map<Integer, List<PartitionReplicas>> byBroker = replicasByBroker(layout);
        int rows = byBroker.values().stream().mapToInt(List::size).max().orElse(0);
        int columns = Math.max(1, brokers.size());
        int width = 2 * MARGIN + columns * COLUMN + (columns - 1) * GAP;
        int columnTop = TOP;
        int columnHeight = HEAD_H + 10 + Math.max(1, rows) * (BOX_H + BOX_GAP) + 4;
        int legendY = columnTop + columnHeight + 22;
        int height = legendY + 20;
        String hatch = "bb-hatch-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));

        StringBuilder sb = new StringBuilder(4096);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"brokerbook-kafka-layout\" width=\"").append(width)
            .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
            .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.append("<style>\n")
            .append(".card{fill:#fafafa;stroke:#c8c8c8}\n")
            .append("text{fill:#222}\n")
            .append(".coordinator rect{fill:#fff4d6;stroke:#b8860b}\n")
            .append(".broker>rect.column{fill:#eef3f8;stroke:#9db3c8}\n")
            .append(".broker.down>rect.column{fill:#dedede;stroke:#9a9a9a;stroke-dasharray:4 3}\n")
            .append(".broker.down text{fill:#777}\n")
            .append(".replica rect{stroke:#2f6fb0;stroke-width:1.5;fill:#ffffff}\n")
            .append(".replica.leader rect{fill:#2f6fb0}\n")
            .append(".replica.leader text{fill:#ffffff;font-weight:bold}\n")
            .append(".replica.out-of-sync rect{fill:url(#").append(hatch).append(");stroke:#c0392b;stroke-dasharray:3 2}\n")
            .append(".replica.offline rect{stroke:#c0392b}\n")
            .append(".replica.moved rect{stroke:#e67e22;stroke-width:3}\n")
            .append(".isr-mark{fill:#2e7d32;font-weight:bold}\n")
            .append(".replica.leader .isr-mark{fill:#ffffff}\n")
            .append(".badge{font-size:10px}\n")
            .append("</style>\n");
        sb.append("<defs><pattern id=\"").append(hatch).append("\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\">")
            .append("<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><path d=\"M0,6 L6,0\" stroke=\"#c0392b\" stroke-width=\"1\"/>")
            .append("</pattern></defs>\n");
        sb.append("<rect class=\"card\" x=\"0.5\" y=\"0.5\" rx=\"8\" width=\"").append(width - 1).append("\" height=\"")
            .append(height - 1).append("\"/>\n");

        sb.append("<g class=\"coordinator\" data-leader=\"").append(quorumLeader.equals("?") ? "" : quorumLeader).append("\">")
            .append("<rect x=\"").append(MARGIN).append("\" y=\"").append(MARGIN).append("\" rx=\"6\" width=\"")
            .append(width - 2 * MARGIN).append("\" height=\"34\"/>")
            .append("<text x=\"").append(width / 2).append("\" y=\"").append(MARGIN + 21).append("\" text-anchor=\"middle\">")
            .append(esc(coordinatorText)).append("</text></g>\n");

        for (int i = 0; i < brokers.size(); i++) {
            NodeStatus broker = brokers.get(i);
            int x = MARGIN + i * (COLUMN + GAP);
            sb.append("<g class=\"broker ").append(broker.up() ? "up" : "down").append("\" data-broker=\"").append(broker.id()).append("\">")
                .append("<rect class=\"column\" x=\"").append(x).append("\" y=\"").append(columnTop).append("\" rx=\"6\" width=\"")
                .append(COLUMN).append("\" height=\"").append(columnHeight).append("\"/>")
                .append("<text x=\"").append(x + COLUMN / 2).append("\" y=\"").append(columnTop + 17)
                .append("\" text-anchor=\"middle\" font-weight=\"bold\" font-size=\"13\">Broker ").append(broker.id()).append("</text>")
                .append("<text x=\"").append(x + COLUMN / 2).append("\" y=\"").append(columnTop + 33)
                .append("\" text-anchor=\"middle\" class=\"badge\">")
                .append(esc(broker.up() ? broker.hostPort() : "DOWN")).append("</text>\n");
            List<PartitionReplicas> replicas = byBroker.getOrDefault(broker.id(), List.of());
            for (int r = 0; r < replicas.size(); r++) {
                replica(sb, replicas.get(r), broker, x + 10, columnTop + HEAD_H + 10 + r * (BOX_H + BOX_GAP));
            }
            sb.append("</g>\n");
        }
        legend(sb, legendY);
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void replica(StringBuilder sb, PartitionReplicas p, NodeStatus broker, int x, int y) {
        boolean leader = p.ledBy(broker.id());
        boolean inSync = p.isr().contains(broker.id());
        boolean moved = leader && !p.preferred();
        List<String> classes = new ArrayList<>(List.of("replica"));
        classes.add(leader ? "leader" : "follower");
        classes.add(inSync ? "isr" : "out-of-sync");
        if (moved) {
            classes.add("moved");
        }
        if (!p.hasLeader()) {
            classes.add("offline");
        }
        String label = p.topic() + "-" + p.partition();
        String title = label + ": " + (leader ? "leader" : "follower") + (inSync ? ", in sync (ISR)" : ", out of sync")
            + (moved ? ", leader moved here from " + p.replicas().get(0) : "")
            + (p.hasLeader() ? "" : ", OFFLINE: no leader")
            + " | replicas " + p.replicas() + ", isr " + p.isr();
        sb.append("<g class=\"").append(String.join(" ", classes)).append("\" data-partition=\"").append(esc(label))
            .append("\" data-leader=\"").append(leader).append("\"><title>").append(esc(title)).append("</title>")
            .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" rx=\"4\" width=\"").append(COLUMN - 20)
            .append("\" height=\"").append(BOX_H).append("\"/>")
            .append("<text x=\"").append(x + 8).append("\" y=\"").append(y + 17).append("\">").append(esc(shorten(label, 16))).append("</text>");
        String badge = (leader ? "L" : "") + (moved ? " moved" : "");
        if (!badge.isEmpty()) {
            sb.append("<text class=\"badge\" x=\"").append(x + COLUMN - 42).append("\" y=\"").append(y + 17)
                .append("\" text-anchor=\"end\">").append(badge.trim()).append("</text>");
        }
        if (inSync) {
            sb.append("<text class=\"isr-mark\" x=\"").append(x + COLUMN - 28).append("\" y=\"").append(y + 17).append("\">✓</text>");
        }
        sb.append("</g>\n");
    }

    private static void legend(StringBuilder sb, int y) {
        int x = MARGIN;
        String[][] items = {
            {"replica leader isr", "leader"}, {"replica follower isr", "in-sync follower ✓"},
            {"replica follower out-of-sync", "out of sync"}, {"replica leader isr moved", "leader moved"}};
        for (String[] item : items) {
            sb.append("<g class=\"legend ").append(item[0]).append("\"><rect x=\"").append(x).append("\" y=\"").append(y - 11)
                .append("\" width=\"14\" height=\"14\" rx=\"3\"/></g><text x=\"").append(x + 20).append("\" y=\"").append(y)
                .append("\">").append(esc(item[1])).append("</text>");
            x += 30 + item[1].length() * 7;
        }
        sb.append('\n');
    }

    private static Map<Integer, List<PartitionReplicas>> replicasByBroker(PartitionLayout layout) {
        Map<Integer, List<PartitionReplicas>> byBroker = new LinkedHashMap<>();
        for (PartitionReplicas p : layout.partitions()) {
            for (int replica : p.replicas()) {
                byBroker.computeIfAbsent(replica, k -> new ArrayList<>()).add(p);
            }
        }
        return byBroker;
    }

    /** The same facts as text: one line per broker, then the leaders that moved. */
    static String text(PartitionLayout layout) {
        return text(layout, "Coordinator: KRaft controller quorum, leader " + leaderText(layout));
    }

    static String text(PartitionLayout layout, String coordinatorText) {
        Map<Integer, List<PartitionReplicas>> byBroker = replicasByBroker(layout);
        StringBuilder sb = new StringBuilder(coordinatorText).append('\n');
        for (NodeStatus b : layout.brokers()) {
            sb.append("Broker ").append(b.id()).append(b.up() ? " (up)" : " (DOWN)").append(": ");
            sb.append(byBroker.getOrDefault(b.id(), List.of()).stream().map(p -> p.topic() + "-" + p.partition()
                + (p.ledBy(b.id()) ? "[L]" : "") + (p.isr().contains(b.id()) ? "" : "[out-of-sync]"))
                .collect(Collectors.joining(" "))).append('\n');
        }
        for (PartitionReplicas p : layout.partitions()) {
            if (p.hasLeader() && !p.preferred()) {
                sb.append(p.topic()).append('-').append(p.partition()).append(": leader moved from ")
                    .append(p.replicas().get(0)).append(" to ").append(p.leader().getAsInt()).append('\n');
            } else if (!p.hasLeader()) {
                sb.append(p.topic()).append('-').append(p.partition()).append(": OFFLINE (no leader)\n");
            }
        }
        return sb.toString().stripTrailing();
    }

    /** The id of the controller leading the quorum, or "?" when the cluster does not let us describe it. */
    private static String leaderText(PartitionLayout layout) {
        return layout.quorumLeader().isPresent() ? String.valueOf(layout.quorumLeader().getAsInt()) : "?";
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : "…" + s.substring(s.length() - max + 1);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
