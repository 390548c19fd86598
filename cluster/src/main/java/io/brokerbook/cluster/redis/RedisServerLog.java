package io.brokerbook.cluster.redis;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** What is Redis's own in a {@code redis-server} child's output: its ready line, and reading its log lines. */
final class RedisServerLog {
    static final String READY = "Ready to accept connections";
    /** "1234:M 29 Nov 2026 03:38:12.752 # text" → "text". */
    private static final Pattern LOG_PREFIX = Pattern.compile("^\\d+:[A-Za-z] [^#*.\\-]*[#*.\\-] ");

    private RedisServerLog() {
    }

    /** The most telling line Redis logged: a bind failure or fatal config error, else its last line. */
    static String startupFailureReason(List<String> lines, Path logFile) {
        String best = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains("Could not create server") || l.contains("Bad directive") || l.contains("FATAL")) {
                best = l;
                if (l.contains("FATAL") && i + 3 < lines.size()) {
                    // "*** FATAL CONFIG FILE ERROR ***", "Reading … at line N", ">>> 'directive'", reason
                    best = lines.get(i + 3).strip() + " " + lines.get(i + 2).strip().replace(">>> ", "");
                }
                break;
            }
        }
        if (best == null) {
            best = lines.isEmpty() ? "no output (see " + logFile + ")" : lines.get(lines.size() - 1);
        }
        return stripPrefix(best);
    }

    /** True for the line saying start-up failed because the port was taken meanwhile (another program bound it first). */
    static boolean portWasTaken(String line) {
        return line.contains("Could not create server") && line.contains("in use");
    }

    /** The last non-blank line without its prefix, or "". */
    static String lastLogLine(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return stripPrefix(lines.get(i));
            }
        }
        return "";
    }

    static String stripPrefix(String line) {
        return LOG_PREFIX.matcher(line.strip()).replaceFirst("").replace("Warning: ", "");
    }
}
