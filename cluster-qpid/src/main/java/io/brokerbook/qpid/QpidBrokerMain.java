package io.brokerbook.qpid;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@code %rabbitmq start} without rabbitmq-server: Qpid Broker-J on the initial configuration the
 * kernel wrote (one AMQP 0-9-1 port on 127.0.0.1, memory or Derby store), and a loopback {@link InspectionServer} for
 * the kernel's tables. Prints {@value #READY} with the version and the inspection port once both serve. SIGTERM
 * shuts the broker down in order (its Derby store closed cleanly). The kernel's supervisor ends this JVM when the
 * kernel is gone.
 * <p>
 * Arguments: the initial configuration (JSON file), Qpid's work dir. Environment: {@value #TOKEN_VARIABLE}.
 */
public final class QpidBrokerMain {
    public static final String READY = "Brokerbook Qpid broker ready";
    public static final String TOKEN_VARIABLE = "BROKERBOOK_QPID_TOKEN";

    private QpidBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        String token = System.getenv(TOKEN_VARIABLE);
        if (args.length != 2 || token == null || token.isBlank()) {
            System.err.println("usage: " + TOKEN_VARIABLE + "=… QpidBrokerMain INITIAL_CONFIG.json WORK_DIR");
            System.exit(2);
        }
        FirstError firstError = configureLogging();
        SystemConfig<?>[] system = new SystemConfig<?>[1];
        SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> systemConfig) {
                system[0] = systemConfig;
            }
        });
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(SystemConfig.TYPE, "Memory");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, Path.of(args[0]).toUri().toString());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put(SystemConfig.QPID_WORK_DIR, args[1]);
        attributes.put("context", Map.of(SystemConfig.QPID_WORK_DIR, args[1],
            "qpid.broker.defaultPreferenceStoreAttributes", "{\"type\": \"Noop\"}"));
        try {
            launcher.startup(attributes);
        } catch (Exception | Error e) {
            System.out.println("Error: Qpid Broker-J did not start: " + rootMessage(e));
            System.exit(1);
        }
        QpidModel model = new QpidModel(() -> system[0]);
        String notServing = model.notServing();
        if (notServing != null) {
            System.out.println("Error: Qpid Broker-J's " + notServing + ": " + firstError.reasonOr("see the lines above"));
            System.exit(1);
        }
        InspectionServer inspection = new InspectionServer(token, model);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                inspection.close();
                launcher.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "brokerbook-qpid-stop"));
        System.out.println(READY + ": Qpid Broker-J " + model.broker().get("version") + " inspection " + inspection.port());
        stopped.await();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

    /** Qpid logs through slf4j to logback: warnings, and Qpid's operational log (BRK-1004 …), on stdout. */
    private static FirstError configureLogging() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} %msg%n%ex{short}");
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        context.getLogger("qpid.message").setLevel(Level.INFO);
        FirstError firstError = new FirstError();
        firstError.setContext(context);
        firstError.start();
        root.addAppender(firstError);
        return firstError;
    }
}
