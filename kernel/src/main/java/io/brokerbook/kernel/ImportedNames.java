package io.brokerbook.kernel;

import java.io.IOException;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The simple names an import declaration of the prelude brings into a cell's scope, found without the compiler:
 * the classes of a package (in the runtime image or in a jar or directory of the kernel's classpath), a class's
 * static members, or the one imported name. Classes that are not public count too; the names are used to tell
 * whether code could mention what the import brings, where a name too many only makes the import happen earlier.
 */
final class ImportedNames {
    private ImportedNames() {
    }

    /** The names {@code declaration} ({@code import a.b.*;}, {@code import static a.B.*;}…) imports; empty if unknown. */
    static Optional<Set<String>> of(String declaration) {
        String d = declaration.strip();
        if (!d.startsWith("import ") || !d.endsWith(";")) {
            return Optional.empty();
        }
        d = d.substring("import ".length(), d.length() - 1).strip();
        boolean isStatic = d.startsWith("static ");
        String name = isStatic ? d.substring("static ".length()).strip() : d;
        boolean onDemand = name.endsWith(".*");
        String qualifier = onDemand ? name.substring(0, name.length() - 2) : name;
        try {
            if (!onDemand) {
                return Optional.of(Set.of(qualifier.substring(qualifier.lastIndexOf('.') + 1)));
            }
            return isStatic ? staticMembers(qualifier) : packageClasses(qualifier);
        } catch (IOException | URISyntaxException | RuntimeException e) { // UncheckedIOException from a listing too
            return Optional.empty();
        }
    }

    private static Optional<Set<String>> staticMembers(String className) {
        Class<?> c;
        try {
            c = Class.forName(className, false, ImportedNames.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        Set<String> names = new HashSet<>();
        Stream.<Member>concat(Stream.of(c.getMethods()), Stream.<Member>of(c.getFields()))
            .filter(m -> Modifier.isStatic(m.getModifiers())).forEach(m -> names.add(m.getName()));
        for (Class<?> nested : c.getClasses()) {
            names.add(nested.getSimpleName());
        }
        return Optional.of(names);
    }

    private static Optional<Set<String>> packageClasses(String pkg) throws IOException, URISyntaxException {
        String dir = pkg.replace('.', '/');
        Optional<Set<String>> inImage = runtimeImageClasses(pkg, dir);
        if (inImage.isPresent()) {
            return inImage;
        }
        // every jar and directory that has the package: a package may be split over several
        List<URL> places = Collections.list(ImportedNames.class.getClassLoader().getResources(dir + "/"));
        if (places.isEmpty()) {
            return Optional.empty();
        }
        Set<String> names = new HashSet<>();
        for (URL url : places) {
            if (!addClassNames(url, dir, names)) {
                return Optional.empty();
            }
        }
        return Optional.of(names);
    }

    private static boolean addClassNames(URL url, String dir, Set<String> names) throws IOException, URISyntaxException {
        if (url.getProtocol().equals("file")) {
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                files.forEach(p -> addClassName(p.getFileName().toString(), names));
            }
            return true;
        }
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            return false;
        }
        jar.setUseCaches(false);
        try (JarFile file = jar.getJarFile()) {
            String prefix = dir + "/";
            file.stream().map(JarEntry::getName)
                .filter(n -> n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0)
                .forEach(n -> addClassName(n.substring(prefix.length()), names));
        }
        return true;
    }

    /** The classes of {@code pkg} if a module of the runtime image ({@code java.base}…) has it. */
    private static Optional<Set<String>> runtimeImageClasses(String pkg, String dir) throws IOException {
        FileSystem jrt;
        try {
            jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        } catch (FileSystemNotFoundException | IllegalArgumentException e) {
            return Optional.empty();
        }
        Path modules = jrt.getPath("/packages", pkg);
        if (!Files.isDirectory(modules)) {
            return Optional.empty();
        }
        Set<String> names = new HashSet<>();
        try (Stream<Path> ms = Files.list(modules)) {
            for (Path module : ms.toList()) {
                try (Stream<Path> files = Files.list(jrt.getPath("/modules", module.getFileName().toString(), dir))) {
                    files.forEach(p -> addClassName(p.getFileName().toString(), names));
                }
            }
        }
        return Optional.of(names);
    }

    /** {@code Foo.class} → Foo; nested classes ({@code Foo$Bar.class}) are named through Foo. */
    private static void addClassName(String fileName, Set<String> names) {
        if (fileName.endsWith(".class") && fileName.indexOf('$') < 0 && fileName.indexOf('-') < 0) {
            names.add(fileName.substring(0, fileName.length() - ".class".length()));
        }
    }
}
