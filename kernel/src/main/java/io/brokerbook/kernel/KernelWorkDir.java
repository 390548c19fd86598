package io.brokerbook.kernel;

import io.brokerbook.cluster.process.DirectoryTree;
import io.brokerbook.cluster.process.TempDirGuard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The kernel's private temp dir ({@code KernelHost.workDir()}): created only once its guard runs, so that no moment
 * exists in which a SIGKILLed kernel leaves it behind; removed at shutdown.
 */
final class KernelWorkDir implements AutoCloseable {
    private final Path dir;
    private TempDirGuard guard;
    private boolean closed;

    KernelWorkDir(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    /** Starts the guard (a process start), then creates the dir, readable by this user only. */
    synchronized void create() {
        if (closed || guard != null) {
            return;
        }
        guard = TempDirGuard.guard(dir);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the kernel's work dir " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        DirectoryTree.delete(dir);
        if (guard != null) {
            guard.close();
        }
    }
}
