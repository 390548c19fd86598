package io.brokerbook.cluster.rabbitmq;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where RabbitMQ is installed: its own start script (never Debian's {@code /usr/sbin} wrapper, which switches to
 * the rabbitmq user and {@code /var/lib/rabbitmq}) and Erlang's {@code epmd}.
 *
 * @param server the {@code rabbitmq-server} script of the RabbitMQ distribution
 * @param epmd   Erlang's port mapper daemon
 */
public record RabbitInstall(Path server, Path epmd) {
    /** Debian's wrapper execs this one. */
    private static final Path DEBIAN_SCRIPTS = Path.of("/usr/lib/rabbitmq/bin");

    /** The installation found on {@code searchPath} (PATH syntax), or empty. */
    public static Optional<RabbitInstall> find(String searchPath) {
        Optional<Path> server = onPath(searchPath, "rabbitmq-server").flatMap(RabbitInstall::realScript);
        Optional<Path> epmd = onPath(searchPath, "epmd");
        if (server.isEmpty() || epmd.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RabbitInstall(server.get(), epmd.get()));
    }

    /** The one line when it is missing. */
    public static String missing() {
        return "No rabbitmq-server (with Erlang's epmd) on PATH; install it (apt-get install rabbitmq-server) or use %rabbitmq connect amqp://user:pass@host:5672/.";
    }

    private static Optional<Path> onPath(String searchPath, String name) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The distribution's own start script: the real file named {@code rabbitmq-server} with {@code rabbitmq-env}
     * beside it. Debian's {@code /usr/sbin/rabbitmq-server} is a link to {@code rabbitmq-script-wrapper}, which
     * switches to the rabbitmq user and runs the script named like itself; it must never be run here.
     */
    private static Optional<Path> realScript(Path found) {
        return distributionScript(found).or(() -> distributionScript(DEBIAN_SCRIPTS.resolve("rabbitmq-server")));
    }

    private static Optional<Path> distributionScript(Path candidate) {
        try {
            Path real = candidate.toRealPath();
            boolean script = real.getFileName().toString().equals("rabbitmq-server")
                && Files.isRegularFile(real.resolveSibling("rabbitmq-env")) && Files.isExecutable(real);
            return script ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The version in the distribution's directory name ({@code …/lib/rabbitmq_server-3.10.8}), if there is one. */
    public Optional<String> version() {
        String dir = server.getParent().getParent().getFileName().toString(); // …/rabbitmq_server-3.10.8/sbin
        return dir.startsWith("rabbitmq_server-") ? Optional.of(dir.substring("rabbitmq_server-".length())) : Optional.empty();
    }
}
