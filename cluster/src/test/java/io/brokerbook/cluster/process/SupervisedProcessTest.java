package io.brokerbook.cluster.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Child servers under their supervisor: real processes, real signals. */
class SupervisedProcessTest {
    @TempDir
    Path work;

    private SupervisedProcess.Builder shell(String script) {
        return SupervisedProcess.builder(List.of("sh", "-c", script)).workDir(work).logFile(work.resolve("server.log"));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void runsTheServerWithItsRealPidLogsItsOutputAndStopsIt() throws Exception {
        SupervisedProcess p = shell("echo hello; echo oops >&2; echo ready now; exec sleep 1000")
            .readyWhen(l -> l.startsWith("ready")).start();
        assertEquals("ready now", p.ready().get(30, TimeUnit.SECONDS));
        waitUntil("pid() to be the server's own pid (sleep, once sh has exec'ed it)",
            () -> ProcessHandle.of(p.pid()).flatMap(h -> h.info().command()).orElse("").endsWith("sleep"));
        assertEquals(List.of("hello", "oops", "ready now"), p.recentLines());
        assertEquals(List.of("oops", "ready now"), p.lastLines(2));
        assertTrue(p.isAlive());
        assertEquals("", p.exitDescription());
        p.destroy(Duration.ofSeconds(10));
        assertFalse(alive(p.pid()));
        assertTrue(p.stopRequested());
        assertEquals("killed by signal 15", p.exitDescription());
        assertEquals("hello\noops\nready now\n", Files.readString(work.resolve("server.log")));
        assertTrue(p.onExit().isDone());
        p.destroy(Duration.ofSeconds(1)); // twice is fine
    }

    @Test
    void aServerKilledFromOutsideEndsWithItsSignal() throws Exception {
        SupervisedProcess p = shell("echo up; exec sleep 1000").readyWhen(l -> l.equals("up")).start();
        p.ready().get(30, TimeUnit.SECONDS);
        ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly();
        p.onExit().get(30, TimeUnit.SECONDS);
        assertFalse(p.isAlive());
        assertFalse(p.stopRequested());
        assertEquals("killed by signal 9", p.exitDescription());
        assertEquals(List.of("up"), p.lastLines(5));
    }

    @Test
    void aServerThatExitsOnItsOwnReportsItsExitCodeAndFailsReady() throws Exception {
        SupervisedProcess p = shell("echo 'cannot bind'; exit 3").readyWhen(l -> l.equals("never")).start();
        p.onExit().get(30, TimeUnit.SECONDS);
        assertEquals("exit code 3", p.exitDescription());
        assertTrue(p.ready().isCompletedExceptionally());
        assertEquals(List.of("cannot bind"), p.recentLines());
    }

    @Test
    void stopEndsTheServersWholeProcessGroupAndKeepsItsDirs() throws Exception {
        Path dir = Files.createDirectories(work.resolve("run"));
        SupervisedProcess p = shell("sleep 1000 & echo child $!; wait").readyWhen(l -> l.startsWith("child "))
            .removeIfOrphaned(dir).start();
        long grandchild = Long.parseLong(p.ready().get(30, TimeUnit.SECONDS).substring("child ".length()));
        assertTrue(alive(grandchild));
        assertEquals(p.pid(), ProcessHandle.of(grandchild).orElseThrow().parent().orElseThrow().pid());
        p.destroy(Duration.ofSeconds(10));
        waitUntil("the server's own child to go", () -> !alive(grandchild));
        assertTrue(Files.isDirectory(dir), "a normal stop leaves the dirs to the JVM");
    }

    @Test
    void aServerIgnoringSigtermIsKilledAfterTheGrace() throws Exception {
        SupervisedProcess p = shell("trap '' TERM; echo up; while :; do sleep 1; done").readyWhen(l -> l.equals("up")).start();
        p.ready().get(30, TimeUnit.SECONDS);
        p.destroy(Duration.ofMillis(300));
        assertFalse(alive(p.pid()));
        assertEquals("killed by signal 9", p.exitDescription());
    }

    @Test
    void tempDirGuardClosedNormallyKeepsTheDir() throws Exception {
        Path dir = Files.createDirectories(work.resolve("kept"));
        TempDirGuard guard = TempDirGuard.guard(dir);
        guard.close();
        assertTrue(Files.isDirectory(dir));
        guard.close();
    }

    /**
     * The point of the supervisor: SIGKILL of the JVM (no shutdown hook runs) still ends its server and removes
     * the server's run dir and the guarded temp dir. Prints how long that took.
     */
    @Test
    void sigkillOfTheJvmEndsItsServersAndRemovesTheirDirs() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
            SupervisedChildMain.class.getName(), work.toString())).redirectErrorStream(true).start();
        long pid;
        Path runDir;
        Path guarded;
        long t0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            Pattern started = Pattern.compile("pid=(\\d+) run=(\\S+) guarded=(\\S+)");
            Matcher m = null;
            String line;
            while ((line = r.readLine()) != null && !(m = started.matcher(line)).find()) {
                m = null;
            }
            assertTrue(m != null, "the child JVM did not start its server");
            pid = Long.parseLong(m.group(1));
            runDir = Path.of(m.group(2));
            guarded = Path.of(m.group(3));
            assertTrue(alive(pid));
            assertNotEquals(jvm.pid(), ProcessHandle.of(pid).orElseThrow().parent().orElseThrow().pid(),
                "the server runs under its supervisor");
            t0 = System.nanoTime();
            jvm.destroyForcibly();
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
        } finally {
            jvm.destroyForcibly();
        }
        waitUntil("the server to go", () -> !alive(pid));
        long serverMs = (System.nanoTime() - t0) / 1_000_000;
        long start = t0;
        waitUntil("the run dir and the guarded dir to go", () -> !Files.exists(runDir) && !Files.exists(guarded));
        System.out.printf("After SIGKILL of the JVM: server gone in %d ms, dirs removed in %d ms%n",
            serverMs, (System.nanoTime() - start) / 1_000_000);
    }
}
