package io.brokerbook.magics.lb;

import io.brokerbook.cluster.lb.DemoReplica;
import io.brokerbook.cluster.lb.DynamicConfig;
import io.brokerbook.cluster.lb.LoadBalancerLab;
import io.brokerbook.cluster.lb.ReplicaKind;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.LineMagic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.TableDisplay;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code %service run|scale|stop|list}: demo service replicas that announce themselves with Traefik labels. */
final class ServiceMagic implements LineMagic {
    static final ArgSpec SPEC = ArgSpec.named("service",
            "Run demo services (whoami, model) as replicas that register with Traefik labels; scale them live.")
        .positional("run NAME | scale NAME N | stop NAME|REPLICA | list",
            "what to do; stop takes a service (all its replicas) or one replica such as whoami-2")
        .option("--replicas", "N", "run: how many replicas (default 1)")
        .repeatable("--label", "KEY=VALUE", "run: a label, e.g. traefik.enable=true or "
            + "'traefik.http.routers.NAME.rule=Host(`whoami.localhost`)'")
        .option("--kind", "whoami|model", "run: the demo app (default whoami)")
        .option("--delay-ms", "D", "run: model only, milliseconds before each answer (default 100)")
        .alias("-l", "--label");
    private static final List<String> SUBCOMMANDS = List.of("run", "scale", "stop", "list");

    private final LoadBalancerLab lab;

    ServiceMagic(LoadBalancerLab lab) {
        this.lab = lab;
    }

    @Override
    public void run(List<String> argv, MagicContext ctx) {
        ParsedArgs args = SPEC.parse(argv);
        String sub = Subcommands.pick("service", args, SUBCOMMANDS);
        Subcommands.onlyWith("service", args, sub, "run", "--replicas", "--label", "--kind", "--delay-ms");
        switch (sub) {
            case "run" -> run(args, ctx);
            case "scale" -> scale(args, ctx);
            case "stop" -> stop(args, ctx);
            default -> list(args, ctx);
        }
    }

    private void run(ParsedArgs args, MagicContext ctx) {
        Subcommands.positionals("service", args, 2, "run NAME --replicas N --label KEY=VALUE …");
        String name = args.positional(1).orElseThrow();
        int replicas = args.intValue("--replicas", 1);
        ReplicaKind kind = Subcommands.lab(() -> ReplicaKind.parse(args.value("--kind", "whoami")));
        if (args.has("--delay-ms") && kind != ReplicaKind.MODEL) {
            throw new MagicException("service: --delay-ms is for --kind model (whoami takes ?wait=200ms per request).");
        }
        long delay = args.longValue("--delay-ms").orElse(kind == ReplicaKind.MODEL ? 100L : 0L);
        if (delay < 0) {
            throw new MagicException("service: --delay-ms must not be negative.");
        }
        Map<String, String> labels = args.keyValues("--label");
        List<DemoReplica> started = Subcommands.lab(() ->
            lab.services().run(name, replicas, kind, Duration.ofMillis(delay), labels));
        ctx.out().println("Started " + name + " (" + kind.label() + "): " + started.stream()
            .map(r -> r.id() + " " + r.url()).collect(Collectors.joining(", ")));
        if (!"true".equalsIgnoreCase(labels.getOrDefault("traefik.enable", "false"))) {
            ctx.out().println("No traefik.enable=true label: the load balancer ignores " + name + ", as Traefik would.");
        } else if (lab.running()) {
            describeRouting(name, ctx);
        } else {
            ctx.out().println("The load balancer is not running; %lb start will pick " + name + " up from its labels.");
        }
    }

    private void describeRouting(String service, MagicContext ctx) {
        DynamicConfig config = lab.proxy().config();
        for (DynamicConfig.RouterConfig r : config.routers()) {
            DynamicConfig.ServiceConfig sc = config.services().get(r.service());
            boolean ours = sc != null && sc.servers().stream().anyMatch(s -> s.instanceId().startsWith(service + "-"));
            if (ours) {
                ctx.out().println("Router " + r.name() + ": " + r.ruleText() + " -> service " + r.service() + " ("
                    + sc.servers().size() + " servers) on " + lab.url());
            }
        }
        for (String error : config.errors()) {
            ctx.err().println("error: " + error);
        }
    }

    private void scale(ParsedArgs args, MagicContext ctx) {
        Subcommands.positionals("service", args, 3, "scale NAME N");
        String name = args.positional(1).orElseThrow();
        String count = args.positional(2).orElseThrow();
        int n;
        try {
            n = Integer.parseInt(count.trim());
        } catch (NumberFormatException e) {
            throw new MagicException("service: scale expects a whole number of replicas, got '" + count + "'.");
        }
        int before = Subcommands.lab(() -> lab.services().replicas(name).size());
        Subcommands.labDo(() -> lab.services().scale(name, n));
        ctx.out().println("Scaled " + name + " from " + before + " to " + n + " replicas"
            + (n < before ? " (removed ones finished their requests first)." : "."));
        if (lab.running() && n > 0) {
            describeRouting(name, ctx);
        }
    }

    private void stop(ParsedArgs args, MagicContext ctx) {
        Subcommands.positionals("service", args, 2, "stop NAME|REPLICA");
        String name = args.positional(1).orElseThrow();
        if (!lab.services().names().contains(name) && lab.services().replicaIds().contains(name)) {
            Subcommands.labDo(() -> lab.services().stopReplica(name));
            ctx.out().println("Stopped replica " + name + " (it left the load balancer first and finished its requests).");
            return;
        }
        int before = Subcommands.lab(() -> lab.services().replicas(name).size());
        Subcommands.labDo(() -> lab.services().stop(name));
        ctx.out().println("Stopped " + name + " (" + before + " replicas).");
    }

    private void list(ParsedArgs args, MagicContext ctx) {
        Subcommands.positionals("service", args, 1, "list");
        Table t = lab.services().list();
        if (t.rowCount() == 0) {
            ctx.out().println("No services running. Start one with %service run whoami --replicas 3 --label traefik.enable=true …");
        } else {
            ctx.display(TableDisplay.of(t));
        }
    }
}
