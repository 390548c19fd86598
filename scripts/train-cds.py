"""Creates the kernel's AppCDS archive: runs one short kernel session that exercises JShell and the
magics with -XX:ArchiveClassesAtExit, so later kernel starts map those classes instead of loading
them (start to first kernel_info_reply and the first cell both get ~2x faster, and the first
%kafka start of a session too).

Usage: python scripts/train-cds.py ARCHIVE_PATH
"""
import os
import sys

import jupyter_client

TRAINING_CELLS = [
    "1 + 1",
    'String s = "warm"; s.length()',
    "int twice(int x) { return 2 * x; }\ntwice(21)",
    'System.out.println("hello");',
    'Table t = Table.create("t", StringColumn.create("a", "x"), IntColumn.create("b", new int[] {1}));\nt',
    "%lsmagic",
    "%help jars",
    "List.of(1, 2, 3).stream().map(i -> i * 2).toList()",
    # the Kafka lab's classes (brokers, controller, clients): the first %kafka start of a session loads fewer
    "%kafka start",
    "%kafka-topics --create --topic warmup --partitions 3 --replication-factor 3",
    "%kafka-console-producer --topic warmup hello",
    "%kafka-console-consumer --topic warmup --from-beginning --group warmup --max-messages 1 --timeout-ms 20000",
    "%kafka stop",
]


def main():
    archive = sys.argv[1]
    env = dict(os.environ)
    env["BROKERBOOK_JAVA_OPTS"] = f"-XX:ArchiveClassesAtExit={archive} " + env.get("BROKERBOOK_JAVA_OPTS", "")
    env["BROKERBOOK_CDS"] = "off"
    km = jupyter_client.KernelManager(kernel_name="brokerbook")
    km.shutdown_wait_time = 120  # writing the archive at exit takes a while; a kill would lose it
    km.start_kernel(env=env)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        for code in TRAINING_CELLS:
            kc.execute(code, reply=True, timeout=300)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()
