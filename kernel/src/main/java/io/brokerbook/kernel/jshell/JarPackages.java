package io.brokerbook.kernel.jshell;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Which packages each jar holds, read from the jars' zip directories and kept in a cache file between sessions
 * (a jar is read again when its size or modification time changed). Reading the ~100 jars of the kernel's
 * classpath costs ~150 ms of CPU; the cache, a few milliseconds.
 */
final class JarPackages {
    private static final String HEADER = "brokerbook jar packages 2";
    private static final String VERSIONED = "META-INF/versions/";

    /**
     * One jar's packages, with the size and time that tell whether the jar changed since; {@code classPath}: its
     * manifest names more jars (javac follows them, so such a jar cannot be left out of the compiler's classpath).
     */
    record Jar(Path path, long size, long modified, boolean classPath, Set<String> packages) { }

    private final Path cacheFile;
    private final Map<Path, Jar> known = new HashMap<>();
    private boolean changed;

    private JarPackages(Path cacheFile) {
        this.cacheFile = cacheFile;
    }

    /** The cache in {@code cacheFile} (none yet, or unreadable: every jar is read when first asked for). */
    static JarPackages cachedIn(Path cacheFile) {
        JarPackages index = new JarPackages(cacheFile);
        index.load();
        return index;
    }

    /** {@code $XDG_CACHE_HOME/brokerbook/jar-packages.tsv}, else {@code ~/.cache/brokerbook/jar-packages.tsv}. */
    static Path defaultCacheFile() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("brokerbook").resolve("jar-packages.tsv");
    }

    /**
     * The packages of {@code jar}; empty if it cannot be read or its manifest has a Class-Path (the caller then
     * leaves it to the compiler).
     */
    synchronized Optional<Set<String>> packages(Path jar) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(jar, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        Jar cached = known.get(jar);
        Jar current = cached;
        if (cached == null || cached.size() != size || cached.modified() != modified) {
            try {
                current = read(jar, size, modified);
            } catch (IOException e) {
                return Optional.empty();
            }
            known.put(jar, current);
            changed = true;
        }
        return current.classPath() ? Optional.empty() : Optional.of(current.packages());
    }

    /**
     * Writes the cache if a jar was read: every jar known that still exists (kernels of two checkouts share the file;
     * a deleted jar is dropped). Best effort: a session works the same without it.
     */
    synchronized void save() {
        if (!changed) {
            return;
        }
        changed = false;
        try {
            Files.createDirectories(cacheFile.getParent());
            Path tmp = Files.createTempFile(cacheFile.getParent(), "jar-packages", ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(HEADER);
                w.newLine();
                for (Jar jar : known.values()) {
                    if (Files.exists(jar.path())) {
                        w.write(jar.path() + "\t" + jar.size() + "\t" + jar.modified() + "\t" + jar.classPath()
                            + "\t" + String.join(",", jar.packages()));
                        w.newLine();
                    }
                }
            }
            try {
                Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // another session may write the same file; without a cache the next start reads the jars again
        }
    }

    private void load() {
        try (BufferedReader r = Files.newBufferedReader(cacheFile, StandardCharsets.UTF_8)) {
            if (!HEADER.equals(r.readLine())) {
                return;
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t", -1);
                if (f.length != 5) {
                    known.clear();
                    return;
                }
                Set<String> packages = f[4].isEmpty() ? Set.of() : Set.of(f[4].split(","));
                Path path = Path.of(f[0]);
                known.put(path, new Jar(path, Long.parseLong(f[1]), Long.parseLong(f[2]), Boolean.parseBoolean(f[3]),
                    packages));
            }
        } catch (NoSuchFileException e) {
            // first session on this machine
        } catch (IOException | RuntimeException e) {
            known.clear();
        }
    }

    private static Jar read(Path jar, long size, long modified) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            boolean classPath = manifest != null
                && manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH) != null;
            return new Jar(jar, size, modified, classPath, packagesOf(file));
        }
    }

    /** The packages with a class file in the jar; a multi-release jar's versioned classes count for their package. */
    static Set<String> read(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return packagesOf(zip);
        }
    }

    private static Set<String> packagesOf(ZipFile zip) {
        Set<String> packages = new TreeSet<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (!name.endsWith(".class")) {
                continue;
            }
            if (name.startsWith(VERSIONED)) {
                int afterVersion = name.indexOf('/', VERSIONED.length());
                if (afterVersion < 0) {
                    continue;
                }
                name = name.substring(afterVersion + 1);
            }
            int slash = name.lastIndexOf('/');
            packages.add(slash < 0 ? "" : name.substring(0, slash).replace('/', '.'));
        }
        return packages;
    }
}
