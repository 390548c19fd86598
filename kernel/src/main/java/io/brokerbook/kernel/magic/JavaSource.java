package io.brokerbook.kernel.magic;

/** Source-file details JShell does not accept. */
final class JavaSource {
    private JavaSource() {
    }

    /**
     * {@code source} with its package declaration blanked out (JShell has no packages); lines keep their numbers
     * and everything else its place.
     */
    static String withoutPackage(String source) {
        int i = skipBlankAndComments(source, 0);
        if (!source.startsWith("package", i) || i + 7 >= source.length()
                || Character.isJavaIdentifierPart(source.charAt(i + 7))) {
            return source;
        }
        int end = source.indexOf(';', i);
        if (end < 0) {
            return source;
        }
        StringBuilder sb = new StringBuilder(source);
        for (int k = i; k <= end; k++) {
            if (sb.charAt(k) != '\n') {
                sb.setCharAt(k, ' ');
            }
        }
        return sb.toString();
    }

    private static int skipBlankAndComments(String s, int from) {
        int i = from;
        while (i < s.length()) {
            if (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == '\uFEFF') {
                i++;
            } else if (s.startsWith("//", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl + 1;
            } else if (s.startsWith("/*", i)) {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? s.length() : close + 2;
            } else {
                return i;
            }
        }
        return i;
    }
}
