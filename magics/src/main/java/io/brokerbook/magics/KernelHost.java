package io.brokerbook.magics;

import io.brokerbook.cluster.lab.LabComponents;
import io.brokerbook.magics.display.RendererRegistry;

import java.nio.file.Path;

/**
 * The kernel-wide services an extension may use when it is loaded. The kernel implements it;
 * there is one per kernel, handed to each extension (never a static).
 */
public interface KernelHost {
    /** Closed (in reverse registration order) when the kernel shuts down or gets SIGTERM. */
    void onShutdown(AutoCloseable resource);

    /**
     * Makes {@code value} available to Java cells as a variable {@code name} of type
     * {@code type} (a public class or interface on the kernel's classpath).
     */
    <T> void bind(String name, Class<T> type, T value);

    /** A directory private to this kernel process for temp files, logs and data; removed at shutdown. */
    Path workDir();

    /** Where the kernel's own log file lives (magics report it when they point users to logs). */
    Path logFile();

    /** Every lab component of this kernel: a pack registers its kind's slot here; the kernel stops them all at shutdown. */
    LabComponents lab();

    /** Where a pack registers how its own types render. */
    RendererRegistry renderers();

    /**
     * Offers completion candidates for the arguments of magic {@code magicName} (values from the running lab, such
     * as topic names); option and subcommand names are completed from the magic's {@link ArgSpec} without this.
     */
    void addCompleter(String magicName, MagicCompleter completer);
}
