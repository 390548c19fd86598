package io.brokerbook.cluster.lb;

/** The JDK server lower-cases header names after the first letter; Go's canonical form reads better. */
final class HeaderNames {
    private HeaderNames() {
    }

    /** {@code x-forwarded-for} and {@code X-forwarded-for} become {@code X-Forwarded-For}. */
    static String canonical(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return sb.toString();
    }
}
