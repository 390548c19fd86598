"""Bad messages, idle CPU, shutdown: the kernel survives the first and cleans up after the last."""
import glob
import hashlib
import hmac
import json
import os
import signal
import tempfile
import time
import uuid

from conftest import Kernel, start_kernel, stop_kernel
from procinfo import alive, busiest_app_thread, children


def raw_frames(kc, msg_type, content, sign=True):
    session = kc.session
    header = {"msg_id": uuid.uuid4().hex, "session": session.session, "username": "test",
              "date": "2026-01-01T00:00:00Z", "msg_type": msg_type, "version": "5.4"}
    parts = [json.dumps(p).encode() for p in (header, {}, {}, content)]
    sig = hmac.new(session.key, digestmod=hashlib.sha256)
    for p in parts:
        sig.update(p)
    signature = sig.hexdigest().encode() if sign else b"0" * 64
    return header, [b"<IDS|MSG>", signature] + parts


def test_forged_signature_does_not_run_and_the_kernel_keeps_answering(fresh_kernel: Kernel):
    k = fresh_kernel
    marker = os.path.join(tempfile.gettempdir(), f"brokerbook-forged-{uuid.uuid4().hex}")
    code = f'java.nio.file.Files.writeString(java.nio.file.Path.of("{marker}"), "ran");'
    _, frames = raw_frames(k.kc, "execute_request",
                           {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}, sign=False)
    k.kc.shell_channel.socket.send_multipart(frames)
    time.sleep(1.5)
    r = k.ok("40 + 2")
    assert r.result_text == "42"
    assert not os.path.exists(marker), "a message with a forged signature was executed"
    # a correctly signed raw message does run: the check above can fail
    _, good = raw_frames(k.kc, "execute_request",
                         {"code": code, "silent": True, "store_history": False, "user_expressions": {},
                          "allow_stdin": False, "stop_on_error": True})
    k.kc.shell_channel.socket.send_multipart(good)
    deadline = time.time() + 20
    while not os.path.exists(marker) and time.time() < deadline:
        time.sleep(0.1)
    assert os.path.exists(marker)
    os.remove(marker)


def test_malformed_messages_are_dropped(fresh_kernel: Kernel):
    k = fresh_kernel
    sock = k.kc.shell_channel.socket
    session = k.kc.session

    def signed(parts):
        sig = hmac.new(session.key, digestmod=hashlib.sha256)
        for p in parts:
            sig.update(p)
        return [b"<IDS|MSG>", sig.hexdigest().encode()] + parts

    sock.send_multipart(signed([b"{not json", b"{}", b"{}", b"{}"]))
    sock.send_multipart(signed([b'{"msg_id": "x", "msg_type": "execute_request"}', b"{}", b"{}", b"[1, 2"]))
    sock.send_multipart([b"no delimiter at all"])
    sock.send_multipart(signed([b"[]", b"{}", b"{}", b"{}"]))
    k.kc.control_channel.socket.send_multipart(signed([b"\xff\xfe", b"{}", b"{}", b"{}"]))
    time.sleep(0.5)
    assert k.ok("1 + 2").result_text == "3"
    assert k.request("control", "kernel_info_request", {})["content"]["status"] == "ok"


def test_idle_kernel_uses_almost_no_cpu(kernel: Kernel):
    # Right after start-up the kernel finishes one-off work in the background (JShell indexes the classpath for
    # completion, ~1 CPU-s, longer on a loaded machine): the kernel must settle to idle within a few windows, which
    # a busy-polling loop (~1 core, all the time) never does.
    time.sleep(1.0)
    windows = []
    for _ in range(5):
        name, share = busiest_app_thread(kernel.pid, 3.0)
        windows.append(f"{name} {share:.3f}")
        if share < 0.02:
            break
    assert share < 0.02, f"the idle kernel never settled; busiest thread per 3 s window: {windows}"


def test_heartbeat_answers(kernel: Kernel):
    assert kernel.kc.hb_channel.is_beating()


def kernel_work_dirs(pid):
    """The temp dirs of the kernel process `pid` (named brokerbook-kernel-PID-*), not other kernels'."""
    return set(glob.glob(os.path.join(tempfile.gettempdir(), f"brokerbook-kernel-{pid}-*")))


def test_shutdown_request_leaves_no_process_and_no_temp_dir():
    k = start_kernel()
    pid = k.pid
    k.ok('new Thread(() -> { while (true) { try { Thread.sleep(100); } catch (InterruptedException e) { } } }).start();')
    assert kernel_work_dirs(pid), "the kernel has no work dir to check"
    t = time.time()
    reply = k.request("control", "shutdown_request", {"restart": False})
    assert reply["content"]["status"] == "ok"
    while alive(pid) and time.time() - t < 15:
        time.sleep(0.1)
    assert not alive(pid), "kernel still running after shutdown_request"
    assert time.time() - t < 10
    assert children(pid) == []
    assert kernel_work_dirs(pid) == set()
    k.kc.stop_channels()
    k.km.cleanup_resources()


def test_sigterm_stops_the_kernel_cleanly():
    k = start_kernel()
    pid = k.pid
    assert kernel_work_dirs(pid)
    os.kill(pid, signal.SIGTERM)
    t = time.time()
    while alive(pid) and time.time() - t < 15:
        time.sleep(0.1)
    assert not alive(pid)
    assert kernel_work_dirs(pid) == set()
    k.kc.stop_channels()
    k.km.cleanup_resources()


def test_shutdown_with_a_cluster_and_redis_running_leaves_nothing():
    k = start_kernel()
    pid = k.pid
    k.ok("%kafka start --brokers 1", timeout=300)
    k.ok("%redis start", timeout=120)
    assert children(pid), "redis-server runs under the kernel (through its supervisor)"
    kafka_dirs = set(glob.glob(os.path.join(tempfile.gettempdir(), "brokerbook-kafka", f"lab-{pid}-*")))
    assert kafka_dirs, "the lab's temp data dir"
    reply = k.request("control", "shutdown_request", {"restart": False})
    assert reply["content"]["status"] == "ok"
    t = time.time()
    while alive(pid) and time.time() - t < 15:
        time.sleep(0.1)
    assert not alive(pid) and time.time() - t < 10
    assert children(pid) == []
    assert not any(os.path.exists(d) for d in kafka_dirs)
    assert kernel_work_dirs(pid) == set()
    k.kc.stop_channels()
    k.km.cleanup_resources()
