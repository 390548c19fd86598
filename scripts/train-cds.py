"""Creates the kernel's start-up archive: runs one short kernel session that exercises JShell, completion,
inspection, the display API and the magics with the archive-writing JVM options install.sh passes, so later
kernel starts map those classes instead of loading them. JDK 25+: the ahead-of-time cache (-XX:AOTCacheOutput,
JEP 483/515: classes loaded and linked, plus method profiles); older JDKs: AppCDS (-XX:ArchiveClassesAtExit),
which also covers the Kafka lab. Launch to the first cell's result gets faster.

Usage: python scripts/train-cds.py ARCHIVE_PATH [JVM_OPTIONS]   (default options: AppCDS into ARCHIVE_PATH)
"""
import os
import sys

import jupyter_client

TRAINING_CELLS = [
    "1 + 1",
    'String s = "warm"; s.length()',
    "int twice(int x) { return 2 * x; }\ntwice(21)",
    'System.out.println("hello");',
    'display(html("<b>warm</b>"));\nmarkdown("**warm**")',
    "Object nothing = null;\nnothing.toString()",  # an error, in the user's terms
    "int broken = undefinedName;",  # a compile error
    'Table t = Table.create("t", StringColumn.create("a", "x"), IntColumn.create("b", new int[] {1}));\nt',
    "%time List.of(1, 2, 3).stream().map(i -> i * 2).toList()",
    "%vars",
    "%lsmagic",
    "%help jars",
]

# The Kafka lab's classes (brokers, controller, clients): with AppCDS the first %kafka start of a session loads
# fewer. Not in the AOT cache: the JVM loads and links every class of that cache at start, and Kafka's would
# double the time to the first result.
LAB_CELLS = [
    "%kafka start",
    "%kafka-topics --create --topic warmup --partitions 3 --replication-factor 3",
    "%kafka-console-producer --topic warmup hello",
    "%kafka-console-consumer --topic warmup --from-beginning --group warmup --max-messages 1 --timeout-ms 20000",
    "%kafka stop",
]

REQUESTS = [
    ("complete_request", {"code": "StringBuil", "cursor_pos": 10}),
    ("complete_request", {"code": "%kafka-topics --cr", "cursor_pos": 18}),
    ("inspect_request", {"code": "Math.max(", "cursor_pos": 9, "detail_level": 0}),
    ("is_complete_request", {"code": "for (int i = 0; i < 3; i++) {"}),
]


def main():
    archive = sys.argv[1]
    options = sys.argv[2] if len(sys.argv) > 2 else f"-XX:ArchiveClassesAtExit={archive}"
    env = dict(os.environ)
    env["BROKERBOOK_JAVA_OPTS"] = options + " " + env.get("BROKERBOOK_JAVA_OPTS", "")
    env["BROKERBOOK_CDS"] = "off"
    km = jupyter_client.KernelManager(kernel_name="brokerbook")
    km.shutdown_wait_time = 180  # writing the archive at exit takes a while; a kill would lose it
    km.start_kernel(env=env)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        for code in TRAINING_CELLS[:4]:
            kc.execute(code, reply=True, timeout=300)
        for msg_type, content in REQUESTS:
            msg = kc.session.msg(msg_type, content)
            kc.shell_channel.send(msg)
            while kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                pass
        for code in TRAINING_CELLS[4:] + ([] if "AOTCacheOutput" in options else LAB_CELLS):
            kc.execute(code, reply=True, timeout=300)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()
