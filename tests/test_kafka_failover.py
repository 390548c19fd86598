"""Kafka's failover tools through the real kernel and jupyter_client: %kafka-configs, %kafka-leader-election,
%%kafka-reassign-partitions and the %kafka-topics health filters on one 3-broker lab; bad input is one line and
changes nothing."""
import glob
import json
import os
import re
import tempfile
import time

import pytest

from conftest import start_kernel, stop_kernel

TIMEOUT = 180


@pytest.fixture(scope="module")
def kk():
    k = start_kernel()
    r = k.ok("%kafka start", timeout=TIMEOUT)
    assert "Bootstrap servers:" in r.stdout
    yield k
    stop_kernel(k)


def tables(r):
    return [m["content"]["data"]["text/plain"] for m in r.messages
            if m["msg_type"] == "display_data" and "text/plain" in m["content"]["data"]]


def row(table, name):
    for line in table.splitlines()[1:]:
        if line.strip().startswith(name + " "):
            return re.split(r"\s{2,}", line.strip())
    raise AssertionError(f"no row {name} in\n{table}")


def fails(k, code, *fragments):
    r = k.execute(code, timeout=TIMEOUT)
    assert r.status == "error", (code, r.stdout)
    value = r.error["evalue"]
    assert "\n" not in value.strip() and "at io.brokerbook" not in value, value
    for f in fragments:
        assert f in value, (f, value)
    return value


def test_configs_marks_non_defaults_and_refuses_unknown_keys(kk):
    kk.ok("%kafka-topics --create --topic orders --partitions 2 --replication-factor 3", timeout=TIMEOUT)
    r = kk.ok("%kafka-configs --alter --entity-type topics --entity-name orders --add-config min.insync.replicas=2",
              timeout=TIMEOUT)
    assert r.stdout.strip() == "Completed updating config for topic orders."
    r = kk.ok("%kafka-configs --describe --entity-type topics --entity-name orders", timeout=TIMEOUT)
    assert r.stdout.startswith("Dynamic configs for topic orders are:")
    header = tables(r)[-1].splitlines()[0]
    for column in ("NAME", "VALUE", "SOURCE", "NON-DEFAULT"):
        assert column in header, header
    assert row(tables(r)[-1], "min.insync.replicas")[1:4] == ["2", "DYNAMIC_TOPIC_CONFIG", "*"]
    fails(kk, "%kafka-configs --alter --entity-type topics --entity-name orders --add-config min.insync.replicas=1,bogus.key=1",
          "Unknown topic config name: bogus.key")
    r = kk.ok("%kafka-configs --describe --entity-type topics --entity-name orders", timeout=TIMEOUT)
    assert row(tables(r)[-1], "min.insync.replicas")[1] == "2", "the refused alter changed nothing"


def test_health_filters_and_election_on_a_healthy_partition(kk):
    r = kk.ok("%kafka-topics --describe --at-min-isr-partitions --topic orders", timeout=TIMEOUT)
    assert "orders" not in tables(r)[-1], "3 in sync, min 2: not at the limit"
    r = kk.ok("%kafka-leader-election --election-type preferred --topic orders --partition 0", timeout=TIMEOUT)
    assert r.stdout.strip() == "Valid replica already elected for partitions orders-0"
    fails(kk, "%kafka-leader-election --election-type preferred --topic nope --partition 0", "'nope' does not exist")
    fails(kk, "%kafka-topics --describe --under-min-isr-partitions --at-min-isr-partitions", "at most one of")


def test_replication_factor_raised_by_a_plan_in_the_cell(kk):
    kk.ok("%kafka-topics --create --topic lonely --partitions 1 --replication-factor 1", timeout=TIMEOUT)
    plan = {"version": 1, "partitions": [{"topic": "lonely", "partition": 0, "replicas": [101, 102, 103]}]}
    fails(kk, "%%kafka-reassign-partitions --execute\n{\"version\":1,\"partitions\":[", "Invalid reassignment JSON")
    r = kk.ok("%%kafka-reassign-partitions --execute\n" + json.dumps(plan), timeout=TIMEOUT)
    lines = r.stdout.splitlines()
    assert lines[0] == "Current partition replica assignment"
    assert json.loads(lines[2])["partitions"][0]["topic"] == "lonely"
    assert lines[-1] == "Successfully started partition reassignment for lonely-0"
    for _ in range(100):
        r = kk.ok("%%kafka-reassign-partitions --verify\n" + json.dumps(plan), timeout=TIMEOUT)
        if "is completed." in r.stdout:
            break
        time.sleep(0.3)
    assert r.stdout.splitlines() == ["Status of partition reassignment:", "Reassignment of partition lonely-0 is completed."]
    r = kk.ok("%kafka-topics --describe --topic lonely", timeout=TIMEOUT)
    assert "ReplicationFactor: 3" in r.stdout


def display_updates(r):
    """display_data and update_display_data messages of a cell, as (msg_type, display_id, data)."""
    return [(m["msg_type"], m["content"].get("transient", {}).get("display_id"), m["content"]["data"])
            for m in r.messages if m["msg_type"] in ("display_data", "update_display_data")]


def counts(table):
    lines = table.splitlines()
    header = re.split(r"\s{2,}", lines[0].strip())
    values = re.split(r"\s{2,}", lines[1].strip())
    return dict(zip(header, values))


def test_traffic_and_a_lag_chart_updated_in_place(kk):
    kk.ok("%kafka-topics --create --topic live --partitions 2 --replication-factor 3", timeout=TIMEOUT)
    r = kk.ok("%kafka traffic start --topic live --rate 100/s --keys 4 --group watchers --consumers 2", timeout=TIMEOUT)
    assert r.stdout.startswith("Traffic started: 100 records/s to live")
    fails(kk, "%kafka watch lag --group nobody --for 1s", "'nobody' does not exist")
    r = kk.ok("%kafka watch lag --group watchers --every 500ms --for 3s", timeout=TIMEOUT)
    updates = display_updates(r)
    assert updates[0][0] == "display_data" and updates[0][1], updates[0][:2]
    assert len(updates) >= 3, [u[:2] for u in updates]
    assert all(u[0] == "update_display_data" and u[1] == updates[0][1] for u in updates[1:]), "one display, updated"
    assert "image/svg+xml" in updates[-1][2] and "(ran for 3 s)" in updates[-1][2]["text/plain"]
    r = kk.ok("%kafka traffic stop", timeout=TIMEOUT)
    c = counts(tables(r)[-1])
    assert int(c["SENT"]) > 100 and c["SENT"] == c["ACKNOWLEDGED"] == c["READ"], c
    assert c["FAILED"] == "0" and c["ACKED-UNREAD"] == "0", c
    r = kk.ok('Thread.getAllStackTraces().keySet().stream().map(Thread::getName)'
              '.filter(n -> n.startsWith("brokerbook-traffic") || n.startsWith("brokerbook-watch")).count()', timeout=TIMEOUT)
    assert r.result_text.strip() == "0", "no traffic or watch thread left"


def test_min_isr_two_with_two_brokers_down_refuses_acks_all_writes(kk):
    kk.ok("%kafka-topics --create --topic guarded --partitions 1 --replication-factor 3 --config min.insync.replicas=2",
          timeout=TIMEOUT)
    kk.ok("""
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.serialization.StringSerializer;
Properties guardedProps = kafka.producerConfig();
guardedProps.put("acks", "all");
guardedProps.put("retries", "0");
guardedProps.put("enable.idempotence", "false");
guardedProps.put("key.serializer", StringSerializer.class.getName());
guardedProps.put("value.serializer", StringSerializer.class.getName());
KafkaProducer<String, String> guarded = new KafkaProducer<>(guardedProps);
String outcome(String value) {
    try {
        guarded.send(new ProducerRecord<>("guarded", value)).get();
        return "acknowledged";
    } catch (Exception e) {
        return e.getCause() == null ? e.toString() : e.getCause().getClass().getSimpleName();
    }
}
""", timeout=TIMEOUT)
    assert kk.ok('outcome("a")', timeout=TIMEOUT).result_text.strip() == 'acknowledged'
    leader = int(re.split(r"\s{2,}", tables(kk.ok("%kafka-topics --describe --topic guarded", timeout=TIMEOUT))[-1]
                          .splitlines()[1].strip())[2])
    others = [b for b in (101, 102, 103) if b != leader]
    for b in others:
        kk.ok(f"%kafka broker stop {b}", timeout=TIMEOUT)
    for _ in range(100):
        r = kk.ok("%kafka-topics --describe --under-min-isr-partitions --topic guarded", timeout=TIMEOUT)
        if "guarded" in tables(r)[-1]:
            break
        time.sleep(0.3)
    assert "guarded" in tables(r)[-1]
    assert kk.ok('outcome("b")', timeout=TIMEOUT).result_text.strip() == 'NotEnoughReplicasException'
    for b in others:
        kk.ok(f"%kafka broker start {b}", timeout=TIMEOUT)
    for _ in range(200):
        r = kk.ok("%kafka-topics --describe --under-replicated-partitions --topic guarded", timeout=TIMEOUT)
        if "guarded" not in tables(r)[-1]:
            break
        time.sleep(0.3)
    kk.ok("guarded.close();", timeout=TIMEOUT)
    r = kk.ok("%kafka-console-consumer --topic guarded --from-beginning --max-messages 1 --timeout-ms 20000", timeout=TIMEOUT)
    assert "a" in r.stdout.split(), r.stdout


def test_preferred_election_after_the_broker_returns(kk):
    kk.ok("%kafka-topics --create --topic comeback --partitions 1 --replication-factor 3", timeout=TIMEOUT)

    def partition():
        row = re.split(r"\s{2,}", tables(kk.ok("%kafka-topics --describe --topic comeback", timeout=TIMEOUT))[-1]
                       .splitlines()[1].strip())
        return row  # Topic Partition Leader Replicas Isr Preferred Status

    preferred = int(partition()[3].split(",")[0])
    kk.ok(f"%kafka broker stop {preferred}", timeout=TIMEOUT)
    kk.ok(f"%kafka broker start {preferred}", timeout=TIMEOUT)
    for _ in range(200):
        p = partition()
        if len(p[4].split(",")) == 3:
            break
        time.sleep(0.3)
    assert int(p[2]) != preferred, p
    r = kk.ok("%kafka-leader-election --election-type preferred --topic comeback --partition 0", timeout=TIMEOUT)
    assert r.stdout.strip() == "Successfully completed leader election (PREFERRED) for partitions comeback-0"
    r = kk.ok("%kafka-leader-election --election-type preferred --topic comeback --partition 0", timeout=TIMEOUT)
    assert r.stdout.strip() == "Valid replica already elected for partitions comeback-0"


WATCH_THREADS = ('Thread.getAllStackTraces().keySet().stream().map(Thread::getName)'
                 '.filter(n -> n.startsWith("brokerbook-watch")).count()')


def svg_of(data):
    import xml.etree.ElementTree as ET
    return ET.fromstring(data["image/svg+xml"])


def spans(svg, lane):
    """(from, to, leader, isr size) of each span of a partition's lane, read back from the SVG's data."""
    ns = "{http://www.w3.org/2000/svg}"
    for g in svg.iter(ns + "g"):
        if g.get("class") == "lane" and g.get("data-lane") == lane:
            return [(float(s.get("data-from")), float(s.get("data-to")), s.get("data-state"), int(s.get("data-value")))
                    for s in g.iter(ns + "g") if "span" in s.get("class", "").split()]
    raise AssertionError(f"no lane {lane}")


def events(svg):
    ns = "{http://www.w3.org/2000/svg}"
    return [(g.get("data-kind"), g.get("data-label"), float(g.get("data-at")))
            for g in svg.iter(ns + "g") if "event" in g.get("class", "").split()]


def test_isr_timeline_in_the_cell_stops_at_for_and_on_interrupt(kk):
    kk.ok("%kafka-topics --create --topic timeline --partitions 2 --replication-factor 3", timeout=TIMEOUT)
    fails(kk, "%kafka watch isr --topic nosuch --for 1s", "'nosuch' does not exist")
    fails(kk, "%kafka watch isr --topic timeline --every soon", "--every takes a duration like 1s")
    fails(kk, "%kafka watch isr --topic timeline --every 10ms", "--every must be at least 200 ms")
    fails(kk, "%kafka watch isr --every 1s", "give --topic T")
    r = kk.ok("%kafka watch isr --topic timeline --every 300ms --for 2s", timeout=TIMEOUT)
    updates = display_updates(r)
    assert updates[0][0] == "display_data" and updates[0][1] and len(updates) >= 3, [u[:2] for u in updates]
    assert all(u[0] == "update_display_data" and u[1] == updates[0][1] for u in updates[1:]), "one display, updated"
    assert "(ran for 2 s)" in updates[-1][2]["text/plain"] and r.stdout.startswith("Watch ran for 2 s; ")
    svg = svg_of(updates[-1][2])
    assert all(s[3] == 3 for s in spans(svg, "timeline-0")), spans(svg, "timeline-0")

    msg_id = kk.kc.execute("%kafka watch isr --topic timeline --every 300ms --for 10m")
    seen = []
    deadline = time.time() + 60
    while time.time() < deadline and sum(m["msg_type"] == "update_display_data" for m in seen) < 2:
        m = kk.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        if m["parent_header"].get("msg_id") == msg_id:
            seen.append(m)
    assert sum(m["msg_type"] == "update_display_data" for m in seen) >= 2, [m["msg_type"] for m in seen]
    t = time.time()
    kk.request("control", "interrupt_request", {})
    reply = kk.shell_reply(msg_id, timeout=60)
    rest = kk.collect(msg_id)
    assert time.time() - t < 30, "stopped long before --for"
    # the kernel reports the interrupted cell as Interrupted; the watch said why it stopped before that
    assert reply["content"]["status"] == "ok" or reply["content"]["ename"] == "Interrupted", reply["content"]
    text = "".join(m["content"].get("text", "") for m in rest if m["msg_type"] == "stream")
    assert text.startswith("Watch interrupted; "), text
    last = [m for m in seen + rest if m["msg_type"] == "update_display_data"][-1]
    assert "(interrupted)" in last["content"]["data"]["text/plain"]
    assert kk.ok(WATCH_THREADS, timeout=TIMEOUT).result_text.strip() == "0", "no watch thread left"


def test_isr_timeline_across_a_broker_stop_and_restart(kk):
    if "timeline" not in kk.ok("%kafka-topics --list", timeout=TIMEOUT).stdout.split():
        kk.ok("%kafka-topics --create --topic timeline --partitions 2 --replication-factor 3", timeout=TIMEOUT)
    kk.stray.clear()
    r = kk.ok("%kafka watch isr --topic timeline --every 300ms --for 5m --background", timeout=TIMEOUT)
    display_id = display_updates(r)[0][1]
    assert r.stdout.startswith("Watching in the background for 300 s") and display_id
    later = [kk.ok(WATCH_THREADS, timeout=TIMEOUT)]
    assert later[0].result_text.strip() == "1"
    later.append(kk.ok("%kafka broker stop 102", timeout=TIMEOUT))
    later.append(kk.ok("Thread.sleep(1500)", timeout=TIMEOUT))
    later.append(kk.ok("%kafka broker start 102", timeout=TIMEOUT))
    later.append(kk.ok('long t0 = System.currentTimeMillis();\n'
                       'while (kafka.topics("timeline").rows().stream().anyMatch(p -> p.isr().size() < 3)'
                       ' && System.currentTimeMillis() - t0 < 60_000) Thread.sleep(200);\n'
                       'Thread.sleep(1000);', timeout=TIMEOUT))
    r = kk.ok("%kafka watch stop", timeout=TIMEOUT)
    later.append(r)
    assert r.stdout.strip() == "Stopped 1 watch.", r.stdout
    assert kk.ok(WATCH_THREADS, timeout=TIMEOUT).result_text.strip() == "0", "no watch thread left"
    # as ipykernel does, the background updates are parented to the cell running at the time (nbclient reads only
    # those); between cells they keep the watch's own cell as parent
    updates = [m for m in kk.stray + [m for x in later for m in x.messages] if m["msg_type"] == "update_display_data"
               and m["content"].get("transient", {}).get("display_id") == display_id]
    updates.sort(key=lambda m: m["header"]["date"])
    assert len(updates) >= 5, len(updates)
    assert any(u in later[-2].messages for u in updates), "updates drawn while a later cell ran belong to it"
    last = updates[-1]["content"]["data"]
    assert "(stopped)" in last["text/plain"], last["text/plain"]
    svg = svg_of(last)
    kinds = [(k, label) for k, label, _ in events(svg)]
    assert kinds == [("down", "102 down"), ("up", "102 up")], kinds
    down_at = events(svg)[0][2]
    for lane in ("timeline-0", "timeline-1"):
        sizes = [s[3] for s in spans(svg, lane)]
        # the ISR drop is in the data: 3 before the stop, 2 while 102 is down, 3 again at the end
        assert sizes[0] == 3 and 2 in sizes and sizes[-1] == 3, (lane, spans(svg, lane))
        assert all(s[2] != "102" for s in spans(svg, lane) if s[0] >= down_at), ("102 leads nothing while down", spans(svg, lane))


PRODUCER_WINDOW = re.compile(r"^(\d+) records sent, ([\d.]+) records/sec \([\d.]+ MB/sec\), [\d.]+ ms avg latency, "
                             r"[\d.]+ ms max latency\.$", re.M)


def test_perf_tests_chart_records_per_second_per_interval_beside_their_text(kk):
    kk.ok("%kafka-topics --create --topic charted --partitions 2 --replication-factor 1", timeout=TIMEOUT)
    r = kk.ok("%kafka-producer-perf-test --topic charted --num-records 22000 --record-size 100 --throughput 2000 "
              "--producer-props acks=1", timeout=TIMEOUT)
    windows = PRODUCER_WINDOW.findall(r.stdout)
    assert len(windows) >= 2, r.stdout
    assert re.search(r"^22000 records sent, [\d.]+ records/sec .* 99.9th\.$", r.stdout, re.M), r.stdout
    charts = [u for u in display_updates(r) if "image/svg+xml" in u[2]]
    assert charts[0][0] == "display_data" and all(u[0] == "update_display_data" and u[1] == charts[0][1] for u in charts[1:])
    final = charts[-1][2]["text/plain"]
    assert "(done)" in final, final
    # the chart draws exactly the rates of the lines printed, one step per 5 s window
    assert final.rsplit(": ", 1)[1] == ", ".join(rate for _, rate in windows) + " records/sec", (final, windows)
    assert all(int(n) > 0 for n, _ in windows) and sum(int(n) for n, _ in windows) <= 22000, windows

    # small fetches: on a quiet machine 22 000 records in full fetches are read within one 200 ms interval (no line)
    r = kk.ok("%kafka-consumer-perf-test --topic charted --messages 22000 --fetch-size 2000 --show-detailed-stats "
              "--reporting-interval 200", timeout=TIMEOUT)
    stats = [u[2]["text/plain"] for u in display_updates(r) if u[2].get("text/plain", "").startswith("time, threadId")]
    lines = [l for l in stats[-1].splitlines()[1:] if l.count(",") == 9]
    charts = [u for u in display_updates(r) if "image/svg+xml" in u[2]]
    assert lines and charts, (r.stdout, stats)
    rates = charts[-1][2]["text/plain"].rsplit(": ", 1)[1].removesuffix(" records/sec").split(", ")
    assert len(rates) == len(lines), (rates, lines)
    assert all(abs(float(x) - float(l.split(",")[5])) <= 0.06 for x, l in zip(rates, lines)), (rates, lines)
    r = kk.ok("%kafka-consumer-perf-test --topic charted --messages 22000", timeout=TIMEOUT)
    assert not [u for u in display_updates(r) if "image/svg+xml" in u[2]], "no intervals asked for, no chart"


def test_kernel_shutdown_with_traffic_and_a_background_watch_is_prompt_and_clean():
    from procinfo import alive, children
    k = start_kernel()
    pid = k.pid
    k.ok("%kafka start", timeout=TIMEOUT)
    k.ok("%kafka-topics --create --topic bye --partitions 2 --replication-factor 3", timeout=TIMEOUT)
    k.ok("%kafka traffic start --topic bye --rate 200/s --group leaving --consumers 2", timeout=TIMEOUT)
    r = k.ok("%kafka watch lag --group leaving --every 300ms --for 5m --background", timeout=TIMEOUT)
    assert r.stdout.startswith("Watching in the background")
    r = k.ok('Thread.getAllStackTraces().keySet().stream().map(Thread::getName)'
             '.filter(n -> n.startsWith("brokerbook-traffic") || n.startsWith("brokerbook-watch")).count()', timeout=TIMEOUT)
    assert r.result_text.strip() == "4", r.result_text
    kafka_dirs = set(glob.glob(os.path.join(tempfile.gettempdir(), "brokerbook-kafka", f"lab-{pid}-*")))
    assert kafka_dirs, "the lab's temp data dir"
    t = time.time()
    reply = k.request("control", "shutdown_request", {"restart": False})
    assert reply["content"]["status"] == "ok"
    while alive(pid) and time.time() - t < 15:
        time.sleep(0.1)
    assert not alive(pid) and time.time() - t < 9, "shutdown stopped the traffic and the watch in time (no watchdog halt)"
    assert children(pid) == []
    assert not any(os.path.exists(d) for d in kafka_dirs), "the lab's temp data is removed"
    k.kc.stop_channels()
    k.km.cleanup_resources()
