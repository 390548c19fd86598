package io.brokerbook.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** This session's executed cells, answered as ipykernel answers history_request. */
public final class History {
    public static final int SESSION = 1;

    public record Entry(int session, int line, String input) { }

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(int line, String input) {
        entries.add(new Entry(SESSION, line, input));
    }

    public synchronized List<Entry> tail(int n) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return List.copyOf(entries.subList(from, entries.size()));
    }

    /** Lines {@code start} (inclusive) to {@code stop} (exclusive, ≤ 0 = to the end) of this session. */
    public synchronized List<Entry> range(int session, int start, int stop) {
        if (session != 0 && session != SESSION && session != -0) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.line() >= start && (stop <= 0 || e.line() < stop)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Glob search ({@code *} and {@code ?}) over inputs; the last {@code n} matches (n ≤ 0: all). */
    public synchronized List<Entry> search(String pattern, boolean unique, int n) {
        String glob = pattern == null || pattern.isEmpty() ? "*" : pattern;
        List<Entry> found = new ArrayList<>();
        for (Entry e : entries) {
            if (globMatches(glob, e.input())) {
                found.add(e);
            }
        }
        if (unique) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : found) {
                latest.remove(e.input());
                latest.put(e.input(), e);
            }
            found = new ArrayList<>(latest.values());
        }
        if (n > 0 && found.size() > n) {
            found = found.subList(found.size() - n, found.size());
        }
        return List.copyOf(found);
    }

    /** Glob match over the whole text, where {@code *} also spans newlines. */
    static boolean globMatches(String glob, String text) {
        StringBuilder regex = new StringBuilder("(?s)");
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return text.matches(regex.toString());
    }
}
