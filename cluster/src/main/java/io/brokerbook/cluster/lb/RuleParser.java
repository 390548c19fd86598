package io.brokerbook.cluster.lb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Recursive-descent parser for Traefik router rules.
 * <pre>
 * expr    := and ('||' and)*
 * and     := unary ('&&' unary)*
 * unary   := '!' unary | '(' expr ')' | matcher
 * matcher := NAME '(' string (',' string)* ')'
 * string  := `…` | "…"
 * </pre>
 */
public final class RuleParser {
    private static final Map<String, Function<List<String>, Rule>> MATCHERS = Map.of(
        "Host", Rule.Host::new,
        "PathPrefix", Rule.PathPrefix::new,
        "Path", Rule.Path::new);

    private final String text;
    private int pos;

    private RuleParser(String text) {
        this.text = text;
    }

    public static Rule parse(String rule) {
        if (rule == null || rule.isBlank()) {
            throw new RuleSyntaxException("empty router rule: write e.g. Host(`whoami.localhost`)");
        }
        RuleParser p = new RuleParser(rule);
        Rule r = p.or();
        p.skipSpaces();
        if (p.pos < rule.length()) {
            throw p.error("expected && or || or the end of the rule");
        }
        return r;
    }

    static String quoteAll(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append('`').append(v).append('`');
        }
        return sb.toString();
    }

    private Rule or() {
        Rule left = and();
        while (consume("||")) {
            left = new Rule.Or(left, and());
        }
        return left;
    }

    private Rule and() {
        Rule left = unary();
        while (consume("&&")) {
            left = new Rule.And(left, unary());
        }
        return left;
    }

    private Rule unary() {
        skipSpaces();
        if (consume("!")) {
            return new Rule.Not(unary());
        }
        if (consume("(")) {
            Rule inner = or();
            expect(")");
            return inner;
        }
        return matcher();
    }

    private Rule matcher() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (name.isEmpty()) {
            throw error("expected a matcher such as Host(`whoami.localhost`) or PathPrefix(`/api`)");
        }
        Function<List<String>, Rule> factory = MATCHERS.get(name);
        if (factory == null) {
            pos = start;
            throw error("unknown matcher '" + name + "' (supported: Host, PathPrefix, Path; names are case-sensitive)");
        }
        expect("(");
        List<String> args = new ArrayList<>();
        args.add(string());
        while (consume(",")) {
            args.add(string());
        }
        expect(")");
        return factory.apply(List.copyOf(args));
    }

    private String string() {
        skipSpaces();
        if (pos >= text.length() || (text.charAt(pos) != '`' && text.charAt(pos) != '"')) {
            throw error("expected a value in backquotes, like Host(`whoami.localhost`)");
        }
        char quote = text.charAt(pos);
        int end = text.indexOf(quote, pos + 1);
        if (end < 0) {
            throw error("unclosed " + quote + " quote");
        }
        String value = text.substring(pos + 1, end);
        if (value.isEmpty()) {
            throw error("empty value");
        }
        pos = end + 1;
        return value;
    }

    private boolean consume(String token) {
        skipSpaces();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!consume(token)) {
            throw error("expected '" + token + "'");
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private RuleSyntaxException error(String what) {
        return new RuleSyntaxException("bad router rule " + text + " at column " + (pos + 1) + ": " + what);
    }
}
