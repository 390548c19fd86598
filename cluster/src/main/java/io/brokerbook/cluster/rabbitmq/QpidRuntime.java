package io.brokerbook.cluster.rabbitmq;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Qpid Broker-J's jars and the bridge that drives it, which the build puts in {@code cluster-qpid/target/lib} and
 * {@code cluster-qpid/target/classes}, never on the kernel's classpath: Qpid brings its own Jackson 2.18, Guava,
 * Bouncy Castle, slf4j 2.0.16 and logback, which would clash with the kernel's Kafka 4 (and its Jackson) and log4j
 * binding. Each broker gets a class loader of its own over them whose parent is the platform loader, so nothing of
 * the kernel's classpath is visible to Qpid and nothing of Qpid's to the kernel. Found through the system property
 * {@value #LIB_PROPERTY} (the lib dir; the bridge's classes dir beside it), else next to this code's checkout.
 */
final class QpidRuntime {
    static final String LIB_PROPERTY = "brokerbook.qpid.lib";
    static final String LIB_IN_CHECKOUT = "cluster-qpid/target/lib";
    static final String BRIDGE_CLASS = "io.brokerbook.qpid.QpidBridge";
    private static final String CORE_JAR = "qpid-broker-core-9.2.1.jar";

    private final Path lib;
    private final Path classes;

    private QpidRuntime(Path lib) {
        this.lib = lib;
        this.classes = lib.resolveSibling("classes");
    }

    /** The newest Java Qpid Broker-J 9.2 runs on: it calls Subject.getSubject, which Java 24 made always throw. */
    static final int NEWEST_JAVA = 23;

    /** The runtime, or a one-line error saying how to build it or which Java it needs. */
    static QpidRuntime locate() {
        int java = Runtime.version().feature();
        if (java > NEWEST_JAVA) {
            throw new RabbitLabException("No rabbitmq-server on PATH, and the in-JVM fallback (Qpid Broker-J 9.2) cannot run "
                + "on this kernel's Java " + java + " (it needs Subject.getSubject, unsupported since Java 24): install "
                + "rabbitmq-server (apt-get install rabbitmq-server), or run the kernel with Java 17-" + NEWEST_JAVA
                + " (BROKERBOOK_JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java).");
        }
        return find().orElseThrow(() -> new RabbitLabException("Neither rabbitmq-server nor the in-JVM fallback is available: "
            + "install rabbitmq-server (apt-get install rabbitmq-server), or build the fallback (" + LIB_IN_CHECKOUT
            + " with Qpid Broker-J) with ./install.sh or mvn package."));
    }

    static Optional<QpidRuntime> find() {
        String property = System.getProperty(LIB_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property)).filter(QpidRuntime::complete).map(QpidRuntime::new);
        }
        Path here;
        try {
            here = Path.of(QpidRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException | SecurityException e) {
            return Optional.empty();
        }
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(LIB_IN_CHECKOUT);
            if (complete(candidate)) {
                return Optional.of(new QpidRuntime(candidate));
            }
        }
        return Optional.empty();
    }

    private static boolean complete(Path lib) {
        return Files.isRegularFile(lib.resolve(CORE_JAR))
            && Files.isRegularFile(lib.resolveSibling("classes").resolve(BRIDGE_CLASS.replace('.', '/') + ".class"));
    }

    Path lib() {
        return lib;
    }

    /** A new class loader over the bridge and Qpid's jars (closed by the broker at stop). */
    URLClassLoader newLoader() {
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            urls.add(classes.toUri().toURL());
            for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new RabbitLabException("Bad path in " + lib + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RabbitLabException("Cannot read " + lib + ": " + e.getMessage(), e);
        }
        return new URLClassLoader("qpid-broker-j", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }
}
