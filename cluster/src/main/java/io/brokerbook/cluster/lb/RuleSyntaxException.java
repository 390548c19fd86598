package io.brokerbook.cluster.lb;

/** A router rule that does not parse; the message is one line naming the rule, the column and the fix. */
public class RuleSyntaxException extends LbException {
    public RuleSyntaxException(String message) {
        super(message);
    }
}
