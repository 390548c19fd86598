package io.brokerbook.magics.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.perf.PerfTestFlags;
import io.brokerbook.cluster.rabbitmq.RabbitLab;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * {@code %rabbitmq-perf-test}: RabbitMQ PerfTest (com.rabbitmq:perf-test) run inside the kernel, with its own flags
 * and output — a line a second, then "test stopped (…)" and its averages. Without {@code --uri}/{@code --uris} it
 * runs against the lab's server. A few flags need what a notebook kernel must not do (an HTTP endpoint on every
 * interface, sending metrics to Datadog, JGroups between hosts): those are refused in one line.
 */
final class RabbitPerfTestMagic {
    static final String NAME = "rabbitmq-perf-test";
    static final String SUMMARY = "RabbitMQ PerfTest with its own flags and summary, run in the kernel against the lab's server.";
    static final String USAGE = """
        %rabbitmq-perf-test [PerfTest flags]

        Runs RabbitMQ PerfTest 2.22 in the kernel, as its command line does: every flag works as PerfTest's
        (%rabbitmq-perf-test -? lists them all), a line a second, then "test stopped (...)" and its averages.
        Without -h/--uri or -H/--uris it uses the lab's server (%rabbitmq start / connect). Without -z/--time or
        -C/--pmessages it runs until you interrupt the cell (then it stops as PerfTest does on Ctrl-C).
        Example: %rabbitmq-perf-test -x 1 -y 1 -s 100 -C 20000 -D 20000 -c 1000 -u perf-test
        Not here: --metrics-prometheus*, --metrics-datadog*, --metrics-jmx, --expected-instances, --instance-sync-*.
        """;

    /** Long names of the flags the kernel cannot honour, and why. */
    private static final Map<String, String> REFUSED_PREFIXES = Map.of(
        "metrics-prometheus", "it serves HTTP metrics on every network interface, and the lab binds only 127.0.0.1",
        "metrics-datadog", "it sends metrics to Datadog over the internet",
        "metrics-jmx", "it registers MBeans in the kernel's JVM that outlive the run",
        "expected-instances", "it synchronizes several PerfTest instances over JGroups, which is not installed",
        "instance-sync", "it synchronizes several PerfTest instances over JGroups, which is not installed");

    private final RabbitSession session;

    RabbitPerfTestMagic(RabbitSession session) {
        this.session = session;
    }

    Magic magic() {
        return Magic.line(NAME, SUMMARY, USAGE, this::line);
    }

    void line(List<String> args, MagicContext ctx) {
        String[] argv = arguments(args);
        PerfTestRun.Outcome outcome = PerfTestRun.run(argv, ctx.out(), ctx::onInterrupt);
        if (!outcome.threadsLeft().isEmpty()) {
            ctx.err().println("PerfTest left threads running: " + String.join(", ", outcome.threadsLeft()));
        }
        if (outcome.interrupted()) {
            // not a usage error: the kernel reports an interrupted cell as such
            throw new CancellationException("PerfTest stopped and closed its connections.");
        }
        String errors = outcome.errors().strip();
        if (outcome.exitStatus() != 0) {
            throw new MagicException(NAME + ": " + (errors.isEmpty() ? "PerfTest ended with status " + outcome.exitStatus()
                : String.join(" | ", errors.lines().map(String::strip).filter(l -> !l.isEmpty()).toList())));
        }
        if (!errors.isEmpty()) {
            ctx.err().println(errors);
        }
    }

    /** Checks the arguments as PerfTest will read them; adds the lab server's URI when none is given. */
    String[] arguments(List<String> args) {
        String[] given = args.toArray(String[]::new);
        CommandLine cmd;
        try {
            cmd = PerfTestFlags.parse(given);
        } catch (ParseException e) {
            throw new MagicException(NAME + ": Parsing failed. Reason: " + e.getMessage() + " (%" + NAME + " -? lists PerfTest's flags).");
        }
        if (!cmd.getArgList().isEmpty()) {
            throw new MagicException(NAME + ": PerfTest takes flags only; what is '" + cmd.getArgList().get(0)
                + "'? (%" + NAME + " -? lists them).");
        }
        for (Option o : cmd.getOptions()) {
            String longName = o.getLongOpt() == null ? "" : o.getLongOpt();
            REFUSED_PREFIXES.forEach((prefix, why) -> {
                if (longName.startsWith(prefix)) {
                    throw new MagicException(NAME + ": --" + longName + " is not available in the lab: " + why + ".");
                }
            });
        }
        boolean informational = cmd.hasOption("?") || cmd.hasOption("v") || cmd.hasOption("env") || cmd.hasOption("mh");
        if (cmd.hasOption("h") || cmd.hasOption("H") || informational) {
            return given;
        }
        List<String> withUri = new ArrayList<>(args);
        withUri.add("--uri");
        withUri.add(session.use(RabbitPerfTestMagic::uri));
        return withUri.toArray(String[]::new);
    }

    /** {@code amqp://user:password@host:port/vhost} of the lab's server, as PerfTest's --uri takes it. */
    static String uri(RabbitLab lab) {
        ConnectionFactory f = lab.connectionFactory();
        String vhost = f.getVirtualHost();
        return "amqp://" + encode(f.getUsername()) + ":" + encode(f.getPassword()) + "@" + f.getHost() + ":" + f.getPort()
            + (vhost.equals("/") ? "" : "/" + encode(vhost));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
