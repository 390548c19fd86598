package io.brokerbook.kernel.maven;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads Maven Resolver when {@code %maven} first runs, not at kernel start, and keeps it off the cells' classpath:
 * its jars (in {@code maven-resolver/} next to the kernel's jar, put there by the build) go into a class loader of
 * their own, together with the kernel's {@code maven.resolver} package, which that loader defines itself so it
 * sees the resolver; everything else (the kernel's types, logging) comes from the kernel's loader.
 */
public final class ResolverLoader {
    static final String ISOLATED_PACKAGE = "io.brokerbook.kernel.maven.resolver.";
    private static final String IMPLEMENTATION = ISOLATED_PACKAGE + "AetherResolver";

    private ResolverLoader() {
    }

    public static DependencyResolver load() {
        ClassLoader kernelLoader = ResolverLoader.class.getClassLoader();
        try {
            ClassLoader loader = resolverOnKernelClasspath(kernelLoader) ? kernelLoader
                : new IsolatingLoader(urls(), kernelLoader);
            return Class.forName(IMPLEMENTATION, true, loader).asSubclass(DependencyResolver.class)
                .getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ResolutionFailure("Maven Resolver could not be loaded (" + e + "); re-run ./install.sh.");
        }
    }

    /** Tests and IDEs have the resolver on the kernel's own classpath already. */
    private static boolean resolverOnKernelClasspath(ClassLoader kernelLoader) {
        return kernelLoader.getResource("org/eclipse/aether/RepositorySystem.class") != null;
    }

    private static URL[] urls() {
        Path kernelCode = kernelCodeLocation();
        Path dir = kernelCode.getParent().resolve("maven-resolver");
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(dir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
            urls.add(kernelCode.toUri().toURL());
        } catch (IOException e) {
            throw new ResolutionFailure("Maven Resolver is not installed with this kernel (no " + dir
                + "); re-run ./install.sh to build it.");
        }
        return urls.toArray(URL[]::new);
    }

    private static Path kernelCodeLocation() {
        try {
            return Path.of(ResolverLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new ResolutionFailure("Cannot tell where the kernel's jar is (" + e.getMessage() + ").");
        }
    }

    /** Parent first, except the kernel's resolver package, which it defines from its own URLs. */
    private static final class IsolatingLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        IsolatingLoader(URL[] urls, ClassLoader parent) {
            super("brokerbook-maven-resolver", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(ISOLATED_PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
