package io.brokerbook.kernel.jshell;

/**
 * Rewrites JShell's implementation names into what the user wrote: a snippet's wrapper class
 * ({@code REPL.$JShell$22.o} → {@code o}, {@code REPL.$JShell$35$Foo} → {@code Foo}) and JShell's class loader
 * (→ "the notebook's class loader"). Compile diagnostics also lose the empty {@code location: class } line the
 * wrapper leaves behind.
 */
final class UserTerms {
    private static final String WRAPPER = "$JShell$";
    private static final String REPL_PACKAGE = "REPL.";
    private static final String LOADER = "jdk.jshell.execution.DefaultLoaderDelegate$RemoteClassLoader";

    private UserTerms() {
    }

    /** {@code text} with every wrapper name and JShell loader name replaced. */
    static String text(String text) {
        if (text == null) {
            return null;
        }
        return loaderNames(wrapperNames(text));
    }

    /** A compile diagnostic in user terms, without the lines that only name the (invisible) wrapper class. */
    static String diagnostic(String message) {
        StringBuilder sb = new StringBuilder();
        for (String line : text(message).split("\n", -1)) {
            String s = line.strip();
            if (s.equals("location: class") || s.equals("location:")) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(line.stripTrailing());
        }
        return sb.toString();
    }

    private static String wrapperNames(String text) {
        int at = text.indexOf(WRAPPER);
        if (at < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int start = at >= REPL_PACKAGE.length() && text.startsWith(REPL_PACKAGE, at - REPL_PACKAGE.length())
                ? at - REPL_PACKAGE.length() : at;
            int end = at + WRAPPER.length();
            int digits = end;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            if (end == digits) { // "$JShell$" not followed by a snippet number: not a wrapper name
                at = text.indexOf(WRAPPER, at + 1);
                continue;
            }
            while (end < text.length() && Character.isUpperCase(text.charAt(end))) {
                end++; // a re-compiled wrapper: $JShell$22B
            }
            boolean member = end + 1 < text.length() && (text.charAt(end) == '$' || text.charAt(end) == '.')
                && Character.isJavaIdentifierStart(text.charAt(end + 1));
            if (member) {
                end++;
            }
            sb.append(text, copied, start);
            copied = end;
            at = text.indexOf(WRAPPER, end);
        }
        sb.append(text, copied, text.length());
        return sb.toString();
    }

    private static String loaderNames(String text) {
        int at = text.indexOf(LOADER);
        if (at < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int end = at + LOADER.length();
            if (text.startsWith(" @", end)) { // the identity hash JShell's loader prints after its name
                end += 2;
                while (end < text.length() && Character.digit(text.charAt(end), 16) >= 0) {
                    end++;
                }
            }
            sb.append(text, copied, at).append("the notebook's class loader");
            copied = end;
            at = text.indexOf(LOADER, end);
        }
        sb.append(text, copied, text.length());
        return sb.toString();
    }
}
