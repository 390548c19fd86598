package com.rabbitmq.perf;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * PerfTest's own command-line options and parser, which PerfTest keeps package-private (hence this class in its
 * package): {@code %rabbitmq-perf-test} reads its arguments exactly as {@code PerfTest.main} will (short and long
 * names, {@code --name=value}, unambiguous prefixes), so it can refuse the few flags the lab cannot honour and
 * complete flag names before PerfTest runs.
 */
public final class PerfTestFlags {
    private PerfTestFlags() {
    }

    /** Every option PerfTest 2.x accepts: its own and its metrics backends'. */
    public static Options options() {
        Options options = PerfTest.getOptions();
        for (Option o : new CompositeMetrics().options().getOptions()) {
            options.addOption(o);
        }
        return options;
    }

    /** Parses as {@code PerfTest.main} does; a ParseException's message is what PerfTest prints after "Reason: ". */
    public static CommandLine parse(String[] args) throws ParseException {
        return PerfTest.getParser().parse(options(), args);
    }
}
