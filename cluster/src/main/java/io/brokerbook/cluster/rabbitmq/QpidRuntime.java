package io.brokerbook.cluster.rabbitmq;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Qpid Broker-J's child JVM finds its classes: Qpid's jars, which the build copies to
 * {@code cluster-qpid/target/lib}, and its small main in {@code cluster-qpid/target/classes}. Never on the kernel's
 * classpath: Qpid brings its own Jackson, Guava, Bouncy Castle and logback as slf4j's provider, which would clash
 * with the kernel's Kafka 4 and log4j binding. Found through the system property {@value #PROPERTY} (the
 * {@code target} dir), else next to this code's checkout.
 */
record QpidRuntime(Path target) {
    static final String PROPERTY = "brokerbook.qpid.runtime";
    static final String IN_CHECKOUT = "cluster-qpid/target";
    static final String MAIN_CLASS = "io.brokerbook.qpid.QpidBrokerMain";
    static final String CORE_JAR = "qpid-broker-core-9.2.1.jar";

    /** The runtime, or a one-line error saying how to build it. */
    static QpidRuntime locate() {
        return find().orElseThrow(() -> new RabbitLabException("Neither rabbitmq-server nor the Qpid Broker-J fallback "
            + "is available: install rabbitmq-server (apt-get install rabbitmq-server), or build the fallback ("
            + IN_CHECKOUT + "/lib with " + CORE_JAR + ") with ./install.sh or mvn package."));
    }

    static Optional<QpidRuntime> find() {
        String property = System.getProperty(PROPERTY);
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
            Path candidate = dir.resolve(IN_CHECKOUT);
            if (complete(candidate)) {
                return Optional.of(new QpidRuntime(candidate));
            }
        }
        return Optional.empty();
    }

    private static boolean complete(Path target) {
        return Files.isRegularFile(target.resolve("lib").resolve(CORE_JAR))
            && Files.isRegularFile(target.resolve("classes/" + MAIN_CLASS.replace('.', '/') + ".class"));
    }

    String classpath() {
        return target.resolve("classes") + File.pathSeparator + target.resolve("lib").resolve("*");
    }
}
