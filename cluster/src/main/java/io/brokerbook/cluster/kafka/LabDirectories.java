package io.brokerbook.cluster.kafka;

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
 * The lab's folders: a chosen data dir that persists, or a temp dir under {@code <tmp>/brokerbook-kafka} that is
 * removed on stop — and by a {@link TempDirGuard} if this JVM is killed first. Temp dirs left by dead JVMs
 * (named after their pid) are cleaned at start too.
 */
final class LabDirectories {
    private static final String TEMP_PREFIX = "lab-";

    private final Path dataDir;
    private final TempDirGuard guard;

    private LabDirectories(Path dataDir, TempDirGuard guard) {
        this.dataDir = dataDir;
        this.guard = guard;
    }

    static Path labRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "brokerbook-kafka");
    }

    static Path defaultLogFile() {
        return labRoot().resolve("logs").resolve("kafka-" + ProcessHandle.current().pid() + ".log");
    }

    static LabDirectories persistent(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KafkaLabException("Cannot create the data dir " + dir + ": " + e.getMessage(), e);
        }
        return new LabDirectories(dir.toAbsolutePath().normalize(), null);
    }

    static LabDirectories temporary() {
        Path root = labRoot();
        try {
            Files.createDirectories(root);
            removeStale(root);
            Path dir = Files.createTempDirectory(root, TEMP_PREFIX + ProcessHandle.current().pid() + "-");
            return new LabDirectories(dir, TempDirGuard.guard(dir));
        } catch (IOException e) {
            throw new KafkaLabException("Cannot create a temp data dir under " + root + ": " + e.getMessage(), e);
        }
    }

    Path dataDir() {
        return dataDir;
    }

    boolean isTemporary() {
        return guard != null;
    }

    Path nodeDir(String role, int nodeId) {
        return dataDir.resolve(role + "-" + nodeId);
    }

    /** Removes the data dir if it is a temp one; a chosen data dir is kept. */
    void release() {
        if (guard != null) {
            deleteTree(dataDir);
            guard.close();
        }
    }

    private static void removeStale(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))
                    .filter(LabDirectories::ownerIsGone)
                    .forEach(LabDirectories::deleteTree);
        }
    }

    private static boolean ownerIsGone(Path labDir) {
        String[] parts = labDir.getFileName().toString().split("-");
        try {
            long pid = Long.parseLong(parts[1]);
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
