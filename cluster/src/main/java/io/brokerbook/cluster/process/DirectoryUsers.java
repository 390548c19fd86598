package io.brokerbook.cluster.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The live processes working in a directory: their working directory is in it, or they hold a file in it open
 * (read from {@code /proc}; processes this user may not inspect are not seen; empty where there is no /proc).
 */
final class DirectoryUsers {
    private static final Path PROC = Path.of("/proc");

    /** One process using the dir: its pid and command name. */
    record User(long pid, String command) {
        @Override
        public String toString() {
            return "pid " + pid + " (" + command + ")";
        }
    }

    private DirectoryUsers() {
    }

    static List<User> of(Path dir) {
        Path target;
        try {
            target = dir.toRealPath();
        } catch (IOException e) {
            return List.of();
        }
        List<User> users = new ArrayList<>();
        if (!Files.isDirectory(PROC)) {
            return users;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
            for (Path process : processes) {
                if (worksIn(process, target)) {
                    long pid = Long.parseLong(process.getFileName().toString());
                    users.add(new User(pid, command(pid)));
                }
            }
        } catch (IOException e) {
            return users;
        }
        return users;
    }

    private static boolean worksIn(Path process, Path dir) {
        if (isIn(link(process.resolve("cwd")), dir)) {
            return true;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                if (isIn(link(fd), dir)) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            return false; // gone, or not ours to inspect
        }
        return false;
    }

    private static Optional<Path> link(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean isIn(Optional<Path> path, Path dir) {
        return path.map(p -> p.startsWith(dir)).orElse(false);
    }

    /** The process's own name ({@code comm}: Debian's redis-server is a link to redis-check-rdb, named redis-server). */
    private static String command(long pid) {
        try {
            return Files.readString(PROC.resolve(pid + "/comm")).strip();
        } catch (IOException e) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().command())
                .map(c -> Path.of(c).getFileName().toString()).orElse("?");
        }
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
