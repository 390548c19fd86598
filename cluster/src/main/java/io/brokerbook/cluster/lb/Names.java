package io.brokerbook.cluster.lb;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean …?" for service names, by edit distance. */
final class Names {
    private Names() {
    }

    static List<String> closest(String given, Collection<String> known) {
        String g = given == null ? "" : given.toLowerCase();
        return known.stream()
            .filter(k -> distance(g, k.toLowerCase()) <= Math.max(1, g.length() / 3) || k.startsWith(g) && !g.isEmpty())
            .sorted(Comparator.comparingInt(k -> distance(g, k.toLowerCase())))
            .limit(2)
            .toList();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
