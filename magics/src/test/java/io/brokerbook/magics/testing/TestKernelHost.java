package io.brokerbook.magics.testing;

import io.brokerbook.cluster.lab.LabComponents;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicCompleter;
import io.brokerbook.magics.MagicRegistry;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.display.RendererRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** The kernel's side of the magic API, enough to load a pack and shut it down. */
public final class TestKernelHost implements KernelHost, MagicRegistry {
    private final Path workDir;
    private final List<AutoCloseable> shutdown = new ArrayList<>();
    public final Map<String, Object> bound = new LinkedHashMap<>();
    public final Map<String, Class<?>> boundTypes = new LinkedHashMap<>();
    private final Map<String, Magic> magics = new TreeMap<>();
    private final LabComponents lab = new LabComponents();
    public final Map<Class<?>, Function<?, DisplayData>> renderers = new LinkedHashMap<>();
    public final Map<String, MagicCompleter> completers = new LinkedHashMap<>();

    public TestKernelHost(Path workDir) {
        this.workDir = workDir;
    }

    @Override
    public void onShutdown(AutoCloseable resource) {
        shutdown.add(resource);
    }

    @Override
    public <T> void bind(String name, Class<T> type, T value) {
        bound.put(name, value);
        boundTypes.put(name, type);
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    @Override
    public Path logFile() {
        return workDir.resolve("kernel.log");
    }

    @Override
    public LabComponents lab() {
        return lab;
    }

    @Override
    public RendererRegistry renderers() {
        return new RendererRegistry() {
            @Override
            public <T> void register(Class<T> type, Function<? super T, DisplayData> renderer) {
                renderers.put(type, renderer);
            }
        };
    }

    @Override
    public void addCompleter(String magicName, MagicCompleter completer) {
        completers.put(magicName, completer);
    }

    @Override
    public void register(Magic magic) {
        magics.put(magic.name(), magic);
    }

    @Override
    public Optional<Magic> find(String name) {
        return Optional.ofNullable(magics.get(name));
    }

    @Override
    public Collection<Magic> all() {
        return magics.values();
    }

    /** Closes the shutdown resources in reverse order, as the kernel does. */
    public void shutdown() throws Exception {
        for (int i = shutdown.size() - 1; i >= 0; i--) {
            shutdown.get(i).close();
        }
        shutdown.clear();
        lab.close();
    }
}
