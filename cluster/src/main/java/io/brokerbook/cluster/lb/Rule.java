package io.brokerbook.cluster.lb;

import java.util.List;
import java.util.Locale;

/**
 * A router rule in Traefik's syntax: {@code Host(`a`)}, {@code PathPrefix(`/api`)}, {@code Path(`/x`)},
 * combined with {@code &&}, {@code ||}, {@code !} and parentheses. Parse with {@link RuleParser}.
 */
public sealed interface Rule {
    boolean matches(String host, String path);

    /** Host without port, lower case; null stays null. */
    static String hostOnly(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return (end > 0 ? h.substring(0, end + 1) : h).toLowerCase(Locale.ROOT);
        }
        int colon = h.lastIndexOf(':');
        return (colon >= 0 ? h.substring(0, colon) : h).toLowerCase(Locale.ROOT);
    }

    record Host(List<String> hosts) implements Rule {
        @Override
        public boolean matches(String host, String path) {
            String h = hostOnly(host);
            return h != null && hosts.stream().anyMatch(x -> x.equalsIgnoreCase(h));
        }

        @Override
        public String toString() {
            return "Host(" + RuleParser.quoteAll(hosts) + ")";
        }
    }

    record PathPrefix(List<String> prefixes) implements Rule {
        @Override
        public boolean matches(String host, String path) {
            return prefixes.stream().anyMatch(path::startsWith);
        }

        @Override
        public String toString() {
            return "PathPrefix(" + RuleParser.quoteAll(prefixes) + ")";
        }
    }

    record Path(List<String> paths) implements Rule {
        @Override
        public boolean matches(String host, String path) {
            return paths.contains(path);
        }

        @Override
        public String toString() {
            return "Path(" + RuleParser.quoteAll(paths) + ")";
        }
    }

    record And(Rule left, Rule right) implements Rule {
        @Override
        public boolean matches(String host, String path) {
            return left.matches(host, path) && right.matches(host, path);
        }

        @Override
        public String toString() {
            return "(" + left + " && " + right + ")";
        }
    }

    record Or(Rule left, Rule right) implements Rule {
        @Override
        public boolean matches(String host, String path) {
            return left.matches(host, path) || right.matches(host, path);
        }

        @Override
        public String toString() {
            return "(" + left + " || " + right + ")";
        }
    }

    record Not(Rule rule) implements Rule {
        @Override
        public boolean matches(String host, String path) {
            return !rule.matches(host, path);
        }

        @Override
        public String toString() {
            return "!" + rule;
        }
    }
}
