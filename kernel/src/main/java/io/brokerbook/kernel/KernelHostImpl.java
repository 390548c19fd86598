package io.brokerbook.kernel;

import io.brokerbook.cluster.lab.LabComponents;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicCompleter;
import io.brokerbook.magics.display.RendererRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Kernel-wide services for extensions: shutdown resources, variable bindings, directories, lab components, renderers. */
final class KernelHostImpl implements KernelHost {
    /** Looked up when something is logged: the kernel starts without starting log4j (see KernelLogging). */
    private static Logger log() {
        return LoggerFactory.getLogger(KernelHostImpl.class);
    }

    /** A variable to declare in JShell once it is up. */
    record Binding(String name, Class<?> type, Object value) { }

    private final Path workDir;
    private final Path logFile;
    private final LabComponents lab = new LabComponents();
    private final RendererRegistry renderers;
    private final BiConsumer<String, MagicCompleter> completers;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final List<Binding> pending = new ArrayList<>();
    private Consumer<Binding> binder;

    KernelHostImpl(Path workDir, Path logFile, RendererRegistry renderers, BiConsumer<String, MagicCompleter> completers) {
        this.workDir = workDir;
        this.logFile = logFile;
        this.renderers = renderers;
        this.completers = completers;
    }

    @Override
    public synchronized void onShutdown(AutoCloseable resource) {
        resources.push(resource);
    }

    @Override
    public <T> void bind(String name, Class<T> type, T value) {
        Binding b = new Binding(name, type, value);
        Consumer<Binding> now;
        synchronized (this) {
            now = binder;
            if (now == null) {
                pending.add(b);
                return;
            }
        }
        now.accept(b);
    }

    /** From now on bindings go straight to {@code binder}; the ones made before are applied first. */
    void bindWith(Consumer<Binding> binder) {
        List<Binding> before;
        synchronized (this) {
            before = new ArrayList<>(pending);
            pending.clear();
            this.binder = binder;
        }
        before.forEach(binder);
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public LabComponents lab() {
        return lab;
    }

    @Override
    public RendererRegistry renderers() {
        return renderers;
    }

    @Override
    public void addCompleter(String magicName, MagicCompleter completer) {
        completers.accept(magicName, completer);
    }

    /** Closes every resource, newest first, then stops every lab component; one failing does not stop the others. */
    void closeResources() {
        while (true) {
            AutoCloseable r;
            synchronized (this) {
                r = resources.poll();
            }
            if (r == null) {
                lab.close();
                return;
            }
            try {
                r.close();
            } catch (Exception e) {
                log().warn("Closing {} at shutdown failed: {}", r, e.toString());
            }
        }
    }
}
