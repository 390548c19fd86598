package io.brokerbook.mqttbroker;

import com.hivemq.embedded.EmbeddedHiveMQ;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@code %mqtt start} without mosquitto: HiveMQ CE on the config the lab wrote. Embedded rather
 * than HiveMQ's own main because only the embedded mode lets anonymous clients in without an extension.
 * <p>
 * Arguments: config folder (config.xml, logback.xml), data folder, extensions folder. Prints {@value #READY} once
 * the listener serves. With {@code -Dbrokerbook.cleanStop=true} (a file store) SIGTERM stops HiveMQ in order, so
 * its data dir is closed properly; in memory there is nothing to save and the JVM just exits.
 */
public final class HiveMqBrokerMain {
    public static final String READY = "Brokerbook MQTT broker ready";

    private HiveMqBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: HiveMqBrokerMain CONFIG_DIR DATA_DIR EXTENSIONS_DIR");
            System.exit(2);
        }
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
            .withConfigurationFolder(Path.of(args[0]))
            .withDataFolder(Path.of(args[1]))
            .withExtensionsFolder(Path.of(args[2]))
            .build();
        CountDownLatch stopped = new CountDownLatch(1);
        if (Boolean.getBoolean("brokerbook.cleanStop")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    hivemq.stop().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("HiveMQ did not stop cleanly: " + e);
                } finally {
                    stopped.countDown();
                }
            }, "brokerbook-hivemq-stop"));
        }
        try {
            hivemq.start().join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("Error: HiveMQ did not start: " + cause);
            System.exit(1);
        }
        System.out.println(READY + ": HiveMQ CE " + EmbeddedHiveMQ.class.getPackage().getImplementationVersion());
        stopped.await();
    }
}
