package io.brokerbook.cluster.lab;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean …?": the known names closest to a mistyped one, by edit distance (case-insensitive). */
public final class Similar {
    private Similar() {
    }

    /**
     * Up to {@code max} candidates close to {@code given}, closest first: within a third of its length in edits
     * (at least 2), or starting with it, or (from 3 characters on) containing it.
     */
    public static List<String> closest(String given, Collection<String> candidates, int max) {
        String g = given == null ? "" : given.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, g.length() / 3);
        record Scored(String candidate, int distance) { }
        return candidates.stream()
            .map(c -> new Scored(c, distance(g, c.toLowerCase(Locale.ROOT))))
            .filter(s -> s.distance() <= limit || close(g, s.candidate().toLowerCase(Locale.ROOT)))
            .sorted(Comparator.comparingInt(Scored::distance))
            .limit(max)
            .map(Scored::candidate)
            .toList();
    }

    private static boolean close(String given, String candidate) {
        return !given.isEmpty() && candidate.startsWith(given) || given.length() >= 3 && candidate.contains(given);
    }

    /** Levenshtein distance: insertions, deletions and substitutions needed to turn {@code a} into {@code b}. */
    public static int distance(String a, String b) {
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
