package io.brokerbook.kernel.jshell;

import jdk.jshell.JShell;

/**
 * Compiles a few throw-away snippets in a scratch JShell right after start-up, so the JIT has
 * compiled javac's hot paths before the user's first cells (a cold compile of "1 + 1" takes
 * 3-4x longer than a warm one). The user's session is not touched.
 */
public final class CompilerWarmUp {
    private static final String[] SNIPPETS = {
        "1 + 1", "int a = 1;", "String s = \"x\" + a;", "s.length()", "java.util.List.of(1, 2).size()",
        "int twice(int x) { return 2 * x; }", "twice(a)", "record P(int x) { }", "new P(3).x()",
    };

    private CompilerWarmUp() {
    }

    /** Starts the warm-up on a background thread; {@code rounds} passes over the snippets. */
    public static void startInBackground(int rounds) {
        if (rounds <= 0) {
            return;
        }
        Thread t = new Thread(() -> run(rounds), "brokerbook-compiler-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run(int rounds) {
        try (JShell scratch = JShell.builder().executionEngine("local").build()) {
            for (int r = 0; r < rounds; r++) {
                for (String s : SNIPPETS) {
                    scratch.eval(s);
                }
            }
        } catch (RuntimeException e) {
            // a warm-up that fails only means the first cells compile a little slower
        }
    }
}
