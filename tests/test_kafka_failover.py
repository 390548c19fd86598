"""Kafka's failover tools through the real kernel and jupyter_client: %kafka-configs, %kafka-leader-election,
%%kafka-reassign-partitions and the %kafka-topics health filters on one 3-broker lab; bad input is one line and
changes nothing."""
import json
import re
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
