package io.brokerbook.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.brokerbook.kernel.jshell.JavaEvaluator;
import io.brokerbook.kernel.magic.MagicCompletion;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Replies to the shell requests that inspect code or history (answered while cells run). */
final class Requests {
    /** How long a completion or inspection right after start waits for JShell, rather than answer nothing. */
    private static final long WAIT_FOR_JSHELL_MS = 15_000;
    /** Magics whose argument is Java code ({@code %time EXPR}): completed and inspected as Java. */
    private static final List<String> JAVA_ARGUMENT_MAGICS = List.of("%time ");

    private Requests() {
    }

    static JsonObject complete(JsonObject c, CompletableFuture<JavaEvaluator> java, MagicCompletion magics) {
        String code = string(c, "code");
        int cursor = toUtf16(code, c.has("cursor_pos") ? c.get("cursor_pos").getAsInt() : code.codePointCount(0, code.length()));
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1; // cursor 0: fromIndex -1 finds nothing
        String linePrefix = code.substring(lineStart, cursor);
        int magicStart = lineStart + (linePrefix.length() - linePrefix.stripLeading().length());
        int start = cursor;
        List<String> matches = List.of();
        if (linePrefix.stripLeading().startsWith("%") && javaArgumentStart(linePrefix.stripLeading()) < 0) {
            MagicCompletion.Result r = magics.complete(code.substring(magicStart, cursor));
            start = magicStart + r.start();
            matches = r.matches();
        } else {
            Optional<JavaEvaluator> evaluator = ready(java);
            if (evaluator.isPresent()) {
                JavaEvaluator.Completion comp = evaluator.get().complete(blankMagicLines(code), cursor);
                start = comp.start();
                matches = comp.matches();
            }
        }
        JsonObject r = Kernel.ok();
        JsonArray m = new JsonArray();
        matches.forEach(m::add);
        r.add("matches", m);
        r.addProperty("cursor_start", code.codePointCount(0, start));
        r.addProperty("cursor_end", code.codePointCount(0, cursor));
        r.add("metadata", new JsonObject());
        return r;
    }

    /** Shift+Tab: a magic's usage on a magic line; elsewhere the signature (and Javadoc) of the Java at the cursor. */
    static JsonObject inspect(JsonObject c, CompletableFuture<JavaEvaluator> java, MagicCompletion magics) {
        String code = string(c, "code");
        int cursor = toUtf16(code, c.has("cursor_pos") ? c.get("cursor_pos").getAsInt() : 0);
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        int lineEnd = code.indexOf('\n', cursor);
        String line = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd).strip();
        Optional<String> doc;
        if (line.startsWith("%") && (javaArgumentStart(line) < 0 || cursor - lineStart <= javaArgumentStart(line))) {
            doc = magics.usage(line);
        } else {
            doc = ready(java).flatMap(e -> e.inspect(blankMagicLines(code), cursor));
        }
        JsonObject r = Kernel.ok();
        r.addProperty("found", doc.isPresent());
        JsonObject data = new JsonObject();
        doc.ifPresent(d -> data.addProperty("text/plain", d));
        r.add("data", data);
        r.add("metadata", new JsonObject());
        return r;
    }

    static JsonObject isComplete(JsonObject c, CompletableFuture<JavaEvaluator> java) {
        String code = string(c, "code");
        JsonObject r = new JsonObject();
        String stripped = code.strip();
        if (stripped.startsWith("%%")) {
            r.addProperty("status", code.endsWith("\n\n") ? "complete" : "incomplete");
            if (!code.endsWith("\n\n")) {
                r.addProperty("indent", "");
            }
            return r;
        }
        String java1 = blankMagicLines(code);
        if (java1.isBlank()) {
            r.addProperty("status", "complete");
            return r;
        }
        Optional<JavaEvaluator> evaluator = ready(java);
        if (evaluator.isEmpty()) {
            r.addProperty("status", "unknown");
            return r;
        }
        JavaEvaluator.IsComplete result = evaluator.get().completeness(java1);
        r.addProperty("status", result.status());
        if (result.status().equals("incomplete")) {
            r.addProperty("indent", result.indent());
        }
        return r;
    }

    static JsonObject history(JsonObject c, History history) {
        String access = c.has("hist_access_type") ? c.get("hist_access_type").getAsString() : "tail";
        boolean output = c.has("output") && c.get("output").getAsBoolean();
        int n = c.has("n") && !c.get("n").isJsonNull() ? c.get("n").getAsInt() : 10;
        List<History.Entry> entries = switch (access) {
            case "range" -> history.range(intOr(c, "session", 0), intOr(c, "start", 1), intOr(c, "stop", 0));
            case "search" -> history.search(string(c, "pattern"), c.has("unique") && c.get("unique").getAsBoolean(), n);
            default -> history.tail(n);
        };
        JsonArray list = new JsonArray();
        for (History.Entry e : entries) {
            JsonArray row = new JsonArray();
            row.add(e.session());
            row.add(e.line());
            if (output) {
                JsonArray io = new JsonArray();
                io.add(e.input());
                io.add(com.google.gson.JsonNull.INSTANCE);
                row.add(io);
            } else {
                row.add(e.input());
            }
            list.add(row);
        }
        JsonObject r = Kernel.ok();
        r.add("history", list);
        return r;
    }

    private static int intOr(JsonObject c, String name, int fallback) {
        return c.has(name) && !c.get(name).isJsonNull() ? c.get(name).getAsInt() : fallback;
    }

    private static Optional<JavaEvaluator> ready(CompletableFuture<JavaEvaluator> java) {
        try {
            return Optional.of(java.get(WAIT_FOR_JSHELL_MS, TimeUnit.MILLISECONDS));
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Magic lines become blank lines so Java analysis sees only Java, at the same offsets; of a {@code %time CODE}
     * line only the {@code %time} goes.
     */
    static String blankMagicLines(String code) {
        StringBuilder sb = new StringBuilder(code.length());
        for (String line : code.split("\n", -1)) {
            String s = line.stripLeading();
            boolean magic = s.length() > 1 && s.charAt(0) == '%' && (Character.isLetter(s.charAt(1)) || s.charAt(1) == '%');
            int javaFrom = javaArgumentStart(s);
            if (magic && javaFrom >= 0) {
                int lead = line.length() - s.length();
                sb.append(" ".repeat(lead + javaFrom)).append(s.substring(javaFrom)).append('\n');
                continue;
            }
            sb.append(magic ? " ".repeat(line.length()) : line).append('\n');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /** Where the Java argument of a {@code %time CODE} line (stripped) starts, or -1 for other lines. */
    private static int javaArgumentStart(String strippedLine) {
        for (String m : JAVA_ARGUMENT_MAGICS) {
            if (strippedLine.startsWith(m)) {
                return m.length();
            }
        }
        return -1;
    }

    private static String string(JsonObject c, String name) {
        return c.has(name) && c.get(name).isJsonPrimitive() ? c.get(name).getAsString() : "";
    }

    /** Jupyter counts cursor positions in code points; Java strings in UTF-16 units. */
    static int toUtf16(String code, int codePoints) {
        int cp = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, cp);
    }
}
