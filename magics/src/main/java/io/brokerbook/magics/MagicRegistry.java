package io.brokerbook.magics;

import java.util.Collection;
import java.util.Optional;

/** Name → magic. Extensions add theirs; the kernel looks them up. */
public interface MagicRegistry {
    /** Adds a magic; a second registration of the same name replaces the first. */
    void register(Magic magic);

    Optional<Magic> find(String name);

    /** Every magic, sorted by name. */
    Collection<Magic> all();
}
