package io.brokerbook.kernel;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.LayoutComponentBuilder;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kernel logs go to a file (and WARN+ to the process's real stderr, which Jupyter shows in its
 * own console), never into cell output. The level comes from BROKERBOOK_LOG_LEVEL (default WARN).
 *
 * <p>log4j does not start with the kernel: its start costs ~0.2 s of CPU, which the first cell's result would
 * otherwise share. The kernel starts it once the first cell has its result ({@link #startInBackground}), unless
 * something logged first (a library's logger in that cell, a failure); whoever starts it gets this configuration:
 * {@link #configure} makes {@link KernelLogConfigurationFactory} log4j's configuration factory, and the classes on
 * the kernel's start path look their loggers up when they log.
 */
final class KernelLogging {
    /** The log4j property naming the class that makes its configuration. */
    static final String CONFIGURATION_FACTORY_PROPERTY = "log4j2.configurationFactory";
    private static final int KEEP_LOG_FILES = 10;

    private KernelLogging() {
    }

    static Path logDirectory() {
        String dir = System.getenv("BROKERBOOK_LOG_DIR");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() ? Path.of(state) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("brokerbook");
    }

    /** This kernel process's log file (written once something logs). */
    static Path logFile() {
        return logDirectory().resolve("kernel-" + ProcessHandle.current().pid() + ".log");
    }

    /** Prepares the log directory and sets log4j up to start with {@link #configuration} when first used. */
    static Path configure() throws IOException {
        Path file = logFile();
        Files.createDirectories(file.getParent());
        pruneOldLogs(file.getParent());
        System.setProperty(CONFIGURATION_FACTORY_PROPERTY, KernelLogConfigurationFactory.class.getName());
        return file;
    }

    /** Starts log4j on a thread of its own, unless it runs already. */
    static void startInBackground() {
        Thread t = new Thread(KernelLogging::start, "brokerbook-logging-start");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Starts log4j with the kernel's configuration, unless it runs already. {@code initialize} builds no other
     * configuration; the factory's way (what a logger's first use takes) also makes log4j's file-based factories,
     * whose YAML one loads Jackson.
     */
    static void start() {
        Configurator.initialize(configuration(null));
    }

    /** The kernel's log4j configuration, for {@code context} (null: the one log4j makes for it). */
    static Configuration configuration(LoggerContext context) {
        String levelName = System.getenv().getOrDefault("BROKERBOOK_LOG_LEVEL", "WARN");
        Level level = Level.toLevel(levelName, Level.WARN);

        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.ERROR);
        b.setConfigurationName("brokerbook-kernel");
        if (context != null) {
            b.setLoggerContext(context);
        }
        LayoutComponentBuilder layout = b.newLayout("PatternLayout")
            .addAttribute("pattern", "%d{ISO8601} %-5level [%t] %c{1.} - %msg%n%throwable");
        b.add(b.newAppender("kernel-file", "File").addAttribute("fileName", logFile().toString()).add(layout));
        b.add(b.newAppender("stderr", "Console")
            .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
            .addAttribute("direct", true)
            .add(b.newLayout("PatternLayout").addAttribute("pattern", "[brokerbook] %-5level %c{1} - %msg%n")));
        b.add(b.newRootLogger(level)
            .add(b.newAppenderRef("kernel-file"))
            .add(b.newAppenderRef("stderr").addAttribute("level", Level.WARN)));
        // The ZooKeeper client of %zookeeper-shell warns on every reconnect (e.g. while its server starts): not news.
        b.add(b.newLogger("org.apache.zookeeper", Level.ERROR));
        return b.build();
    }

    private static void pruneOldLogs(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().matches("kernel-\\d+\\.log"))
                .sorted(Comparator.comparingLong(KernelLogging::modified).reversed()).toList();
            for (Path old : logs.subList(Math.min(logs.size(), KEEP_LOG_FILES - 1), logs.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            // pruning is best effort
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
