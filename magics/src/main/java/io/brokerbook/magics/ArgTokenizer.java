package io.brokerbook.magics;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a magic's argument line the way a POSIX shell does for plain words: whitespace
 * separates, single quotes keep everything literally, double quotes keep spaces and allow
 * {@code \"} and {@code \\}, a backslash outside quotes escapes the next character.
 * {@code key="a b"} becomes one token {@code key=a b}.
 */
public final class ArgTokenizer {
    private ArgTokenizer() {
    }

    public static List<String> split(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inToken) {
                    tokens.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new MagicException("Unclosed single quote in: " + line.strip()
                        + " (close it, or escape it as \\')");
                }
                cur.append(line, i + 1, end);
                inToken = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        cur.append(line.charAt(i + 1));
                        i += 2;
                    } else if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new MagicException("Unclosed double quote in: " + line.strip()
                        + " (close it, or escape it as \\\")");
                }
                inToken = true;
            } else if (c == '\\' && i + 1 < n) {
                cur.append(line.charAt(i + 1));
                inToken = true;
                i += 2;
            } else {
                cur.append(c);
                inToken = true;
                i++;
            }
        }
        if (inToken) {
            tokens.add(cur.toString());
        }
        return tokens;
    }
}
