"""interrupt_request stops busy loops and sleeps on JDK 17 and on JDK 21+, keeping the session."""
import os
import time

import pytest

from conftest import JDK25, start_kernel, stop_kernel
from procinfo import busiest_app_thread

from conftest import require_tool

JDKS = ["default", "jdk25"]


@pytest.fixture(scope="module", params=JDKS)
def jdk_kernel(request):
    if request.param == "jdk25":
        require_tool(os.path.exists(JDK25), f"no JDK 21+ at {JDK25}")
    env = {"BROKERBOOK_JAVA": JDK25} if request.param == "jdk25" else {}
    k = start_kernel(env)
    if request.param == "jdk25":
        assert k.ok("Runtime.version().feature()").result_text == "25"
    yield k
    stop_kernel(k)


def interrupt_after(k, code, delay=1.0):
    msg_id = k.kc.execute(code)
    time.sleep(delay)
    t = time.time()
    k.request("control", "interrupt_request", {})
    reply = k.shell_reply(msg_id, timeout=30)
    elapsed = time.time() - t
    messages = k.collect(msg_id)
    return reply, elapsed, messages


@pytest.mark.parametrize("code", ["while (true) {}", "Thread.sleep(100000);",
                                  "long n = 0; while (true) { n++; }"])
def test_interrupt_stops_the_cell_and_keeps_state(jdk_kernel, code):
    k = jdk_kernel
    k.ok("int kept = 123;")
    reply, elapsed, messages = interrupt_after(k, code)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "Interrupted"
    assert elapsed < 2.0, f"interrupt took {elapsed:.2f}s"
    assert k.ok("kept + 1").result_text == "124"
    name, share = busiest_app_thread(k.pid, 3.0)
    assert share < 0.3, f"thread {name} kept burning CPU after the interrupt ({share:.2f} of a core)"


def test_interrupt_when_idle_is_harmless(jdk_kernel):
    r = jdk_kernel.request("control", "interrupt_request", {})
    assert r["content"]["status"] == "ok"
    assert jdk_kernel.ok("1 + 1").result_text == "2"


def test_interrupt_a_waiting_magic(jdk_kernel):
    # %help on an unknown magic is instant; a Java wait inside a magic-free cell is covered above.
    # Here: the interrupt reaches a cell that mixes a magic and a long Java statement.
    reply, elapsed, _ = interrupt_after(jdk_kernel, "%lsmagic\nThread.sleep(60000);")
    assert reply["content"]["ename"] == "Interrupted" and elapsed < 2.0
