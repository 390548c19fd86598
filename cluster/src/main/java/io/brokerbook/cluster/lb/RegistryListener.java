package io.brokerbook.cluster.lb;

import java.util.List;

/** Told about every registry change, in order, with the full list of instances after it. */
@FunctionalInterface
public interface RegistryListener {
    void onChange(RegistryEvent event, List<ServiceInstance> instances);
}
