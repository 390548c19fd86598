package io.brokerbook.kernel;

import io.brokerbook.kernel.jshell.JavaEvaluator;
import io.brokerbook.kernel.protocol.ConnectionInfo;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/** {@code java io.brokerbook.kernel.Main CONNECTION_FILE}: what the kernelspec runs. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        long mainNanos = System.nanoTime();
        CompletableFuture<JavaEvaluator> java = Prelude.startInBackground();
        StartupClock.mark("main started");
        PrintStream consoleErr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        if (args.length != 1) {
            consoleErr.println("brokerbook: usage: java -cp … io.brokerbook.kernel.Main CONNECTION_FILE "
                + "(Jupyter passes the connection file; install the kernel with ./install.sh)");
            System.exit(2);
        }
        ConnectionInfo info;
        try {
            info = ConnectionInfo.read(Path.of(args[0]));
        } catch (NoSuchFileException e) {
            consoleErr.println("brokerbook: connection file " + args[0] + " does not exist");
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            consoleErr.println("brokerbook: connection file " + args[0] + " is not a valid Jupyter connection file: " + e.getMessage());
            System.exit(2);
            return;
        }
        long readNanos = System.nanoTime();
        Path logFile = KernelLogging.configure();
        StartupClock.mark("logging configured (main started " + (System.nanoTime() - mainNanos) / 1_000_000
            + " ms ago; connection file read in " + (readNanos - mainNanos) / 1_000_000 + " ms)");
        // only named here: the kernel creates it once its guard runs (Kernel#startJava), so a kernel killed in its
        // first moments leaves no dir behind
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "brokerbook-kernel-" + ProcessHandle.current().pid()
            + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        Kernel kernel = new Kernel(info, workDir, logFile, consoleErr, java);
        StartupClock.mark("kernel created");
        Runtime.getRuntime().addShutdownHook(new Thread(kernel::close, "brokerbook-shutdown"));
        kernel.start();
        kernel.awaitShutdownRequest();
        kernel.close();
        System.exit(0);
    }
}
