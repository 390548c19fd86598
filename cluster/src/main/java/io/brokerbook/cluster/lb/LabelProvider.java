package io.brokerbook.cluster.lb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The "docker provider": watches the {@link ServiceRegistry} and turns the labels of every
 * instance with {@code traefik.enable=true} into a {@link DynamicConfig} for one entry point,
 * pushed to the proxy on each change. No polling: the registry calls it.
 */
public final class LabelProvider implements RegistryListener {
    private static final Logger LOG = LoggerFactory.getLogger(LabelProvider.class);

    private final String entryPoint;
    private final Consumer<DynamicConfig> sink;

    public LabelProvider(String entryPoint, Consumer<DynamicConfig> sink) {
        this.entryPoint = entryPoint;
        this.sink = sink;
    }

    @Override
    public void onChange(RegistryEvent event, List<ServiceInstance> instances) {
        DynamicConfig config = build(entryPoint, instances);
        LOG.debug("{} -> {} routers, {} services, errors {}", event.type(), config.routers().size(),
            config.services().size(), config.errors());
        sink.accept(config);
    }

    static DynamicConfig build(String entryPoint, List<ServiceInstance> instances) {
        Map<String, DynamicConfig.RouterConfig> routers = new LinkedHashMap<>();
        Map<String, List<DynamicConfig.ServerTarget>> servers = new LinkedHashMap<>();
        Map<String, LabelConfig.HealthCheck> health = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (ServiceInstance inst : instances) {
            LabelConfig labels;
            try {
                labels = TraefikLabels.parse(inst.service(), inst.labels());
            } catch (LbException e) {
                addOnce(errors, "replica " + inst.id() + ": " + e.getMessage());
                continue;
            }
            if (!labels.enabled()) {
                continue;
            }
            for (LabelConfig.ServiceSpec s : labels.services().values()) {
                if (s.port() != null && s.port() != inst.containerPort()) {
                    addOnce(errors, "service " + s.name() + ": loadbalancer.server.port=" + s.port() + " but replica "
                        + inst.id() + " listens on port " + inst.containerPort());
                    continue;
                }
                servers.computeIfAbsent(s.name(), n -> new ArrayList<>())
                    .add(new DynamicConfig.ServerTarget(s.name(), inst.id(), inst.address()));
                health.putIfAbsent(s.name(), s.healthCheck());
            }
            for (LabelConfig.RouterSpec r : labels.routers().values()) {
                if (!r.entryPoints().isEmpty() && !r.entryPoints().contains(entryPoint)) {
                    addOnce(errors, "router " + r.name() + ": entry point " + String.join(",", r.entryPoints())
                        + " does not exist (this proxy has: " + entryPoint + ")");
                    continue;
                }
                DynamicConfig.RouterConfig rc = new DynamicConfig.RouterConfig(r.name(), r.ruleText(), r.rule(),
                    r.service(), r.entryPoints().isEmpty() ? List.of(entryPoint) : r.entryPoints(), r.priority());
                DynamicConfig.RouterConfig before = routers.putIfAbsent(r.name(), rc);
                if (before != null && !(before.ruleText().equals(rc.ruleText()) && before.service().equals(rc.service()))) {
                    addOnce(errors, "router " + r.name() + " is defined twice with different settings ("
                        + before.ruleText() + " -> " + before.service() + " vs " + rc.ruleText() + " -> " + rc.service()
                        + "); the first one is used");
                }
            }
        }
        Map<String, DynamicConfig.ServiceConfig> services = new LinkedHashMap<>();
        servers.forEach((name, list) -> services.put(name, new DynamicConfig.ServiceConfig(name, list, health.get(name))));
        for (DynamicConfig.RouterConfig r : routers.values()) {
            if (!services.containsKey(r.service())) {
                addOnce(errors, "router " + r.name() + ": service " + r.service() + " has no servers");
            }
        }
        List<DynamicConfig.RouterConfig> sorted = new ArrayList<>(routers.values());
        sorted.sort(Comparator.comparingInt(DynamicConfig.RouterConfig::priority).reversed()
            .thenComparing(DynamicConfig.RouterConfig::name));
        return new DynamicConfig(sorted, services, errors);
    }

    private static void addOnce(List<String> errors, String error) {
        if (!errors.contains(error)) {
            errors.add(error);
        }
    }
}
