package io.brokerbook.magics.lb;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.LabException;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.cluster.lb.LbException;
import io.brokerbook.cluster.lb.LoadBalancer;
import io.brokerbook.cluster.lb.LoopbackHttp;
import io.brokerbook.cluster.lb.ReplicaHits;
import io.brokerbook.magics.ArgTokenizer;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.display.DisplayData;
import io.brokerbook.magics.testing.RecordingContext;
import io.brokerbook.magics.testing.TestKernelHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the magics as the kernel does: a line, split shell-style, run against a recording context. */
class LoadBalancerMagicsTest {
    private static final String WHOAMI = "%service run whoami --replicas 3 --label traefik.enable=true "
        + "--label 'traefik.http.routers.whoami.rule=Host(`whoami.localhost`)' --label traefik.http.routers.whoami.entrypoints=web";

    private TestKernelHost host;
    private LoadBalancerApi lab;

    @BeforeEach
    void load() {
        host = new TestKernelHost(Path.of(System.getProperty("java.io.tmpdir")));
        new LoadBalancerMagics().register(host, host);
        lab = (LoadBalancerApi) host.bound.get("lb");
    }

    @AfterEach
    void shutdown() throws Exception {
        host.shutdown();
    }

    /** Runs {@code %name args} like the kernel: split shell-style, look up, run. */
    private RecordingContext run(String line) throws Exception {
        String[] parts = line.substring(1).split(" ", 2);
        List<String> args = parts.length > 1 ? ArgTokenizer.split(parts[1]) : List.of();
        RecordingContext ctx = new RecordingContext();
        host.find(parts[0]).orElseThrow().line().run(args, ctx);
        return ctx;
    }

    /** The one-line failure of a magic: a usage error, or the lab's error (the dispatcher shows either as one line). */
    private String fail(String line) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> run(line));
        assertTrue(e instanceof MagicException || e instanceof LabException, () -> "not a one-line failure: " + e);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void extensionIsListedForTheServiceLoaderAndBindsLb() {
        List<Class<?>> loaded = new ArrayList<>();
        ServiceLoader.load(MagicExtension.class).stream().forEach(p -> loaded.add(p.type()));
        assertTrue(loaded.contains(LoadBalancerMagics.class), loaded::toString);
        assertSame(LoadBalancerApi.class, host.boundTypes.get("lb"));
        assertEquals(List.of("http", "lb", "service"), host.all().stream().map(m -> m.name()).toList());
        assertTrue(host.find("lb").orElseThrow().usage().contains("--dashboard-port"));
        assertTrue(host.find("service").orElseThrow().usage().contains("scale NAME N"));
        assertEquals(List.of("lb"), host.lab().status().stream().map(s -> s.kind()).toList());
        assertEquals(ComponentState.STOPPED, lab.status().state());
    }

    @Test
    void classWalkThroughThirtyRequestsTenTenTenThenScaleToFive() throws Exception {
        String started = run("%lb start --port 0 --dashboard-port 0").text();
        assertTrue(started.startsWith("Entry point web listening on http://127.0.0.1:" + lab.port()), started);
        assertTrue(started.contains("Dashboard: http://127.0.0.1:" + lab.dashboardPort() + "/dashboard/"), started);
        assertEquals(ComponentState.RUNNING, host.lab().status().get(0).state());
        assertEquals(lab.url(), host.lab().status().get(0).address().orElseThrow());

        String ran = run(WHOAMI).text();
        assertTrue(ran.contains("Started whoami (whoami): whoami-1 http://127.0.0.1:"), ran);
        assertTrue(ran.contains("Router whoami: Host(`whoami.localhost`) -> service whoami (3 servers) on " + lab.url()), ran);

        Map<String, Integer> counts = new TreeMap<>();
        Pattern name = Pattern.compile("^Name: (\\S+)$", Pattern.MULTILINE);
        for (int i = 0; i < 30; i++) {
            String out = run("%http GET " + lab.url() + "/ -H 'Host: whoami.localhost'").text();
            assertTrue(out.startsWith("HTTP/1.1 200 OK\n"), out);
            assertTrue(out.contains("\nX-Replica: whoami-"), out);
            Matcher m = name.matcher(out);
            assertTrue(m.find(), out);
            counts.merge(m.group(1), 1, Integer::sum);
        }
        assertEquals(Map.of("whoami-1", 10, "whoami-2", 10, "whoami-3", 10), counts);

        RecordingContext hits = run("%lb hits --reset");
        assertEquals(2, hits.displays.size());
        String table = hits.displays.get(0).plainText();
        assertTrue(table.startsWith("SERVICE  REPLICA   SERVER"), table);
        assertTrue(table.contains("whoami   whoami-2"), table);
        assertTrue(table.lines().skip(1).allMatch(l -> l.endsWith("UP     10")), table);
        String svg = (String) hits.displays.get(1).data().get(DisplayData.SVG);
        assertEquals(3, svg.split("<rect ", -1).length - 1, svg);
        assertTrue(svg.contains(">whoami / whoami-3</text>"), svg);
        assertTrue(hits.text().contains("Counters reset."));
        assertEquals(Map.of("whoami-1", 2, "whoami-2", 2, "whoami-3", 2), lab.countByReplica(6, "whoami.localhost", "/"));
        assertEquals(Map.of("HTTP 404", 2), lab.countByReplica(2, "nope.localhost", "/"));
        lab.resetHits();

        String scaled = run("%service scale whoami 5").text();
        assertTrue(scaled.contains("Scaled whoami from 3 to 5 replicas."), scaled);
        assertTrue(scaled.contains("(5 servers)"), scaled);
        for (int i = 0; i < 50; i++) {
            lab.get("whoami.localhost", "/");
        }
        Rows<ReplicaHits> t = lab.hits();
        assertEquals(5, t.size());
        t.forEach(h -> assertEquals(10L, h.requests()));

        String routes = run("%lb routes").displays.get(0).plainText();
        assertTrue(routes.startsWith("ROUTER  RULE                      SERVICE  SERVERS"), routes);
        assertEquals(5, routes.lines().skip(1).findFirst().orElseThrow().split("http://127.0.0.1:").length - 1, routes);

        String list = run("%service list").displays.get(0).plainText();
        assertTrue(list.startsWith("SERVICE  REPLICA   KIND    PORT  ADDRESS"), list);
        assertEquals(6, list.lines().count(), list);

        lab.resetHits();
        assertTrue(run("%service stop whoami-2").text().startsWith("Stopped replica whoami-2"));
        for (int i = 0; i < 40; i++) {
            lab.get("whoami.localhost", "/");
        }
        Rows<ReplicaHits> after = lab.hits();
        assertEquals(List.of(ReplicaHits.State.UP, ReplicaHits.State.UP, ReplicaHits.State.UP, ReplicaHits.State.UP),
            after.stream().map(ReplicaHits::state).toList());
        assertFalse(after.stream().map(ReplicaHits::replica).toList().contains("whoami-2"));
        after.forEach(h -> assertEquals(10L, h.requests()));
    }

    @Test
    void secondServiceOnAnotherHostAndModelPrediction() throws Exception {
        run("%lb start --port 0 --dashboard-port 0");
        run(WHOAMI);
        String model = run("%service run model --kind model --delay-ms 20 --replicas 2 --label traefik.enable=true "
            + "--label 'traefik.http.routers.model.rule=Host(`model.localhost`)'").text();
        assertTrue(model.contains("Router model: Host(`model.localhost`) -> service model (2 servers)"), model);
        String out = run("%http POST " + lab.url() + "/predict -H 'Host: model.localhost' -d 'features=1,2,3'").text();
        assertTrue(out.startsWith("HTTP/1.1 200 OK\n"), out);
        assertTrue(out.contains("\"model\":\"model\",\"replica\":\"model-"), out);
        assertTrue(out.contains("\"input\":\"features=1,2,3\""), out);
        assertTrue(run("%http " + lab.url() + "/ -H 'Host: whoami.localhost'").text().contains("Name: whoami-"));
        String viaPath = run("%http GET /?via=path -H 'Host: whoami.localhost'").text();
        assertTrue(viaPath.startsWith("HTTP/1.1 200 OK\n") && viaPath.contains("GET /?via=path HTTP/1.1"), viaPath);
        String viaName = run("%http GET http://whoami.localhost:" + lab.port() + "/").text();
        assertTrue(viaName.contains("Host: whoami.localhost:" + lab.port()), viaName);
        String nf = run("%http GET " + lab.url() + "/ -H 'Host: nobody.localhost'").text();
        assertTrue(nf.startsWith("HTTP/1.1 404 Not Found\n"), nf);
        assertTrue(nf.endsWith("\n404 page not found\n"), nf);
    }

    @Test
    void servicesRunBeforeStartArePickedUpAndDisabledOnesAreExplained() throws Exception {
        String out = run(WHOAMI).text();
        assertTrue(out.contains("The load balancer is not running; %lb start will pick whoami up"), out);
        String hidden = run("%service run hidden --label 'traefik.http.routers.hidden.rule=Host(`h.localhost`)'").text();
        assertTrue(hidden.contains("No traefik.enable=true label"), hidden);
        assertTrue(run("%lb start --port 0 --dashboard-port 0").text().contains("Picked up 1 router(s)"));
    }

    @Test
    void badInputIsOneClearLineAndStateSurvives() throws Exception {
        assertEquals("lb: expected a subcommand first: start, stop, routes, hits. See %lb --help", fail("%lb"));
        assertTrue(fail("%lb strat").contains("Did you mean start?"));
        assertTrue(fail("%lb routes").contains("not running; start it with %lb start"));
        assertTrue(fail("%http GET / -H 'Host: whoami.localhost'").contains("not running; start it with %lb start"));
        assertTrue(fail("%lb start --port 70000").contains("--port must be a port number"));
        assertTrue(fail("%lb start --port eighty").contains("--port expects a whole number"));
        assertTrue(fail("%lb stop --port 3").contains("unknown option '--port'. It goes with %lb start"));
        assertTrue(fail("%lb hits now").contains("unexpected 'now'"));
        assertTrue(fail("%service scale whoami").contains("missing N. Usage: %service scale NAME N"));
        assertTrue(fail("%service list --replicas 2").contains("It goes with %service run"));
        assertEquals("The load balancer is not running.\n", run("%lb stop").text());
        run("%lb start --port 0 --dashboard-port 0");
        int port = lab.port();
        assertTrue(fail("%lb start --port 0 --dashboard-port 0").contains("lb is already running at " + lab.url()));
        try (LoopbackHttp http = new LoopbackHttp(Duration.ofSeconds(1), "lb-test-http")) {
            assertThrows(LbException.class, () -> LoadBalancer.start(LoadBalancer.Options.of(lab.services().registry(), http)
                .withPort(port).withDashboardPort(0)));
        }
        TestKernelHost second = new TestKernelHost(Path.of(System.getProperty("java.io.tmpdir")));
        new LoadBalancerMagics().register(second, second);
        try {
            LbException busy = assertThrows(LbException.class, () -> second.find("lb").orElseThrow().line()
                .run(ArgTokenizer.split("start --port " + port + " --dashboard-port 0"), new RecordingContext()));
            assertEquals("entry point web: port " + port + " on 127.0.0.1 is already in use; choose another one "
                + "(or leave the port out to take the next free one)", busy.getMessage());
        } finally {
            second.shutdown();
        }
        String bad = fail("%service run whoami --replicas 2 --label traefik.enable=true "
            + "--label 'traefik.http.routers.whoami.rule=Host(whoami.localhost)'");
        assertTrue(bad.startsWith("label traefik.http.routers.whoami.rule: bad router rule Host(whoami.localhost) at column 6"),
            bad);
        assertTrue(fail("%service scale whoami 3").startsWith("unknown service 'whoami'; running: none"));
        run(WHOAMI);
        assertTrue(fail("%service scale whoam 3").contains("did you mean whoami?"));
        assertTrue(fail("%service scale whoami many").contains("whole number"));
        assertTrue(fail("%service run whoami").contains("already running with 3 replicas"));
        assertTrue(fail("%service run w2 --replicas x").contains("--replicas expects a whole number"));
        assertTrue(fail("%service run w2 --kind nginx").contains("unknown kind 'nginx'"));
        assertTrue(fail("%service run w2 --label novalue").contains("--label expects KEY=VALUE"));
        assertTrue(fail("%service run w3 --label traefik.http.routers.w3.rule=Host(`a`) --label traefik.http.routers.w3.rul=x")
            .contains("unknown router setting 'rul'"));
        assertTrue(fail("%http GET http://example.com/").contains("only loopback targets"));
        assertTrue(fail("%http FETCH " + lab.url()).contains("unknown method 'FETCH'"));
        assertTrue(fail("%http GET " + lab.url() + " -H NoColon").contains("-H expects 'NAME: VALUE'"));
        assertEquals(3, lab.services().replicas("whoami").size());
        assertTrue(run("%http GET " + lab.url() + "/ -H 'Host: whoami.localhost'").text().startsWith("HTTP/1.1 200"));
    }

    @Test
    void kernelShutdownStopsProxyDashboardAndReplicas() throws Exception {
        run("%lb start --port 0 --dashboard-port 0");
        run(WHOAMI);
        List<Integer> ports = new ArrayList<>(List.of(lab.port(), lab.dashboardPort()));
        lab.services().replicas("whoami").forEach(r -> ports.add(r.address().getPort()));
        host.shutdown();
        assertFalse(lab.running());
        assertEquals(List.of(), lab.services().names());
        assertEquals(ComponentState.STOPPED, lab.status().state());
        for (int port : ports) {
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        }
    }
}
