"""The class notebooks, executed headless on the installed 'brokerbook' kernel, checked on what they SHOW.

Each notebook in CHECKS is copied to a temp dir, executed with nbclient (a fresh kernel, the copy's dir as
working directory), and its check function asserts on the outputs of cells found by tag. The same check
also runs on the committed copy, whose outputs must come from a real run (scripts/execute-notebooks.sh).

To cover another notebook: tag the cells whose output matters (cell metadata "tags"), write
`check_NN(nb)` with the helpers below (`cell`, `text`, `stdout`, `result`, `table`, `replica_counts`),
and add it to CHECKS. The run time of each notebook is printed (target: under 90 s here).
"""
import re
import shutil
import statistics
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import KERNEL_NAME

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CELL_TIMEOUT = 300  # seconds; generous for a loaded machine — the printed time is the real figure


# ---- reading an executed notebook --------------------------------------------------------------

def cell(nb, tag):
    """The one code cell carrying `tag`."""
    found = [c for c in nb.cells if c.cell_type == "code" and tag in c.get("metadata", {}).get("tags", [])]
    assert len(found) == 1, f"expected one code cell tagged {tag!r}, found {len(found)}"
    return found[0]


def stdout(c):
    return "".join(o.get("text", "") for o in c.outputs if o.output_type == "stream" and o.get("name") == "stdout")


def result(c):
    """text/plain of the cell's execute_result (its trailing expression), or None."""
    for o in c.outputs:
        if o.output_type == "execute_result":
            return o.data.get("text/plain")
    return None


def displays(c):
    return [o.data for o in c.outputs if o.output_type in ("display_data", "execute_result")]


def text(c):
    """Everything a reader sees as text, in order: streams, text/plain of results and displays, errors."""
    parts = []
    for o in c.outputs:
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type in ("display_data", "execute_result"):
            parts.append(o.data.get("text/plain", "") + "\n")
        elif o.output_type == "error":
            parts.append(f"{o.ename}: {o.evalue}\n")
    return "".join(parts)


def table(plain):
    """An aligned text table (columns separated by two or more spaces) as a list of row dicts."""
    lines = [l for l in plain.strip("\n").splitlines() if l.strip()]
    header = re.split(r"\s{2,}", lines[0].strip())
    rows = []
    for line in lines[1:]:
        values = re.split(r"\s{2,}", line.strip(), maxsplit=len(header) - 1)
        assert len(values) == len(header), f"row {line!r} does not fit header {header}"
        rows.append(dict(zip(header, values)))
    return rows


def table_display(c, first_column):
    """Rows of the cell's table display whose text starts with `first_column`."""
    for data in displays(c):
        plain = data.get("text/plain", "")
        if plain.startswith(first_column):
            assert "<table" in data.get("text/html", ""), "a table display also has an HTML table"
            return table(plain)
    raise AssertionError(f"no table starting with {first_column!r} in {text(c)!r}")


def replica_counts(shown):
    """'{whoami-1=10, whoami-2=10}' (a Java Map as printed) -> {'whoami-1': 10, 'whoami-2': 10}."""
    m = re.search(r"\{([^{}]*)\}", shown)
    assert m, f"no map in {shown!r}"
    pairs = [p.split("=") for p in m.group(1).split(", ") if p]
    return {k: int(v) for k, v in pairs}


def errors(nb):
    return [(i, o.ename, o.evalue) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.outputs if o.output_type == "error"]


# ---- 04-redis-cache ----------------------------------------------------------------------------

CACHE_LINE = re.compile(r"^(HIT|MISS)\s+([\d.]+) ms\s+(.+)$", re.MULTILINE)


def cache_lines(c):
    return [(outcome, float(ms), answer) for outcome, ms, answer in CACHE_LINE.findall(stdout(c))]


def check_04(nb):
    assert errors(nb) == []
    assert re.match(r"Redis \S+ started on 127\.0\.0\.1:\d+ \(pid \d+", stdout(cell(nb, "start")))
    assert stdout(cell(nb, "set-get")) == 'OK\n"hola"\n'
    assert re.fullmatch(r"\(integer\) -1\n\(integer\) 1\n\(integer\) 1[12]\d\n", stdout(cell(nb, "expire-ttl")))
    assert '127.0.0.1:' in stdout(cell(nb, "cell-magic")) and '> HGETALL fleet\n1) "trucks"' in stdout(cell(nb, "cell-magic"))

    keys = {r["KEY"]: r for r in table_display(cell(nb, "keys"), "KEY")}
    assert list(table_display(cell(nb, "keys"), "KEY")[0]) == ["KEY", "TYPE", "TTL", "VALUE"]
    assert keys["greeting"]["VALUE"] == '"hola"' and keys["visits"]["VALUE"] == '"2"'
    assert keys["fleet"]["TYPE"] == "hash" and 0 < int(keys["truck:123"]["TTL"]) <= 300

    first = cache_lines(cell(nb, "miss-first"))
    assert [o for o, _, _ in first] == ["MISS"], first
    assert first[0][1] >= 300, "a miss pays for the 300 ms model"
    hits = cache_lines(cell(nb, "hits"))
    assert [o for o, _, _ in hits] == ["HIT"] * 5, hits
    assert {a for _, _, a in hits} == {first[0][2]}, "a hit returns the stored answer"
    assert statistics.median(ms for _, ms, _ in hits) < first[0][1]

    countdown = stdout(cell(nb, "countdown"))
    left = [int(v) for v in re.findall(r"^TTL restante: (\d+) ms$", countdown, re.MULTILINE)]
    assert left and all(a > b for a, b in zip(left, left[1:])) and left[0] <= 4000, countdown
    assert "PTTL = -2:" in countdown, "the countdown ends when Redis has removed the key"

    again = cache_lines(cell(nb, "miss-after-expiry"))
    assert [o for o, _, _ in again] == ["MISS"] and again[0][1] >= 300, again
    calls = table(result(cell(nb, "calls-ttl")))
    assert [r["Result"] for r in calls] == ["MISS"] + ["HIT"] * 5 + ["MISS"]

    summary = table(result(cell(nb, "summary")))[0]
    assert (summary["Calls"], summary["Hits"], summary["Misses"]) == ("40", "36", "4")
    assert float(summary["Mean hit ms"]) < float(summary["Mean miss ms"])
    assert "veces" in displays(cell(nb, "speedup"))[0]["text/markdown"]
    model_keys = table_display(cell(nb, "model-keys"), "KEY")
    assert [r["KEY"] for r in model_keys] == [f"model:truck-{t}" for t in ("123", "234", "345", "456")]
    assert "stopped" in stdout(cell(nb, "stop"))


# ---- 06-balanceo-de-carga ----------------------------------------------------------------------

def check_06(nb):
    assert errors(nb) == []
    assert stdout(cell(nb, "lb-start")).startswith("Entry point web listening on http://127.0.0.1:")
    assert "(3 servers)" in stdout(cell(nb, "run-whoami"))
    routes = table_display(cell(nb, "routes-whoami"), "ROUTER")
    assert list(routes[0]) == ["ROUTER", "RULE", "SERVICE", "SERVERS"]
    assert routes[0]["RULE"] == "Host(`whoami.localhost`)" and routes[0]["SERVERS"].count("http://127.0.0.1:") == 3
    one = stdout(cell(nb, "http-one"))
    assert one.startswith("HTTP/1.1 200 OK\n") and re.search(r"^Name: whoami-\d$", one, re.MULTILINE), one

    assert replica_counts(result(cell(nb, "rr-3"))) == {"whoami-1": 10, "whoami-2": 10, "whoami-3": 10}
    hits3 = table_display(cell(nb, "hits-3"), "SERVICE")
    assert [(r["REPLICA"], r["STATE"], r["REQUESTS"]) for r in hits3] == [(f"whoami-{i}", "UP", "10") for i in (1, 2, 3)]
    assert any("<svg" in d.get("image/svg+xml", "") for d in displays(cell(nb, "hits-3"))), "the bar chart"

    assert "(5 servers)" in stdout(cell(nb, "scale-5"))
    assert replica_counts(result(cell(nb, "rr-5"))) == {f"whoami-{i}": 10 for i in range(1, 6)}

    assert stdout(cell(nb, "stop-replica")).startswith("Stopped replica whoami-2")
    after = replica_counts(result(cell(nb, "rr-after-stop")))
    assert after == {f"whoami-{i}": 10 for i in (1, 3, 4, 5)}, "whoami-2's share moved to the other four"
    hits_after = table_display(cell(nb, "hits-after-stop"), "SERVICE")
    assert "whoami-2" not in [r["REPLICA"] for r in hits_after] and {r["STATE"] for r in hits_after} == {"UP"}

    routes2 = {r["ROUTER"]: r for r in table_display(cell(nb, "routes-two"), "ROUTER")}
    assert routes2["model"]["RULE"] == "Host(`model.localhost`)" and routes2["model"]["SERVICE"] == "model"
    model_reply = stdout(cell(nb, "http-model"))
    assert model_reply.startswith("HTTP/1.1 200 OK\n") and '"replica":"model-' in model_reply, model_reply
    second = stdout(cell(nb, "second-host"))
    by_host = dict(re.findall(r"^(\S+)\s+-> (.*)$", second, re.MULTILINE))
    assert replica_counts(by_host["model.localhost"]) == {"model-1": 5, "model-2": 5}
    assert set(replica_counts(by_host["whoami.localhost"])) == {f"whoami-{i}" for i in (1, 3, 4, 5)}
    assert by_host["nadie.localhost"] == "HTTP 404"
    assert "Load balancer on http://127.0.0.1:" in stdout(cell(nb, "stop-all"))


CHECKS = {
    "04-redis-cache.ipynb": check_04,
    "06-balanceo-de-carga.ipynb": check_06,
}


def execute(name, workdir):
    copy = Path(workdir) / name
    shutil.copy(NOTEBOOKS / name, copy)
    nb = nbformat.read(copy, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT, record_timing=False,
                            resources={"metadata": {"path": str(workdir)}})
    started = time.monotonic()
    client.execute()
    return nb, time.monotonic() - started


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_notebook_runs_and_shows_the_class_results(name, tmp_path, capsys):
    nb, seconds = execute(name, tmp_path)
    with capsys.disabled():
        print(f"\n{name}: executed in {seconds:.1f} s (target: under 90 s)")
    CHECKS[name](nb)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_committed_notebook_carries_the_outputs_of_a_run(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "run it with scripts/execute-notebooks.sh before committing"
    CHECKS[name](nb)


def test_checks_name_existing_notebooks():
    missing = [n for n in CHECKS if not (NOTEBOOKS / n).is_file()]
    assert missing == []
