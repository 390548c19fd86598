"""%kafka start / stop inside the installed kernel (as a student meets them): medians of RUNS fresh kernels.

Prints: wall time of `%kafka start` (3 brokers + 1 controller, until it reports the cluster up),
of `%kafka stop`, and the kernel's RSS before and after the start. Figures only.
"""
import os
import statistics
import sys
import time

import jupyter_client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from procinfo import rss_mb  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def timed(kc, code, timeout=300):
    t = time.perf_counter()
    reply = kc.execute(code, reply=True, timeout=timeout)
    assert reply["content"]["status"] == "ok", reply["content"]
    return time.perf_counter() - t


def one_run():
    km = jupyter_client.KernelManager(kernel_name="brokerbook")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    timed(kc, "1 + 1")
    pid = km.provisioner.process.pid
    rss_before = rss_mb(pid)
    start = timed(kc, "%kafka start")
    rss_after = rss_mb(pid)
    stop = timed(kc, "%kafka stop")
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    return {"%kafka start (s)": start, "%kafka stop (s)": stop, "RSS before (MB)": rss_before,
            "RSS after start (MB)": rss_after}


def main():
    runs = []
    for i in range(RUNS):
        runs.append(one_run())
        print(f"run {i + 1}/{RUNS}: " + ", ".join(f"{k}={v:.2f}" for k, v in runs[-1].items()), flush=True)
    print(f"\nMedians of {RUNS} fresh kernels (3 brokers + 1 controller)")
    for k in runs[0]:
        print(f"{k:24}{statistics.median(r[k] for r in runs):10.2f}")
    print("Targets (issue 3): start ≤ 3.5 s, stop ≤ 3 s, RSS ≤ 350 MB")


if __name__ == "__main__":
    main()
