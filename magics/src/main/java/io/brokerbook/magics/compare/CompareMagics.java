package io.brokerbook.magics.compare;

import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;

/**
 * The comparison pack: {@code %compare run} runs the experiment harness (scenarios (a)–(g), every system on servers
 * of its own, stopped after its turn) and {@code %compare table|scenarios|chart|summary} show the last run; the
 * {@code compare} variable holds it typed for Java cells.
 */
public final class CompareMagics implements MagicExtension {
    @Override
    public void register(MagicRegistry registry, KernelHost host) {
        CompareApi api = new CompareApi();
        host.bind("compare", CompareApi.class, api);
        registry.register(new CompareMagic(api, host.workDir().resolve("compare")).magic());
    }
}
