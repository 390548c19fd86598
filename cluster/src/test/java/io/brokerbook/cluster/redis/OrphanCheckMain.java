package io.brokerbook.cluster.redis;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link RedisLabShutdownTest}: starts a lab (jar binary), prints the
 * server's pid and run dir, then exits ({@code exit}) or waits to be killed ({@code wait})
 * without ever calling stop().
 */
public final class OrphanCheckMain {
    private OrphanCheckMain() {
    }

    public static void main(String[] args) throws Exception {
        RedisLab lab = RedisLab.start(RedisServerOptions.defaults().withSearchPath("").withWorkDir(Path.of(args[1]))
            .withPort(Integer.parseInt(args[2])));
        System.out.println("pid=" + lab.pid().orElseThrow() + " dir=" + lab.runDir().orElseThrow());
        System.out.flush();
        if (args[0].equals("wait")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        System.exit(0);
    }
}
