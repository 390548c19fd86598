package io.brokerbook.cluster.zookeeper;

import io.brokerbook.cluster.lab.LabException;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The classpath of the ZooKeeper-mode child JVMs: Kafka 3.9 and its ZooKeeper 3.8, which the build copies to
 * {@code cluster-zk/target/lib} (never onto the kernel's classpath: Kafka 3.9 and Kafka 4 cannot share a class
 * loader). Found through the system property {@value #LIB_PROPERTY}, else next to this code's checkout.
 */
public final class Kafka3Runtime {
    public static final String LIB_PROPERTY = "brokerbook.kafka3.lib";
    static final String LIB_IN_CHECKOUT = "cluster-zk/target/lib";
    static final String LOG4J_CONFIG = """
        log4j.rootLogger=INFO, stdout
        log4j.appender.stdout=org.apache.log4j.ConsoleAppender
        log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
        log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
        log4j.logger.org.apache.zookeeper.ZooKeeper=WARN
        log4j.logger.org.apache.zookeeper.server.ZooKeeperServer=WARN
        log4j.logger.kafka.utils.Log4jControllerRegistration$=WARN
        """;

    private final Path lib;

    private Kafka3Runtime(Path lib) {
        this.lib = lib;
    }

    /** The runtime, or a one-line error saying how to build it. */
    public static Kafka3Runtime locate() {
        return find().orElseThrow(() -> new LabException("The Kafka 3.9 runtime of ZooKeeper mode is missing ("
            + LIB_IN_CHECKOUT + " with kafka_2.13-3.9.1.jar); build it with ./install.sh or mvn package."));
    }

    static Optional<Kafka3Runtime> find() {
        String property = System.getProperty(LIB_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property)).filter(Kafka3Runtime::complete).map(Kafka3Runtime::new);
        }
        Path here;
        try {
            here = Path.of(Kafka3Runtime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException | SecurityException e) {
            return Optional.empty();
        }
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(LIB_IN_CHECKOUT);
            if (complete(candidate)) {
                return Optional.of(new Kafka3Runtime(candidate));
            }
        }
        return Optional.empty();
    }

    private static boolean complete(Path lib) {
        return Files.isRegularFile(lib.resolve("kafka_2.13-3.9.1.jar")) && Files.isRegularFile(lib.resolve("zookeeper-3.8.4.jar"));
    }

    public Path lib() {
        return lib;
    }

    /**
     * The command that runs {@code mainClass} of the runtime with this JVM's java, logging with log4j as Kafka's
     * scripts do ({@code log4jConfig} written by {@link #writeLog4jConfig}).
     */
    public List<String> command(List<String> jvmOptions, Path log4jConfig, String mainClass, List<String> args) {
        return command(jvmOptions, log4jConfig, mainClass, args, null);
    }

    /**
     * As {@link #command(List, Path, String, List)}, with a class-data archive named {@code archive} next to the
     * runtime (JDK 19+: made by the first run, at its exit, and mapped by the next ones: start-up is mostly class
     * loading of Kafka and Scala). One archive per name, so JVMs started together never write the same file.
     */
    public List<String> command(List<String> jvmOptions, Path log4jConfig, String mainClass, List<String> args, String archive) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (archive != null && Runtime.version().feature() >= 19 && Files.isWritable(lib.getParent())) {
            command.add("-XX:+AutoCreateSharedArchive");
            command.add("-XX:SharedArchiveFile=" + lib.getParent().resolve(archive + "-java" + Runtime.version().feature() + ".jsa"));
            command.add("-Xlog:cds=off");
            command.add("-Xlog:cds+dynamic=off");
        }
        command.add("-Dlog4j.configuration=" + log4jConfig.toUri());
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(lib.resolve("*").toString());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Writes the log4j 1 configuration of the child JVMs (console output, which the supervisor logs) into {@code dir}. */
    public static Path writeLog4jConfig(Path dir) {
        Path file = dir.resolve("log4j.properties");
        try {
            Files.writeString(file, LOG4J_CONFIG);
        } catch (IOException e) {
            throw new LabException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
