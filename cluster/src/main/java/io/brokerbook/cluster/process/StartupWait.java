package io.brokerbook.cluster.process;

import io.brokerbook.cluster.lab.LabException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Waits for a child server's ready line; a server that exits or hangs first becomes a one-line {@link LabException}. */
public final class StartupWait {
    private StartupWait() {
    }

    /**
     * @param name   the executable's name, for the error line
     * @param reason picks the telling line from the server's last output lines
     */
    public static void await(SupervisedProcess process, String name, Duration timeout, Function<List<String>, String> reason) {
        try {
            process.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!process.waitForExit(Duration.ofSeconds(5))) {
                process.destroy(Duration.ofSeconds(5)); // output ended but the process lives on: never leave it behind
            }
            throw new LabException(name + " exited during start-up (" + process.exitDescription() + "): "
                + reason.apply(process.recentLines()));
        } catch (TimeoutException e) {
            process.destroy(Duration.ofSeconds(5));
            throw new LabException(name + " did not get ready within " + timeout.toSeconds() + " s; see " + process.logFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy(Duration.ofSeconds(5));
            throw new LabException("Interrupted while starting " + name + ".");
        }
    }

    /** The first line containing one of {@code markers}, else the last line. */
    public static String tellingLine(List<String> lines, String... markers) {
        for (String line : lines) {
            for (String marker : markers) {
                if (line.contains(marker)) {
                    return line.strip();
                }
            }
        }
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
    }
}
