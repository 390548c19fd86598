package io.brokerbook.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Debian's nginx as the round-robin reverse proxy a user would pick instead of ours: a child process bound to
 * 127.0.0.1 on a free port, with its config, pid, error log and temp files in a temp dir of its own (nothing in
 * /etc/nginx or /var/log), stopped and its dir deleted on close (and at JVM exit if the benchmark is interrupted).
 */
final class NginxProxy implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 10_000;

    private final Path dir;
    private final Process process;
    private final int port;
    private final Thread shutdownHook;

    private NginxProxy(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(this::stopProcess, "nginx-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts nginx balancing round robin over {@code upstreams}; fails with nginx's error log when it does not come up. */
    static NginxProxy start(List<InetSocketAddress> upstreams) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bench-nginx-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                Files.writeString(dir.resolve("nginx.conf"), config(dir, port, upstreams));
                Process p = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                    "-e", dir.resolve("error.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
                if (awaitListening(p, port)) {
                    return new NginxProxy(dir, p, port);
                }
                destroy(p);
                if (attempt == 3) { // the free port may have been taken in between: retry, then give up
                    throw new IOException("nginx did not start: " + tail(dir.resolve("error.log")) + tail(dir.resolve("stdout.log")));
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /**
     * Round robin is nginx's default; upstream keep-alive as a tuned nginx runs it (our proxy keeps its connections to
     * the replicas too) and no limit of requests per connection on either side (ours has none).
     */
    private static String config(Path dir, int port, List<InetSocketAddress> upstreams) {
        String servers = upstreams.stream()
            .map(a -> "    server " + a.getHostString() + ":" + a.getPort() + ";")
            .collect(Collectors.joining("\n"));
        return """
            daemon off;
            worker_processes auto;
            pid %1$s/nginx.pid;
            error_log %1$s/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path %1$s/client_body;
              proxy_temp_path %1$s/proxy;
              fastcgi_temp_path %1$s/fastcgi;
              uwsgi_temp_path %1$s/uwsgi;
              scgi_temp_path %1$s/scgi;
              keepalive_requests 1000000;
              upstream replicas {
            %2$s
                keepalive 64;
                keepalive_requests 1000000;
              }
              server {
                listen 127.0.0.1:%3$d;
                location / {
                  proxy_pass http://replicas;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Host $host;
                  proxy_set_header X-Forwarded-Proto $scheme;
                }
              }
            }
            """.formatted(dir, servers, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean awaitListening(Process p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                return false;
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private synchronized void stopProcess() {
        destroy(process);
    }

    /** SIGTERM (nginx's fast shutdown: the master stops its workers), then SIGKILL for whatever is left. */
    private static void destroy(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook stops it anyway
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("Cannot delete " + root + ": " + e.getMessage());
        }
    }
}
