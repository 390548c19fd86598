"""The %nats and %mqtt magics through the real kernel: Debian's nats-server and mosquitto as the lab's children;
the MQTT tests run again on the in-JVM broker (HiveMQ CE in a child JVM, %mqtt start --server hivemq)."""
import os
import re
import socket
import subprocess
import tempfile
import threading
import time

import pytest

from conftest import Kernel, lab_row, one_line_error, require_tool, sbin_which, start_kernel, stop_kernel

NATS_STARTED = re.compile(r"NATS \S+ started on 127\.0\.0\.1:(\d+) \(pid (\d+), .*ready in (\d+) ms\)")
MQTT_STARTED = re.compile(r"(mosquitto|HiveMQ CE) \S+ started on 127\.0\.0\.1:(\d+) \(pid (\d+), ready in (\d+) ms\)")
# what %mqtt status shows of each kind of broker
MQTT_IMPLEMENTATION = {"mosquitto": "mosquitto 2.", "hivemq": "HiveMQ CE 2025.5 (in-JVM broker"}


def table_text(r, title):
    """text/plain of the table whose HTML caption is `title`: its header line, then one line per row."""
    for m in r.of("display_data"):
        data = m["content"]["data"]
        if "<table" in data.get("text/html", "") and f">{title}<" in data["text/html"]:
            return data["text/plain"]
    raise AssertionError(f"no {title!r} table in {[m['content']['data'].get('text/html') for m in r.of('display_data')]}")


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def complete(k, code):
    return k.request("shell", "complete_request", {"code": code, "cursor_pos": len(code)}, 30)["content"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NatsPublisher:
    """Publishes `payload` to `subject` every 100 ms over NATS's text protocol until stopped (the kernel is busy)."""

    def __init__(self, port, subject, payload):
        self.stop_flag = threading.Event()
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.recv(4096)  # INFO
        self.sock.sendall(b"CONNECT {\"verbose\":false}\r\n")
        data = payload.encode()
        frame = f"PUB {subject} {len(data)}\r\n".encode() + data + b"\r\n"
        self.thread = threading.Thread(target=self._run, args=(frame,), daemon=True)
        self.thread.start()

    def _run(self, frame):
        while not self.stop_flag.is_set():
            self.sock.sendall(frame)
            time.sleep(0.1)

    def close(self):
        self.stop_flag.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def kernel():
    require_tool(sbin_which("nats-server"), "nats-server is not installed (apt-get install nats-server)")
    require_tool(sbin_which("mosquitto"), "mosquitto is not installed (apt-get install mosquitto)")
    k = start_kernel()
    yield k
    stop_kernel(k)


# ---- NATS -------------------------------------------------------------------------------------------

def nats_start(k, args=""):
    r = k.ok(f"%nats start {args}".strip(), timeout=60)
    m = NATS_STARTED.search(r.stdout)
    assert m, r.stdout
    print(f"\n%nats start {args}: nats-server ready in {m.group(3)} ms")
    return int(m.group(1)), int(m.group(2)), r.stdout


def test_nats_not_running_is_one_line(kernel: Kernel):
    assert one_line_error(kernel.execute("%nats pub a b")) == \
        "No NATS server: run %nats start (or %nats connect nats://127.0.0.1:4222) first."


def test_nats_core_pub_sub_queue_and_status(kernel: Kernel):
    port, pid, out = nats_start(kernel)
    if port != 4222:
        assert out.startswith(f"Port 4222 is in use by another process; using {port}.\n"), out
    assert "Core NATS only: add --jetstream" in out
    status = table_text(kernel.ok("%nats status"), "nats")
    assert "running" in status and f"nats://127.0.0.1:{port}" in status and "nats-server 2." in status, status
    assert re.match(rf"nats\s+running\s+nats://127\.0\.0\.1:{port}\s", lab_row(kernel, "nats")), lab_row(kernel, "nats")

    assert kernel.ok("%nats pub orders.new hola mundo").stdout == 'Published 10 bytes to "orders.new"\n'
    pub = NatsPublisher(port, "orders.paid", "pagado")
    try:
        r = kernel.ok("%nats sub 'orders.*' --max-messages 2", timeout=30)
        assert r.stdout.startswith("Subscribing on orders.* (at most 2 messages)\n"), r.stdout
        assert r.stdout.count('Received on "orders.paid"\npagado\n') == 2, r.stdout
        r = kernel.ok("%nats sub orders.> --queue workers --count 1", timeout=30)
        assert "in queue group workers" in r.stdout and "[#1] Received on \"orders.paid\"" in r.stdout, r.stdout
    finally:
        pub.close()
    r = kernel.ok("%nats sub quiet.subject --timeout-ms 300", timeout=30)
    assert r.stdout.endswith("0 messages; no more within 300 ms.\n"), r.stdout

    r = kernel.ok("%%nats pub orders.batch\nuno\ndos\n")
    assert r.stdout == 'Published 2 messages (6 bytes) to "orders.batch"\n', r.stdout
    line = one_line_error(kernel.execute("%nats stream ls"))
    assert line.startswith("JetStream is not enabled on nats://127.0.0.1:") and "%nats start --jetstream" in line, line


def test_nats_bad_input_is_one_line_each(kernel: Kernel):
    assert "wildcards" in one_line_error(kernel.execute("%nats pub 'orders.*' x"))
    assert "empty token" in one_line_error(kernel.execute("%nats sub 'orders..new' --max-messages 1"))
    assert "last token" in one_line_error(kernel.execute("%nats sub 'a.>.b' --max-messages 1"))
    assert "--max-messages expects a whole number" in one_line_error(kernel.execute("%nats sub a --max-messages lots"))
    assert "already running" in one_line_error(kernel.execute("%nats start"))
    assert kernel.ok("%nats pub still.alive yes").stdout.startswith("Published")


def test_nats_jetstream_streams_and_consumers(kernel: Kernel, tmp_path):
    kernel.ok("%nats stop", timeout=60)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        line = one_line_error(kernel.execute(f"%nats start --jetstream --port {taken.getsockname()[1]}"))
        assert line.startswith(f"Port {taken.getsockname()[1]} on 127.0.0.1 is already in use"), line
    data = tmp_path / "js"
    port, _, out = nats_start(kernel, f"--data-dir {data}")
    assert "JetStream store: " in out, out
    t = table_text(kernel.ok("%nats stream add ORDERS --subjects 'orders.>' --storage file"), "stream ORDERS")
    assert "ORDERS" in t and "orders.>" in t and "file" in t, t
    kernel.ok("%%nats pub orders.new\npedido 1\npedido 2\npedido 3\n")
    info = table_text(kernel.ok("%nats stream info ORDERS"), "stream ORDERS")
    header, row = info.splitlines()[0:2]
    assert header.split()[:7] == ["NAME", "SUBJECTS", "STORAGE", "RETENTION", "MAX-MESSAGES", "MESSAGES", "BYTES"], header
    assert row.split()[5] == "3", info
    assert "ORDERS" in table_text(kernel.ok("%nats stream ls"), "streams")

    c = table_text(kernel.ok("%nats consumer add ORDERS billing --ack explicit --wait 1s"), "consumer billing")
    assert "explicit" in c and " 1s " in c, c
    r = kernel.ok("%nats consumer next ORDERS billing --no-ack")
    assert "pedido 1" in table_text(r, "1 messages, not acknowledged")
    time.sleep(1.5)  # past AckWait: pedido 1 is redelivered
    r = kernel.ok("%nats consumer next ORDERS billing --count 3")
    t = table_text(r, "3 messages, acknowledged")
    rows = t.splitlines()[1:]
    assert [row.split()[2:4] for row in rows] == [["pedido", "1"], ["pedido", "2"], ["pedido", "3"]], t
    assert rows[0].split()[5] == "2", "delivered twice: " + t
    info = table_text(kernel.ok("%nats consumer info ORDERS billing"), "consumer billing")
    assert info.splitlines()[0].split()[-3:] == ["PENDING", "ACK-PENDING", "REDELIVERED"], info
    assert info.splitlines()[1].split()[-3:] == ["0", "0", "0"], info
    assert "billing" in table_text(kernel.ok("%nats consumer ls ORDERS"), "consumers of ORDERS")
    assert "ORDERS" in complete(kernel, "%nats stream info OR")["matches"]
    assert "billing" in complete(kernel, "%nats consumer next ORDERS bi")["matches"]
    assert "at least 1s" in one_line_error(kernel.execute("%nats consumer next ORDERS billing --wait 200ms"))
    r = kernel.ok("%nats consumer next ORDERS billing --wait 1s")
    assert r.stdout == "No message within 1s (nothing pending for billing).\n", r.stdout

    assert one_line_error(kernel.execute("%nats stream info NOPE")).startswith("Cannot read stream NOPE: stream not found")
    assert "Bad duration 'soon'" in one_line_error(kernel.execute("%nats consumer add ORDERS x --wait soon"))
    assert "Bad stream name" in one_line_error(kernel.execute("%nats stream add bad.name --subjects x"))

    out = kernel.ok("%nats stop", timeout=60).stdout
    assert out.startswith(f"NATS on 127.0.0.1:{port} stopped; JetStream store kept in "), out
    nats_start(kernel, f"--data-dir {data}")
    info = table_text(kernel.ok("%nats stream info ORDERS"), "stream ORDERS")
    assert info.splitlines()[1].split()[5] == "3", "the stream survived the restart: " + info
    kernel.ok("%nats stop", timeout=60)


def test_nats_connect_to_an_existing_server(kernel: Kernel):
    port = free_port()
    with tempfile.TemporaryDirectory() as d:
        server = subprocess.Popen([sbin_which("nats-server"), "-a", "127.0.0.1", "-p", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=d)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline
                    time.sleep(0.05)
            r = kernel.ok(f"%nats connect nats://127.0.0.1:{port}")
            assert r.stdout.startswith(f"Connected to nats://127.0.0.1:{port} (NATS 2."), r.stdout
            assert kernel.ok("%nats pub x.y z").stdout == 'Published 1 bytes to "x.y"\n'
            assert "connected" in table_text(kernel.ok("%nats status"), "nats")
            assert kernel.ok("%nats stop").stdout == \
                f"Disconnected from nats://127.0.0.1:{port} (that server keeps running).\n"
            assert server.poll() is None
        finally:
            server.terminate()
            server.wait()
    assert "Bad NATS URL" in one_line_error(kernel.execute("%nats connect http://127.0.0.1:4222"))


# ---- MQTT -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["mosquitto", "hivemq"])
def mqtt_kind(request):
    """Which broker %mqtt start runs: pytest runs all MQTT tests of one kind, then all of the other."""
    return request.param


def mqtt_start(k, kind, args=""):
    r = k.ok(f"%mqtt start --server {kind} {args}".strip(), timeout=240)
    m = MQTT_STARTED.search(r.stdout)
    assert m, r.stdout
    assert m.group(1) == ("HiveMQ CE" if kind == "hivemq" else "mosquitto"), r.stdout
    print(f"\n%mqtt start --server {kind} {args}: {m.group(1)} ready in {m.group(4)} ms")
    return int(m.group(2)), int(m.group(3)), r.stdout


def test_mqtt_not_running_is_one_line(kernel: Kernel, mqtt_kind):
    assert one_line_error(kernel.execute("%mqtt pub a b")) == \
        "No MQTT broker: run %mqtt start (or %mqtt connect tcp://127.0.0.1:1883) first."


def test_mqtt_pub_sub_retained_wildcards_and_persistent_sessions(kernel: Kernel, mqtt_kind):
    port, pid, out = mqtt_start(kernel, mqtt_kind)
    if port != 1883:
        assert out.startswith(f"Port 1883 is in use by another process; using {port}.\n"), out
    status = table_text(kernel.ok("%mqtt status"), "mqtt")
    assert "running" in status and f"tcp://127.0.0.1:{port}" in status and MQTT_IMPLEMENTATION[mqtt_kind] in status, status
    assert re.match(rf"mqtt\s+running\s+tcp://127\.0\.0\.1:{port}\s", lab_row(kernel, "mqtt")), lab_row(kernel, "mqtt")

    r = kernel.ok("%mqtt pub sensors/kitchen/temp --qos 1 --retain 21.5")
    assert r.stdout == 'Published 4 bytes to "sensors/kitchen/temp" (QoS 1, retained)\n', r.stdout
    r = kernel.ok("%mqtt sub 'sensors/+/temp' --qos 1 --max-messages 1", timeout=30)
    assert r.stdout == "Subscribed to sensors/+/temp (QoS 1)\nsensors/kitchen/temp 21.5  (retained)\n", r.stdout
    r = kernel.ok("%mqtt sub 'sensors/#' -C 5 --timeout-ms 300", timeout=30)
    assert r.stdout.endswith("1 messages; no more within 300 ms.\n"), r.stdout

    r = kernel.ok("%mqtt sub jobs --qos 1 --client-id worker-1 --no-clean-session --timeout-ms 100", timeout=30)
    assert "persistent session" in r.stdout, r.stdout
    r = kernel.ok("%%mqtt pub jobs --qos 1\njob 1\njob 2\njob 3\n")
    assert r.stdout == 'Published 3 messages (15 bytes) to "jobs" (QoS 1)\n', r.stdout
    r = kernel.ok("%mqtt sub jobs --qos 1 -i worker-1 -c --max-messages 3", timeout=30)
    assert r.stdout.splitlines()[1:] == ["jobs job 1", "jobs job 2", "jobs job 3"], r.stdout
    r = kernel.ok("%mqtt sub jobs --qos 1 --timeout-ms 200", timeout=30)
    assert r.stdout.endswith("0 messages; no more within 200 ms.\n"), "QoS 0/1 messages are not kept for new subscribers"


def test_mqtt_bad_input_is_one_line_each(kernel: Kernel, mqtt_kind):
    assert one_line_error(kernel.execute("%mqtt pub a/b --qos 3 x")).startswith("Invalid QoS 3: use 0")
    assert "wildcards" in one_line_error(kernel.execute("%mqtt pub 'a/+' x"))
    assert "# must be a whole level" in one_line_error(kernel.execute("%mqtt sub 'a/#/b' --timeout-ms 10"))
    assert "needs a --client-id" in one_line_error(kernel.execute("%mqtt sub a --no-clean-session --timeout-ms 10"))
    assert "already running" in one_line_error(kernel.execute("%mqtt start"))
    assert "first line takes only the topic" in one_line_error(kernel.execute("%%mqtt pub a b\nc\n"))
    assert one_line_error(kernel.execute("%mqtt start --server rabbit")) == \
        "Unknown MQTT server 'rabbit': use mosquitto or hivemq."
    assert kernel.ok("%mqtt pub still/alive yes").stdout.startswith("Published")


def test_mqtt_data_dir_keeps_retained_messages_and_port_taken_is_refused(kernel: Kernel, mqtt_kind, tmp_path):
    kernel.ok("%mqtt stop", timeout=60)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        line = one_line_error(kernel.execute(f"%mqtt start --server {mqtt_kind} --port {taken.getsockname()[1]}"))
        assert line.startswith(f"Port {taken.getsockname()[1]} on 127.0.0.1 is already in use"), line
    data = tmp_path / "mqtt"
    mqtt_start(kernel, mqtt_kind, f"--data-dir {data}")
    kernel.ok("%mqtt pub config/mode --qos 1 --retain eco")
    out = kernel.ok("%mqtt stop", timeout=60).stdout
    assert "; data kept in " in out, out
    mqtt_start(kernel, mqtt_kind, f"--data-dir {data}")
    r = kernel.ok("%mqtt sub 'config/#' --max-messages 1", timeout=30)
    assert r.stdout.endswith("config/mode eco  (retained)\n"), r.stdout
    kernel.ok("%mqtt stop", timeout=60)


def test_mqtt_connect_to_an_existing_broker(kernel: Kernel):
    port = free_port()
    with tempfile.TemporaryDirectory() as d:
        conf = os.path.join(d, "m.conf")
        with open(conf, "w") as f:
            f.write(f"listener {port} 127.0.0.1\nallow_anonymous true\nuser {os.environ.get('USER', 'root')}\n")
        broker = subprocess.Popen([sbin_which("mosquitto"), "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline
                    time.sleep(0.05)
            assert kernel.ok(f"%mqtt connect tcp://127.0.0.1:{port}").stdout == f"Connected to tcp://127.0.0.1:{port}.\n"
            kernel.ok("%mqtt pub here/now --retain 1")
            assert kernel.ok("%mqtt sub here/now --max-messages 1").stdout.endswith("here/now 1  (retained)\n")
            assert kernel.ok("%mqtt stop").stdout == \
                f"Disconnected from tcp://127.0.0.1:{port} (that broker keeps running).\n"
        finally:
            broker.terminate()
            broker.wait()
    assert "Bad MQTT URL" in one_line_error(kernel.execute("%mqtt connect http://x:1"))


# ---- Redis Streams ----------------------------------------------------------------------------------

def test_redis_streams_consumer_groups_as_tables(kernel: Kernel):
    kernel.ok("%redis start", timeout=120)
    try:
        r = kernel.ok("%%redis\nXADD orders * item libro\nXADD orders * item lapiz\nXADD orders * item goma\n"
                      "XGROUP CREATE orders billing 0\nXGROUP CREATE orders shipping 0\n")
        assert r.stdout.count('"OK"') == 0 and r.stdout.count("OK") == 2, r.stdout
        r = kernel.ok("%redis XREADGROUP GROUP billing ana COUNT 2 STREAMS orders >")
        assert '"libro"' in r.stdout and '"lapiz"' in r.stdout and '"goma"' not in r.stdout, r.stdout
        assert kernel.ok("%redis XPENDING orders billing").stdout.startswith("1) (integer) 2\n")

        r = kernel.ok("%redis-groups orders")
        groups = table_text(r, "consumer groups of orders")
        header, *rows = groups.splitlines()
        assert header.split() == ["STREAM", "GROUP", "CONSUMERS", "PENDING", "LAST-DELIVERED-ID", "LAG"], groups
        by_group = {row.split()[1]: row.split() for row in rows}
        assert by_group["billing"][2:4] == ["1", "2"] and by_group["billing"][5] == "1", groups
        assert by_group["shipping"][2:4] == ["0", "0"] and by_group["shipping"][5] == "3", groups
        consumers = table_text(r, "consumers of orders").splitlines()
        assert consumers[0].split() == ["GROUP", "CONSUMER", "PENDING", "IDLE-MS"] and consumers[1].split()[:3] == ["billing", "ana", "2"]

        assert "not a stream" in one_line_error(kernel.execute("%%redis\nSET plain 1\n") and kernel.execute("%redis-groups plain"))
        assert "not a key" in one_line_error(kernel.execute("%redis-groups nothing-here"))
    finally:
        kernel.ok("%redis stop", timeout=60)


# ---- interrupting a subscription --------------------------------------------------------------------

@pytest.mark.parametrize("kind,sub,pub", [
    ("nats", "%nats sub waiting.forever", "%nats pub after.interrupt yes"),
    ("mqtt", "%mqtt sub waiting/forever --qos 1", "%mqtt pub after/interrupt yes"),
])
def test_interrupting_a_subscription_ends_it_and_the_server_serves_on(kernel: Kernel, kind, sub, pub):
    kernel.execute(f"%{kind} stop", timeout=60)
    kernel.ok(f"%{kind} start", timeout=60)
    threads = ('Thread.getAllStackTraces().keySet().stream().map(Thread::getName)'
               '.filter(n -> n.matches("(?i).*(mqtt|nats|paho).*")).sorted().toList()')
    try:
        before = kernel.ok(threads).result_text
        msg_id = kernel.kc.execute(sub)
        time.sleep(1.5)  # subscribed and waiting
        t = time.monotonic()
        kernel.request("control", "interrupt_request", {})
        reply = kernel.shell_reply(msg_id, timeout=30)
        elapsed = time.monotonic() - t
        kernel.collect(msg_id)
        assert reply["content"]["status"] == "error" and elapsed < 5, (reply["content"], elapsed)
        assert reply["content"]["ename"] == "Interrupted", reply["content"]
        assert kernel.ok(pub).stdout.startswith("Published")
        assert re.match(rf"{kind}\s+running\s", lab_row(kernel, kind))
        after = [None]

        def same_threads():
            after[0] = kernel.ok(threads).result_text
            return after[0] == before

        assert wait_until(same_threads, timeout=10), f"the subscriber's threads are gone: {before} -> {after[0]}"
    finally:
        kernel.ok(f"%{kind} stop", timeout=60)
