"""Kernel benchmark: Brokerbook next to ipykernel, on the same machine in the same run.

One unmeasured warm-up launch of each kernel, then RUNS rounds; each round launches both kernels, the order
alternating from round to round. Headline: launch → FIRST CELL'S RESULT (what a person waits for; kernel_info may be
answered before the JVM's JShell is warm). Also launch → kernel_info_reply, median and p90 of 50 trivial cells, RSS
after them, and CPU use after an interrupted busy loop. A run that fails (timeout, no result, error reply) counts on
its own kernel's side as an infinite value, so both medians are over the same rounds. Figures only: nothing here
passes or fails. BENCH_RUNS (default 5) sets the rounds.
"""
import os
import statistics
import sys
import time

import jupyter_client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from procinfo import cpu_seconds, cpu_share, rss_mb  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
CELLS = 50
KERNELS = {
    "brokerbook": {"trivial": "1 + 1", "busy": "while (true) {}"},
    "python3": {"trivial": "1 + 1", "busy": "while True: pass"},
}
HEADLINE = "launch→first result (s)"
# CPU time (user + system) the kernel process used from launch to its first result: what start-up costs, nearly
# independent of how busy the machine is (wall times are not, on a shared machine).
METRICS = [HEADLINE, "CPU to first result (s)", "launch→kernel_info (s)", "cell median (ms)", "cell p90 (ms)", "RSS after cells (MB)",
           "CPU after interrupt (cores)"]  # all: lower is better, so a failed run counts as infinity


class RunFailed(Exception):
    pass


def iopub_until_idle(kc, msg_id, timeout, pid=None):
    """The cell's iopub messages up to its idle status; the time the first result arrived (or None) and process
    pid's CPU seconds at that moment (None without pid)."""
    result_at = None
    cpu_at = None
    deadline = time.monotonic() + timeout
    while True:
        m = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "execute_result" and result_at is None:
            result_at = time.perf_counter()
            cpu_at = cpu_seconds(pid) if pid is not None else None
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return result_at, cpu_at


def run_cell(kc, code, timeout=120, pid=None):
    """perf_counter() when the cell's result arrived on iopub (with process pid's CPU seconds then, if pid is
    given); fails unless the cell succeeded with a result."""
    msg_id = kc.execute(code)
    result_at, cpu_at = iopub_until_idle(kc, msg_id, timeout, pid)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    if reply["content"]["status"] != "ok" or result_at is None:
        raise RunFailed(f"{code!r}: status {reply['content']['status']}, result {'yes' if result_at else 'none'}")
    return (result_at, cpu_at) if pid is not None else result_at


def cell_seconds(kc, code):
    t = time.perf_counter()
    return run_cell(kc, code) - t


def one_run(name, spec):
    km = jupyter_client.KernelManager(kernel_name=name)
    kc = None
    try:
        t0 = time.perf_counter()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        msg_id = kc.kernel_info()
        while kc.get_shell_msg(timeout=120)["parent_header"].get("msg_id") != msg_id:
            pass
        info_s = time.perf_counter() - t0
        # As a frontend does: wait until iopub delivers too (a SUB that joins late misses messages), then run.
        kc.wait_for_ready(timeout=120)
        pid = km.provisioner.process.pid  # the launcher script execs the JVM: the same process
        first_result_at, first_result_cpu = run_cell(kc, spec["trivial"], pid=pid)
        first_result_s = first_result_at - t0
        times = sorted(cell_seconds(kc, spec["trivial"]) for _ in range(CELLS))
        rss = rss_mb(pid)
        busy_id = kc.execute(spec["busy"])
        time.sleep(1.0)
        km.interrupt_kernel()
        while kc.get_shell_msg(timeout=30)["parent_header"].get("msg_id") != busy_id:
            pass
        time.sleep(2.0)
        cpu_after = cpu_share(pid, 3.0)
        return dict(zip(METRICS, [first_result_s, first_result_cpu, info_s, statistics.median(times) * 1000,
                                  times[int(0.9 * len(times)) - 1] * 1000, rss, cpu_after]))
    finally:
        if kc is not None:
            kc.stop_channels()
        km.shutdown_kernel(now=False)


def attempt(name, spec):
    """A run's figures, or (None, reason) when it failed."""
    try:
        return one_run(name, spec), None
    except Exception as e:  # noqa: BLE001 — any failure counts on this kernel's side
        return None, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def main():
    names = list(KERNELS)
    print(f"Kernel benchmark: {' vs '.join(names)}; 1 warm-up launch each, then {RUNS} rounds, order alternating;"
          " a failed run counts as infinity on its side", flush=True)
    for name in names:
        _, failure = attempt(name, KERNELS[name])
        print(f"warm-up {name}: {'FAILED (' + failure + ')' if failure else 'ok'}", flush=True)
    results = {name: [] for name in names}
    failures = {name: [] for name in names}
    for i in range(RUNS):
        order = names[i % len(names):] + names[:i % len(names)]
        for name in order:
            figures, failure = attempt(name, KERNELS[name])
            if failure:
                failures[name].append(failure)
                figures = {m: float("inf") for m in METRICS}
            results[name].append(figures)
            shown = f"FAILED ({failure})" if failure else ", ".join(f"{k}={v:.3f}" for k, v in figures.items())
            print(f"round {i + 1}/{RUNS} ({order[0]} first) {name}: {shown}  load {load()}", flush=True)
    b_name, p_name = names
    print(f"\nMedians of {RUNS} rounds (failed runs: {b_name} {len(failures[b_name])}, {p_name} {len(failures[p_name])})")
    print(f"{'metric':32}{b_name:>12}{'ipykernel':>12}{'ratio':>8}")
    for metric in METRICS:
        b = statistics.median(r[metric] for r in results[b_name])
        p = statistics.median(r[metric] for r in results[p_name])
        ratio = b / p if p and p != float("inf") and b != float("inf") else float("nan")
        print(f"{metric:32}{b:12.3f}{p:12.3f}{ratio:8.2f}")
    for name in names:
        for failure in sorted(set(failures[name])):
            print(f"failure ({name}): {failure}")
    print("\nTargets: launch→first result ≤ 1.2 s, cell median ≤ 50 ms, RSS ≤ 250 MB, CPU after interrupt ≈ 0")


if __name__ == "__main__":
    main()
