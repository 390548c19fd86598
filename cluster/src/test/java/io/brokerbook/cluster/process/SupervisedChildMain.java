package io.brokerbook.cluster.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM by {@link SupervisedProcessTest}: starts a supervised server ({@code sleep}) whose run dir
 * must go with the JVM, and guards a temp dir, prints their pids and dirs, then waits to be killed.
 */
public final class SupervisedChildMain {
    private SupervisedChildMain() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path runDir = Files.createDirectories(work.resolve("run"));
        Path guarded = Files.createDirectories(work.resolve("guarded"));
        Files.writeString(guarded.resolve("file"), "x");
        SupervisedProcess server = SupervisedProcess.builder(List.of("sleep", "1000"))
            .workDir(runDir)
            .logFile(runDir.resolve("server.log"))
            .removeIfOrphaned(runDir)
            .start();
        TempDirGuard.guard(guarded);
        System.out.println("pid=" + server.pid() + " run=" + runDir + " guarded=" + guarded);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
