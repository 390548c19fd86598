package io.brokerbook.cluster.lab;

import java.nio.file.Path;

/**
 * A path as a magic shows it: relative to the kernel's working directory (the notebook's folder) when it lies
 * below it, so a notebook's outputs read the same on every clone ({@code kafka-data}, not
 * {@code /home/ana/course/kafka-data}); absolute otherwise.
 */
public final class ShownPath {
    private ShownPath() {
    }

    public static String of(Path path) {
        return of(path, Path.of("").toAbsolutePath());
    }

    static String of(Path path, Path workingDir) {
        Path abs = path.toAbsolutePath().normalize();
        Path base = workingDir.toAbsolutePath().normalize();
        if (abs.equals(base)) {
            return ".";
        }
        return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
    }
}
