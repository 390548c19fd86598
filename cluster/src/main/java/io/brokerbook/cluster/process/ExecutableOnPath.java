package io.brokerbook.cluster.process;

import io.brokerbook.cluster.lab.LabException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A server's executable looked up like a shell does, in the directories of a search path (normally {@code PATH}). */
public final class ExecutableOnPath {
    private ExecutableOnPath() {
    }

    /**
     * The search path to use: {@code searchPath} if given, else the {@code PATH} environment variable followed by
     * the sbin dirs Debian installs servers in (mosquitto, nats-server), which a user's PATH may lack.
     */
    public static String searchPath(String searchPath) {
        if (searchPath != null) {
            return searchPath;
        }
        String env = System.getenv("PATH");
        String sbin = String.join(File.pathSeparator, "/usr/local/sbin", "/usr/sbin", "/sbin");
        return env == null || env.isEmpty() ? sbin : env + File.pathSeparator + sbin;
    }

    public static Optional<Path> find(String name, String searchPath) {
        for (String dir : searchPath(searchPath).split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The executable, or a one-line error saying how to install it.
     *
     * @param debianPackage the package that ships it ({@code apt-get install PACKAGE})
     */
    public static Path require(String name, String searchPath, String debianPackage) {
        return find(name, searchPath).orElseThrow(() -> new LabException(name + " is not installed (not found on PATH);"
            + " install it with: sudo apt-get install " + debianPackage));
    }
}
