package io.brokerbook.cluster.process;

import io.brokerbook.cluster.lab.LabException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claiming a data dir: writable, not another server's, free again after its owner is gone. */
class DataDirLockTest {
    @TempDir
    Path work;

    @Test
    void aClaimNamesItsOwnerAndIsReleasedOnClose() throws Exception {
        Path dir = work.resolve("data");
        try (DataDirLock lock = DataDirLock.claim(dir, "redis", "--data-dir")) {
            assertEquals(dir, lock.dir());
            String owner = Files.readString(dir.resolve(DataDirLock.FILE));
            assertTrue(owner.startsWith("kind=redis pid=" + ProcessHandle.current().pid() + " since="), owner);
            LabException e = assertThrows(LabException.class, () -> DataDirLock.claim(dir, "kafka", "--data-dir"));
            assertEquals("The data dir " + dir + " is in use by another lab server (" + owner.strip()
                + "); stop it first, or choose another --data-dir.", e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve(DataDirLock.FILE)), "close removes the lock file");
        DataDirLock.claim(dir, "kafka", "--data-dir").close();
    }

    @Test
    void aLockFileLeftByADeadOwnerClaimsNothing() throws Exception {
        Path dir = Files.createDirectories(work.resolve("left"));
        Files.writeString(dir.resolve(DataDirLock.FILE), "kind=redis pid=999999999 since=2026-01-01T00:00:00Z\n");
        try (DataDirLock lock = DataDirLock.claim(dir, "redis", "--data-dir")) {
            assertTrue(Files.readString(dir.resolve(DataDirLock.FILE)).contains("pid=" + ProcessHandle.current().pid()));
        }
    }

    @Test
    void aDirAnotherProcessWorksInIsRefused() throws Exception {
        Path dir = Files.createDirectories(work.resolve("busy"));
        Process other = new ProcessBuilder(List.of("sleep", "1000")).directory(dir.toFile()).start();
        try {
            LabException e = assertThrows(LabException.class, () -> DataDirLock.claim(dir, "redis", "--data-dir"));
            assertEquals("The data dir " + dir + " is in use by pid " + other.pid() + " (sleep); stop that server first,"
                + " or choose another --data-dir.", e.getMessage());
        } finally {
            other.destroyForcibly().waitFor();
        }
        DataDirLock.claim(dir, "redis", "--data-dir").close();
    }

    @Test
    void aDirThatCannotBeWrittenIsRefusedInOneLine() throws Exception {
        Path file = Files.writeString(work.resolve("plain-file"), "x");
        LabException under = assertThrows(LabException.class, () -> DataDirLock.claim(file.resolve("d"), "redis", "--data-dir"));
        assertTrue(under.getMessage().startsWith("Cannot create the data dir " + file.resolve("d") + ": "), under.getMessage());
        LabException proc = assertThrows(LabException.class, () -> DataDirLock.claim(Path.of("/proc"), "redis", "--data-dir"));
        assertTrue(proc.getMessage().startsWith("The data dir /proc is not writable ("), proc.getMessage());
        for (LabException e : List.of(under, proc)) {
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(e.getMessage().endsWith("; choose another --data-dir."), e.getMessage());
        }
    }
}
