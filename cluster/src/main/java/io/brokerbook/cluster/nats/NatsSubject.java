package io.brokerbook.cluster.nats;

/**
 * NATS subject syntax: dot-separated tokens, none empty, no whitespace. Publishing needs a literal subject;
 * a subscription may use {@code *} (one whole token) and {@code >} (the last token: one or more tokens).
 */
public final class NatsSubject {
    private NatsSubject() {
    }

    /** A subject to publish to: no wildcards. */
    public static String requirePublishable(String subject) {
        requireWellFormed(subject);
        for (String token : subject.split("\\.", -1)) {
            if (token.equals("*") || token.equals(">")) {
                throw new NatsLabException("Bad subject '" + subject + "': wildcards (* and >) are for subscribing;"
                    + " publish to a literal subject such as orders.new.");
            }
        }
        return subject;
    }

    /** A subject filter to subscribe to: {@code *} as a whole token, {@code >} only as the last one. */
    public static String requireFilter(String subject) {
        requireWellFormed(subject);
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length - 1; i++) {
            if (tokens[i].equals(">")) {
                throw new NatsLabException("Bad subject '" + subject + "': > matches the rest of a subject, so it must"
                    + " be the last token (e.g. orders.>).");
            }
        }
        return subject;
    }

    private static void requireWellFormed(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new NatsLabException("Empty subject: give one such as orders.new.");
        }
        for (int i = 0; i < subject.length(); i++) {
            if (Character.isWhitespace(subject.charAt(i))) {
                throw new NatsLabException("Bad subject '" + subject + "': subjects contain no spaces; separate tokens with dots.");
            }
        }
        for (String token : subject.split("\\.", -1)) {
            if (token.isEmpty()) {
                throw new NatsLabException("Bad subject '" + subject + "': empty token (a leading, trailing or double"
                    + " dot); write tokens separated by single dots, e.g. orders.new.");
            }
        }
    }
}
