package io.brokerbook.cluster.lb;

/** What changed in the {@link ServiceRegistry}; {@code instance} is null for {@link Type#INITIAL}. */
public record RegistryEvent(Type type, ServiceInstance instance) {
    public enum Type { INITIAL, REGISTERED, DEREGISTERED }
}
