package io.brokerbook.cluster.process;

import io.brokerbook.cluster.lab.LabException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line that runs something under {@code supervise.sh}, the small POSIX sh script that ties it to this
 * JVM: it watches a pipe from the JVM and, when the pipe closes (the JVM is gone, SIGKILL included), kills the
 * server's process group and removes the given dirs. The script is passed with {@code sh -c}, so no file is
 * written for it.
 */
final class Supervisor {
    static final String NAME = "brokerbook-supervisor";
    private static final String SCRIPT = load();
    /**
     * The supervisor runs in a session of its own: Jupyter kills a kernel that does not stop in time (and on
     * "shutdown now") with SIGKILL to the kernel's whole process group, which would take the supervisors with it and
     * leave their servers (in sessions of their own) and dirs behind. Not a group leader when the JVM starts it,
     * setsid calls setsid() and execs, so the process the JVM holds is the supervisor itself.
     */
    private static final Optional<Path> SETSID = ExecutableOnPath.find("setsid", null);

    private Supervisor() {
    }

    /**
     * @param orphanGrace      SIGTERM to SIGKILL when the JVM is gone
     * @param removeIfOrphaned dirs removed once the JVM is gone (and the server with it)
     * @param command          the server and its arguments; empty: only watch for the JVM's end and remove the dirs
     */
    static List<String> command(Duration orphanGrace, List<Path> removeIfOrphaned, List<String> command) {
        List<String> line = new ArrayList<>();
        SETSID.ifPresent(setsid -> line.add(setsid.toString()));
        line.addAll(List.of("sh", "-c", SCRIPT, NAME, Long.toString(tenths(orphanGrace))));
        for (Path dir : removeIfOrphaned) {
            String path = dir.toAbsolutePath().normalize().toString();
            if (path.contains("\n") || path.equals("/")) {
                throw new IllegalArgumentException("Not a dir the supervisor may remove: " + path);
            }
            line.add("-r");
            line.add(path);
        }
        line.add("--");
        line.addAll(command);
        return line;
    }

    /** The "stop" request: SIGTERM now, SIGKILL after {@code grace}. */
    static String stopRequest(Duration grace) {
        return "stop " + tenths(grace) + "\n";
    }

    static long tenths(Duration d) {
        return Math.max(1, (d.toMillis() + 99) / 100);
    }

    private static String load() {
        try (InputStream in = Supervisor.class.getResourceAsStream("supervise.sh")) {
            if (in == null) {
                throw new LabException("supervise.sh is missing from the brokerbook jar; rebuild it (./install.sh).");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
