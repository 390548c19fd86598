"""Faults a student causes, through the real kernel: nothing outlives a SIGKILLed kernel, and every server survives
being killed from outside, a taken default port, a bad data dir and an interrupted stream.

Three kernels in all: one is SIGKILLed with every server kind running (Redis, a child process under its supervisor;
Kafka, inside the kernel's JVM), one with ZooKeeper and ZooKeeper-mode brokers (child JVMs), the last goes through
the ZooKeeper and Redis faults one after the other."""
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest

import procinfo
from conftest import Kernel, start_kernel, stop_kernel

STARTED = re.compile(r"Redis \S+ started on 127\.0\.0\.1:(\d+) \(pid (\d+)")


def wait_until(condition, timeout=30.0, step=0.02):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def lab_error(r):
    """The one line of a failed magic (a LabError, no stack trace)."""
    assert r.status == "error", r.stdout
    line = r.reply["content"]["evalue"]
    assert r.reply["content"]["ename"] == "LabError", r.reply["content"]
    assert "\n" not in line and r.reply["content"]["traceback"] == [line], line
    return line


def lab_row(k, kind):
    """The row of `kind` in %lab status, as text."""
    for m in k.ok("%lab status").of("display_data"):
        for line in m["content"]["data"]["text/plain"].splitlines():
            if line.startswith(kind + " "):
                return line
    raise AssertionError(f"no {kind} row in %lab status")


def redis_start(k, args=""):
    r = k.ok(f"%redis start {args}".strip(), timeout=120)
    m = STARTED.search(r.stdout)
    assert m, r.stdout
    return int(m.group(1)), int(m.group(2)), r.stdout


# ---- SIGKILL of the kernel ------------------------------------------------------------------------------------

def test_sigkill_of_the_kernel_leaves_no_process_port_or_temp_dir():
    k = start_kernel()
    pid = k.pid
    try:
        redis_port, redis_pid, _ = redis_start(k)
        k.ok("%kafka start --brokers 1", timeout=300)
        processes = procinfo.descendants(pid)
        assert redis_pid in processes
        tree = [pid] + processes
        sockets = {p: procinfo.socket_inodes(p) for p in tree}
        ports = procinfo.listening(set().union(*sockets.values()))
        redis_sockets = procinfo.listening(sockets[redis_pid])
        kafka_sockets = {i: port for i, port in procinfo.listening(sockets[pid]).items() if port != redis_port}
        assert redis_port in redis_sockets.values() and kafka_sockets, ports
        temp_dirs = (glob.glob(os.path.join(tempfile.gettempdir(), f"brokerbook-kernel-{pid}-*"))
                     + glob.glob(os.path.join(tempfile.gettempdir(), "brokerbook-kafka", f"lab-{pid}-*")))
        assert len(temp_dirs) == 2, temp_dirs

        t0 = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        gone = {}

        def check():
            now = time.monotonic() - t0
            if "redis-server" not in gone and not procinfo.alive(redis_pid):
                gone["redis-server"] = now
            if "kafka ports" not in gone and not procinfo.listening(set(kafka_sockets)):
                gone["kafka ports"] = now
            if "processes" not in gone and not any(procinfo.alive(p) for p in processes):
                gone["processes"] = now
            if "ports" not in gone and not procinfo.listening(set(ports)):
                gone["ports"] = now
            if "temp dirs" not in gone and not any(os.path.exists(d) for d in temp_dirs):
                gone["temp dirs"] = now
            return len(gone) == 5

        done = wait_until(check, timeout=5.0, step=0.01)
        print("\nAfter SIGKILL of the kernel: " + ", ".join(f"{what} gone in {t * 1000:.0f} ms" for what, t in gone.items()))
        left = [p for p in processes if procinfo.alive(p)]
        assert done, (f"after 5 s: processes {left} ({[open(f'/proc/{p}/comm').read().strip() for p in left]}), "
                      f"ports {procinfo.listening(set(ports))}, dirs {[d for d in temp_dirs if os.path.exists(d)]}")
    finally:
        if procinfo.alive(pid):
            os.kill(pid, signal.SIGKILL)
        k.kc.stop_channels()
        k.km.cleanup_resources()


def test_sigkill_of_the_kernel_leaves_no_zookeeper_or_broker_jvm():
    """ZooKeeper and Kafka 3.9 brokers in ZooKeeper mode are child JVMs under supervisors: none outlives the kernel."""
    k = start_kernel()
    pid = k.pid
    try:
        r = k.ok("%zookeeper start", timeout=300)
        zk_pid = int(re.search(r"\(pid (\d+), standalone\)", r.stdout).group(1))
        zk_port = int(re.search(r"on 127\.0\.0\.1:(\d+)", r.stdout).group(1))
        k.ok(f"%kafka start --zookeeper localhost:{zk_port} --brokers 2", timeout=300)
        processes = procinfo.descendants(pid)
        jvms = [p for p in processes if open(f"/proc/{p}/comm").read().strip() == "java"]
        assert zk_pid in jvms and len(jvms) == 3, jvms
        sockets = set().union(*(procinfo.socket_inodes(p) for p in jvms))
        ports = procinfo.listening(sockets)
        assert zk_port in ports.values() and len(set(ports.values())) >= 3, ports
        temp_dirs = (glob.glob(os.path.join(tempfile.gettempdir(), f"brokerbook-kernel-{pid}-*"))
                     + glob.glob(os.path.join(tempfile.gettempdir(), "brokerbook-kafka", f"lab-{pid}-*")))
        assert len(temp_dirs) == 2, temp_dirs

        t0 = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        gone = {}

        def check():
            now = time.monotonic() - t0
            if "JVMs" not in gone and not any(procinfo.alive(p) for p in jvms):
                gone["JVMs"] = now
            if "processes" not in gone and not any(procinfo.alive(p) for p in processes):
                gone["processes"] = now
            if "ports" not in gone and not procinfo.listening(set(ports)):
                gone["ports"] = now
            if "temp dirs" not in gone and not any(os.path.exists(d) for d in temp_dirs):
                gone["temp dirs"] = now
            return len(gone) == 4

        done = wait_until(check, timeout=10.0, step=0.01)
        print("\nAfter SIGKILL of the kernel (ZooKeeper + 2 brokers): "
              + ", ".join(f"{what} gone in {t * 1000:.0f} ms" for what, t in gone.items()))
        left = [p for p in processes if procinfo.alive(p)]
        assert done, (f"after 10 s: processes {left}, ports {procinfo.listening(set(ports))},"
                      f" dirs {[d for d in temp_dirs if os.path.exists(d)]}")
    finally:
        if procinfo.alive(pid):
            os.kill(pid, signal.SIGKILL)
        k.kc.stop_channels()
        k.km.cleanup_resources()


def test_zookeeper_killed_from_outside_shows_as_crashed_and_starts_again(kernel: Kernel):
    r = kernel.ok("%zookeeper start", timeout=300)
    zk_pid = int(re.search(r"\(pid (\d+), standalone\)", r.stdout).group(1))
    os.kill(zk_pid, signal.SIGKILL)
    assert wait_until(lambda: "crashed" in lab_row(kernel, "zookeeper"), timeout=30, step=0.1), lab_row(kernel, "zookeeper")
    assert "stopped unexpectedly (killed by signal 9)" in lab_row(kernel, "zookeeper")
    line = lab_error(kernel.execute("%zookeeper-shell ls /"))
    assert "stopped unexpectedly (killed by signal 9)" in line and line.endswith("Run %zookeeper start to start it again."), line
    r = kernel.ok("%zookeeper start", timeout=300)
    assert kernel.ok("%zookeeper-shell ls /").stdout == "[zookeeper]\n"
    kernel.ok("%zookeeper stop", timeout=60)


# ---- Redis faults, one kernel --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kernel():
    k = start_kernel()
    yield k
    stop_kernel(k)


def test_redis_killed_from_outside_shows_as_crashed_and_starts_again(kernel: Kernel):
    port, pid, _ = redis_start(kernel)
    kernel.ok("%redis SET survivor no")
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: "crashed" in lab_row(kernel, "redis"), timeout=30, step=0.1), lab_row(kernel, "redis")
    assert re.match(rf"redis\s+crashed\s+redis://127\.0\.0\.1:{port}\s.*stopped unexpectedly \(killed by signal 9\)",
                    lab_row(kernel, "redis")), lab_row(kernel, "redis")
    status = kernel.ok("%redis status").stdout
    first, *rest = status.splitlines()
    assert first == (f"Redis server on 127.0.0.1:{port} (pid {pid}) stopped unexpectedly (killed by signal 9)."
                     " Run %redis start to start it again."), status
    assert rest[0].startswith("Last lines of its log (") and "Ready to accept connections" in rest[-1], status

    again_port, again_pid, out = redis_start(kernel, f"--port {port}")
    assert out.startswith(f"Redis server on 127.0.0.1:{port} (pid {pid}) stopped unexpectedly"), out
    assert again_port == port and again_pid != pid
    assert kernel.ok("%redis PING").stdout == "PONG\n"
    assert kernel.ok("%redis GET survivor").stdout == "(nil)\n", "a fresh server (no data dir)"
    assert re.match(r"redis\s+running\s", lab_row(kernel, "redis"))


def test_default_port_taken_by_a_foreign_process_gives_the_next_free_port(kernel: Kernel):
    kernel.execute("%redis stop", timeout=60)
    foreign = None
    try:
        foreign = socket.socket()
        foreign.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        foreign.bind(("127.0.0.1", 6379))
        foreign.listen(1)
    except OSError:
        foreign.close()  # someone else holds 6379 already: just as foreign
        foreign = None
    try:
        port, _, out = redis_start(kernel)
        assert port > 6379
        assert out.startswith(f"Port 6379 is in use by another process; using {port}.\n"), out
        assert kernel.ok("%redis PING").stdout == "PONG\n"
    finally:
        if foreign:
            foreign.close()
        kernel.ok("%redis stop", timeout=60)


def test_a_bad_data_dir_is_refused_before_anything_starts(kernel: Kernel, tmp_path):
    kernel.execute("%redis stop", timeout=60)
    before = set(procinfo.descendants(kernel.pid))
    line = lab_error(kernel.execute("%redis start --data-dir /proc"))
    assert line.startswith("The data dir /proc is not writable (") and line.endswith("; choose another --data-dir."), line
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    line = lab_error(kernel.execute(f"%redis start --data-dir {a_file}/data"))
    assert line.startswith(f"Cannot create the data dir {a_file}/data: "), line

    redis_server = shutil.which("redis-server")
    if redis_server:
        data = tmp_path / "foreign-data"
        data.mkdir()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            free = s.getsockname()[1]
        foreign = subprocess.Popen([redis_server, "--port", str(free), "--bind", "127.0.0.1", "--dir", str(data),
                                    "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        try:
            assert wait_until(lambda: os.path.realpath(f"/proc/{foreign.pid}/cwd") == str(data), timeout=30)
            line = lab_error(kernel.execute(f"%redis start --data-dir {data}"))
            assert line == (f"The data dir {data} is in use by pid {foreign.pid} (redis-server); stop that server first,"
                            " or choose another --data-dir."), line
        finally:
            foreign.kill()
            foreign.wait()
    assert re.match(r"redis\s+stopped\s", lab_row(kernel, "redis")), "nothing was started"
    assert [p for p in procinfo.descendants(kernel.pid) if p not in before and procinfo.alive(p)] == []


def redis_numsub(port, channel):
    """Subscribers of `channel`, asked on a connection of our own (the kernel is busy with the SUBSCRIBE cell)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"PUBSUB NUMSUB {channel}\r\n".encode())
        reply = b""
        while reply.count(b"\r\n") < 4:
            reply += s.recv(256)
    return int(reply.split(b"\r\n")[3][1:])


def test_interrupting_subscribe_leaves_no_connection_or_thread(kernel: Kernel):
    kernel.execute("%redis stop", timeout=60)
    port, _, _ = redis_start(kernel)
    threads = ('Thread.getAllStackTraces().keySet().stream().map(Thread::getName)'
               '.filter(n -> n.matches("(?i).*(redis|jedis|pool).*")).sorted().toList()')
    kernel.ok("%redis PING")
    before = kernel.ok(threads).result_text
    msg_id = kernel.kc.execute("%redis SUBSCRIBE news")
    assert wait_until(lambda: redis_numsub(port, "news") == 1, timeout=30, step=0.1)
    t = time.monotonic()
    kernel.request("control", "interrupt_request", {})
    reply = kernel.shell_reply(msg_id, timeout=30)
    elapsed = time.monotonic() - t
    streamed = "".join(m["content"]["text"] for m in kernel.collect(msg_id) if m["msg_type"] == "stream")
    assert reply["content"]["ename"] == "Interrupted" and elapsed < 5, (reply["content"], elapsed)
    assert streamed.startswith("Reading messages... (interrupt the cell to stop)\n1) \"subscribe\"\n"), streamed
    assert wait_until(lambda: redis_numsub(port, "news") == 0, timeout=10, step=0.1), "the subscriber's connection is closed"
    clients = kernel.ok("%redis CLIENT LIST").stdout
    assert "cmd=subscribe" not in clients and clients.count("id=") == 1, clients
    assert kernel.ok(threads).result_text == before, "no thread left behind"
    assert kernel.ok("%redis PING").stdout == "PONG\n"
    kernel.ok("%redis stop", timeout=60)
