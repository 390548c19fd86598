package io.brokerbook.cluster.lb;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraefikLabelsTest {
    private static final Map<String, String> WHOAMI = Map.of(
        "traefik.enable", "true",
        "traefik.http.routers.whoami.rule", "Host(`whoami.localhost`)",
        "traefik.http.routers.whoami.entrypoints", "web");

    @Test
    void classLabelsMakeOneRouterAndAServiceNamedAfterTheContainer() {
        LabelConfig c = TraefikLabels.parse("simple-service", WHOAMI);
        assertTrue(c.enabled());
        LabelConfig.RouterSpec r = c.routers().get("whoami");
        assertEquals("Host(`whoami.localhost`)", r.ruleText());
        assertEquals(List.of("web"), r.entryPoints());
        assertEquals("simple-service", r.service());
        assertEquals(r.ruleText().length(), r.priority());
        assertEquals(null, c.services().get("simple-service").port());
        assertEquals(LabelConfig.HealthCheck.DEFAULT, c.services().get("simple-service").healthCheck());
    }

    @Test
    void explicitServicePortAndHealthCheck() {
        LabelConfig c = TraefikLabels.parse("api", Map.of(
            "traefik.enable", "true",
            "traefik.http.routers.api.rule", "Host(`api.localhost`)",
            "traefik.http.services.api-svc.loadbalancer.server.port", "8080",
            "traefik.http.services.api-svc.loadbalancer.healthcheck.path", "/ping",
            "traefik.http.services.api-svc.loadbalancer.healthcheck.interval", "250ms"));
        assertEquals("api-svc", c.routers().get("api").service());
        LabelConfig.ServiceSpec s = c.services().get("api-svc");
        assertEquals(8080, s.port());
        assertEquals("/ping", s.healthCheck().path());
        assertEquals(Duration.ofMillis(250), s.healthCheck().interval());
    }

    @Test
    void withoutRouterLabelsTraefikDefaultRuleIsHostOfTheName() {
        LabelConfig c = TraefikLabels.parse("whoami", Map.of("traefik.enable", "true"));
        assertEquals("Host(`whoami`)", c.routers().get("whoami").ruleText());
        assertFalse(TraefikLabels.parse("whoami", Map.of()).enabled());
    }

    @Test
    void badLabelsAreOneLine() {
        LbException e = assertThrows(LbException.class, () -> TraefikLabels.parse("w", Map.of(
            "traefik.http.routers.w.rul", "Host(`x`)")));
        assertTrue(e.getMessage().contains("unknown router setting 'rul'"), e.getMessage());
        e = assertThrows(RuleSyntaxException.class, () -> TraefikLabels.parse("w", Map.of(
            "traefik.http.routers.w.rule", "Host(x)")));
        assertTrue(e.getMessage().startsWith("label traefik.http.routers.w.rule: bad router rule Host(x) at column 6"),
            e.getMessage());
        e = assertThrows(LbException.class, () -> TraefikLabels.parse("w", Map.of(
            "traefik.http.services.w.loadbalancer.server.port", "eighty")));
        assertTrue(e.getMessage().contains("expected a port number"), e.getMessage());
        e = assertThrows(LbException.class, () -> TraefikLabels.parse("w", Map.of("traefik.tcp.routers.w.rule", "x")));
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
    }

    @Test
    void providerReportsPortMismatchAndUnknownEntryPoint() {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1234);
        DynamicConfig c = LabelProvider.build("web", List.of(
            new ServiceInstance("w", "w-1", 80, a, Map.of("traefik.enable", "true",
                "traefik.http.routers.w.entrypoints", "websecure")),
            new ServiceInstance("m", "m-1", 80, a, Map.of("traefik.enable", "true",
                "traefik.http.services.m.loadbalancer.server.port", "9000"))));
        assertTrue(c.errors().stream().anyMatch(e -> e.contains("entry point websecure does not exist")), c.errors()::toString);
        assertTrue(c.errors().stream().anyMatch(e -> e.contains("server.port=9000 but replica m-1 listens on port 80")),
            c.errors()::toString);
        assertTrue(c.routers().stream().noneMatch(r -> r.name().equals("w")));
    }
}
