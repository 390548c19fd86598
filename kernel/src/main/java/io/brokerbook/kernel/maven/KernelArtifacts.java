package io.brokerbook.kernel.maven;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The Maven artifacts the kernel itself runs with ({@code kafka-clients}, {@code jedis}, {@code tablesaw-core}…):
 * the list the build writes next to the kernel's jar ({@code kernel-artifacts.txt}, Maven's
 * {@code dependency:list}), plus the {@code META-INF/maven/…/pom.properties} inside each jar of its classpath. A
 * cell's classpath sees those classes first, so another version of one of them cannot be added.
 */
public final class KernelArtifacts {
    private final Map<String, String> versions;

    private KernelArtifacts(Map<String, String> versions) {
        this.versions = Map.copyOf(versions);
    }

    /** This kernel's artifacts: its build's list and its classpath's jars. */
    public static KernelArtifacts ofThisKernel() {
        Map<String, String> versions = new HashMap<>();
        try {
            Path code = Path.of(KernelArtifacts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path list = code.getParent().resolve("kernel-artifacts.txt");
            if (Files.isRegularFile(list)) {
                versions.putAll(fromDependencyList(Files.readAllLines(list)));
            }
        } catch (java.net.URISyntaxException | IOException | RuntimeException e) {
            // without the list, the jars' own pom.properties still tell most artifacts
        }
        of(System.getProperty("java.class.path")).versions.forEach(versions::putIfAbsent);
        return new KernelArtifacts(versions);
    }

    /** {@code group:artifact → version} from {@code dependency:list} lines ("   g:a:jar[:classifier]:v:scope …"). */
    static Map<String, String> fromDependencyList(List<String> lines) {
        Map<String, String> versions = new HashMap<>();
        for (String line : lines) {
            if (!line.startsWith(" ") || line.isBlank()) {
                continue;
            }
            String coordinates = line.strip().split("\\s", 2)[0];
            String[] p = coordinates.split(":");
            if (p.length >= 5) {
                versions.put(p[0] + ":" + p[1], p[p.length - 2]);
            }
        }
        return versions;
    }

    /** The artifacts of the jars on {@code classpath} (a path-separator list, as {@code java.class.path}). */
    public static KernelArtifacts of(String classpath) {
        Map<String, String> versions = new HashMap<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                read(p, versions);
            }
        }
        return new KernelArtifacts(versions);
    }

    private static void read(Path jar, Map<String, String> into) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (InputStream in = file.getInputStream(e)) {
                        p.load(in);
                    }
                    String g = p.getProperty("groupId");
                    String a = p.getProperty("artifactId");
                    String v = p.getProperty("version");
                    if (g != null && a != null && v != null) {
                        into.putIfAbsent(g + ":" + a, v);
                    }
                }
            }
        } catch (IOException | SecurityException e) {
            // a jar that cannot be read cannot clash either
        }
    }

    /** The kernel's version of {@code group:artifact}, if it has one. */
    public Optional<String> version(String key) {
        return Optional.ofNullable(versions.get(key));
    }

    public int size() {
        return versions.size();
    }
}
