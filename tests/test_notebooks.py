"""Every class notebook executed headless on the installed kernel, with assertions on its OUTPUTS.

Each notebook runs on a copy in a temp dir (its working directory, so data dirs it creates stay there) and
must finish without an error output; then CHECKS[name] looks at what the cells printed and displayed.
Run times are printed (speed is reported, not asserted: see DEVELOPERS.md).
"""
import os
import re
import shutil
import time
from html.parser import HTMLParser

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
CELL_TIMEOUT = int(os.environ.get("NB_CELL_TIMEOUT", "300"))


# ---------------------------------------------------------------------------------------------- reading outputs

def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def cell(nb, snippet, nth=0):
    """The nth code cell whose source contains snippet."""
    found = [c for c in code_cells(nb) if snippet in c.source]
    assert len(found) > nth, f"no code cell #{nth} containing {snippet!r}"
    return found[nth]


def text(c):
    """Everything a cell printed or displayed as text: streams, text/plain and text/markdown."""
    parts = []
    for o in c.outputs:
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type in ("display_data", "execute_result", "update_display_data"):
            data = o.get("data", {})
            parts.append(data.get("text/plain", "") or data.get("text/markdown", ""))
    return "\n".join(parts)


class _TableParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell, self._in_cell = [], None, [], False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "header": [], "rows": []})
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._in_cell, self._cell = True, []
        elif tag == "caption":
            self._in_cell, self._cell = True, []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._in_cell = False
        elif tag == "caption" and self.tables:
            self.tables[-1]["caption"] = "".join(self._cell).strip()
            self._in_cell = False
        elif tag == "tr" and self._row is not None and self.tables:
            t = self.tables[-1]
            if not t["header"]:
                t["header"] = self._row
            elif len(self._row) == len(t["header"]):  # skips the "… N more rows …" row
                t["rows"].append(dict(zip(t["header"], self._row)))
            self._row = None

    def handle_data(self, data):
        if self._in_cell:
            self._cell.append(data)


def tables(c):
    """The HTML tables a cell displayed (in order), each {'caption', 'header', 'rows': [ {column: value} ]}."""
    parser = _TableParser()
    for o in c.outputs:
        html = o.get("data", {}).get("text/html") if o.output_type != "stream" else None
        if html:
            parser.feed(html)
    return parser.tables


def table_with(c, *columns):
    """The first table of the cell that has all these columns."""
    for t in tables(c):
        if all(col in t["header"] for col in columns):
            return t
    raise AssertionError(f"no table with columns {columns} in cell {c.source[:80]!r}; output: {text(c)[:500]!r}")


def records_read(c):
    """Rows of the record tables (Partition, Offset, Key, Value) a consumer cell displayed, with the row count
    the table reports when rows were left out."""
    total = 0
    for o in c.outputs:
        html = o.get("data", {}).get("text/html") if o.output_type != "stream" else None
        if not html:
            continue
        parser = _TableParser()
        parser.feed(html)
        for t in parser.tables:
            if {"Partition", "Offset", "Value"} <= set(t["header"]):
                m = re.search(r"<p>(\d+) rows</p>", html)
                total += int(m.group(1)) if m else len(t["rows"])
    return total


def number(value):
    return float(str(value).replace(",", "").strip())


def no_errors(nb):
    errors = [(c.source[:80], o.get("ename"), o.get("evalue")) for c in code_cells(nb) for o in c.outputs
              if o.output_type == "error"]
    assert not errors, errors


# ---------------------------------------------------------------------------------------------- checks

def check_01(nb):
    produced = table_with(cell(nb, "%%kafka-console-producer", 0), "Partition", "Offset")
    assert len(produced["rows"]) == 5
    assert "my-topic" in text(cell(nb, "%kafka-topics --list"))
    assert table_with(cell(nb, "%kafka quorum"), "LeaderId", "CurrentVoters")["rows"]
    assert len(table_with(cell(nb, "%kafka-topics --describe --topic my-topic"), "Partition", "Leader")["rows"]) == 13
    # console consumer --from-beginning, then --group my-first-group, then the same group again: nothing left
    assert records_read(cell(nb, "--topic my-topic --from-beginning --max-messages 5")) == 5
    assert records_read(cell(nb, "--group my-first-group --from-beginning --max-messages 5")) == 5
    assert records_read(cell(nb, "--group my-first-group --from-beginning --timeout-ms 1500")) == 0
    assert records_read(cell(nb, "--group my-second-group --from-beginning --max-messages 5")) == 5
    # two groups, each reads everything: lag 10 before the second read, 10 more records each, lag 0 and offset 15 after
    for group in ("my-first-group", "my-second-group"):
        before = table_with(cell(nb, f"%kafka-consumer-groups --describe --group {group}", 0), "CURRENT-OFFSET", "LAG")
        after = table_with(cell(nb, f"%kafka-consumer-groups --describe --group {group}", 1), "CURRENT-OFFSET", "LAG")
        assert sum(number(r["LAG"]) for r in before["rows"]) == 10, before
        assert sum(number(r["CURRENT-OFFSET"]) for r in before["rows"]) == 5, before
        assert records_read(cell(nb, f"--group {group} --max-messages 10")) == 10
        assert all(number(r["LAG"]) == 0 for r in after["rows"]), after
        assert sum(number(r["CURRENT-OFFSET"]) for r in after["rows"]) == 15, after
    groups = {r["GROUP"] for r in table_with(cell(nb, "%kafka-consumer-groups --list"), "GROUP")["rows"]}
    assert {"my-first-group", "my-second-group"} <= groups
    # the files Kafka wrote in the chosen data dir: metadata log, node identity, one log per partition
    files = text(cell(nb, "void listFiles"))
    assert "meta.properties" in files and "__cluster_metadata-0" in files, files
    logs = re.findall(r"(\d+) B\s+broker-101/my-topic-(\d+)/0+\.log", text(cell(nb, "listFiles(name -> name.contains")))
    assert len(logs) == 13 and sum(int(size) for size, _ in logs) > 0, logs
    # persistence: after stop + start with the same dir the topic and the group offsets are still there
    persisted = cell(nb, "%kafka-topics --list", 1)
    assert "my-topic" in text(persisted)
    assert sum(number(r["CURRENT-OFFSET"]) for r in table_with(persisted, "CURRENT-OFFSET")["rows"]) == 15
    # the client in a notebook
    assert "ya existe" in text(cell(nb, "createTopic(admin, TOPIC"))
    printed = re.findall(r"dummy_topic Partition: \d+ Offset: \d+ key=(\S+) value=(.+)", text(cell(nb, "consumer.commitSync()")))
    assert sorted(k for k, _ in printed) == ["null", "uniqueID"], printed
    team = table_with(cell(nb, '--group "group team"'), "CURRENT-OFFSET", "LAG")
    assert sum(number(r["CURRENT-OFFSET"]) for r in team["rows"] if r["CURRENT-OFFSET"] != "-") == 2
    assert all(r["LAG"] in ("0", "-") for r in team["rows"])


def check_02(nb):
    # the default partitioner sends "123","234","345","456" to partitions 1,0,0,0 of 2
    table = table_with(cell(nb, "truckPartitions"), "truck_id", "Partition", "Records", "toPositive(murmur2) % 2")
    partitions = {r["truck_id"]: r["Partition"] for r in table["rows"]}
    assert partitions == {"123": "1", "234": "0", "345": "0", "456": "0"}, partitions
    assert all(r["Partition"] == r["toPositive(murmur2) % 2"] and r["Records"] == "3" for r in table["rows"])
    order = text(cell(nb, "reportsByTruck"))
    assert order.count("en orden") == 4 and "DESORDENADOS" not in order
    assert records_read(cell(nb, "--topic truck_coordinates --from-beginning --max-messages 12")) == 12
    for members, group in ((1, "fleet-map"), (2, "fleet-alerts"), (3, "fleet-billing")):
        c = cell(nb, f"--group {group} --members {members}")
        assert records_read(c) == 12, (group, text(c)[:1000])
        assignment = [t for t in tables(c) if "#PARTITIONS" in t["header"] or "PARTITIONS" in t["header"]]
        assert assignment, (group, text(c)[:1000])
        column = "#PARTITIONS" if "#PARTITIONS" in assignment[0]["header"] else "PARTITIONS"
        counts = sorted(len(re.findall(r"\d+", r[column])) if column == "PARTITIONS" else int(r[column])
                        for r in assignment[0]["rows"])
        assert counts == {1: [2], 2: [1, 1], 3: [0, 1, 1]}[members], (group, counts)
    for group in ("fleet-map", "fleet-alerts", "fleet-billing"):
        lag = table_with(cell(nb, f"--describe --group {group}"), "LAG")
        # one cell describes the three groups: keep this group's rows
        rows = [r for t in tables(cell(nb, f"--describe --group {group}")) if "LAG" in t["header"]
                for r in t["rows"] if r.get("GROUP") == group]
        assert rows and all(number(r["LAG"]) == 0 for r in rows), (group, lag)


def check_03(nb):
    brokers = table_with(cell(nb, "%kafka status", 0), "ID")
    assert {r["ID"] for r in brokers["rows"]} >= {"101", "102", "103"}
    changes = table_with(cell(nb, "leaderChanges"), "Partition", "Leader antes", "Leader después")
    assert len(changes["rows"]) == 6
    assert any(r["Leader antes"] == "102" for r in changes["rows"])
    assert all(r["Leader después"] in ("101", "103") for r in changes["rows"]), changes["rows"]
    # cells with "--describe --topic truck_coordinates": 0 create, 1 after the stop, 2 under-replicated, 3 after restart
    down = table_with(cell(nb, "--describe --topic truck_coordinates", 1), "Leader", "Isr")
    assert all(r["Leader"] != "102" for r in down["rows"]), down["rows"]
    assert all("102" not in r["Isr"] for r in down["rows"]), down["rows"]
    acked = int(re.search(r"Confirmados al productor: (\d+)", text(cell(nb, "readCount"))).group(1))
    read = int(re.search(r"Leídos con 102 caído: +(\d+)", text(cell(nb, "readCount"))).group(1))
    assert acked > 0 and read == acked
    assert "fallidos: 0" in text(cell(nb, "keepProducing.set(false)"))
    assert "ISR mínimo: 3" in text(cell(nb, "smallestIsr"))
    under = table_with(cell(nb, "--under-replicated-partitions"), "Partition")
    assert len(under["rows"]) == 6
    end_offsets = re.findall(r"truck_coordinates:\d+:(\d+)", text(cell(nb, "%kafka-get-offsets")))
    assert len(end_offsets) == 6 and sum(int(o) for o in end_offsets) == acked
    refilled = table_with(cell(nb, "--describe --topic truck_coordinates", 3), "Isr")
    assert all(len(re.findall(r"\d+", r["Isr"])) == 3 for r in refilled["rows"]), refilled["rows"]
    assert "<svg" in "".join(o.get("data", {}).get("image/svg+xml", "") + o.get("data", {}).get("text/html", "")
                             for o in cell(nb, "%kafka layout", 1).outputs if o.output_type != "stream")


def check_05(nb):
    produced = text(cell(nb, "%kafka-producer-perf-test"))
    m = re.search(r"100000 records sent, ([\d.,]+) records/sec", produced)
    assert m and number(m.group(1)) > 0, produced
    consumed = cell(nb, "%kafka-consumer-perf-test")
    rates = [number(r["nMsg.sec"]) for t in tables(consumed) if "nMsg.sec" in t["header"] for r in t["rows"]]
    if not rates:  # the CLI's comma-separated form
        lines = [l for l in text(consumed).splitlines() if l.count(",") >= 5]
        header = [h.strip() for h in lines[0].split(",")]
        rates = [number(l.split(",")[header.index("nMsg.sec")]) for l in lines[1:]]
    assert rates and all(r > 0 for r in rates), text(consumed)
    assert re.search(r"10000 de 10000 mensajes recibidos", text(cell(nb, "SUBSCRIBE truck-positions")))
    measured = table_with(cell(nb, "Table measured"), "Sistema", "Medido (ops/s)", "Cifra de la clase")
    for r in measured["rows"]:
        if r["Sistema"] in ("Kafka", "Redis"):
            assert number(r["Medido (ops/s)"]) > 0, r


CHECKS = {
    "01-actividad-kafka.ipynb": check_01,
    "02-camiones-particiones.ipynb": check_02,
    "03-replicacion-brokers.ipynb": check_03,
    "05-comparativa.ipynb": check_05,
}


def execute(name, tmp_path):
    path = tmp_path / name
    shutil.copy(os.path.join(NOTEBOOKS, name), path)
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, kernel_name="brokerbook", timeout=CELL_TIMEOUT, record_timing=False,
                            resources={"metadata": {"path": str(tmp_path)}})
    started = time.monotonic()
    client.execute()
    print(f"\n{name}: executed in {time.monotonic() - started:.1f} s")
    return nb


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_notebook_outputs(name, tmp_path):
    nb = execute(name, tmp_path)
    no_errors(nb)
    CHECKS[name](nb)


def test_committed_notebooks_carry_outputs():
    """The notebooks are committed executed, so they read well without running them."""
    for name in sorted(CHECKS):
        nb = nbformat.read(os.path.join(NOTEBOOKS, name), as_version=4)
        no_errors(nb)
        CHECKS[name](nb)
