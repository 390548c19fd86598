"""Kernel benchmark: Brokerbook next to ipykernel, on the same machine in the same run.

Prints medians of RUNS runs: kernel start → first kernel_info_reply, first trivial cell, median
and p90 of 50 trivial cells, kernel RSS after them, and the kernel's CPU use after an interrupted
busy loop. Figures only: nothing here passes or fails.
"""
import os
import statistics
import sys
import time

import jupyter_client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from procinfo import cpu_share, rss_mb  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
CELLS = 50
KERNELS = {
    "brokerbook": {"trivial": "1 + 1", "busy": "while (true) {}"},
    "python3": {"trivial": "1 + 1", "busy": "while True: pass"},
}


def run_cell(kc, code, timeout=120):
    t = time.perf_counter()
    reply = kc.execute(code, reply=True, timeout=timeout)
    elapsed = time.perf_counter() - t
    # drain iopub up to idle so the next cell starts clean
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") == reply["parent_header"]["msg_id"] and \
                m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    return elapsed, reply


def one_run(name, spec):
    km = jupyter_client.KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()
    while True:
        m = kc.get_shell_msg(timeout=60)
        if m["parent_header"].get("msg_id") == msg_id:
            break
    start_s = time.perf_counter() - t0
    kc.wait_for_ready(timeout=60)  # iopub subscribed too (not timed): a SUB that joins late misses messages
    first_s, _ = run_cell(kc, spec["trivial"])
    times = [run_cell(kc, spec["trivial"])[0] for _ in range(CELLS)]
    pid = km.provisioner.process.pid
    rss = rss_mb(pid)
    busy_id = kc.execute(spec["busy"])
    time.sleep(1.0)
    km.interrupt_kernel()
    while True:
        m = kc.get_shell_msg(timeout=30)
        if m["parent_header"].get("msg_id") == busy_id:
            break
    time.sleep(2.0)
    cpu_after = cpu_share(pid, 3.0)
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    times.sort()
    return {
        "start→kernel_info (s)": start_s,
        "first cell (s)": first_s,
        "cell median (ms)": statistics.median(times) * 1000,
        "cell p90 (ms)": times[int(0.9 * len(times)) - 1] * 1000,
        "RSS after cells (MB)": rss,
        "CPU after interrupt (cores)": cpu_after,
    }


def main():
    results = {name: [] for name in KERNELS}
    for i in range(RUNS):
        for name, spec in KERNELS.items():  # alternate kernels run by run
            results[name].append(one_run(name, spec))
            print(f"run {i + 1}/{RUNS} {name}: " + ", ".join(f"{k}={v:.3f}" for k, v in results[name][-1].items()),
                  flush=True)
    metrics = list(results["brokerbook"][0].keys())
    print(f"\nMedians of {RUNS} runs")
    print(f"{'metric':32}{'brokerbook':>12}{'ipykernel':>12}{'ratio':>8}")
    for metric in metrics:
        b = statistics.median(r[metric] for r in results["brokerbook"])
        p = statistics.median(r[metric] for r in results["python3"])
        ratio = b / p if p else float("nan")
        print(f"{metric:32}{b:12.3f}{p:12.3f}{ratio:8.2f}")
    print("\nTargets: start ≤ 1.2 s, cell median ≤ 50 ms, RSS ≤ 250 MB, CPU after interrupt ≈ 0")


if __name__ == "__main__":
    main()
