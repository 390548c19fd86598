"""Activity 1 as the class writes it: ZooKeeper first, then Kafka 3.9 brokers in ZooKeeper mode (child JVMs the
kernel owns), through the real kernel. What the znodes show when brokers register, stop and elect a controller;
persistence with both data dirs; a KRaft lab and a ZooKeeper cluster one after the other in one kernel.
Timings and memory are printed, never asserted."""
import json
import re
import socket
import time

import pytest

import procinfo
from conftest import start_kernel, stop_kernel

TIMEOUT = 300
ZK_STARTED = re.compile(r"ZooKeeper \S+ started in ([\d.]+) s on 127\.0\.0\.1:(\d+) \(pid (\d+)")
KAFKA_STARTED = re.compile(r"Kafka started in ([\d.]+) s")


@pytest.fixture(scope="module")
def k():
    kernel = start_kernel()
    yield kernel
    stop_kernel(kernel)


def one_line_error(r, *fragments):
    assert r.status == "error", r.stdout
    line = r.reply["content"]["evalue"]
    assert "\n" not in line.strip() and "at io.brokerbook" not in line, line
    for f in fragments:
        assert f in line, (f, line)
    return line


def zookeeper_start(k, args=""):
    r = k.ok(f"%zookeeper start {args}".strip(), timeout=TIMEOUT)
    m = ZK_STARTED.search(r.stdout)
    assert m, r.stdout
    return int(m.group(2)), int(m.group(3)), float(m.group(1))


def kafka_start(k, zk_port, args=""):
    r = k.ok(f"%kafka start --zookeeper localhost:{zk_port} {args}".strip(), timeout=TIMEOUT)
    m = KAFKA_STARTED.search(r.stdout)
    assert m, r.stdout
    return float(m.group(1)), r


def shell(k, command):
    return k.ok(f"%zookeeper-shell {command}", timeout=60).stdout


def resident_mb(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return total // 1024


def java_children(kernel_pid):
    return [p for p in procinfo.descendants(kernel_pid) if open(f"/proc/{p}/comm").read().strip() == "java"]


def table_text(r):
    return "\n".join(m["content"]["data"].get("text/plain", "") for m in r.of("display_data"))


def controller_of(k):
    return json.loads(shell(k, "get /controller"))["brokerid"]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_activity_single_node_with_zookeeper_and_persistence(k, tmp_path):
    zk_data, kafka_data = tmp_path / "zookeeper-data", tmp_path / "kafka-logs"
    no_zk = one_line_error(k.execute("%kafka start --zookeeper localhost:1 --brokers 1", timeout=60),
                           "No ZooKeeper answers at localhost:1")
    one_line_error(k.execute("%zookeeper-shell ls /brokers/ids"), "No ZooKeeper server: run %zookeeper start first.")

    t0 = time.monotonic()
    port, zk_pid, zk_s = zookeeper_start(k, f"--data-dir {zk_data}")
    kafka_s, r = kafka_start(k, port, f"--brokers 1 --data-dir {kafka_data}")
    ready = time.monotonic() - t0
    assert "registered in ZooKeeper 127.0.0.1:" + str(port) in r.stdout or f"localhost:{port}" in r.stdout, r.stdout
    assert shell(k, "ls /brokers/ids") == "[101]\n"
    registration = json.loads(shell(k, f"localhost:{port} get /brokers/ids/101"))
    assert registration["host"] == "127.0.0.1" and registration["endpoints"][0].startswith("PLAINTEXT://127.0.0.1:")
    assert controller_of(k) == 101

    # the class's commands, --zookeeper naming the cluster
    out = k.ok(f"%kafka-topics --create --zookeeper localhost:{port} --replication-factor 1 --partitions 1 --topic dummy_topic",
               timeout=TIMEOUT).stdout
    assert "Created topic dummy_topic." in out and "gone" not in out, out
    assert "dummy_topic" in k.ok(f"%kafka-topics --list --zookeeper localhost:{port}", timeout=TIMEOUT).stdout
    state = json.loads(shell(k, "get /brokers/topics/dummy_topic/partitions/0/state"))
    assert state["leader"] == 101 and state["isr"] == [101], state
    k.ok("%%kafka-console-producer --broker-list localhost:9092 --topic dummy_topic\n"
         + "\n".join(f"message {i}" for i in range(5)), timeout=TIMEOUT)
    for group in ["my-first-group", "my-second-group"]:
        r = k.ok(f"%kafka-console-consumer --topic dummy_topic --from-beginning --group {group} --timeout-ms 3000",
                 timeout=TIMEOUT)
        assert "Processed a total of 5 messages" in r.stdout, r.stdout
    tree = k.ok("%zookeeper tree /brokers", timeout=60).stdout
    assert re.search(r"^    101 = \{.*\}\s+\[ephemeral, owner session 0x[0-9a-f]+\]$", tree, re.M), tree
    assert re.search(r"^  topics$", tree, re.M) and re.search(r"^    dummy_topic = \{", tree, re.M), tree
    stat = shell(k, "stat /brokers/ids/101")
    assert re.search(r"^ephemeralOwner = 0x[1-9a-f][0-9a-f]*$", stat, re.M) and "numChildren = 0" in stat, stat
    one_line_error(k.execute("%zookeeper-shell get /brokers/ids/999"), "Node does not exist: /brokers/ids/999")
    one_line_error(k.execute("%zookeeper start"), "zookeeper is already running at 127.0.0.1:" + str(port))
    memory = resident_mb(java_children(k.pid))

    t1 = time.monotonic()
    k.ok("%kafka stop", timeout=TIMEOUT)
    out = k.ok("%zookeeper stop", timeout=TIMEOUT).stdout
    stopped = time.monotonic() - t1
    assert "data kept in" in out, out
    print(f"\nZooKeeper + 1 broker ready in {ready:.1f} s (ZooKeeper {zk_s:.1f} s, broker {kafka_s:.1f} s);"
          f" child JVMs {memory} MB resident; stop {stopped:.1f} s")

    # the hint's persistence: both data dirs keep the cluster, the topic, its records and the groups' offsets
    port, _, _ = zookeeper_start(k, f"--data-dir {zk_data}")
    kafka_start(k, port, f"--brokers 1 --data-dir {kafka_data}")
    assert "dummy_topic" in shell(k, "ls /brokers/topics")
    r = k.ok("%kafka-console-consumer --topic dummy_topic --group my-first-group --timeout-ms 2000", timeout=TIMEOUT)
    assert "Processed a total of 0 messages" in r.stdout, r.stdout
    r = k.ok("%kafka-console-consumer --topic dummy_topic --from-beginning --group a-new-group --timeout-ms 3000", timeout=TIMEOUT)
    assert "Processed a total of 5 messages" in r.stdout, r.stdout
    k.ok("%kafka stop", timeout=TIMEOUT)
    k.ok("%zookeeper stop", timeout=TIMEOUT)
    assert not procinfo.alive(zk_pid) and not java_children(k.pid)


def test_znodes_follow_broker_stops_and_controller_election(k):
    t0 = time.monotonic()
    port, _, _ = zookeeper_start(k)
    kafka_start(k, port, "--brokers 3")
    ready = time.monotonic() - t0
    memory = resident_mb(java_children(k.pid))
    print(f"\nZooKeeper + 3 brokers ready in {ready:.1f} s; child JVMs {memory} MB resident")
    assert shell(k, "ls /brokers/ids") == "[101, 102, 103]\n"
    k.ok("%kafka-topics --create --topic orders --partitions 3 --replication-factor 3", timeout=TIMEOUT)

    k.ok("%kafka broker stop 102", timeout=TIMEOUT)
    assert shell(k, "ls /brokers/ids") == "[101, 103]\n", "its session ended: the ephemeral znode is gone"
    assert wait_for(lambda: all(102 not in json.loads(shell(k, f"get /brokers/topics/orders/partitions/{p}/state"))["isr"]
                                for p in range(3))), [shell(k, f"get /brokers/topics/orders/partitions/{p}/state") for p in range(3)]

    controller = controller_of(k)
    quorum = k.ok("%kafka quorum", timeout=60).stdout
    assert f"broker {controller} is the controller" in quorum and "Mode: standalone" in quorum, quorum

    def moved():
        try:
            return controller_of(k) != controller
        except (AssertionError, ValueError):
            return False
    k.ok(f"%kafka broker stop {controller}", timeout=TIMEOUT)
    assert wait_for(moved), shell(k, "get /controller")
    assert str(controller) not in shell(k, "ls /brokers/ids")

    k.ok("%kafka broker start 102", timeout=TIMEOUT)
    assert "102" in shell(k, "ls /brokers/ids")
    assert "orders" in k.ok("%kafka-topics --describe --topic orders", timeout=TIMEOUT).stdout + table_text(
        k.ok("%kafka-topics --describe --topic orders", timeout=TIMEOUT))
    layout = k.ok("%kafka layout", timeout=60).of("display_data")[0]["content"]["data"]
    assert "<svg" in layout["image/svg+xml"] and f"Coordinator: ZooKeeper localhost:{port}, controller broker" in layout["text/plain"], layout
    one_line_error(k.execute("%kafka-metadata-quorum describe --status", timeout=60), "ZooKeeper mode", "no KRaft metadata quorum")

    t1 = time.monotonic()
    k.ok("%kafka stop", timeout=TIMEOUT)
    k.ok("%zookeeper stop", timeout=TIMEOUT)
    print(f"ZooKeeper + brokers stopped in {time.monotonic() - t1:.1f} s")
    assert not java_children(k.pid)


def test_kraft_lab_then_zookeeper_cluster_in_one_kernel(k):
    k.ok("%kafka start --brokers 1", timeout=TIMEOUT)
    r = k.ok("%kafka-topics --list --zookeeper localhost:2181", timeout=TIMEOUT)
    assert "--zookeeper is gone" in r.stdout, r.stdout
    one_line_error(k.execute("%zookeeper tree"), "No ZooKeeper server")
    k.ok("%kafka-topics --create --topic kraft-topic --partitions 1 --replication-factor 1", timeout=TIMEOUT)
    k.ok("%kafka stop", timeout=TIMEOUT)

    port, _, _ = zookeeper_start(k)
    one_line_error(k.execute(f"%kafka start --zookeeper localhost:{port} --controllers 3"), "--controllers is not offered")
    kafka_start(k, port, "--brokers 1")
    out = k.ok(f"%kafka-topics --create --zookeeper localhost:{port} --topic zk-topic --partitions 2 --replication-factor 1",
               timeout=TIMEOUT).stdout
    assert "Created topic zk-topic." in out
    assert "kraft-topic" not in k.ok("%kafka-topics --list", timeout=TIMEOUT).stdout
    assert "zookeeper" in k.ok("%lab status").of("display_data")[0]["content"]["data"]["text/plain"]
    k.ok("%zookeeper stop", timeout=TIMEOUT)  # the coordinator first: the brokers then have nothing to hand over to
    t0 = time.monotonic()
    k.ok("%kafka stop", timeout=TIMEOUT)
    print(f"\nBrokers without their ZooKeeper stopped in {time.monotonic() - t0:.1f} s")
    assert not java_children(k.pid)


METADATA_LOG = "controller-1/__cluster_metadata-0/00000000000000000000.log"


def test_bad_input_gives_one_line_each_and_the_servers_keep_working(k):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        one_line_error(k.execute(f"%zookeeper start --port {busy}", timeout=TIMEOUT),
                       f"Port {busy} on 127.0.0.1 is already in use")
    port, zk_pid, _ = zookeeper_start(k)
    one_line_error(k.execute("%zookeeper tree /nope"), "Node does not exist: /nope")
    one_line_error(k.execute("%zookeeper-shell stat /brokers/ids/101"), "Node does not exist: /brokers/ids/101")
    kafka_start(k, port, "--brokers 1")
    one_line_error(k.execute(f"%kafka start --zookeeper localhost:{port} --brokers 1", timeout=60), "kafka is already running")
    one_line_error(k.execute(f"%kafka-dump-log --cluster-metadata-decoder --files {METADATA_LOG}", timeout=60),
                   "ZooKeeper mode", "no __cluster_metadata log")
    one_line_error(k.execute("%kafka-dump-log --files"), "--files")
    assert shell(k, "ls /brokers/ids") == "[101]\n", "ZooKeeper and its broker keep working"
    k.ok("%kafka-topics --create --topic still-fine --partitions 1 --replication-factor 1", timeout=TIMEOUT)
    k.ok("%kafka stop", timeout=TIMEOUT)
    k.ok("%zookeeper stop", timeout=TIMEOUT)
    assert not procinfo.alive(zk_pid) and not java_children(k.pid)

    # ZooKeeper-only commands on a KRaft lab; KRaft's metadata log read with Kafka's own tool in the kernel
    k.ok("%kafka start --brokers 1", timeout=TIMEOUT)
    one_line_error(k.execute("%zookeeper-shell ls /brokers/ids"), "No ZooKeeper server: run %zookeeper start first.")
    one_line_error(k.execute("%zookeeper tree /brokers"), "No ZooKeeper server")
    k.ok("%kafka-topics --create --topic kraft-log --partitions 1 --replication-factor 1", timeout=TIMEOUT)
    r = k.ok(f"%kafka-dump-log --cluster-metadata-decoder --files {METADATA_LOG}", timeout=TIMEOUT)
    dumped = r.of("display_data")[0]["content"]["data"]["text/plain"]
    payloads = [json.loads(l.split(" payload: ", 1)[1]) for l in dumped.splitlines() if " payload: {" in l]
    assert any(p["type"] == "REGISTER_BROKER_RECORD" and p["data"]["brokerId"] == 101 for p in payloads), dumped[:2000]
    assert any(p["type"] == "TOPIC_RECORD" and p["data"]["name"] == "kraft-log" for p in payloads), dumped[:2000]
    summary = r.of("display_data")[1]["content"]["data"]["text/plain"]
    assert re.search(r"^\d+\s+1\s+RegisterBrokerRecord\s+101\s", summary, re.M), summary
    one_line_error(k.execute("%kafka-dump-log --cluster-metadata-decoder --files controller-9/x.log"),
                   "no file controller-9/x.log", METADATA_LOG)
    assert "kraft-log" in k.ok("%kafka-topics --list", timeout=TIMEOUT).stdout, "the lab keeps working"
    k.ok("%kafka stop", timeout=TIMEOUT)
