package io.brokerbook.cluster.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The {@code redis-server} executable a lab runs: the one found on a search path (normally
 * {@code PATH}) or, failing that, the real Redis binary shipped inside the
 * {@code com.github.codemonstur:embedded-redis} jar, extracted into a directory the lab owns.
 *
 * @param executable the file to run
 * @param origin     where it came from, for status output ({@code PATH} or the jar resource)
 * @param extracted  true if the lab extracted it (and so must delete it on stop)
 */
public record RedisBinary(Path executable, String origin, boolean extracted) {
    static final String EXECUTABLE_NAME = "redis-server";

    /**
     * Looks for {@code redis-server} in each directory of {@code searchPath} (entries separated
     * by {@link File#pathSeparator}); if none is there, extracts the jar's binary into
     * {@code extractDir}. Pass {@code System.getenv("PATH")} for the usual behaviour, or an empty
     * string to force the jar's binary.
     */
    public static RedisBinary locate(String searchPath, Path extractDir) {
        RedisBinary onPath = findOnPath(searchPath);
        return onPath != null ? onPath : extractEmbedded(extractDir);
    }

    static RedisBinary findOnPath(String searchPath) {
        if (searchPath == null || searchPath.isBlank()) {
            return null;
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, EXECUTABLE_NAME);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new RedisBinary(candidate, "PATH", false);
            }
        }
        return null;
    }

    static RedisBinary extractEmbedded(Path extractDir) {
        String resource = embeddedResourceName();
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new RedisLabException("No redis-server on PATH and no embedded Redis binary '" + resource
                    + "' on the classpath; install Redis (apt-get install redis-server).");
            }
            Files.createDirectories(extractDir);
            Path target = extractDir.resolve(EXECUTABLE_NAME);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            if (!target.toFile().setExecutable(true, true)) {
                throw new RedisLabException("Cannot make the extracted Redis binary executable: " + target);
            }
            return new RedisBinary(target, "embedded-redis jar (" + resource + ")", true);
        } catch (IOException e) {
            throw new RedisLabException("Cannot extract the embedded Redis binary to " + extractDir + ": " + e.getMessage(), e);
        }
    }

    /** The resource names used inside embedded-redis 1.4.4. */
    static String embeddedResourceName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        boolean x86 = arch.equals("x86") || arch.equals("i386") || arch.equals("i686");
        if (os.contains("linux")) {
            return arm64 ? "redis-server-6.2.7-linux-arm64"
                : x86 ? "redis-server-6.2.7-linux-386" : "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return arm64 ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        if (os.contains("windows")) {
            return "redis-server-5.0.14.1-windows-amd64.exe";
        }
        throw new RedisLabException("No embedded Redis binary for " + os + "/" + arch
            + "; install redis-server and put it on PATH.");
    }
}
