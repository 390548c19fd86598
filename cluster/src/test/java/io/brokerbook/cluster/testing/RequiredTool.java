package io.brokerbook.cluster.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** A tool a test needs: missing under CI=true is a failure (CI installs it), elsewhere a reported skip. */
public final class RequiredTool {
    private RequiredTool() {
    }

    public static void require(boolean present, String missingMessage) {
        if (!present && "true".equals(System.getenv("CI"))) {
            Assertions.fail(missingMessage + " (CI=true: .ci/run must install it)");
        }
        Assumptions.assumeTrue(present, missingMessage);
    }
}
