"""The RabbitMQ magics on the in-JVM fallback, Qpid Broker-J: the kernel runs with rabbitmq-server hidden from PATH."""
import glob
import os
import re
import shutil
from collections import Counter

import pytest

import procinfo
from conftest import require_tool, start_kernel, stop_kernel
from test_rabbitmq_magics import as_dicts, one_line_error, table

STARTED = re.compile(r"Qpid Broker-J 9\.2\.\d+ \(AMQP 0-9-1 fallback, (?P<store>memory|Derby) store, child JVM on Java "
                     r"(?P<java>\d+)[\d.]*\) started on amqp://127\.0\.0\.1:(?P<port>\d+)/ in [\d.]+ s "
                     r"\(pid (?P<pid>\d+), java (?P<home>\S+): [^)]*\)(; no rabbitmq-server on PATH)?\.")
# 127.0.0.1, ::1, and ::ffff:127.0.0.1 (the JVM binds 127.0.0.1 on a dual-stack socket) as /proc/net/tcp{,6} show them
LOOPBACK = ("0100007F", "00000000000000000000000001000000", "0000000000000000FFFF00000100007F")


def jdk_homes(lowest, highest):
    """JDK homes under /usr/lib/jvm whose release file says a Java version in [lowest, highest]."""
    found = []
    for home in sorted(glob.glob("/usr/lib/jvm/*")):
        try:
            release = open(os.path.join(home, "release")).read()
        except OSError:
            continue
        m = re.search(r'^JAVA_VERSION="(\d+)', release, re.M)
        if m and lowest <= int(m.group(1)) <= highest and os.access(os.path.join(home, "bin", "java"), os.X_OK):
            found.append(home)
    return found


def qpid_env():
    """The kernel as installed (install.sh picks the newest JDK, e.g. Temurin 25), with rabbitmq-server hidden."""
    require_tool(jdk_homes(17, 23), "no Java 17-23 under /usr/lib/jvm for Qpid Broker-J (apt-get install openjdk-17-jre-headless)")
    return {"PATH": path_without_rabbitmq()}


def path_without_rabbitmq():
    """PATH minus every directory with a rabbitmq-server in it."""
    dirs = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not os.path.exists(os.path.join(d, "rabbitmq-server"))]
    return os.pathsep.join(dirs)


@pytest.fixture(scope="module")
def qpid(tmp_path_factory):
    env = qpid_env()
    assert shutil.which("rabbitmq-server", path=env["PATH"]) is None
    k = start_kernel(env=env)
    data = tmp_path_factory.mktemp("qpid") / "data"
    r = k.ok(f"%rabbitmq start --data-dir {data}", timeout=180)
    m = STARTED.search(r.stdout)
    assert m and m.group("store") == "Derby", r.stdout
    assert 17 <= int(m.group("java")) <= 23, r.stdout
    yield k, int(m.group("port")), data
    stop_kernel(k)


def test_start_says_qpid_runs_in_a_child_jvm_on_java_17_to_23_on_loopback_only(qpid):
    k, port, _ = qpid
    kernel_java = int(k.ok("Runtime.version().feature()").result_text.strip())
    print(f"\nthe kernel runs Java {kernel_java}")
    pid = int(k.ok("rabbit.lab().pid().orElseThrow()").result_text.strip().rstrip("L"))
    assert pid in procinfo.descendants(k.pid) and open(f"/proc/{pid}/comm").read().strip() == "java"
    sockets = procinfo.listening(procinfo.socket_inodes(pid))
    assert port in sockets.values(), sockets
    assert port not in procinfo.listening(procinfo.socket_inodes(k.pid)).values(), "not in the kernel's JVM"
    for line in open("/proc/net/tcp").read().splitlines()[1:] + open("/proc/net/tcp6").read().splitlines()[1:]:
        f = line.split()
        if f[3] == "0A" and int(f[1].split(":")[1], 16) == port:
            assert f[1].split(":")[0] in LOOPBACK, f"not loopback: {f[1]}"
    status = as_dicts(table(k.ok("%rabbitmq status")))
    assert status[0]["STATE"] == "running" and status[0]["SERVER"].startswith("Qpid Broker-J 9.2"), status
    assert "child JVM on Java 1" in status[0]["SERVER"] or "child JVM on Java 2" in status[0]["SERVER"], status
    assert f"pid {pid}, java /" in status[0]["DETAIL"], status
    line = one_line_error(k.execute("%rabbitmq start --port 1"))
    assert "already running" in line, line


def test_routing_and_the_rabbitmqctl_tables_from_qpids_model(qpid):
    k = qpid[0]
    k.ok("%rabbitmq declare exchange purchases --type fanout")
    for q in ("billing", "shipping"):
        k.ok(f"%rabbitmq declare queue {q}")
        k.ok(f"%rabbitmq bind {q} purchases")
    rows = as_dicts(table(k.ok("%%rabbitmq publish --exchange purchases --confirm\norder-1\norder-2\norder-3")))
    assert [r["RESULT"] for r in rows] == ["confirmed"] * 3, rows
    r = k.ok("%rabbitmqctl list_queues name messages messages_ready consumers memory")
    assert "not reported by Qpid" in r.stdout, r.stdout
    queues = {q["name"]: q for q in as_dicts(table(r))}
    assert queues["billing"]["messages"] == "3" and queues["shipping"]["messages_ready"] == "3", queues
    assert queues["billing"]["memory"] == "-", "Qpid does not report it: nothing invented"
    bindings = as_dicts(table(k.ok("%rabbitmqctl list_bindings")))
    assert any(b["source_name"] == "purchases" and b["destination_name"] == "billing" for b in bindings), bindings
    assert {"name": "purchases", "type": "fanout"} in as_dicts(table(k.ok("%rabbitmqctl list_exchanges")))
    connections = as_dicts(table(k.ok("%rabbitmqctl list_connections")))
    assert connections[0]["user"] == "guest" and connections[0]["peer_host"] == "127.0.0.1", connections
    k.ok('var held = rabbit.channel(); held.basicConsume("shipping", false, "watcher", new com.rabbitmq.client.DefaultConsumer(held));')
    consumers = as_dicts(table(k.ok("%rabbitmqctl list_consumers")))
    assert any(c["queue_name"] == "shipping" and c["consumer_tag"] == "watcher" and c["prefetch_count"] == "-"
               for c in consumers), consumers
    k.ok("held.close();")
    got = as_dicts(table(k.ok("%rabbitmq consume billing --max-messages 3")))
    assert [g["BODY"] for g in got] == ["order-1", "order-2", "order-3"] and {g["ACK"] for g in got} == {"acked"}


def test_a_consumer_that_dies_without_acking_loses_nothing(qpid):
    k = qpid[0]
    k.ok("%rabbitmq declare queue work")
    bodies = [f"job-{i}" for i in range(30)]
    k.ok("%%rabbitmq publish --routing-key work --confirm\n" + "\n".join(bodies))
    r = k.ok("%rabbitmq consume work --consumers 2 --prefetch 10 --crash-after 5 --timeout-ms 1500")
    rows = as_dicts(table(r))
    acked = Counter(row["BODY"] for row in rows if row["ACK"] == "acked")
    assert set(acked) == set(bodies) and set(acked.values()) == {1}, "0 lost, 0 duplicated among acked"
    assert len([row for row in rows if row["CONSUMER"] == "1" and row["ACK"] != "acked"]) == 5
    assert any(row["REDELIVERED"] == "true" for row in rows if row["ACK"] == "acked")
    queues = {q["name"]: q for q in as_dicts(table(k.ok("%rabbitmqctl list_queues name messages messages_unacknowledged")))}
    assert queues["work"]["messages"] == "0" and queues["work"]["messages_unacknowledged"] == "0"


def test_ttl_and_dead_letters_are_refused_in_one_line_and_the_connection_lives_on(qpid):
    k = qpid[0]
    k.ok("%rabbitmq declare queue steady")
    k.ok('var open = rabbit.channel();')
    line = one_line_error(k.execute("%rabbitmq declare queue cart --ttl 100 --dead-letter-exchange dead"))
    assert "Qpid Broker-J" in line and "x-message-ttl" in line and "connection stays open" in line, line
    assert k.ok("open.isOpen()").result_text.strip() == "true", "a channel of the lab's connection survives"
    k.ok('open.basicPublish("", "steady", null, "still here".getBytes()); open.close();')
    got = as_dicts(table(k.ok("%rabbitmq get steady --ack")))
    assert got[0]["BODY"] == "still here"
    line = one_line_error(k.execute("%rabbitmq start --management"))
    assert "already running" in line, line


def test_durable_survives_stop_and_start_and_stop_leaves_no_thread_or_temp_dir(qpid):
    k, _, data = qpid
    k.ok("%rabbitmq declare queue ledger --durable")
    k.ok("%rabbitmq declare queue scratch")
    k.ok("%rabbitmq publish --routing-key ledger --persistent --confirm kept")
    k.ok("%rabbitmq publish --routing-key ledger --confirm transient-message")
    run_dir = k.ok("rabbit.lab().runDir().orElseThrow().toString()").result_text.strip().strip('"')
    assert os.path.isdir(run_dir), run_dir
    pid = int(k.ok("rabbit.lab().pid().orElseThrow()").result_text.strip().rstrip("L"))
    assert procinfo.alive(pid)
    out = k.ok("%rabbitmq stop", timeout=120).stdout
    assert "kept in" in out, out
    assert not os.path.exists(run_dir), "temp dir removed"
    assert not procinfo.alive(pid), "the child JVM ends with stop"
    r = k.ok(f"%rabbitmq start --data-dir {data}", timeout=180)
    assert STARTED.search(r.stdout), r.stdout
    queues = {q["name"]: q for q in as_dicts(table(k.ok("%rabbitmqctl list_queues name durable messages")))}
    assert queues["ledger"]["durable"] == "true" and queues["ledger"]["messages"] == "1", queues
    assert "scratch" not in queues


def test_server_option_forces_a_kind_and_management_is_refused():
    k = start_kernel(env=qpid_env())
    try:
        line = one_line_error(k.execute("%rabbitmq start --server rabbitmq"))
        assert "No rabbitmq-server" in line, line
        line = one_line_error(k.execute("%rabbitmq start --server kafka"))
        assert "use rabbitmq" in line and "qpid" in line, line
        line = one_line_error(k.execute("%rabbitmq start --management"))
        assert line.startswith("--management: Qpid Broker-J (the fallback) has no RabbitMQ management UI"), line
        r = k.ok("%rabbitmq start --server qpid", timeout=180)
        assert "Qpid Broker-J" in r.stdout and "memory store" in r.stdout, r.stdout
        assert "nothing was kept" in k.ok("%rabbitmq stop", timeout=120).stdout
    finally:
        stop_kernel(k)


def test_a_java_outside_17_to_23_for_qpid_is_refused_in_one_line():
    newer = jdk_homes(24, 99)
    require_tool(newer, "no Java 24+ under /usr/lib/jvm (install.sh's choice for the kernel, e.g. Temurin 25)")
    k = start_kernel(env={**qpid_env(), "BROKERBOOK_QPID_JAVA": newer[0]})
    try:
        before = set(procinfo.descendants(k.pid))
        line = one_line_error(k.execute("%rabbitmq start", timeout=120))
        assert line.startswith(f"Qpid Broker-J needs Java 17-23, but BROKERBOOK_QPID_JAVA={newer[0]} is Java "), line
        assert "apt-get install openjdk-17-jre-headless" in line, line
        assert [p for p in procinfo.descendants(k.pid) if p not in before and procinfo.alive(p)] == [], "nothing started"
        status = k.ok("%lab status").of("display_data")[-1]["content"]["data"]["text/plain"]
        assert re.search(r"^rabbitmq\s+stopped\s", status, re.M), status
    finally:
        stop_kernel(k)


def test_unknown_exchange_or_queue_is_one_line_and_the_lab_keeps_working(qpid):
    from test_rabbitmq_magics import unknown_names_are_one_line_and_the_lab_keeps_working
    unknown_names_are_one_line_and_the_lab_keeps_working(qpid[0])


def test_exchange_options_and_ack_modes_show_in_the_tables(qpid):
    from test_rabbitmq_magics import exchange_options_and_ack_modes
    exchange_options_and_ack_modes(qpid[0], "opt")


def test_max_length_is_refused_in_one_line_and_the_connection_lives_on(qpid):
    k = qpid[0]
    k.ok("var beforeCap = rabbit.channel();")
    line = one_line_error(k.execute("%rabbitmq declare queue capped --max-length 3"))
    assert line.startswith("Qpid Broker-J (the fallback) refused queue capped: ") and "x-max-length" in line, line
    assert "connection stays open" in line, line
    assert k.ok("beforeCap.isOpen()").result_text.strip() == "true"
    k.ok("beforeCap.close();")
    assert "capped" not in k.ok("%rabbitmqctl list_queues").of("display_data")[-1]["content"]["data"]["text/plain"]


def test_a_redeclare_with_other_arguments_is_one_line_and_the_connection_lives_on(qpid):
    k = qpid[0]
    k.ok("%rabbitmq declare exchange fixed-x --type fanout")
    k.ok("%rabbitmq declare queue fixed-q")
    k.ok("var keptOpen = rabbit.channel();")
    line = one_line_error(k.execute("%rabbitmq declare exchange fixed-x --type topic"))
    assert line.startswith("Qpid Broker-J (the fallback) refused exchange fixed-x: ") and "fanout" in line, line
    assert "the lab's connection stays open" in line, line
    line = one_line_error(k.execute("%rabbitmq declare exchange fixed-x --type fanout --durable"))
    assert line.startswith("Exchange fixed-x exists and is transient: a redeclare with --durable cannot change that"), line
    line = one_line_error(k.execute("%rabbitmq declare queue fixed-q --durable"))
    assert line.startswith("Queue fixed-q exists and is transient: ") and "406 PRECONDITION_FAILED" in line, line
    queues = {q["name"]: q for q in as_dicts(table(k.ok("%rabbitmqctl list_queues name durable")))}
    assert queues["fixed-q"]["durable"] == "false", "unchanged"
    exchanges = {x["name"]: x for x in as_dicts(table(k.ok("%rabbitmqctl list_exchanges name type durable")))}
    assert (exchanges["fixed-x"]["type"], exchanges["fixed-x"]["durable"]) == ("fanout", "false"), exchanges
    assert "declared" in k.ok("%rabbitmq declare exchange fixed-x --type fanout").stdout, "the same declaration works"
    assert "declared" in k.ok("%rabbitmq declare queue fixed-q").stdout
    assert k.ok("keptOpen.isOpen()").result_text.strip() == "true", "the lab's shared connection was never closed"
    k.ok("keptOpen.close();")


def test_purge_and_delete_queue_on_qpid(qpid):
    k = qpid[0]
    k.ok("%rabbitmq declare queue to-purge")
    k.ok("%%rabbitmq publish --routing-key to-purge --confirm\na\nb\nc")
    assert "Purged 3 messages from to-purge." in k.ok("%rabbitmq purge to-purge").stdout
    assert queues_of(k)["to-purge"]["messages"] == "0"
    k.ok("%rabbitmq publish --routing-key to-purge --confirm d")
    assert "Queue to-purge deleted (1 messages with it)." in k.ok("%rabbitmq delete queue to-purge").stdout
    assert "to-purge" not in queues_of(k)
    line = one_line_error(k.execute("%rabbitmq delete queue to-purge"))
    assert "to-purge" in line and "(404)" in line, line


def queues_of(k):
    return {q["name"]: q for q in as_dicts(table(k.ok("%rabbitmqctl list_queues name messages")))}


def test_connect_to_a_running_qpid_from_another_kernel(qpid):
    k, port, _ = qpid
    k.ok("%rabbitmq declare queue shared")
    other = start_kernel(env=qpid_env())
    try:
        line = one_line_error(other.execute(f"%rabbitmq connect amqp://guest:nope@127.0.0.1:{port}/"))
        assert "refused user 'guest': wrong user or password" in line, line
        out = other.ok(f"%rabbitmq connect amqp://guest:guest@127.0.0.1:{port}/").stdout
        assert out.startswith(f"Connected to amqp://127.0.0.1:{port}/ as guest"), out
        rows = as_dicts(table(other.ok("%rabbitmq publish --routing-key shared --confirm from-the-other-kernel")))
        assert rows[0]["RESULT"] == "confirmed", rows
        got = as_dicts(table(k.ok("%rabbitmq consume shared --max-messages 1")))
        assert [g["BODY"] for g in got] == ["from-the-other-kernel"], got
        out = other.ok("%rabbitmq stop").stdout
        assert f"Disconnected from amqp://127.0.0.1:{port}/ (that server keeps running)." in out, out
    finally:
        stop_kernel(other)
    assert "shared" in queues_of(k), "disconnecting stops nothing"


def test_perf_test_runs_against_qpid(qpid):
    k = qpid[0]
    out = k.ok("%rabbitmq-perf-test -x 1 -y 1 -s 100 -C 1000 -D 1000 -u perf-qpid -ad false", timeout=300).stdout
    stopped = next(line for line in out.splitlines() if line.startswith("test stopped ("))
    assert "Producer reached message limit" in stopped and "Consumer reached message limit" in stopped, out
    assert re.search(r"sending rate avg: \d+ msg/s", out) and re.search(r"receiving rate avg: \d+ msg/s", out), out
    assert queues_of(k)["perf-qpid"]["messages"] == "0", "every message consumed"
