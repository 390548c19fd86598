package io.brokerbook.cluster.rabbitmq;

import io.brokerbook.cluster.process.ChildServerStart;
import io.brokerbook.cluster.process.SupervisedProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A RabbitMQ node as two supervised child processes of this JVM: a private {@code epmd} on its own loopback port,
 * and the node itself, configured entirely through environment variables and files in the lab's dirs so that
 * nothing is read from or written to {@code /etc/rabbitmq}, {@code /var/lib/rabbitmq} or the user's
 * {@code ~/.erlang.cookie}. Every listener (AMQP, management HTTP, Erlang distribution, epmd) is on loopback.
 * The node is launched, awaited and then stopped as the lab's {@link io.brokerbook.cluster.process.ChildServer};
 * epmd is this class's to stop ({@link #stopEpmd}).
 */
final class RabbitServerProcess {
    /** Fixed, so a data dir (whose database records the node's name) can be reopened on any port. */
    static final String NODE_NAME = "brokerbook@localhost";
    private static final String READY = "Server startup complete";
    private static final String EPMD_READY = "epmd running";
    private static final Duration EPMD_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration EPMD_GRACE = Duration.ofSeconds(2);
    /** How long the Erlang VM may take to stop after SIGTERM before init kills the rest (see launch). */
    static final Duration SHUTDOWN_TIME = Duration.ofSeconds(2);

    private final SupervisedProcess epmd;
    private final SupervisedProcess node;
    /** Found once the VM runs (the start script is its parent); remembered for the crash report. */
    private volatile long beamPid;

    private RabbitServerProcess(SupervisedProcess epmd, SupervisedProcess node) {
        this.epmd = epmd;
        this.node = node;
    }

    /**
     * Writes the node's config into the launch's run dir, starts epmd, then the node through {@code launch};
     * returns once both run (the node not necessarily ready: see {@link #awaitReady}).
     *
     * @param mnesiaBase the user's data dir, or a dir inside the run dir
     */
    static RabbitServerProcess launch(RabbitInstall install, ChildServerStart.Launch launch, Ports ports, String user,
                                      String password, Path mnesiaBase, Path logFile) throws IOException {
        Path runDir = launch.runDir();
        Path home = Files.createDirectories(runDir.resolve("home"));
        Path logs = Files.createDirectories(runDir.resolve("log"));
        Path confD = Files.createDirectories(runDir.resolve("conf.d"));
        Files.writeString(runDir.resolve("rabbitmq-env.conf"), "# private: the lab sets everything in the environment\n");
        Files.writeString(runDir.resolve("enabled_plugins"), "[rabbitmq_management].\n");
        Files.writeString(runDir.resolve("rabbitmq.conf"), config(ports, user, password), StandardCharsets.UTF_8);

        SupervisedProcess epmd = SupervisedProcess.builder(List.of(install.epmd().toString(),
                "-port", Integer.toString(ports.epmd()), "-address", "127.0.0.1", "-d"))
            .workDir(runDir)
            .logFile(runDir.resolve("epmd.log"))
            .readyWhen(line -> line.contains(EPMD_READY))
            .start();
        try {
            epmd.ready().get(EPMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            epmd.destroy(EPMD_GRACE);
            throw new RabbitLabException("epmd (" + install.epmd() + ") did not start on 127.0.0.1:" + ports.epmd()
                + ": " + String.join(" ", epmd.lastLines(2)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            epmd.destroy(EPMD_GRACE);
            throw new RabbitLabException("Interrupted while starting epmd.");
        }

        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("ERL_EPMD_PORT", Integer.toString(ports.epmd()));
        env.put("RABBITMQ_CONF_ENV_FILE", runDir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_CONFIG_FILE", runDir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", runDir.resolve("advanced.config").toString());
        // otherwise read from /etc/rabbitmq/conf.d/*.conf and /etc/rabbitmq/motd (seen with strace)
        env.put("RABBITMQ_CONFIG_FILES", confD.toString());
        env.put("RABBITMQ_MOTD_FILE", runDir.resolve("motd").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", runDir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_PLUGINS_EXPAND_DIR", runDir.resolve("plugins-expand").toString());
        env.put("RABBITMQ_NODENAME", NODE_NAME);
        env.put("RABBITMQ_USE_LONGNAME", "false");
        env.put("RABBITMQ_MNESIA_BASE", mnesiaBase.toString());
        env.put("RABBITMQ_LOG_BASE", logs.toString());
        env.put("RABBITMQ_LOGS", "-");
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(ports.amqp()));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(ports.distribution()));
        // -shutdown_time: on SIGTERM RabbitMQ stops its own app (listeners, then message stores, written clean) within
        // a fraction of a second, but the management agent's application then stalls the VM's exit by ~5 s (measured:
        // stop 6.3 s with the management plugins, 1.8 s without); init kills what is left after SHUTDOWN_TIME.
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS",
            "-start_epmd false -kernel inet_dist_use_interface {127,0,0,1} -shutdown_time " + SHUTDOWN_TIME.toMillis());
        SupervisedProcess node;
        try {
            node = launch.launch(List.of(install.server().toString()), env, logFile, line -> line.contains(READY));
        } catch (RuntimeException e) {
            epmd.destroy(EPMD_GRACE);
            throw e;
        }
        return new RabbitServerProcess(epmd, node);
    }

    /** The node's rabbitmq.conf: every listener on loopback, statistics fresh enough for a class's tables. */
    static String config(Ports ports, String user, String password) {
        return String.join("\n",
            "listeners.tcp.1 = 127.0.0.1:" + ports.amqp(),
            "management.tcp.ip = 127.0.0.1",
            "management.tcp.port = " + ports.management(),
            // queue counters in the management API are this fresh (RabbitMQ's default is 5 s)
            "collect_statistics_interval = " + RabbitManagement.STATISTICS_INTERVAL.toMillis(),
            "default_user = " + user,
            "default_pass = " + password,
            "") ;
    }

    /** The ports of one node; all on 127.0.0.1. */
    record Ports(int amqp, int management, int distribution, int epmd) {
    }

    /**
     * Waits for "Server startup complete"; if the node exits first, throws with the telling lines of its output
     * (tried again on another port by the lab's start when one of them says {@code eaddrinuse}). On any failure
     * epmd is stopped too; the launch gives up the node.
     */
    void awaitReady(ChildServerStart.Launch launch, Duration timeout) {
        try {
            launch.awaitReady("rabbitmq-server", timeout, this::failureReason, line -> line.contains("eaddrinuse"),
                RabbitLabException::new);
        } catch (RuntimeException e) {
            stopEpmd();
            throw e;
        }
    }

    /**
     * The node's telling lines: the line where RabbitMQ names why its application ended (one Erlang term with the
     * whole reason, e.g. {@code {{cannot_create_mnesia_dir,"…",eexist},…}}), else an error line and what follows it,
     * else its last lines, joined in one line.
     */
    String failureReason(List<String> recentLines) {
        List<String> lines = recentLines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "no output (see " + node.logFile() + ")";
        }
        for (String marker : List.of("Application rabbit exited with reason: ", "Kernel pid terminated (")) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).contains(marker)) {
                    return stripTimestamp(lines.get(i));
                }
            }
        }
        int from = Math.max(0, lines.size() - 3);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains("[error]") || l.contains("BOOT FAILED") || l.contains("eaddrinuse") || l.startsWith("Error")) {
                from = i;
                break;
            }
        }
        return String.join(" | ", lines.subList(from, Math.min(lines.size(), from + 3)).stream()
            .map(RabbitServerProcess::stripTimestamp).toList());
    }

    /** "2026-11-30 02:05:53.248011+00:00 [info] <0.624.0> text" → "[info] text". */
    static String stripTimestamp(String line) {
        int level = line.indexOf(" [");
        String rest = level > 0 && Character.isDigit(line.charAt(0)) ? line.substring(level + 1) : line;
        int pid = rest.indexOf("] <");
        if (pid > 0) {
            int end = rest.indexOf("> ", pid);
            if (end > 0) {
                rest = rest.substring(0, pid + 1) + rest.substring(end + 1);
            }
        }
        return rest;
    }

    long pid() {
        return node.pid();
    }

    /** beam.smp under the start script (which stays as its parent), or the script's pid while there is none yet. */
    long beamPid() {
        if (beamPid == 0) {
            ProcessHandle.of(node.pid()).stream().flatMap(ProcessHandle::descendants)
                .filter(h -> h.info().command().map(c -> c.endsWith("beam.smp")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().ifPresent(pid -> beamPid = pid);
        }
        return beamPid == 0 ? node.pid() : beamPid;
    }

    long epmdPid() {
        return epmd.pid();
    }

    List<String> lastLines(int n) {
        return node.lastLines(n).stream().map(RabbitServerProcess::stripTimestamp).toList();
    }

    /** Stops the private epmd (after the node, which the lab's ChildServer stops). */
    void stopEpmd() {
        epmd.destroy(EPMD_GRACE);
    }
}
