package io.brokerbook.cluster.mqtt;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the in-JVM MQTT broker's child JVM finds its classes: HiveMQ CE and its jars, which the build copies to
 * {@code cluster-mqtt/target/lib}, and the small main in {@code cluster-mqtt/target/classes}. Never on the kernel's
 * classpath: HiveMQ needs logback as slf4j's provider and netty 4.1, the kernel has log4j2 and netty 4.2. Found
 * through the system property {@value #PROPERTY} (the {@code target} dir), else next to this code's checkout.
 */
record HiveMqRuntime(Path target) {
    static final String PROPERTY = "brokerbook.hivemq.runtime";
    static final String IN_CHECKOUT = "cluster-mqtt/target";
    static final String MAIN_CLASS = "io.brokerbook.mqttbroker.HiveMqBrokerMain";
    static final String HIVEMQ_JAR = "hivemq-community-edition-embedded-2025.5.jar";

    static Optional<HiveMqRuntime> find() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property)).filter(HiveMqRuntime::complete).map(HiveMqRuntime::new);
        }
        Path here;
        try {
            here = Path.of(HiveMqRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException | SecurityException e) {
            return Optional.empty();
        }
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(IN_CHECKOUT);
            if (complete(candidate)) {
                return Optional.of(new HiveMqRuntime(candidate));
            }
        }
        return Optional.empty();
    }

    private static boolean complete(Path target) {
        return Files.isRegularFile(target.resolve("lib").resolve(HIVEMQ_JAR))
            && Files.isRegularFile(target.resolve("classes/" + MAIN_CLASS.replace('.', '/') + ".class"));
    }

    String classpath() {
        return target.resolve("classes") + java.io.File.pathSeparator + target.resolve("lib").resolve("*");
    }
}
