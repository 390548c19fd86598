package io.brokerbook.magics.compare;

import io.brokerbook.cluster.compare.Comparison;
import io.brokerbook.magics.MagicException;

import java.util.Optional;

/**
 * The {@code compare} variable of Java cells: the last {@link Comparison} {@code %compare run} measured, typed
 * (its scenario tables, plan and the systems not installed), to compute with in a cell of one's own.
 */
public final class CompareApi {
    private Comparison last;

    /** The last run's results; a one-line error if nothing ran yet. */
    public synchronized Comparison last() {
        return lastRun().orElseThrow(() -> new MagicException(CompareMagic.NO_RUN));
    }

    public synchronized Optional<Comparison> lastRun() {
        return Optional.ofNullable(last);
    }

    synchronized void remember(Comparison comparison) {
        last = comparison;
    }
}
