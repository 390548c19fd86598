package io.brokerbook.kernel.jshell;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * JShell's compiler sees the whole classpath but opens a jar only when it looks up a package that jar holds.
 * javac's own file manager opens every jar of the classpath (as a zip file system, walked to the end) the first time
 * it looks up any package there — even {@code java.util} or JShell's {@code REPL} — which for the kernel's ~100 jars
 * is a third of the first cell's compile. Here the compiler's classpath is only the jars holding a package it has
 * looked up so far (in classpath order, so which class wins when two jars have it does not change) plus directories
 * and jars that could not be read; JShell's completion index still gets the full classpath.
 *
 * <p>That index is JShell's biggest start-up cost: creating the source analysis starts a thread that walks the whole
 * runtime image and every jar (about a second of CPU), which on two cores slows the first cell down. It reads the
 * locations to walk through {@link #getLocationAsPaths}, its only caller, so that call waits until the kernel
 * {@linkplain #allowIndexing() allows indexing} (once the first cell has its result, or completion is asked for).
 */
final class PackageScopedClasspath extends ForwardingJavaFileManager<StandardJavaFileManager>
        implements StandardJavaFileManager {
    private static final long INDEXING_WAIT_LIMIT_SECONDS = 20;
    private static final Set<String> CLASSPATH_OPTIONS = Set.of("-classpath", "--class-path", "-cp");

    private final JarPackages jarPackages;
    private List<Path> classpath = List.of();
    /** Packages to the jars of the classpath that hold them. */
    private final Map<String, List<Path>> jarsByPackage = new TreeMap<>();
    /** Directories and unreadable jars: always on the compiler's classpath. */
    private final Set<Path> unindexed = new HashSet<>();
    private final Set<Path> looked = new HashSet<>();
    private final CountDownLatch indexingAllowed = new CountDownLatch(1);

    PackageScopedClasspath(StandardJavaFileManager standard, JarPackages jarPackages, String classpath) {
        super(standard);
        this.jarPackages = jarPackages;
        setClasspath(split(classpath));
    }

    @Override
    public synchronized Iterable<JavaFileObject> list(Location location, String packageName,
            Set<JavaFileObject.Kind> kinds, boolean recurse) throws IOException {
        if (location == StandardLocation.CLASS_PATH && widenFor(packageName, recurse)) {
            fileManager.setLocationFromPaths(StandardLocation.CLASS_PATH, compilerClasspath());
        }
        return super.list(location, packageName, kinds, recurse);
    }

    @Override
    public synchronized boolean handleOption(String current, Iterator<String> remaining) {
        if (CLASSPATH_OPTIONS.contains(current) && remaining.hasNext()) {
            setClasspath(split(remaining.next()));
            return true;
        }
        return super.handleOption(current, remaining);
    }

    @Override
    public synchronized void setLocation(Location location, Iterable<? extends File> files) throws IOException {
        if (location == StandardLocation.CLASS_PATH) {
            List<Path> paths = new ArrayList<>();
            files.forEach(f -> paths.add(f.toPath()));
            setClasspath(paths);
        } else {
            fileManager.setLocation(location, files);
        }
    }

    @Override
    public synchronized void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
        if (location == StandardLocation.CLASS_PATH) {
            setClasspath(List.copyOf(paths));
        } else {
            fileManager.setLocationFromPaths(location, paths);
        }
    }

    @Override
    public synchronized Iterable<? extends File> getLocation(Location location) {
        return location == StandardLocation.CLASS_PATH
            ? classpath.stream().map(Path::toFile).toList() : fileManager.getLocation(location);
    }

    /** Waits (without holding this manager's lock, which the compiler needs) until indexing is allowed. */
    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        awaitIndexingAllowed();
        synchronized (this) {
            return location == StandardLocation.CLASS_PATH ? classpath : fileManager.getLocationAsPaths(location);
        }
    }

    /** Lets JShell's completion index read the locations. */
    void allowIndexing() {
        indexingAllowed.countDown();
    }

    private void awaitIndexingAllowed() {
        try {
            // bounded: should a caller other than the indexer ever come here, it is late, never stuck
            indexingAllowed.await(INDEXING_WAIT_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return fileManager.isSameFile(a, b);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
        return fileManager.getJavaFileObjectsFromFiles(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
        return fileManager.getJavaFileObjects(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return fileManager.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return fileManager.getJavaFileObjects(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return fileManager.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Path asPath(FileObject file) {
        return fileManager.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory f) {
        fileManager.setPathFactory(f);
    }

    private void setClasspath(List<Path> paths) {
        classpath = List.copyOf(paths);
        jarsByPackage.clear();
        unindexed.clear();
        for (Path entry : classpath) {
            Optional<Set<String>> packages = entry.toString().endsWith(".jar") ? jarPackages.packages(entry) : Optional.empty();
            if (packages.isEmpty()) {
                unindexed.add(entry);
                continue;
            }
            for (String p : packages.get()) {
                jarsByPackage.computeIfAbsent(p, k -> new ArrayList<>()).add(entry);
            }
        }
        jarPackages.save();
        try {
            fileManager.setLocationFromPaths(StandardLocation.CLASS_PATH, compilerClasspath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the jars holding {@code packageName} (and its subpackages if {@code recurse}); true if any was new. */
    private boolean widenFor(String packageName, boolean recurse) {
        boolean widened = false;
        if (!recurse) {
            for (Path jar : jarsByPackage.getOrDefault(packageName, List.of())) {
                widened |= looked.add(jar);
            }
            return widened;
        }
        String prefix = packageName.isEmpty() ? "" : packageName + ".";
        for (Map.Entry<String, List<Path>> e : jarsByPackage.entrySet()) {
            if (e.getKey().equals(packageName) || e.getKey().startsWith(prefix)) {
                for (Path jar : e.getValue()) {
                    widened |= looked.add(jar);
                }
            }
        }
        return widened;
    }

    private List<Path> compilerClasspath() {
        return classpath.stream().filter(p -> unindexed.contains(p) || looked.contains(p)).toList();
    }

    private static List<Path> split(String classpath) {
        List<Path> paths = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                paths.add(Path.of(entry));
            }
        }
        return paths;
    }
}
