package io.brokerbook.magics;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean …?" by edit distance. */
public final class Suggestions {
    private Suggestions() {
    }

    /** Up to {@code max} candidates close to {@code given}, closest first. */
    public static List<String> closest(String given, Collection<String> candidates, int max) {
        String g = given.toLowerCase();
        int limit = Math.max(2, g.length() / 3);
        return candidates.stream()
            .map(c -> new Object[] {c, distance(g, c.toLowerCase())})
            .filter(p -> (int) p[1] <= limit || ((String) p[0]).toLowerCase().startsWith(g)
                || (g.length() >= 3 && ((String) p[0]).toLowerCase().contains(g)))
            .sorted(Comparator.comparingInt(p -> (int) p[1]))
            .limit(max)
            .map(p -> (String) p[0])
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
