package io.brokerbook.kernel.jshell;

import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackageScopedClasspathTest {
    @TempDir
    Path dir;

    @Test
    void jarPackagesReadsPackagesAndVersionedClassesAndCachesThem() throws IOException {
        Path jar = jar("a.jar", Map.of("p/q/A.class", "", "META-INF/versions/11/r/B.class", "", "C.class", "",
            "p/readme.txt", ""));
        assertEquals(Set.of("p.q", "r", ""), JarPackages.read(jar));

        Path cache = dir.resolve("cache/jar-packages.tsv");
        JarPackages first = JarPackages.cachedIn(cache);
        assertEquals(Set.of("p.q", "r", ""), first.packages(jar).orElseThrow());
        Path gone = jar("gone.jar", Map.of("g/G.class", ""));
        first.packages(gone);
        Files.delete(gone);
        first.save();
        assertTrue(Files.readString(cache).contains(jar.toString()));
        assertTrue(!Files.readString(cache).contains(gone.toString()), "a deleted jar is dropped from the cache");

        // a jar replaced by one of the same path: read again, not taken from the cache
        jar("a.jar", Map.of("s/S.class", ""));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        assertEquals(Set.of("s"), JarPackages.cachedIn(cache).packages(jar).orElseThrow());
        assertTrue(JarPackages.cachedIn(cache).packages(dir.resolve("missing.jar")).isEmpty());
    }

    @Test
    void aJarWhoseManifestNamesMoreJarsIsNotScoped() throws IOException {
        Path jar = jar("with-class-path.jar", Map.of("META-INF/MANIFEST.MF",
            "Manifest-Version: 1.0\nClass-Path: other.jar\n", "p/A.class", ""));
        assertTrue(JarPackages.cachedIn(dir.resolve("cache.tsv")).packages(jar).isEmpty());
        StandardJavaFileManager standard = ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, null);
        new PackageScopedClasspath(standard, JarPackages.cachedIn(dir.resolve("cache.tsv")), jar.toString());
        // on the compiler's classpath from the start, so javac follows its Class-Path as it always does
        assertEquals(List.of(jar, dir.resolve("other.jar")), paths(standard));
    }

    @Test
    void theCompilerSeesOnlyJarsHoldingAPackageItLookedUp() throws IOException {
        Path a = jar("a.jar", Map.of("alpha/A.class", "", "shared/S.class", ""));
        Path b = jar("b.jar", Map.of("beta/B.class", "", "shared/T.class", ""));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StandardJavaFileManager standard = javac.getStandardFileManager(null, null, null);
        PackageScopedClasspath scoped = new PackageScopedClasspath(standard,
            JarPackages.cachedIn(dir.resolve("cache.tsv")), String.join(File.pathSeparator, a.toString(), b.toString(),
                classes.toString()));

        assertEquals(List.of(classes), paths(standard));
        assertEquals(List.of(), names(scoped.list(StandardLocation.CLASS_PATH, "java.util", Set.of(JavaFileObject.Kind.CLASS), false)));
        assertEquals(List.of(classes), paths(standard));

        assertEquals(List.of("B"), names(scoped.list(StandardLocation.CLASS_PATH, "beta", Set.of(JavaFileObject.Kind.CLASS), false)));
        assertEquals(List.of(b, classes), paths(standard));
        // a package in two jars: both, in classpath order
        assertEquals(List.of("S", "T"), names(scoped.list(StandardLocation.CLASS_PATH, "shared", Set.of(JavaFileObject.Kind.CLASS), false)));
        assertEquals(List.of(a, b, classes), paths(standard));

        scoped.allowIndexing();
        assertEquals(List.of(a, b, classes), paths(scoped));
    }

    @Test
    void recursiveListingOpensTheJarsOfSubpackages() throws IOException {
        Path a = jar("a.jar", Map.of("top/sub/A.class", ""));
        Path b = jar("b.jar", Map.of("other/B.class", ""));
        StandardJavaFileManager standard = ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, null);
        PackageScopedClasspath scoped = new PackageScopedClasspath(standard,
            JarPackages.cachedIn(dir.resolve("cache.tsv")), a + File.pathSeparator + b);
        assertEquals(List.of("A"), names(scoped.list(StandardLocation.CLASS_PATH, "top", Set.of(JavaFileObject.Kind.CLASS), true)));
        assertEquals(List.of(a), paths(standard));
    }

    @Test
    void jshellCompilesAgainstJarsOnTheClasspathAndOnesAddedLater() throws IOException {
        Path first = compiledJar("first.jar", "hello", "Hello", "public static String hi() { return \"hi\"; }");
        Path later = compiledJar("later.jar", "world", "World", "public static int answer() { return 42; }");
        JarPackages jarPackages = JarPackages.cachedIn(dir.resolve("cache.tsv"));
        String before = System.getProperty("java.class.path");
        List<PackageScopedClasspath> made = new ArrayList<>();
        try (JShell shell = JShell.builder().executionEngine("local")
                .fileManager(standard -> {
                    PackageScopedClasspath scoped = new PackageScopedClasspath(standard, jarPackages,
                        before + File.pathSeparator + first);
                    made.add(scoped);
                    return scoped;
                }).build()) {
            shell.addToClasspath(first.toString()); // the local engine's class loader
            assertEquals("\"hi\"", value(shell, "hello.Hello.hi()"));
            assertEquals("4", value(shell, "java.util.List.of(1, 2, 3, 4).size()"));
            shell.addToClasspath(later.toString());
            assertEquals("42", value(shell, "world.World.answer()"));
            made.get(0).allowIndexing();
            List<Path> full = paths(made.get(0));
            assertTrue(full.contains(first) && full.contains(later), full.toString());
        }
    }

    private static String value(JShell shell, String code) {
        List<SnippetEvent> events = shell.eval(code);
        SnippetEvent last = events.get(events.size() - 1);
        assertEquals(jdk.jshell.Snippet.Status.VALID, last.status(),
            () -> code + ": " + shell.diagnostics(last.snippet()).map(d -> d.getMessage(null)).toList());
        return last.value();
    }

    private static List<Path> paths(StandardJavaFileManager manager) {
        List<Path> paths = new ArrayList<>();
        manager.getLocationAsPaths(StandardLocation.CLASS_PATH).forEach(paths::add);
        return paths;
    }

    private static List<String> names(Iterable<JavaFileObject> files) {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(Path.of(f.toUri().getSchemeSpecificPart().replaceFirst("^.*!/", "/"))
            .getFileName().toString().replace(".class", "")));
        names.sort(null);
        return names;
    }

    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue().getBytes());
                j.closeEntry();
            }
        }
        return jar;
    }

    private Path compiledJar(String name, String pkg, String cls, String body) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + name).resolve(pkg)).resolve(cls + ".java");
        Files.writeString(src, "package " + pkg + "; public class " + cls + " { " + body + " }");
        Path out = Files.createDirectories(dir.resolve("out-" + name));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString());
        assertEquals(0, rc);
        byte[] bytes = Files.readAllBytes(out.resolve(pkg).resolve(cls + ".class"));
        Path jar = dir.resolve(name);
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o)) {
            j.putNextEntry(new JarEntry(pkg + "/" + cls + ".class"));
            j.write(bytes);
            j.closeEntry();
        }
        return jar;
    }
}
