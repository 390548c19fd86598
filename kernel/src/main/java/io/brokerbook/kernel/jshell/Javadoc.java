package io.brokerbook.kernel.jshell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Javadoc comment as JShell returns it (raw: HTML, {@code {@code …}}, {@code @param} lines) turned into the
 * plain text an inspection pane shows: inline tags replaced by their text, HTML reduced to paragraphs, lists and
 * preformatted blocks, and block tags grouped under "Parameters:", "Returns:", "Throws:"….
 */
final class Javadoc {
    private static final Map<String, String> SECTIONS = new LinkedHashMap<>();

    static {
        SECTIONS.put("param", "Parameters:");
        SECTIONS.put("return", "Returns:");
        SECTIONS.put("throws", "Throws:");
        SECTIONS.put("exception", "Throws:");
        SECTIONS.put("apiNote", "API Note:");
        SECTIONS.put("implSpec", "Implementation Requirements:");
        SECTIONS.put("implNote", "Implementation Note:");
        SECTIONS.put("since", "Since:");
        SECTIONS.put("see", "See Also:");
    }

    private Javadoc() {
    }

    static String plainText(String javadoc) {
        String text = inlineTags(javadoc);
        List<String> description = new ArrayList<>();
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> current = description;
        boolean pre = false;
        for (String raw : text.split("\n", -1)) {
            String line = raw.startsWith(" ") ? raw.substring(1) : raw;
            String s = line.strip();
            pre = pre ? !s.toLowerCase(Locale.ROOT).contains("</pre>") : s.toLowerCase(Locale.ROOT).contains("<pre>");
            if (!pre && s.startsWith("@")) {
                int space = indexOfSpace(s);
                String tag = s.substring(1, space < 0 ? s.length() : space);
                String rest = space < 0 ? "" : s.substring(space).strip();
                String section = SECTIONS.getOrDefault(tag, capitalize(tag) + ":");
                current = blocks.computeIfAbsent(section, k -> new ArrayList<>());
                if (tag.equals("param") || tag.equals("throws") || tag.equals("exception")) {
                    int nameEnd = indexOfSpace(rest);
                    rest = nameEnd < 0 ? rest : rest.substring(0, nameEnd) + " - " + rest.substring(nameEnd).strip();
                }
                current.add(rest);
                continue;
            }
            if (current == description) {
                description.add(line);
            } else if (!current.isEmpty() && !s.isEmpty()) {
                int last = current.size() - 1;
                current.set(last, current.get(last) + " " + s);
            }
        }
        StringBuilder sb = new StringBuilder(html(String.join("\n", description)).strip());
        for (Map.Entry<String, List<String>> b : blocks.entrySet()) {
            sb.append("\n\n").append(b.getKey());
            for (String item : b.getValue()) {
                sb.append("\n  ").append(html(item).strip().replaceAll("\\s+", " "));
            }
        }
        return sb.toString().strip();
    }

    /** {@code {@code x}} → x, {@code {@link A#b label}} → label (else A.b), {@code {@inheritDoc}} → nothing. */
    static String inlineTags(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("{@", i)) {
                int end = matchingBrace(text, i);
                if (end > 0) {
                    String inner = text.substring(i + 2, end);
                    int space = indexOfSpace(inner);
                    String tag = space < 0 ? inner : inner.substring(0, space);
                    String body = space < 0 ? "" : inner.substring(space + 1).strip();
                    sb.append(switch (tag) {
                        case "link", "linkplain" -> linkText(body);
                        case "inheritDoc" -> "";
                        default -> body;
                    });
                    i = end + 1;
                    continue;
                }
            }
            sb.append(text.charAt(i++));
        }
        return sb.toString();
    }

    private static String linkText(String body) {
        int space = indexOfSpace(body);
        if (space > 0) {
            return body.substring(space + 1).strip();
        }
        String target = body.startsWith("#") ? body.substring(1) : body.replace('#', '.');
        return target;
    }

    /** HTML to text: paragraphs and line breaks, list items as "- ", other tags dropped, entities decoded. */
    static String html(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean pre = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '<') {
                int close = text.indexOf('>', i);
                if (close > 0) {
                    String tag = text.substring(i + 1, close).strip().toLowerCase(Locale.ROOT);
                    String name = tag.split("[\\s/]", 2)[0];
                    if (tag.startsWith("/")) {
                        name = tag.substring(1).strip();
                    }
                    switch (name) {
                        case "p", "ul", "ol", "dl", "table" -> sb.append("\n\n");
                        case "br", "tr", "dt" -> sb.append('\n');
                        case "li" -> sb.append(tag.startsWith("/") ? "" : "\n - ");
                        case "dd" -> sb.append("\n    ");
                        case "pre" -> {
                            pre = !tag.startsWith("/");
                            sb.append('\n');
                        }
                        default -> { }
                    }
                    i = close + 1;
                    continue;
                }
            }
            if (c == '&') {
                int semi = text.indexOf(';', i);
                if (semi > i && semi - i <= 6) {
                    String entity = text.substring(i + 1, semi);
                    String decoded = switch (entity) {
                        case "lt" -> "<";
                        case "gt" -> ">";
                        case "amp" -> "&";
                        case "quot" -> "\"";
                        case "nbsp" -> " ";
                        case "#39", "apos" -> "'";
                        default -> null;
                    };
                    if (decoded != null) {
                        sb.append(decoded);
                        i = semi + 1;
                        continue;
                    }
                }
            }
            if (c == '\n' && !pre) {
                sb.append(isBlankLineAhead(text, i) ? "\n\n" : " ");
                while (i + 1 < text.length() && (text.charAt(i + 1) == '\n' || text.charAt(i + 1) == ' ')) {
                    i++;
                }
                i++;
                continue;
            }
            sb.append(c);
            i++;
        }
        return collapseBlankLines(sb.toString());
    }

    private static boolean isBlankLineAhead(String text, int newline) {
        int j = newline + 1;
        while (j < text.length() && text.charAt(j) == ' ') {
            j++;
        }
        return j < text.length() && text.charAt(j) == '\n';
    }

    private static String collapseBlankLines(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int newlines = 0;
        for (String line : s.split("\n", -1)) {
            String t = line.stripTrailing();
            if (t.isBlank()) {
                newlines++;
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(newlines > 0 ? "\n\n" : "\n");
            }
            newlines = 0;
            sb.append(t.startsWith(" - ") || t.startsWith("    ") ? t : t.stripLeading());
        }
        return sb.toString();
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String capitalize(String tag) {
        return tag.isEmpty() ? tag : Character.toUpperCase(tag.charAt(0)) + tag.substring(1);
    }
}
