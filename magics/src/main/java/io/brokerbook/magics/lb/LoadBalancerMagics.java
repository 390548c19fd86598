package io.brokerbook.magics.lb;

import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lb.LoadBalancer;
import io.brokerbook.cluster.lb.ServiceFleet;
import io.brokerbook.magics.KernelHost;
import io.brokerbook.magics.Magic;
import io.brokerbook.magics.MagicExtension;
import io.brokerbook.magics.MagicRegistry;

/**
 * The load-balancing pack: {@code %lb} (the {@link LoadBalancer} lab component), {@code %service} (the demo
 * services, which live as long as the kernel) and {@code %http}; Java cells get all three as {@code lb}
 * ({@link LoadBalancerApi}). Nothing starts until a magic runs; everything stops when the kernel shuts down.
 */
public final class LoadBalancerMagics implements MagicExtension {
    @Override
    public void register(MagicRegistry registry, KernelHost host) {
        LabSlot<LoadBalancer> slot = host.lab().register(LoadBalancer.KIND,
            "the load balancer is not running; start it with %lb start");
        LoadBalancerApi lb = new LoadBalancerApi(slot, new ServiceFleet());
        host.onShutdown(lb::shutdown);
        host.bind("lb", LoadBalancerApi.class, lb);
        registry.register(Magic.of(LbMagic.SPEC, new LbMagic(lb), null));
        registry.register(Magic.of(ServiceMagic.SPEC, new ServiceMagic(lb), null));
        registry.register(Magic.of(HttpMagic.SPEC, new HttpMagic(lb), null));
    }
}
