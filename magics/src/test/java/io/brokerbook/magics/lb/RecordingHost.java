package io.brokerbook.magics.lb;

import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The kernel's side for magic tests: a registry, bindings and shutdown hooks, run on {@link #shutdown()}. */
final class RecordingHost implements KernelHost, MagicRegistry {
    final Map<String, Object> bindings = new HashMap<>();
    final Map<String, Class<?>> bindingTypes = new HashMap<>();
    private final List<AutoCloseable> onShutdown = new ArrayList<>();
    private final Map<String, Magic> magics = new TreeMap<>();

    @Override
    public void onShutdown(AutoCloseable resource) {
        onShutdown.add(resource);
    }

    @Override
    public <T> void bind(String name, Class<T> type, T value) {
        bindings.put(name, value);
        bindingTypes.put(name, type);
    }

    @Override
    public Path workDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    @Override
    public Path logFile() {
        return workDir().resolve("kernel.log");
    }

    void shutdown() throws Exception {
        for (int i = onShutdown.size() - 1; i >= 0; i--) {
            onShutdown.get(i).close();
        }
        onShutdown.clear();
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
}
