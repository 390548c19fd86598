"""Creates the kernel's AppCDS archive: runs one short kernel session that exercises JShell and the
magics with -XX:ArchiveClassesAtExit, so later kernel starts map those classes instead of loading
them (start to first kernel_info_reply and the first cell both get ~2x faster). The Kafka lab's
classes are left out on purpose: they would make %kafka start ~0.5 s faster but add ~40 MB to every
kernel's RSS, also in sessions that never start a cluster.

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
