package io.brokerbook.kernel.magic;

import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicRegistry;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The kernel's name → magic registry. */
public final class MagicTable implements MagicRegistry {
    private final ConcurrentSkipListMap<String, Magic> byName = new ConcurrentSkipListMap<>();

    @Override
    public void register(Magic magic) {
        byName.put(magic.name(), magic);
    }

    @Override
    public Optional<Magic> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Collection<Magic> all() {
        return List.copyOf(byName.values());
    }
}
