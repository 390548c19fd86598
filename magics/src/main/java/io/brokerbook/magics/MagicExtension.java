package io.brokerbook.magics;

/**
 * A pack of magics, discovered with {@link java.util.ServiceLoader} from
 * {@code META-INF/services/io.brokerbook.magics.MagicExtension}. The kernel calls
 * {@link #register} once at start-up; keep it cheap (start nothing heavy until a magic runs).
 */
public interface MagicExtension {
    void register(MagicRegistry registry, KernelHost host);
}
