package io.brokerbook.cluster.process;

import io.brokerbook.cluster.lab.LabException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * A user's data dir claimed by one lab server while it runs: checked before anything starts, so a dir that is
 * not writable, or that another server works in, is refused in one line. The claim is a lock file
 * ({@value #FILE}) holding an OS lock and naming its owner; the OS drops the lock when the owning JVM dies,
 * however it dies, so a dir left by a killed kernel is free again.
 */
public final class DataDirLock implements AutoCloseable {
    static final String FILE = ".brokerbook-lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} if needed and claims it for a server of {@code kind}.
     *
     * @param option how the user chose the dir, for the error lines (e.g. {@code --data-dir})
     */
    public static DataDirLock claim(Path dir, String kind, String option) {
        Path abs = dir.toAbsolutePath().normalize();
        String chooseAnother = "; choose another " + option + ".";
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new LabException("Cannot create the data dir " + abs + ": " + reason(e) + chooseAnother, e);
        }
        Path file = abs.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LabException("The data dir " + abs + " is not writable (" + reason(e) + ")" + chooseAnother, e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new LabException("The data dir " + abs + " is in use by another lab server (" + owner(file) + ")"
                    + "; stop it first, or choose another " + option + ".");
            }
            List<DirectoryUsers.User> users = DirectoryUsers.of(abs).stream()
                .filter(u -> u.pid() != ProcessHandle.current().pid()).toList();
            if (!users.isEmpty()) {
                lock.release();
                throw new LabException("The data dir " + abs + " is in use by " + users.get(0)
                    + "; stop that server first, or choose another " + option + ".");
            }
            String owner = "kind=" + kind + " pid=" + ProcessHandle.current().pid() + " since=" + Instant.now() + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DataDirLock(abs, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LabException("The data dir " + abs + " is not writable (" + reason(e) + ")" + chooseAnother, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    /** Releases the claim and removes the lock file. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            // the lock is released below anyway; a stale file claims nothing
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it
        }
        closeQuietly(channel);
    }

    private static String owner(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "owner unknown" : text;
        } catch (IOException e) {
            return "owner unknown";
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return LabException.oneLine(e);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
