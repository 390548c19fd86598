package io.brokerbook.magics;

import io.brokerbook.cluster.lab.Similar;

import java.util.Collection;
import java.util.List;

/** "Did you mean …?" for magics: the names closest to a mistyped one (one implementation, {@link Similar}). */
public final class Suggestions {
    private Suggestions() {
    }

    /** Up to {@code max} candidates close to {@code given}, closest first. */
    public static List<String> closest(String given, Collection<String> candidates, int max) {
        return Similar.closest(given, candidates, max);
    }
}
