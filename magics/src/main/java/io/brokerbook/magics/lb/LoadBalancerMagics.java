package io.brokerbook.magics.lb;

import io.brokerbook.cluster.lb.LoadBalancerLab;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;

/**
 * The load-balancing pack: {@code %lb}, {@code %service} and {@code %http}, all driving one
 * {@link LoadBalancerLab} per kernel, which Java cells also get as {@code lb}. Nothing starts
 * until a magic runs; the lab is closed when the kernel shuts down.
 */
public final class LoadBalancerMagics implements MagicExtension {
    @Override
    public void register(MagicRegistry registry, KernelHost host) {
        LoadBalancerLab lab = new LoadBalancerLab();
        host.onShutdown(lab);
        host.bind("lb", LoadBalancerLab.class, lab);
        registry.register(Magic.of(LbMagic.SPEC, new LbMagic(lab), null));
        registry.register(Magic.of(ServiceMagic.SPEC, new ServiceMagic(lab), null));
        registry.register(Magic.of(HttpMagic.SPEC, new HttpMagic(lab), null));
    }
}
