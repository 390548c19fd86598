package io.brokerbook.cluster.redis;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No orphan redis-server: a JVM that exits, gets SIGTERM, or is killed with SIGKILL without stop() takes its
 * server and the server's temp dir with it.
 */
class RedisLabShutdownTest {
    @TempDir
    Path work;

    @Test
    void jvmExitStopsTheServer() throws Exception {
        checkNoOrphan("exit", false);
    }

    @Test
    void sigtermToTheJvmStopsTheServer() throws Exception {
        checkNoOrphan("wait", true);
    }

    @Test
    void sigkillToTheJvmStopsTheServerAndRemovesItsTempDir() throws Exception {
        checkNoOrphan("wait", true, true);
    }

    private void checkNoOrphan(String mode, boolean terminate) throws Exception {
        checkNoOrphan(mode, terminate, false);
    }

    private void checkNoOrphan(String mode, boolean terminate, boolean kill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
            OrphanCheckMain.class.getName(), mode, work.toString(), Integer.toString(RedisTestSupport.freePort())))
            .redirectErrorStream(true).start();
        long pid = -1;
        Path runDir = null;
        long t0 = System.nanoTime();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            Pattern p = Pattern.compile("pid=(\\d+) dir=(.+)");
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    pid = Long.parseLong(m.group(1));
                    runDir = Path.of(m.group(2));
                    break;
                }
            }
            assertTrue(pid > 0, "child JVM did not report a redis-server pid");
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            t0 = System.nanoTime();
            if (kill) {
                jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs, only the supervisor notices
            } else if (terminate) {
                jvm.destroy(); // SIGTERM: shutdown hooks run
            }
            assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
        } finally {
            jvm.destroyForcibly();
        }
        long serverPid = pid;
        RedisTestSupport.waitUntil("redis-server pid " + pid + " to be gone", Duration.ofSeconds(30),
            () -> !ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false));
        long goneMs = (System.nanoTime() - t0) / 1_000_000;
        long start = t0;
        Path dir = runDir;
        RedisTestSupport.waitUntil("run dir " + runDir + " to be removed", Duration.ofSeconds(30), () -> !Files.exists(dir));
        System.out.printf("redis-server gone %d ms after the JVM's %s, its run dir removed after %d ms%n",
            goneMs, kill ? "SIGKILL" : terminate ? "SIGTERM" : "exit", (System.nanoTime() - start) / 1_000_000);
    }
}
