package io.brokerbook.cluster.lb;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads Traefik docker-provider labels ({@code traefik.enable}, {@code traefik.http.routers.R.rule},
 * {@code …entrypoints}, {@code …service}, {@code …priority},
 * {@code traefik.http.services.S.loadbalancer.server.port}, {@code …healthcheck.path|interval|timeout})
 * into a {@link LabelConfig}, with Traefik's defaults: a router without a rule gets
 * {@code Host(`SERVICE`)}, a router without a service uses the only service defined, or one named
 * after the container's service. Bad labels throw {@link LbException} with one line.
 */
public final class TraefikLabels {
    public static final String PREFIX = "traefik.";
    private static final Set<String> ROUTER_KEYS = Set.of("rule", "entrypoints", "service", "priority");
    private static final Set<String> SERVICE_KEYS = Set.of("loadbalancer.server.port", "loadbalancer.healthcheck.path",
        "loadbalancer.healthcheck.interval", "loadbalancer.healthcheck.timeout");

    private TraefikLabels() {
    }

    public static LabelConfig parse(String serviceName, Map<String, String> labels) {
        boolean enabled = Boolean.parseBoolean(labels.getOrDefault("traefik.enable", "false").trim());
        Map<String, Map<String, String>> routerKeys = new TreeMap<>();
        Map<String, Map<String, String>> serviceKeys = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String key = e.getKey().trim();
            if (!key.startsWith(PREFIX) || key.equals("traefik.enable")) {
                continue;
            }
            if (key.startsWith("traefik.http.routers.")) {
                split(key, "traefik.http.routers.", ROUTER_KEYS, routerKeys, e.getValue());
            } else if (key.startsWith("traefik.http.services.")) {
                split(key, "traefik.http.services.", SERVICE_KEYS, serviceKeys, e.getValue());
            } else {
                throw new LbException("label " + key + " is not supported here (supported: traefik.enable, "
                    + "traefik.http.routers.NAME.{rule,entrypoints,service,priority}, "
                    + "traefik.http.services.NAME.loadbalancer.{server.port,healthcheck.path,healthcheck.interval,healthcheck.timeout})");
            }
        }
        Map<String, LabelConfig.ServiceSpec> services = new LinkedHashMap<>();
        serviceKeys.forEach((name, keys) -> services.put(name, service(name, keys)));
        if (routerKeys.isEmpty()) {
            routerKeys.put(serviceName, Map.of());
        }
        Map<String, LabelConfig.RouterSpec> routers = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> r : routerKeys.entrySet()) {
            LabelConfig.RouterSpec spec = router(serviceName, r.getKey(), r.getValue(), services);
            routers.put(spec.name(), spec);
            services.computeIfAbsent(spec.service(), n -> new LabelConfig.ServiceSpec(n, null, LabelConfig.HealthCheck.DEFAULT));
        }
        return new LabelConfig(enabled, Map.copyOf(routers), Map.copyOf(services));
    }

    private static void split(String key, String prefix, Set<String> allowed, Map<String, Map<String, String>> into,
                              String value) {
        String rest = key.substring(prefix.length());
        int dot = rest.indexOf('.');
        String kind = prefix.contains("routers") ? "router" : "service";
        if (dot <= 0 || !allowed.contains(rest.substring(dot + 1))) {
            String attr = dot <= 0 ? "" : rest.substring(dot + 1);
            throw new LbException("label " + key + ": unknown " + kind + " setting '" + attr + "' (use one of "
                + String.join(", ", allowed.stream().sorted().toList()) + " after " + prefix + "NAME.)");
        }
        into.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>()).put(rest.substring(dot + 1), value.trim());
    }

    private static LabelConfig.ServiceSpec service(String name, Map<String, String> keys) {
        Integer port = null;
        String portText = keys.get("loadbalancer.server.port");
        if (portText != null) {
            port = portNumber("traefik.http.services." + name + ".loadbalancer.server.port", portText);
        }
        LabelConfig.HealthCheck d = LabelConfig.HealthCheck.DEFAULT;
        String path = keys.getOrDefault("loadbalancer.healthcheck.path", d.path());
        if (!path.startsWith("/")) {
            throw new LbException("label traefik.http.services." + name + ".loadbalancer.healthcheck.path=" + path
                + ": the path must start with /");
        }
        Duration interval = duration(name, "interval", keys.get("loadbalancer.healthcheck.interval"), d.interval());
        Duration timeout = duration(name, "timeout", keys.get("loadbalancer.healthcheck.timeout"), d.timeout());
        return new LabelConfig.ServiceSpec(name, port, new LabelConfig.HealthCheck(path, interval, timeout));
    }

    private static LabelConfig.RouterSpec router(String serviceName, String name, Map<String, String> keys,
                                                 Map<String, LabelConfig.ServiceSpec> services) {
        String ruleText = keys.getOrDefault("rule", "Host(`" + serviceName + "`)");
        Rule rule;
        try {
            rule = RuleParser.parse(ruleText);
        } catch (RuleSyntaxException e) {
            throw new RuleSyntaxException("label traefik.http.routers." + name + ".rule: " + e.getMessage());
        }
        List<String> entryPoints = keys.containsKey("entrypoints")
            ? Arrays.stream(keys.get("entrypoints").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
            : List.of();
        String service = keys.get("service");
        if (service == null) {
            if (services.size() > 1) {
                throw new LbException("router " + name + ": several services are defined (" + String.join(", ", services.keySet())
                    + "); say which with traefik.http.routers." + name + ".service=NAME");
            }
            service = services.isEmpty() ? serviceName : services.keySet().iterator().next();
        }
        int priority = ruleText.length();
        if (keys.containsKey("priority")) {
            try {
                priority = Integer.parseInt(keys.get("priority"));
            } catch (NumberFormatException e) {
                throw new LbException("label traefik.http.routers." + name + ".priority=" + keys.get("priority")
                    + ": expected a whole number");
            }
        }
        return new LabelConfig.RouterSpec(name, ruleText, rule, List.copyOf(entryPoints), service, priority);
    }

    private static int portNumber(String key, String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new LbException("label " + key + "=" + text + ": expected a port number 1-65535");
    }

    /** Go-style durations as Traefik writes them: {@code 500ms}, {@code 2s}, {@code 1m}; a bare number is seconds. */
    static Duration duration(String service, String what, String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        String t = text.trim().toLowerCase();
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            } else {
                d = Duration.ofSeconds(Long.parseLong(t));
            }
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new LbException("label traefik.http.services." + service + ".loadbalancer.healthcheck." + what + "=" + text
            + ": expected a duration like 500ms, 2s or 1m");
    }

    /** Labels written {@code key=value}, as {@code docker run --label} takes them, in order. */
    public static Map<String, String> of(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : pairs) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new LbException("a label is written key=value, got '" + kv + "'");
            }
            out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return out;
    }
}
