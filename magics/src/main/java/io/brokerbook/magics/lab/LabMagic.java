package io.brokerbook.magics.lab;

import io.brokerbook.cluster.lab.ComponentStatus;
import io.brokerbook.cluster.lab.LabComponents;
import io.brokerbook.cluster.lab.Rows;
import io.brokerbook.magics.ArgSpec;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicContext;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;
import io.brokerbook.magics.ParsedArgs;
import io.brokerbook.magics.display.RecordTable;

import java.util.List;

/** {@code %lab status}: one table of every lab component of this kernel (kind, state, address, data dir, server). */
public final class LabMagic implements MagicExtension {
    static final ArgSpec SPEC = ArgSpec.named("lab", "Every server of the lab in one table.")
        .subcommand("status", "One row per component: kind, state, address, data dir, which server runs it.");

    @Override
    public void register(MagicRegistry registry, KernelHost host) {
        LabComponents lab = host.lab();
        registry.register(Magic.of(SPEC, (argv, ctx) -> status(lab, SPEC.parse(argv), ctx), null));
    }

    private static void status(LabComponents lab, ParsedArgs args, MagicContext ctx) {
        List<ComponentStatus> rows = lab.status();
        ctx.display(RecordTable.of(Rows.of("lab", rows)));
    }
}
