"""The Kafka magics through the real kernel and jupyter_client: one 3-broker lab per module, CLI columns,
keyed partitioning, groups, --members, layout SVG, bad input, interrupting a waiting consumer."""
import re
import time

import pytest

import procinfo
from conftest import start_kernel, stop_kernel

TIMEOUT = 180


@pytest.fixture(scope="module")
def kk():
    k = start_kernel()
    r = k.ok("%kafka start", timeout=TIMEOUT)
    assert "Bootstrap servers:" in r.stdout
    yield k
    stop_kernel(k)


def displays(r, mime="text/plain"):
    """What the cell finally shows: updatable displays (progress lines) replaced by their last update."""
    shown = {}
    for i, m in enumerate(r.messages):
        if m["msg_type"] not in ("display_data", "update_display_data"):
            continue
        display_id = m["content"].get("transient", {}).get("display_id") or f"#{i}"
        if m["msg_type"] == "display_data" or display_id not in shown:
            shown.setdefault(display_id, m["content"]["data"])
        shown[display_id] = m["content"]["data"]
    return [d.get(mime) for d in shown.values() if mime in d]


def last_table(r):
    tables = displays(r)
    assert tables, (r.stdout, r.error)
    return tables[-1]


def header(table):
    return table.splitlines()[0]


def rows(table):
    return [re.split(r"\s{2,}", line.strip()) for line in table.splitlines()[1:]]


def assert_columns(table, *columns):
    h = header(table)
    for c in columns:
        assert c in h, (c, h)


def fails(k, code, *fragments):
    r = k.execute(code, timeout=TIMEOUT)
    assert r.status == "error", (code, r.stdout)
    value = r.error["evalue"]
    assert "\n" not in value.strip() and "at io.brokerbook" not in value, value
    for f in fragments:
        assert f in value, (f, value)
    return value


# murmur2 as Kafka's Utils.murmur2, to check where keyed records land without trusting the kernel
def murmur2(data: bytes) -> int:
    length = len(data)
    seed = 0x9747B28C
    m = 0x5BD1E995
    r = 24
    h = (seed ^ length) & 0xFFFFFFFF
    for i in range(length // 4):
        i4 = i * 4
        k = (data[i4] & 0xFF) + ((data[i4 + 1] & 0xFF) << 8) + ((data[i4 + 2] & 0xFF) << 16) + ((data[i4 + 3] & 0xFF) << 24)
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> r
        k = (k * m) & 0xFFFFFFFF
        h = (h * m) & 0xFFFFFFFF
        h ^= k
    rem = length % 4
    base = length & ~3
    if rem == 3:
        h ^= (data[base + 2] & 0xFF) << 16
    if rem >= 2:
        h ^= (data[base + 1] & 0xFF) << 8
    if rem >= 1:
        h ^= data[base] & 0xFF
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h & 0xFFFFFFFF


def partition_of(key: str, partitions: int) -> int:
    return (murmur2(key.encode()) & 0x7FFFFFFF) % partitions


def test_status_and_quorum(kk):
    r = kk.ok("%kafka status", timeout=TIMEOUT)
    assert re.search(r"Bootstrap servers: 127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}", r.stdout), r.stdout
    t = last_table(r)
    assert_columns(t, "ID", "HOST:PORT", "ROLE", "STATE", "LEADER-FOR", "REPLICA-OF")
    assert [row[0] for row in rows(t) if row[2] == "broker"] == ["101", "102", "103"]
    assert "<table" in displays(r, "text/html")[-1]
    q = kk.ok("%kafka-metadata-quorum --bootstrap-server localhost:9092 describe --status", timeout=TIMEOUT)
    for field in ["ClusterId", "LeaderId", "LeaderEpoch", "HighWatermark", "MaxFollowerLag", "MaxFollowerLagTimeMs",
                  "CurrentVoters", "CurrentObservers"]:
        assert field + ":" in last_table(q)
    assert "The coordinator" in kk.ok("%kafka quorum", timeout=TIMEOUT).stdout


def test_topics_create_list_describe(kk):
    r = kk.ok("%kafka-topics --create --bootstrap-server localhost:9092 --replication-factor 1 --partitions 13 --topic my-topic",
              timeout=TIMEOUT)
    assert "Created topic my-topic." in r.stdout
    assert "my-topic" in kk.ok("%kafka-topics --list --bootstrap-server localhost:9092", timeout=TIMEOUT).stdout.split()
    d = kk.ok("%kafka-topics --describe --topic my-topic", timeout=TIMEOUT)
    t = last_table(d)
    assert_columns(t, "Topic", "Partition", "Leader", "Replicas", "Isr")
    assert len(rows(t)) == 13
    old = kk.ok("%kafka-topics --create --zookeeper localhost:2181 --replication-factor 1 --partitions 1 --topic old-style",
                timeout=TIMEOUT)
    assert "--zookeeper is gone" in old.stdout and "Created topic old-style." in old.stdout


def test_keyed_records_land_on_murmur2_partition(kk):
    kk.ok("%kafka-topics --create --topic truck_coordinates --partitions 2 --replication-factor 3", timeout=TIMEOUT)
    body = "\n".join(f"{truck}:pos-{i}" for i, truck in enumerate(["123", "234", "345", "456"] * 3))
    r = kk.ok("%%kafka-console-producer --bootstrap-server localhost:9092 --topic truck_coordinates "
              "--property parse.key=true --property key.separator=:\n" + body, timeout=TIMEOUT)
    t = last_table(r)
    assert_columns(t, "Key", "Value", "Partition", "Offset")
    got = rows(t)
    assert len(got) == 12
    for key, value, partition, offset in got:
        assert int(partition) == partition_of(key, 2), (key, partition)
    assert {row[0]: row[2] for row in got} == {"123": "1", "234": "0", "345": "0", "456": "0"}
    line = kk.ok("%kafka-console-producer --topic truck_coordinates --property parse.key=true --property key.separator=: 123:hola",
                 timeout=TIMEOUT)
    assert rows(last_table(line))[0][:3] == ["123", "hola", "1"]


def test_two_groups_each_read_everything(kk):
    kk.ok("%kafka-topics --create --topic dummy_topic --partitions 3 --replication-factor 1", timeout=TIMEOUT)
    kk.ok("%%kafka-console-producer --topic dummy_topic\n" + "\n".join(f"message {i}" for i in range(9)), timeout=TIMEOUT)
    for group in ["my-first-group", "my-second-group"]:
        r = kk.ok(f"%kafka-console-consumer --bootstrap-server localhost:9092 --topic dummy_topic --from-beginning "
                  f"--group {group} --timeout-ms 3000", timeout=TIMEOUT)
        t = last_table(r)
        # as Kafka's console consumer: the value only by default
        assert t.splitlines()[0].split() == ["Value"], t
        assert sorted(l.strip() for l in t.splitlines()[1:]) == [f"message {i}" for i in range(9)], t
        assert "Processed a total of 9 messages" in r.stdout
    d = last_table(kk.ok("%kafka-consumer-groups --describe --group my-first-group", timeout=TIMEOUT))
    assert_columns(d, "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID")
    assert all(row[5] == "0" for row in rows(d)), d
    assert_columns(last_table(kk.ok("%kafka-consumer-groups --describe --group my-first-group --state", timeout=TIMEOUT)),
                   "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS")
    assert_columns(last_table(kk.ok("%kafka-consumer-groups --describe --group my-first-group --members", timeout=TIMEOUT)),
                   "GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS")
    groups = last_table(kk.ok("%kafka-consumer-groups --list", timeout=TIMEOUT))
    assert "my-first-group" in groups and "my-second-group" in groups
    reset = kk.ok("%kafka-consumer-groups --reset-offsets --group my-first-group --topic dummy_topic --to-earliest --execute",
                  timeout=TIMEOUT)
    assert_columns(last_table(reset), "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET")
    offsets = kk.ok("%kafka-get-offsets --bootstrap-server localhost:9092 --topic dummy_topic", timeout=TIMEOUT)
    lines = last_table(offsets).splitlines()
    assert all(re.fullmatch(r"dummy_topic:\d+:\d+", l) for l in lines) and sum(int(l.split(":")[2]) for l in lines) == 9
    # Java cells see the same cluster and the same group
    assert kk.ok("kafka.totalLag(\"my-first-group\")", timeout=TIMEOUT).result_text == "9"
    # as with Kafka's tool, resetting a group that does not exist yet creates its offsets
    fresh = kk.ok("%kafka-consumer-groups --reset-offsets --group brand-new --topic dummy_topic --to-latest --execute",
                  timeout=TIMEOUT)
    assert "brand-new" in last_table(fresh)
    assert kk.ok("kafka.totalLag(\"brand-new\")", timeout=TIMEOUT).result_text == "0"


def test_members_split_six_partitions_two_two_two(kk):
    kk.ok("%kafka-topics --create --topic fleet --partitions 6 --replication-factor 2", timeout=TIMEOUT)
    kk.ok("%%kafka-console-producer --topic fleet --property parse.key=true --property key.separator=:\n"
          + "\n".join(f"truck{i}:p{i}" for i in range(30)), timeout=TIMEOUT)
    r = kk.ok("%kafka-console-consumer --topic fleet --group fleet-readers --members 3 --from-beginning --timeout-ms 3000",
              timeout=TIMEOUT)
    summary = displays(r)[0]
    assert_columns(summary, "MEMBER", "CONSUMER-ID", "CLIENT-ID", "PARTITIONS", "#PARTITIONS", "#RECORDS")
    members = rows(summary)
    assert [m[-2] for m in members] == ["2", "2", "2"], summary
    assert sum(int(m[-1]) for m in members) == 30
    assigned = sorted(int(p) for m in members for p in m[-3].split(","))
    assert assigned == [0, 1, 2, 3, 4, 5]


def test_java_entry_point(kk):
    r = kk.ok('kafka.bootstrapServers()', timeout=TIMEOUT)
    assert re.fullmatch(r"'?127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}'?", r.result_text.strip('"')), r.result_text
    kk.ok('var meta = kafka.send("dummy_topic", "k", "from java");', timeout=TIMEOUT)
    t = kk.ok('kafka.read("dummy_topic", "java-group", 100)', timeout=TIMEOUT)
    assert len(rows(t.of("execute_result")[0]["content"]["data"]["text/plain"])) == 10
    lags = kk.ok('kafka.group("java-group").partitions().stream().map(p -> p.lag().orElse(-1)).toList()',
                 timeout=TIMEOUT).result_text
    assert re.fullmatch(r"\[0(, 0)*\]", lags), lags
    assert kk.ok('kafka.group("java-group").partitions().stream().mapToLong(p -> p.lag().orElse(0)).sum()',
                 timeout=TIMEOUT).result_text == "0"
    assert kk.ok('kafka.sendBulk("dummy_topic", 1000, 100).acked()', timeout=TIMEOUT).result_text == "1000"
    # typed results render as the CLI's tables (and the layout as its picture) when a cell returns them
    topics = kk.ok('kafka.topics("dummy_topic")', timeout=TIMEOUT).of("execute_result")[0]["content"]["data"]
    assert_columns(topics["text/plain"], "Topic", "Partition", "Leader", "Replicas", "Isr", "Preferred", "Status")
    assert len(rows(topics["text/plain"])) == 3 and "<table" in topics["text/html"]
    group = kk.ok('kafka.group("java-group")', timeout=TIMEOUT).of("execute_result")[0]["content"]["data"]["text/plain"]
    assert_columns(group, "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG")
    layout = kk.ok('kafka.layout("dummy_topic")', timeout=TIMEOUT).of("execute_result")[0]["content"]["data"]
    assert layout["image/svg+xml"].startswith("<svg") and "Coordinator: KRaft controller quorum" in layout["text/plain"]


def test_perf_tests(kk):
    kk.ok("%kafka-topics --create --topic perf --partitions 3 --replication-factor 1", timeout=TIMEOUT)
    p = kk.ok("%kafka-producer-perf-test --topic perf --num-records 20000 --record-size 100 --throughput -1 "
              "--producer-props bootstrap.servers=localhost:9092 acks=1", timeout=TIMEOUT)
    assert re.search(r"20000 records sent, [\d.]+ records/sec \([\d.]+ MB/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency, "
                     r"\d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99.9th\.", p.stdout), p.stdout
    # the first display: the progress line replaced by the table (a run over 5 s adds its records/s chart after it)
    assert_columns(displays(p)[0], "records sent", "records/sec", "MB/sec")
    c = kk.ok("%kafka-consumer-perf-test --bootstrap-server localhost:9092 --topic perf --messages 20000", timeout=TIMEOUT)
    assert "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec" in c.stdout
    assert_columns(last_table(c), "data.consumed.in.nMsg", "nMsg.sec", "fetch.nMsg.sec")


def test_client_options_work_or_are_refused_in_one_line(kk, tmp_path):
    kk.ok("%kafka-topics --create --topic opts --partitions 1 --replication-factor 1", timeout=TIMEOUT)
    kk.ok("%%kafka-console-producer --topic opts --property parse.key=true --property key.separator=: "
          "--property null.marker=NIL\nk1:v1\nNIL:v2", timeout=TIMEOUT)
    config = tmp_path / "consumer.properties"
    config.write_text("max.poll.records=1\n")
    r = kk.ok(f"%kafka-console-consumer --topic opts --from-beginning --timeout-ms 2000 --consumer.config {config} "
              "--property print.key=true --property print.offset=true --property key.separator=|", timeout=TIMEOUT)
    # key.separator only exists in text: the plain output is Kafka's own lines
    assert last_table(r).splitlines() == ["Offset:0|k1|v1", "Offset:1|null|v2"], last_table(r)
    m = kk.ok("%kafka-producer-perf-test --topic opts --num-records 100 --record-size 10 --throughput -1 --print-metrics",
              timeout=TIMEOUT)
    assert_columns(last_table(m), "Metric Name", "Value")
    assert "producer-metrics:record-send-total:" in last_table(m)
    fails(kk, "%kafka-console-consumer --topic opts --property print.colour=true", "print.colour")
    fails(kk, f"%kafka-console-producer --topic opts --producer.config {tmp_path}/missing.properties hi", "no such file")
    fails(kk, "%kafka start --security tls --user a --password b", "scram")


def test_bad_input_one_line_state_unchanged(kk):
    kk.ok("int kept = 42;")
    before = kk.ok("%kafka-topics --list", timeout=TIMEOUT).stdout
    fails(kk, "%kafka-topics --create --topic zero --partitions 0", "at least 1")
    fails(kk, "%kafka-topics --create --topic neg --partitions -2", "at least 1")
    fails(kk, "%kafka-topics --create --topic big --partitions 1 --replication-factor 4", "live broker")
    fails(kk, "%kafka-topics --describe --topic nope", "does not exist")
    fails(kk, "%kafka-console-consumer --topic nope --timeout-ms 100", "does not exist")
    fails(kk, "%kafka-consumer-groups --describe --group nobody", "does not exist")
    fails(kk, "%kafka-topics --lst", "unknown option '--lst'")
    fails(kk, "%kafka broker stop 999", "no broker 999")
    assert kk.ok("%kafka-topics --list", timeout=TIMEOUT).stdout == before
    assert kk.ok("kept + 1").result_text == "43"


def test_interrupt_a_waiting_consumer(kk):
    kk.ok("int before = 7;")
    msg_id = kk.kc.execute("%kafka-console-consumer --topic dummy_topic --group waiting --timeout-ms 600000")
    deadline = time.time() + 60
    seen = []
    while time.time() < deadline:  # wait until the consumer shows its "Reading ..." line
        m = kk.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        seen.append(m)
        if m["msg_type"] == "display_data" and "Reading dummy_topic" in m["content"]["data"].get("text/plain", ""):
            break
    else:
        pytest.fail("the consumer never started")
    t = time.time()
    kk.request("control", "interrupt_request", {})
    reply = kk.shell_reply(msg_id, timeout=30)
    elapsed = time.time() - t
    kk.collect(msg_id)
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupted", reply["content"]
    assert elapsed < 10, elapsed
    assert kk.ok("before * 6").result_text == "42"
    assert "Bootstrap servers" in kk.ok("%kafka status", timeout=TIMEOUT).stdout


# Kafka's client threads: the producer's sender, the classic consumer's heartbeat, the new consumer's background
# thread, the admin client's, and the --members threads of the console consumer
CLIENT_THREADS = ('Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)'
                  '.filter(n -> n.startsWith("kafka-producer-network-thread") || n.startsWith("kafka-coordinator-heartbeat")'
                  ' || n.startsWith("consumer_background_thread") || n.startsWith("kafka-admin-client-thread")'
                  ' || n.startsWith("kafka-console-consumer-")).sorted().toList()')

LONG_RUNS = {
    "console consumer": ("%kafka-console-consumer --topic interrupts --group int-console --from-beginning --timeout-ms 600000",
                         "Reading interrupts"),
    "producer perf test": ("%kafka-producer-perf-test --topic interrupts --num-records 100000000 --record-size 100 "
                           "--throughput 2000 --producer-props acks=1", "records sent"),
    "consumer perf test": ("%kafka-consumer-perf-test --topic interrupts --messages 100000000 --timeout 600000 "
                           "--group int-perf", "records from interrupts"),
    "console consumer --members": ("%kafka-console-consumer --topic interrupts --group int-members --members 3 "
                                   "--from-beginning --timeout-ms 600000", "members of group int-members"),
    "kafka.readCounting in a Java cell": ('kafka.readCounting("interrupts", "int-java", Long.MAX_VALUE, 600_000)', None),
}


def wait_for_output(k, msg_id, marker, timeout=60):
    """Reads iopub until a message of `msg_id` shows `marker` (text of a stream, display or display update)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        m = k.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        if m["parent_header"].get("msg_id") != msg_id:
            k.stray.append(m)
            continue
        c = m["content"]
        text = c.get("text", "") + c.get("data", {}).get("text/plain", "")
        if marker in text:
            return
        if m["msg_type"] == "error":
            pytest.fail(f"{c['ename']}: {c['evalue']}")
    pytest.fail(f"no {marker!r} within {timeout} s")


@pytest.mark.parametrize("run", list(LONG_RUNS))
def test_interrupting_a_long_magic_leaves_no_client_thread_or_connection(kk, run):
    if "interrupts" not in kk.ok("%kafka-topics --list", timeout=TIMEOUT).stdout.split():
        kk.ok("%kafka-topics --create --topic interrupts --partitions 3 --replication-factor 1", timeout=TIMEOUT)
        kk.ok("%%kafka-console-producer --topic interrupts\n" + "\n".join(f"r{i}" for i in range(30)), timeout=TIMEOUT)
    ports = {int(p) for p in re.findall(r":(\d+)", kk.ok("kafka.bootstrapServers()").result_text)}
    threads_before = kk.ok(CLIENT_THREADS).result_text
    connections_before = procinfo.client_connections(kk.pid, ports)
    code, marker = LONG_RUNS[run]
    msg_id = kk.kc.execute(code)
    if marker:
        wait_for_output(kk, msg_id, marker)
    # the run is under way: its clients are connected to the brokers
    assert wait_until(lambda: procinfo.client_connections(kk.pid, ports) - connections_before, timeout=30), \
        "the run never connected: the check below would prove nothing"
    during = procinfo.client_connections(kk.pid, ports) - connections_before
    t = time.time()
    kk.request("control", "interrupt_request", {})
    reply = kk.shell_reply(msg_id, timeout=60)
    elapsed = time.time() - t
    kk.collect(msg_id)
    assert reply["content"]["ename"] == "Interrupted", reply["content"]
    print(f"\n{run}: interrupted in {elapsed * 1000:.0f} ms; it held {len(during)} client connection(s)")
    assert elapsed < 15, elapsed
    assert wait_until(lambda: procinfo.client_connections(kk.pid, ports) <= connections_before, timeout=10), \
        f"client connections left: {procinfo.client_connections(kk.pid, ports) - connections_before}"
    assert wait_until(lambda: kk.ok(CLIENT_THREADS).result_text == threads_before, timeout=10, step=0.5), \
        f"Kafka client threads left behind: before {threads_before}, now {kk.ok(CLIENT_THREADS).result_text}"


def wait_until(condition, timeout=30.0, step=0.05):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def test_layout_marks_the_new_leader_after_a_stop(kk):
    kk.ok("%kafka-topics --create --topic replicated --partitions 3 --replication-factor 3", timeout=TIMEOUT)
    svg = displays(kk.ok("%kafka layout --topic replicated", timeout=TIMEOUT), "image/svg+xml")[0]
    assert svg.startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
    for broker in ["101", "102", "103"]:
        assert f'data-broker="{broker}"' in svg
    assert 'moved" data-partition=' not in svg
    kk.ok("%kafka broker stop 102", timeout=TIMEOUT)
    r = kk.ok("%kafka layout --topic replicated", timeout=TIMEOUT)
    after = displays(r, "image/svg+xml")[0]
    assert 'class="broker down" data-broker="102"' in after
    assert 'leader isr moved" data-partition="replicated-' in after
    assert "leader moved from 102 to" in displays(r)[0]
    fails(kk, "%kafka broker stop 102", "already stopped")
    kk.ok("%kafka broker start 102", timeout=TIMEOUT)


def test_no_cluster_after_stop(kk):
    assert "Kafka lab stopped" in kk.ok("%kafka stop", timeout=TIMEOUT).stdout
    fails(kk, "%kafka-topics --list", "No Kafka cluster is running")
    fails(kk, "%kafka-topics --list --bootstrap-server localhost:1", "No Kafka cluster is running")
    assert kk.ok("1 + 1").result_text == "2"
