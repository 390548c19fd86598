package io.brokerbook.cluster.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes a lab's temp dir with everything in it; what cannot be removed is logged and left. */
public final class DirectoryTree {
    /** Looked up when something is logged: the kernel starts without starting log4j. */
    private static Logger log() {
        return LoggerFactory.getLogger(DirectoryTree.class);
    }

    private DirectoryTree() {
    }

    /** Deletes {@code root} and its contents; nothing happens for null or a dir that is gone. */
    public static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log().warn("Cannot delete {}", p, e);
                }
            });
        } catch (IOException e) {
            log().warn("Cannot delete {}", root, e);
        }
    }
}
