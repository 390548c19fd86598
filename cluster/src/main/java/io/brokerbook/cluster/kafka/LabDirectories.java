package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.process.DataDirLock;
import io.brokerbook.cluster.process.TempDirGuard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * The folders of a lab (or of a connection to an external cluster): a run dir under {@code <tmp>/brokerbook-kafka}
 * that holds Kafka's log and, unless a data dir was chosen, the data. The run dir is removed on stop — and by a
 * {@link TempDirGuard} if this JVM is killed first; a chosen data dir persists. Run dirs left by dead JVMs (named
 * after their pid), and the per-pid log files earlier versions kept in {@code <tmp>/brokerbook-kafka/logs}, are
 * cleaned at start too.
 */
final class LabDirectories {
    private static final String TEMP_PREFIX = "lab-";
    private static final String OLD_LOGS = "logs";

    private final Path runDir;
    private final Path dataDir;
    private final TempDirGuard guard;
    private final DataDirLock dataLock;

    private LabDirectories(Path runDir, Path dataDir, TempDirGuard guard, DataDirLock dataLock) {
        this.runDir = runDir;
        this.dataDir = dataDir;
        this.guard = guard;
        this.dataLock = dataLock;
    }

    static Path labRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "brokerbook-kafka");
    }

    /**
     * A chosen data dir (kept at stop), claimed for this lab while it runs, plus a temp run dir for the log. A dir
     * that cannot be created, is not writable or is another server's is refused in one line before anything starts.
     */
    static LabDirectories persistent(Path dir) {
        DataDirLock lock = DataDirLock.claim(dir, KafkaCluster.KIND, "--data-dir");
        try {
            LabDirectories run = temporary();
            return new LabDirectories(run.runDir, lock.dir(), run.guard, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** A temp run dir that is the data dir too. */
    static LabDirectories temporary() {
        Path root = labRoot();
        try {
            Files.createDirectories(root);
            removeStale(root);
            Path dir = Files.createTempDirectory(root, TEMP_PREFIX + ProcessHandle.current().pid() + "-");
            return new LabDirectories(dir, dir, TempDirGuard.guard(dir), null);
        } catch (IOException e) {
            throw new KafkaLabException("Cannot create a temp data dir under " + root + ": " + e.getMessage(), e);
        }
    }

    /** The temp dir of this lab's run: removed at stop, and after a SIGKILL of the kernel by its guard. */
    Path runDir() {
        return runDir;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Where Kafka's log goes unless the spec names a file: inside the run dir, so it goes with the lab. */
    Path defaultLogFile() {
        return runDir.resolve("kafka.log");
    }

    /** Whether the data is removed at stop (no data dir was chosen). */
    boolean isTemporary() {
        return dataDir.equals(runDir);
    }

    Path nodeDir(String role, int nodeId) {
        return dataDir.resolve(role + "-" + nodeId);
    }

    /** Removes the run dir (with the data, if it is temporary); a chosen data dir is kept. Idempotent. */
    void release() {
        deleteTree(runDir);
        guard.close();
        if (dataLock != null) {
            dataLock.close();
        }
    }

    private static void removeStale(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))
                    .filter(p -> ownerIsGone(p.getFileName().toString().split("-")[1]))
                    .forEach(LabDirectories::deleteTree);
        }
        Path oldLogs = root.resolve(OLD_LOGS);
        if (Files.isDirectory(oldLogs)) {
            try (Stream<Path> logs = Files.list(oldLogs)) {
                logs.filter(p -> p.getFileName().toString().matches("kafka-\\d+\\.log"))
                        .filter(p -> ownerIsGone(p.getFileName().toString().replaceAll("\\D", "")))
                        .forEach(LabDirectories::deleteTree);
            }
            try {
                Files.deleteIfExists(oldLogs);
            } catch (IOException stillUsed) {
                // a live JVM of an earlier version still logs there
            }
        }
    }

    private static boolean ownerIsGone(String pidText) {
        try {
            long pid = Long.parseLong(pidText);
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException failure) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // already removed
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + dir, e);
        }
    }
}
