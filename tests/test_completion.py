"""Completion and inspection: never empty right after start, magic names and flags, values from the running lab,
Shift+Tab on magics and Java names."""
import os
import time

import jupyter_client
import pytest

from conftest import KERNEL_NAME, Kernel, start_kernel, stop_kernel

TIMEOUT = 180


def complete(kernel: Kernel, code, cursor=None, timeout=30):
    cursor = len(code) if cursor is None else cursor
    return kernel.request("shell", "complete_request", {"code": code, "cursor_pos": cursor}, timeout)["content"]


def inspect(kernel: Kernel, code, cursor=None):
    cursor = len(code) if cursor is None else cursor
    return kernel.request("shell", "inspect_request", {"code": code, "cursor_pos": cursor, "detail_level": 0})["content"]


@pytest.mark.parametrize("attempt", [1, 2])
def test_completion_right_after_start_waits_for_jshell(attempt):
    km = jupyter_client.KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    k = Kernel(km, kc)
    try:
        kc.wait_for_ready(timeout=90)
        c = complete(k, "StringBuil", timeout=60)  # the first request of the session, before any cell ran
        assert "StringBuilder" in c["matches"], c
        assert c["cursor_start"] == 0 and c["cursor_end"] == len("StringBuil")
    finally:
        stop_kernel(k)


@pytest.mark.parametrize("first", ["cell", "completion"])
def test_packages_of_the_jdk_and_the_kernels_jars_complete_once_indexed(first):
    """JShell indexes the runtime image and the classpath for completion once the first cell has its result (or
    completion is first asked for); the jars themselves reach the compiler only as their packages are looked up."""
    k = start_kernel()
    try:
        if first == "cell":
            k.ok("1 + 1")
        wanted = {"import org.apache.kafka.clients.prod": "producer.", "import java.util.concurr": "concurrent.",
                  "import tech.tablesaw.ap": "api."}
        deadline = time.monotonic() + 120
        missing = dict(wanted)
        while missing and time.monotonic() < deadline:
            for code, package in list(missing.items()):
                if package in complete(k, code)["matches"]:
                    del missing[code]
            if missing:
                time.sleep(0.5)
        assert not missing, f"never completed: {missing}"
        # the compiler reaches a jar's classes once their package is looked up
        assert k.ok("new org.apache.kafka.clients.producer.ProducerRecord<String, String>(\"t\", \"v\").topic()").result_text \
            .strip() == 't'
    finally:
        stop_kernel(k)


def test_magic_names_and_flags_not_java_identifiers(kernel: Kernel):
    c = complete(kernel, "%kafka-topics --cr")
    assert c["matches"] == ["--create"], c
    assert c["cursor_start"] == len("%kafka-topics ")
    names = complete(kernel, "%kafka-con")["matches"]
    assert "kafka-console-consumer" in names and "kafka-consumer-groups" in names
    assert all(n.startswith("kafka-con") for n in names)
    assert complete(kernel, "%lab ")["matches"] == ["status"]  # a subcommand
    assert "lsmagic" in complete(kernel, "%help ls")["matches"]
    assert complete(kernel, "int i = 0;\n%time Math.ab")["matches"][:2] == ["abs(", "absExact("]


def test_completion_of_paths_for_load(kernel: Kernel, tmp_path):
    (tmp_path / "setup.jsh").write_text("int x = 1;\n")
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / "src").mkdir()
    c = complete(kernel, f"%load {tmp_path}/")
    assert sorted(c["matches"]) == [f"{tmp_path}/setup.jsh", f"{tmp_path}/src/"], c


def test_inspect_a_magic_shows_its_usage(kernel: Kernel):
    r = inspect(kernel, "%kafka-topics --create --topic orders", cursor=3)
    assert r["found"] is True
    assert r["data"]["text/plain"].startswith("%kafka-topics")
    assert "--partitions" in r["data"]["text/plain"]
    cell = inspect(kernel, "%%time\nint x = 1;", cursor=4)
    assert cell["found"] and "%time" in cell["data"]["text/plain"]


def jdk_ships_sources(kernel: Kernel):
    """Whether the kernel's JDK has lib/src.zip (JShell reads Javadoc from it; Debian's JDK 17 has none)."""
    home = kernel.ok('System.getProperty("java.home")').result_text
    return os.path.isfile(os.path.join(home, "lib", "src.zip"))


def test_inspect_java_names_shows_signatures_and_javadoc_where_the_jdk_has_sources(kernel: Kernel):
    r = inspect(kernel, "Math.max(1, 2)", cursor=len("Math.max("))
    assert r["found"] is True
    text = r["data"]["text/plain"]
    assert "int Math.max(int a, int b)" in text
    if jdk_ships_sources(kernel):
        assert "Returns the greater of two int values" in text and "Parameters:" in text, text
    member = inspect(kernel, '"abc".substring', cursor=len('"abc".subs'))
    assert member["found"] and "String.substring(int beginIndex)" in member["data"]["text/plain"], member
    assert inspect(kernel, "StringBuilder", cursor=5)["data"]["text/plain"].startswith("java.lang.StringBuilder")


@pytest.fixture(scope="module")
def lab():
    k = start_kernel()
    r = k.ok("%kafka start", timeout=TIMEOUT)
    assert "Bootstrap servers:" in r.stdout
    k.ok("%kafka-topics --create --topic orders --partitions 2 --replication-factor 3", timeout=TIMEOUT)
    k.ok("%kafka-topics --create --topic order-events --partitions 1 --replication-factor 1", timeout=TIMEOUT)
    k.ok("%kafka-console-producer --topic orders hola", timeout=TIMEOUT)
    k.ok("%kafka-console-consumer --topic orders --group billing --from-beginning --max-messages 1 --timeout-ms 30000",
         timeout=TIMEOUT)
    r = k.ok("%redis start", timeout=TIMEOUT)
    k.ok("%redis SET user:1 ana")
    k.ok("%redis SET user:2 luis")
    k.ok("%redis SET session:9 x")
    yield k
    stop_kernel(k)


def test_topics_after_topic_and_groups_after_group(lab: Kernel):
    c = complete(lab, "%kafka-topics --describe --topic ord")
    assert sorted(c["matches"]) == ["order-events", "orders"], c
    assert c["cursor_start"] == len("%kafka-topics --describe --topic ")
    assert complete(lab, "%kafka-consumer-groups --describe --group bi")["matches"] == ["billing"]
    assert complete(lab, "%kafka-console-consumer --topic=or")["matches"] == ["--topic=order-events", "--topic=orders"]


def test_broker_ids_after_kafka_broker_stop(lab: Kernel):
    c = complete(lab, "%kafka broker stop ")
    assert c["matches"] == ["101", "102", "103"], c


def test_redis_keys_after_a_key_command_and_commands_first(lab: Kernel):
    assert complete(lab, "%redis GET us")["matches"] == ["user:1", "user:2"]
    assert complete(lab, "%redis DEL user:1 se")["matches"] == ["session:9"]
    assert complete(lab, "%redis SET user:1 ")["matches"] == []  # a value, not a key
    first = complete(lab, "%redis ")["matches"]
    assert "start" in first and "GET" in first and "ZADD" in first
    assert "get" in complete(lab, "%redis ge")["matches"]
