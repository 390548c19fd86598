package io.brokerbook.cluster.kafka;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Sends Kafka's own INFO logging (servers and clients) to a file instead of the notebook. It ADDS an appender and
 * the Kafka loggers (additivity off) to whatever log4j2 configuration is active - the kernel's root logger and its
 * own file stay as they are - and adds them again if that configuration is later replaced.
 */
final class KafkaLogRouting {
    static final String APPENDER_NAME = "brokerbook-kafka-file";
    static final List<String> KAFKA_LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger",
        "com.yammer.metrics");

    private static final Object LOCK = new Object();
    /** The files of the labs and connections that route here, oldest first; the newest one gets the logs. */
    private static final Deque<Path> ROUTES = new ArrayDeque<>();
    private static Path currentFile;
    private static boolean listening;

    private KafkaLogRouting() {
    }

    /**
     * Routes Kafka's logs to {@code file} until {@link #release} of it; returns the file in use. Safe to call for
     * every lab start.
     */
    static Path routeTo(Path file) {
        synchronized (LOCK) {
            if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
                return file; // another log4j2 provider: nothing we can add to
            }
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new KafkaLabException("Cannot create the log folder for " + file + ": " + e.getMessage(), e);
            }
            currentFile = file.toAbsolutePath();
            ROUTES.addLast(currentFile);
            apply(context.getConfiguration(), context);
            if (!listening) {
                // A reconfiguration (e.g. the kernel loading its own config) drops added loggers: add them again.
                PropertyChangeListener reapply = event -> {
                    if (LoggerContext.PROPERTY_CONFIG.equals(event.getPropertyName())
                            && event.getNewValue() instanceof Configuration configuration) {
                        synchronized (LOCK) {
                            apply(configuration, context);
                        }
                    }
                };
                context.addPropertyChangeListener(reapply);
                listening = true;
            }
            return currentFile;
        }
    }

    /**
     * The lab or connection that routed to {@code file} is gone (its folder is about to be removed): the logs go
     * back to the newest file still routed to (e.g. the running lab's, after a connection of one call closed).
     */
    static void release(Path file) {
        synchronized (LOCK) {
            ROUTES.removeLastOccurrence(file.toAbsolutePath());
            Path newest = ROUTES.peekLast();
            if (newest != null && !newest.equals(currentFile)
                    && LogManager.getContext(false) instanceof LoggerContext context) {
                currentFile = newest;
                apply(context.getConfiguration(), context);
            }
        }
    }

    private static void apply(Configuration configuration, LoggerContext context) {
        Appender existing = configuration.getAppender(APPENDER_NAME);
        if (existing instanceof FileAppender fileAppender
                && Path.of(fileAppender.getFileName()).toAbsolutePath().equals(currentFile)
                && configuration.getLoggers().containsKey(KAFKA_LOGGERS.get(0))) {
            return;
        }
        FileAppender appender = FileAppender.newBuilder()
                .setName(APPENDER_NAME)
                .withFileName(currentFile.toString())
                .withAppend(true)
                .setLayout(PatternLayout.newBuilder()
                        .withPattern("[%d{ISO8601}] %-5p [%t] %m (%c)%n")
                        .withConfiguration(configuration)
                        .build())
                .setConfiguration(configuration)
                .build();
        appender.start();
        if (existing != null) {
            configuration.getAppenders().remove(APPENDER_NAME);
        }
        configuration.addAppender(appender);
        AppenderRef[] refs = {AppenderRef.createAppenderRef(APPENDER_NAME, null, null)};
        for (String name : KAFKA_LOGGERS) {
            LoggerConfig old = configuration.getLoggers().get(name);
            if (old != null) {
                configuration.removeLogger(name);
            }
            LoggerConfig logger = LoggerConfig.newBuilder()
                    .withLoggerName(name)
                    .withLevel(Level.INFO)
                    .withAdditivity(false)
                    .withRefs(refs)
                    .withConfig(configuration)
                    .build();
            logger.addAppender(appender, null, null);
            configuration.addLogger(name, logger);
        }
        context.updateLoggers(configuration);
        if (existing != null && existing != appender) {
            existing.stop();
        }
    }
}
