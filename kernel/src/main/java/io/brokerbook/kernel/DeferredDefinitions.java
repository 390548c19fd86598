package io.brokerbook.kernel;

import io.brokerbook.kernel.jshell.JavaEvaluator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Kernel-made JShell definitions that wait until code needs them: the prelude's imports but the first (named by
 * what they import, see {@link ImportedNames}), {@code display(…)} and the packs' variables ({@code kafka},
 * {@code redis}…). Each JShell evaluation costs tens of milliseconds at start, so the first cell
 * does not pay for them unless it mentions one of their names; they are all defined before any code that does,
 * before completion and inspection, and right after the first cell. Mentioning is textual (in a string or a
 * comment counts too): a cell that cannot name a definition cannot declare or use it, so deferring never changes
 * what a cell means.
 */
final class DeferredDefinitions {
    /** JShell source to evaluate, and the names it declares. */
    private record Definition(Set<String> names, String source) { }

    private final JavaEvaluator java;
    private final List<Definition> pending = new ArrayList<>();

    DeferredDefinitions(JavaEvaluator java) {
        this.java = java;
    }

    synchronized void add(Set<String> names, String source) {
        pending.add(new Definition(Set.copyOf(names), source));
    }

    /** Defines everything pending if {@code code} mentions one of the pending names. */
    void defineFor(String code) {
        if (mentionsPending(code)) {
            defineAll();
        }
    }

    /** Defines everything pending (on the thread that runs cells, or when none runs). */
    synchronized void defineAll() {
        while (!pending.isEmpty()) {
            java.evalInternal(pending.get(0).source());
            pending.remove(0);
        }
    }

    /** Defines everything pending unless a cell is being evaluated (completion must not wait for a long cell). */
    synchronized void defineAllIfIdle() {
        while (!pending.isEmpty() && java.evalInternalIfIdle(pending.get(0).source())) {
            pending.remove(0);
        }
    }

    private synchronized boolean mentionsPending(String code) {
        for (Definition d : pending) {
            for (String name : d.names()) {
                if (code.contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
