"""Faults a student causes, through the real kernel: nothing outlives a SIGKILLed kernel, and every server survives
being killed from outside, a taken default port, a bad data dir and an interrupted stream.

Three kernels in all: one is SIGKILLed with every child-process server kind running (Redis, NATS and MQTT, child
processes under their supervisors; Kafka, inside the kernel's JVM), one with ZooKeeper and ZooKeeper-mode brokers
(child JVMs), the last goes through the ZooKeeper, Redis, NATS and MQTT faults one after the other; RabbitMQ (the real
node and the Qpid Broker-J child JVM) has kernels of its own for SIGKILL and shares the last one for the others."""
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import jupyter_client
import pytest

import procinfo
from conftest import KERNEL_NAME, Kernel, lab_row, require_tool, sbin_which, start_kernel, stop_kernel

STARTED = re.compile(r"Redis \S+ started on 127\.0\.0\.1:(\d+) \(pid (\d+)")
NATS_STARTED = re.compile(r"NATS \S+ started on 127\.0\.0\.1:(\d+) \(pid (\d+)")
MQTT_STARTED = re.compile(r"(?:mosquitto|HiveMQ CE) \S+ started on 127\.0\.0\.1:(\d+) \(pid (\d+)")


def require_servers():
    require_tool(sbin_which("nats-server"), "nats-server is not installed (apt-get install nats-server)")
    require_tool(sbin_which("mosquitto"), "mosquitto is not installed (apt-get install mosquitto)")


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


def redis_start(k, args=""):
    r = k.ok(f"%redis start {args}".strip(), timeout=120)
    m = STARTED.search(r.stdout)
    assert m, r.stdout
    return int(m.group(1)), int(m.group(2)), r.stdout


def kernel_files(pid):
    """Entries of the temp dir (and of the Kafka lab's root in it, and its old logs folder) named after kernel `pid`."""
    tmp = tempfile.gettempdir()
    found = []
    for folder in (tmp, os.path.join(tmp, "brokerbook-kafka"), os.path.join(tmp, "brokerbook-kafka", "logs")):
        if os.path.isdir(folder):
            found += [os.path.join(folder, n) for n in os.listdir(folder)
                      if n.startswith(("brokerbook", "lab-", "kafka-")) and re.search(rf"-{pid}(-|\.|$)", n)]
    return found


def wait_until_gone(t0, checks, timeout):
    """Waits until every check of `checks` (what -> true once it is gone) holds; returns (all gone, {what: seconds
    after t0 it was seen gone}, in the order they went)."""
    gone = {}

    def check():
        now = time.monotonic() - t0
        for what, is_gone in checks.items():
            if what not in gone and is_gone():
                gone[what] = now
        return len(gone) == len(checks)

    return wait_until(check, timeout=timeout, step=0.01), gone


def print_gone(title, gone):
    print(f"\n{title}: " + ", ".join(f"{what} gone in {t * 1000:.0f} ms" for what, t in gone.items()))


def assert_all_gone(done, processes, ports, temp_dirs, seconds=10):
    left = [p for p in processes if procinfo.alive(p)]
    assert done, (f"after {seconds} s: processes {left}, ports {procinfo.listening(set(ports))},"
                  f" dirs {[d for d in temp_dirs if os.path.exists(d)]}")


def kill_kernel(k):
    """The finally of a SIGKILL test: the kernel is dead, whatever the test got to."""
    if procinfo.alive(k.pid):
        os.kill(k.pid, signal.SIGKILL)
    k.kc.stop_channels()
    k.km.cleanup_resources()


def child_start(k, kind, args=""):
    """%nats / %mqtt start: (port, pid, output)."""
    r = k.ok(f"%{kind} start {args}".strip(), timeout=240)
    m = (NATS_STARTED if kind == "nats" else MQTT_STARTED).search(r.stdout)
    assert m, r.stdout
    return int(m.group(1)), int(m.group(2)), r.stdout


# ---- SIGKILL of the kernel ------------------------------------------------------------------------------------

def test_sigkill_of_the_kernel_leaves_no_process_port_or_temp_dir():
    require_servers()
    k = start_kernel()
    pid = k.pid
    try:
        redis_port, redis_pid, _ = redis_start(k)
        nats_port, nats_pid, _ = child_start(k, "nats", "--jetstream")
        mqtt_port, mqtt_pid, _ = child_start(k, "mqtt")
        k.ok("%kafka start --brokers 1", timeout=300)
        processes = procinfo.descendants(pid)
        assert redis_pid in processes and nats_pid in processes and mqtt_pid in processes
        tree = [pid] + processes
        sockets = {p: procinfo.socket_inodes(p) for p in tree}
        ports = procinfo.listening(set().union(*sockets.values()))
        redis_sockets = procinfo.listening(sockets[redis_pid])
        kafka_sockets = {i: port for i, port in procinfo.listening(sockets[pid]).items() if port != redis_port}
        assert redis_port in redis_sockets.values() and kafka_sockets, ports
        assert nats_port in procinfo.listening(sockets[nats_pid]).values(), ports
        assert mqtt_port in procinfo.listening(sockets[mqtt_pid]).values(), ports
        temp_dirs = (glob.glob(os.path.join(tempfile.gettempdir(), f"brokerbook-kernel-{pid}-*"))
                     + glob.glob(os.path.join(tempfile.gettempdir(), "brokerbook-kafka", f"lab-{pid}-*")))
        assert len(temp_dirs) == 2, temp_dirs
        kafka_log = k.ok("kafka.cluster().logFile().orElseThrow().toString()").result_text.strip('"')
        assert any(kafka_log.startswith(d + os.sep) for d in temp_dirs), (kafka_log, temp_dirs)
        child_dirs = [d for kind in ("nats", "mqtt") for d in glob.glob(os.path.join(temp_dirs[0], f"{kind}-[0-9]*"))]
        assert len(child_dirs) == 2, child_dirs
        temp_dirs += child_dirs

        t0 = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        done, gone = wait_until_gone(t0, {
            "kernel JVM": lambda: not procinfo.alive(pid),
            "redis-server": lambda: not procinfo.alive(redis_pid),
            "nats-server": lambda: not procinfo.alive(nats_pid),
            "mosquitto": lambda: not procinfo.alive(mqtt_pid),
            "kafka ports": lambda: not procinfo.listening(set(kafka_sockets)),
            "processes": lambda: not any(procinfo.alive(p) for p in processes),
            "ports": lambda: not procinfo.listening(set(ports)),
            "temp dirs": lambda: not any(os.path.exists(d) for d in temp_dirs),
        }, timeout=5.0)
        print_gone("After SIGKILL of the kernel", gone)
        left = [p for p in processes if procinfo.alive(p)]
        assert done, (f"after 5 s: processes {left} ({[open(f'/proc/{p}/comm').read().strip() for p in left]}), "
                      f"ports {procinfo.listening(set(ports))}, dirs {[d for d in temp_dirs if os.path.exists(d)]}")
        assert not os.path.exists(kafka_log)
        assert kernel_files(pid) == [], "nothing in the temp dir is named after the killed kernel"
    finally:
        kill_kernel(k)


def processes_naming(text):
    """Pids whose command line contains `text` (a guard names the dir it removes)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if text.encode() in f.read():
                        found.append(int(entry))
            except (FileNotFoundError, ProcessLookupError):
                pass
    return found


@pytest.mark.parametrize("after", [0.1, 0.25, 0.4, 0.55, 0.7, 0.9, 1.2, 2.0])
def test_sigkill_while_the_kernel_starts_leaves_no_work_dir_or_guard(after):
    """Killed at any moment of its start (before, while and after JShell is up), the kernel leaves no dir or guard."""
    km = jupyter_client.KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel()
    pid = km.provisioner.process.pid
    try:
        time.sleep(after)
        os.kill(pid, signal.SIGKILL)
        assert wait_until(lambda: not procinfo.alive(pid), timeout=5)
        name = f"brokerbook-kernel-{pid}-"
        done = wait_until(lambda: kernel_files(pid) == [] and processes_naming(name) == [], timeout=5)
        assert done, f"killed {after} s after launch: left {kernel_files(pid)}, processes {processes_naming(name)}"
    finally:
        if procinfo.alive(pid):
            os.kill(pid, signal.SIGKILL)
        km.cleanup_resources()


def test_sigkill_of_the_kernels_process_group_leaves_no_server_or_temp_dir():
    """jupyter_client kills a kernel that does not stop in time (and on shutdown with now=True) with SIGKILL to its
    whole process group: the supervisors must not go with it, or their servers and dirs would stay behind."""
    require_servers()
    k = start_kernel()
    pid = k.pid
    try:
        redis_port, redis_pid, _ = redis_start(k)
        nats_port, nats_pid, _ = child_start(k, "nats")
        processes = procinfo.descendants(pid)
        assert redis_pid in processes and nats_pid in processes
        temp_dirs = glob.glob(os.path.join(tempfile.gettempdir(), f"brokerbook-kernel-{pid}-*"))
        assert len(temp_dirs) == 1, temp_dirs
        assert os.getpgid(pid) == pid, "jupyter_client starts the kernel in a process group of its own"
        k.kc.stop_channels()
        k.km.shutdown_kernel(now=True)  # SIGKILL to the kernel's process group
        t0 = time.monotonic()
        done, gone = wait_until_gone(t0, {
            "kernel JVM": lambda: not procinfo.alive(pid),
            "redis-server": lambda: not procinfo.alive(redis_pid),
            "nats-server": lambda: not procinfo.alive(nats_pid),
            "processes": lambda: not any(procinfo.alive(p) for p in processes),
            "temp dirs": lambda: not any(os.path.exists(d) for d in temp_dirs),
        }, timeout=10.0)
        print_gone("After SIGKILL of the kernel's process group", gone)
        assert_all_gone(done, processes, [], temp_dirs)
    finally:  # kill_kernel(k) cannot serve: the kernel manager has let go of its process by now
        if procinfo.alive(pid):
            os.kill(pid, signal.SIGKILL)
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

        brokers = [p for p in jvms if p != zk_pid]
        t0 = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        done, gone = wait_until_gone(t0, {
            "zookeeper JVM": lambda: not procinfo.alive(zk_pid),
            "broker JVMs": lambda: not any(procinfo.alive(p) for p in brokers),
            "processes": lambda: not any(procinfo.alive(p) for p in processes),
            "ports": lambda: not procinfo.listening(set(ports)),
            "temp dirs": lambda: not any(os.path.exists(d) for d in temp_dirs),
        }, timeout=10.0)
        print_gone("After SIGKILL of the kernel (ZooKeeper + 2 brokers)", gone)
        assert_all_gone(done, processes, ports, temp_dirs)
    finally:
        kill_kernel(k)


def test_sigkill_of_the_kernel_leaves_no_in_jvm_mqtt_broker():
    """The in-JVM MQTT broker (HiveMQ CE) is a child JVM under a supervisor: it and its temp dir go with the kernel."""
    k = start_kernel()
    pid = k.pid
    try:
        mqtt_port, mqtt_pid, _ = child_start(k, "mqtt", "--server hivemq")
        processes = procinfo.descendants(pid)
        assert mqtt_pid in processes and open(f"/proc/{mqtt_pid}/comm").read().strip() == "java", processes
        ports = procinfo.listening(procinfo.socket_inodes(mqtt_pid))
        assert mqtt_port in ports.values(), ports
        temp_dirs = glob.glob(os.path.join(tempfile.gettempdir(), f"brokerbook-kernel-{pid}-*"))
        assert len(temp_dirs) == 1, temp_dirs
        temp_dirs += glob.glob(os.path.join(temp_dirs[0], "mqtt-[0-9]*"))
        assert len(temp_dirs) == 2, temp_dirs

        t0 = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        done, gone = wait_until_gone(t0, {
            "broker JVM": lambda: not procinfo.alive(mqtt_pid),
            "processes": lambda: not any(procinfo.alive(p) for p in processes),
            "port": lambda: not procinfo.listening(set(ports)),
            "temp dirs": lambda: not any(os.path.exists(d) for d in temp_dirs),
        }, timeout=10.0)
        print_gone("After SIGKILL of the kernel (HiveMQ CE)", gone)
        assert_all_gone(done, processes, ports, temp_dirs)
    finally:
        kill_kernel(k)


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


def broker_jvm(kernel_pid, broker_id):
    """The pid of ZooKeeper-mode broker `broker_id`: the child JVM whose command line runs its server-ID.properties."""
    for p in procinfo.descendants(kernel_pid):
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                args = f.read().decode().split("\0")
        except (FileNotFoundError, ProcessLookupError):
            continue
        if os.path.basename(args[0]) == "java" and any(a.endswith(f"/server-{broker_id}.properties") for a in args):
            return p
    raise AssertionError(f"no JVM of broker {broker_id} under kernel {kernel_pid}")


def test_zookeeper_mode_broker_killed_from_outside_shows_as_crashed_and_starts_again(kernel: Kernel):
    k = kernel
    k.execute("%kafka stop", timeout=120)
    k.execute("%zookeeper stop", timeout=60)
    r = k.ok("%zookeeper start", timeout=300)
    zk = "localhost:" + re.search(r"on 127\.0\.0\.1:(\d+)", r.stdout).group(1)
    k.ok(f"%kafka start --zookeeper {zk} --brokers 2", timeout=300)
    k.ok("%kafka-topics --create --topic crash --partitions 2 --replication-factor 2", timeout=120)
    k.ok("%%kafka-console-producer --topic crash\nbefore-1\nbefore-2", timeout=120)

    # one of two brokers killed: that broker shows as crashed, the lab serves on
    pid = broker_jvm(k.pid, 102)
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: "crashed" in lab_row(k, "kafka"), timeout=30, step=0.2), lab_row(k, "kafka")
    row = lab_row(k, "kafka")
    assert re.match(r"kafka\s+running\s", row) and re.search(
        rf"crashed: Kafka broker 102 on 127\.0\.0\.1:\d+ \(pid {pid}\) stopped unexpectedly \(killed by signal 9\)", row), row
    status = k.ok("%kafka status", timeout=120).stdout
    first, *rest = status.splitlines()
    assert re.match(rf"Kafka broker 102 on 127\.0\.0\.1:\d+ \(pid {pid}\) stopped unexpectedly \(killed by signal 9\)"
                    r"; last log line: .+\. Run %kafka broker start 102 to start it again\.$", first), status
    assert rest[0].startswith("Last lines of the log of broker 102 (") and rest[1].startswith("  "), status
    assert "Bootstrap servers:" in status
    # ZooKeeper drops the broker when its session expires; broker 101 then leads every partition and serves the records
    assert wait_until(lambda: k.ok("%zookeeper-shell ls /brokers/ids").stdout == "[101]\n", timeout=60, step=0.5)
    out = k.ok("%kafka-console-consumer --topic crash --from-beginning --max-messages 2 --timeout-ms 60000", timeout=120).stdout
    assert "Processed a total of 2 messages" in out, out
    assert re.match(r"zookeeper\s+running\s", lab_row(k, "zookeeper"))
    t = time.monotonic()
    r = k.ok("%kafka broker start 102", timeout=180)
    print(f"\nZooKeeper-mode broker 102 killed from outside; %kafka broker start 102 took {time.monotonic() - t:.1f} s")
    assert r.stdout.startswith("Broker 102 started again in "), r.stdout
    assert broker_jvm(k.pid, 102) != pid
    assert k.ok("%zookeeper-shell ls /brokers/ids").stdout == "[101, 102]\n"
    assert "crashed" not in lab_row(k, "kafka") and "crashed" not in k.ok("%kafka status", timeout=120).stdout
    k.ok("%kafka stop", timeout=120)

    # its only broker killed: the lab is crashed; %kafka start starts a new one once ZooKeeper dropped the old session
    k.ok(f"%kafka start --zookeeper {zk} --brokers 1", timeout=300)
    pid = broker_jvm(k.pid, 101)
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: re.match(r"kafka\s+crashed\s", lab_row(k, "kafka")), timeout=30, step=0.2), lab_row(k, "kafka")
    status = k.ok("%kafka status").stdout
    first, *rest = status.splitlines()
    assert re.match(rf"Kafka broker 101 on 127\.0\.0\.1:\d+ \(pid {pid}\) stopped unexpectedly \(killed by signal 9\)"
                    r"; last log line: .+\. Run %kafka start to start it again\.$", first), status
    assert rest[0].startswith("Last lines of the log of broker 101 (") and rest[1].startswith("  "), status
    t = time.monotonic()
    k.ok(f"%kafka start --zookeeper {zk} --brokers 1", timeout=300)
    print(f"After the only broker was killed, %kafka start --zookeeper took {time.monotonic() - t:.1f} s")
    assert re.match(r"kafka\s+running\s", lab_row(k, "kafka"))
    k.ok("%kafka-topics --create --topic after-crash --partitions 1 --replication-factor 1", timeout=120)
    k.ok("%kafka stop", timeout=120)
    k.ok("%zookeeper stop", timeout=60)


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


# ---- %kafka stop under running consumers ---------------------------------------------------------------------

KAFKA_CLIENT_THREADS = ('Thread.getAllStackTraces().keySet().stream().map(Thread::getName)'
                        '.filter(n -> n.matches("(kafka-producer-network-thread|kafka-coordinator-heartbeat-thread'
                        '|consumer_background_thread|kafka-admin-client-thread).*")).sorted().toList()')

STOPPED_LINE = "Consumer ended: the Kafka lab was stopped (%kafka stop)."


def drain_iopub(k, seconds):
    """Reads iopub for `seconds` into k.stray (output of threads whose cell has ended)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            k.stray.append(k.kc.get_iopub_msg(timeout=0.1))
        except Exception:  # queue.Empty
            pass


def test_kafka_stop_ends_consumers_of_other_threads_with_one_line_each(kernel: Kernel):
    k = kernel
    k.ok("%kafka start --brokers 1", timeout=300)
    k.ok("%kafka-topics --create --topic news --partitions 2 --replication-factor 1", timeout=120)
    k.ok("%%kafka-console-producer --topic news\nfirst\nsecond", timeout=120)
    # the console consumer's loop (kafka.readCounting, as %kafka-console-consumer) and a cell's own consumer loop,
    # each on a thread of its own: the cell that starts them ends at once, they keep reading
    started = k.ok("""
        Thread reader = new Thread(() -> kafka.readCounting("news", "bg-console", Long.MAX_VALUE, 600_000), "bg-console-reader");
        Thread own = new Thread(() -> {
            try (var c = kafka.consumer("bg-own")) {
                c.subscribe(List.of("news"));
                while (true) { c.poll(Duration.ofMillis(500)); }
            }
        }, "bg-own-consumer");
        reader.start();
        own.start();
        """, timeout=60)
    start_id = started.reply["parent_header"]["msg_id"]
    k.ok('int members() { try { return kafka.admin().describeConsumerGroups(List.of("bg-console", "bg-own")).all().get()'
         '.values().stream().mapToInt(g -> g.members().size()).sum(); } catch (Exception notYet) { return 0; } }')
    assert wait_until(lambda: k.ok("members()", timeout=60).result_text == "2", timeout=90, step=0.5), "both joined"
    # and a consumer a cell keeps without polling it
    k.ok('var idle = kafka.consumer("bg-idle"); idle.subscribe(List.of("news")); idle.poll(Duration.ofSeconds(3));', timeout=60)
    threads = k.ok(KAFKA_CLIENT_THREADS).result_text
    assert "kafka-coordinator-heartbeat-thread | bg-idle" in threads, threads

    t = time.monotonic()
    stop = k.ok("%kafka stop", timeout=120)
    stop_seconds = time.monotonic() - t
    assert stop.stdout.startswith("Kafka lab stopped"), stop.stdout
    assert wait_until(lambda: k.ok("reader.isAlive() || own.isAlive()").result_text == "false", timeout=10, step=0.2)
    drain_iopub(k, 1.0)
    background = [m for m in k.stray if m["parent_header"].get("msg_id") == start_id]
    err = "".join(m["content"]["text"] for m in background if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    print(f"\n%kafka stop with 2 consumers on other threads: {stop_seconds * 1000:.0f} ms; they wrote:\n{err}")
    assert sorted(err.splitlines()) == [f'Exception in thread "bg-console-reader": {STOPPED_LINE}',
                                        f'Exception in thread "bg-own-consumer": {STOPPED_LINE}'], err
    assert k.ok(KAFKA_CLIENT_THREADS).result_text == "[]", "no Kafka client thread left"
    k.ok('String pollIdle() { try { idle.poll(Duration.ofMillis(10)); return "polled"; } catch (RuntimeException e) { return e.getMessage(); } }')
    assert k.ok("pollIdle()").result_text == STOPPED_LINE, "the kept consumer was closed and says why"

    # the kernel is usable and the lab starts again
    assert k.ok("6 * 7").result_text == "42"
    k.ok("%kafka start --brokers 1", timeout=300)
    k.ok("%kafka-topics --create --topic again --partitions 1 --replication-factor 1", timeout=120)
    k.ok("%kafka stop", timeout=120)


# ---- RabbitMQ: a rabbitmq-server node and its own epmd, both children of the kernel ------------------------------

RABBIT_STARTED = re.compile(r"RabbitMQ \S+ started on amqp://127\.0\.0\.1:(\d+)/ in [\d.]+ s \(pid (\d+),")


def rabbit_start(k, args=""):
    from conftest import require_tool
    require_tool(shutil.which("rabbitmq-server") is not None, "rabbitmq-server is not installed (apt-get install rabbitmq-server)")
    r = k.ok(f"%rabbitmq start {args}".strip(), timeout=180)
    m = RABBIT_STARTED.search(r.stdout)
    assert m, r.stdout
    return int(m.group(1)), int(m.group(2)), r.stdout


def test_sigkill_of_the_kernel_leaves_no_rabbitmq_node_epmd_port_or_temp_dir():
    k = start_kernel()
    pid = k.pid
    try:
        port, beam, _ = rabbit_start(k)
        processes = procinfo.descendants(pid)
        names = {p: open(f"/proc/{p}/comm").read().strip() for p in processes if procinfo.alive(p)}
        assert beam in processes and "epmd" in names.values(), names
        sockets = set().union(*(procinfo.socket_inodes(p) for p in processes if procinfo.alive(p)))
        ports = procinfo.listening(sockets)
        assert port in ports.values(), ports
        temp_dirs = glob.glob(os.path.join(tempfile.gettempdir(), f"brokerbook-kernel-{pid}-*"))
        assert temp_dirs, "the kernel's work dir holds the node's run dir"

        t0 = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        done = wait_until(lambda: not any(procinfo.alive(p) for p in processes) and not procinfo.listening(set(ports))
                          and not any(os.path.exists(d) for d in temp_dirs), timeout=10.0, step=0.05)
        print(f"\nAfter SIGKILL of the kernel: the RabbitMQ node, its epmd, ports and dirs gone in "
              f"{(time.monotonic() - t0) * 1000:.0f} ms")
        left = [p for p in processes if procinfo.alive(p)]
        assert done, f"left: {[(p, names.get(p)) for p in left]}, ports {procinfo.listening(set(ports))}"
    finally:
        if procinfo.alive(pid):
            os.kill(pid, signal.SIGKILL)
        k.kc.stop_channels()
        k.km.cleanup_resources()


def test_rabbitmq_killed_from_outside_shows_as_crashed_and_starts_again(kernel: Kernel):
    port, beam, _ = rabbit_start(kernel)
    kernel.ok("%rabbitmq declare queue before-crash")
    os.kill(beam, signal.SIGKILL)
    assert wait_until(lambda: "crashed" in lab_row(kernel, "rabbitmq"), timeout=30, step=0.1), lab_row(kernel, "rabbitmq")
    assert "stopped unexpectedly" in lab_row(kernel, "rabbitmq")
    status = kernel.ok("%rabbitmq status").stdout
    assert "stopped unexpectedly" in status and "Run %rabbitmq start to start it again." in status, status
    again_port, again_beam, _ = rabbit_start(kernel, f"--port {port}")
    assert again_port == port and again_beam != beam
    assert "declared" in kernel.ok("%rabbitmq declare queue after-crash").stdout
    kernel.ok("%rabbitmq stop", timeout=120)


def test_rabbitmq_that_dies_at_start_says_why_in_one_line(kernel: Kernel, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "brokerbook@localhost").write_text("not a directory")  # the node's database dir cannot be created
    from conftest import require_tool
    require_tool(shutil.which("rabbitmq-server") is not None, "rabbitmq-server is not installed")
    r = kernel.execute(f"%rabbitmq start --data-dir {data}", timeout=180)
    line = lab_error(r)
    assert line.startswith("rabbitmq-server exited during start-up"), line
    # the last lines of the node's log say why: RabbitMQ's own error term, with the path it could not create
    assert "Application rabbit exited with reason: {{cannot_create_mnesia_dir," in line, line
    assert f'"{data}/brokerbook@localhost/",eexist' in line, line
    assert re.match(r"rabbitmq\s+stopped\s", lab_row(kernel, "rabbitmq")), "nothing left running"


def qpid_start(k, args=""):
    """%rabbitmq start --server qpid (Qpid Broker-J in a child JVM): (port, pid, output)."""
    from test_rabbitmq_qpid import STARTED, jdk_homes
    require_tool(jdk_homes(17, 23), "no Java 17-23 under /usr/lib/jvm for Qpid Broker-J (apt-get install openjdk-17-jre-headless)")
    r = k.ok(f"%rabbitmq start --server qpid {args}".strip(), timeout=180)
    m = STARTED.search(r.stdout)
    assert m, r.stdout
    return int(m.group("port")), int(m.group("pid")), r.stdout


def test_sigkill_of_the_kernel_leaves_no_qpid_child_jvm_port_or_temp_dir():
    k = start_kernel()
    pid = k.pid
    try:
        port, qpid_pid, _ = qpid_start(k)
        processes = procinfo.descendants(pid)
        assert qpid_pid in processes and open(f"/proc/{qpid_pid}/comm").read().strip() == "java", processes
        run_dir = k.ok("rabbit.lab().runDir().orElseThrow().toString()").result_text.strip().strip('"')
        temp_dirs = glob.glob(os.path.join(tempfile.gettempdir(), f"brokerbook-kernel-{pid}-*"))
        assert any(run_dir.startswith(d + os.sep) for d in temp_dirs), (run_dir, temp_dirs)
        sockets = procinfo.listening(procinfo.socket_inodes(qpid_pid))
        assert port in sockets.values() and len(sockets) == 2, f"AMQP and the inspection socket: {sockets}"

        t0 = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        gone = {}

        def check():
            now = time.monotonic() - t0
            if "broker JVM" not in gone and not procinfo.alive(qpid_pid):
                gone["broker JVM"] = now
            if "processes" not in gone and not any(procinfo.alive(p) for p in processes):
                gone["processes"] = now
            if "ports" not in gone and not procinfo.listening(set(sockets)):
                gone["ports"] = now
            if "temp dirs" not in gone and not os.path.exists(run_dir) and not any(os.path.exists(d) for d in temp_dirs):
                gone["temp dirs"] = now
            return len(gone) == 4

        done = wait_until(check, timeout=10.0, step=0.01)
        print("\nAfter SIGKILL of the kernel (Qpid Broker-J): "
              + ", ".join(f"{what} gone in {t * 1000:.0f} ms" for what, t in gone.items()))
        left = [p for p in processes if procinfo.alive(p)]
        assert done, (f"after 10 s: processes {left}, ports {procinfo.listening(set(sockets))},"
                      f" dirs {[d for d in temp_dirs + [run_dir] if os.path.exists(d)]}")
    finally:
        if procinfo.alive(pid):
            os.kill(pid, signal.SIGKILL)
        k.kc.stop_channels()
        k.km.cleanup_resources()


@pytest.mark.parametrize("server", ["rabbitmq", "qpid"])
def test_shutdown_request_with_rabbitmq_running_leaves_no_process_port_or_temp_dir(server):
    """A clean kernel shutdown (shutdown_request, as Jupyter sends it) stops the node, its epmd, or Qpid's child JVM."""
    k = start_kernel()
    pid = k.pid
    try:
        port, server_pid, _ = rabbit_start(k) if server == "rabbitmq" else qpid_start(k)
        k.ok("%rabbitmq declare queue at-shutdown")
        processes = procinfo.descendants(pid)
        names = {p: open(f"/proc/{p}/comm").read().strip() for p in processes if procinfo.alive(p)}
        expected = {"beam.smp", "epmd"} if server == "rabbitmq" else {"java"}
        assert server_pid in processes and expected <= set(names.values()), names
        sockets = set().union(*(procinfo.socket_inodes(p) for p in processes if procinfo.alive(p)))
        ports = procinfo.listening(sockets)
        assert port in ports.values(), ports
        run_dir = k.ok("rabbit.lab().runDir().orElseThrow().toString()").result_text.strip().strip('"')
        temp_dirs = glob.glob(os.path.join(tempfile.gettempdir(), f"brokerbook-kernel-{pid}-*"))
        assert os.path.isdir(run_dir) and temp_dirs, (run_dir, temp_dirs)

        t0 = time.monotonic()
        reply = k.request("control", "shutdown_request", {"restart": False})
        assert reply["content"]["status"] == "ok", reply["content"]
        # generous: RabbitMQ closes its message stores on SIGTERM before its VM exits
        assert wait_until(lambda: not procinfo.alive(pid), timeout=120, step=0.1), "kernel still running"
        print(f"\nshutdown_request with {server} running: the kernel exited in {(time.monotonic() - t0) * 1000:.0f} ms")
        left = [(p, names.get(p)) for p in processes if procinfo.alive(p)]
        assert not left, f"left behind: {left}"
        assert not procinfo.listening(set(ports)), f"ports still open: {procinfo.listening(set(ports))}"
        assert not os.path.exists(run_dir) and not any(os.path.exists(d) for d in temp_dirs), "temp dirs removed"
        if server == "rabbitmq":
            with socket.socket() as s:
                s.bind(("127.0.0.1", port))  # the AMQP port is free again
    finally:
        if procinfo.alive(pid):
            os.kill(pid, signal.SIGKILL)
        k.kc.stop_channels()
        k.km.cleanup_resources()


def test_qpid_killed_from_outside_shows_as_crashed_with_its_last_log_lines_and_starts_again(kernel: Kernel):
    kernel.execute("%rabbitmq stop", timeout=120)
    port, pid, _ = qpid_start(kernel)
    kernel.ok("%rabbitmq declare queue before-crash")
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: "crashed" in lab_row(kernel, "rabbitmq"), timeout=30, step=0.1), lab_row(kernel, "rabbitmq")
    assert re.match(rf"rabbitmq\s+crashed\s+amqp://127\.0\.0\.1:{port}/\s.*stopped unexpectedly \(killed by signal 9\)",
                    lab_row(kernel, "rabbitmq")), lab_row(kernel, "rabbitmq")
    status = kernel.ok("%rabbitmq status").stdout
    first, *rest = status.splitlines()
    assert first.startswith(f"Qpid Broker-J on 127.0.0.1:{port} (pid {pid}) stopped unexpectedly (killed by signal 9);"
                            " last log lines: ") and first.endswith(" Run %rabbitmq start to start it again."), status
    assert rest[0].startswith("Last lines of its log (") and any("BRK-1004" in line for line in rest), status
    line = lab_error(kernel.execute("%rabbitmqctl list_queues"))
    assert "stopped unexpectedly" in line, line

    again_port, again_pid, out = qpid_start(kernel, f"--port {port}")
    assert again_port == port and again_pid != pid
    assert "declared" in kernel.ok("%rabbitmq declare queue after-crash").stdout
    assert re.match(r"rabbitmq\s+running\s", lab_row(kernel, "rabbitmq"))
    kernel.ok("%rabbitmq stop", timeout=120)
    assert wait_until(lambda: not procinfo.alive(again_pid), timeout=10)


def test_qpid_that_dies_at_start_says_why_in_one_line_with_its_last_log_lines(kernel: Kernel, tmp_path):
    kernel.execute("%rabbitmq stop", timeout=120)
    data = tmp_path / "data"
    data.mkdir()
    (data / "qpid-derby-store").write_text("not a directory")  # Derby cannot create its store there
    before = set(procinfo.descendants(kernel.pid))
    from test_rabbitmq_qpid import jdk_homes
    require_tool(jdk_homes(17, 23), "no Java 17-23 under /usr/lib/jvm (apt-get install openjdk-17-jre-headless)")
    line = lab_error(kernel.execute(f"%rabbitmq start --server qpid --data-dir {data}", timeout=180))
    assert line.startswith("Qpid Broker-J exited during start-up (exit code 1): last log lines: "), line
    assert line.endswith(f"Error: Qpid Broker-J's virtual host node 'default' is ERRORED: Directory {data}/qpid-derby-store/default"
                         " cannot be created."), line
    assert re.match(r"rabbitmq\s+stopped\s", lab_row(kernel, "rabbitmq")), "nothing left running"
    assert [p for p in procinfo.descendants(kernel.pid) if p not in before and procinfo.alive(p)] == []


# ---- NATS and MQTT faults, same kernel ---------------------------------------------------------------------

@pytest.mark.parametrize("kind,server,row,start", [
    ("nats", "NATS server", r"nats\s+crashed\s+nats://127\.0\.0\.1:{port}\s", ""),
    ("mqtt", "MQTT broker", r"mqtt\s+crashed\s+tcp://127\.0\.0\.1:{port}\s", ""),
    ("mqtt", "MQTT broker", r"mqtt\s+crashed\s+tcp://127\.0\.0\.1:{port}\s", "--server hivemq"),
], ids=["nats", "mosquitto", "hivemq"])
def test_child_server_killed_from_outside_shows_as_crashed_and_starts_again(kernel: Kernel, kind, server, row, start):
    require_servers()
    kernel.execute(f"%{kind} stop", timeout=60)
    port, pid, _ = child_start(kernel, kind, start)
    kernel.ok(f"%{kind} pub survivor/check no" if kind == "mqtt" else "%nats pub survivor.check no")
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: "crashed" in lab_row(kernel, kind), timeout=30, step=0.1), lab_row(kernel, kind)
    assert re.match(row.format(port=port) + r".*stopped unexpectedly \(killed by signal 9\)", lab_row(kernel, kind)), \
        lab_row(kernel, kind)
    status = kernel.ok(f"%{kind} status").stdout
    first, *rest = status.splitlines()
    assert first == (f"{server} on 127.0.0.1:{port} (pid {pid}) stopped unexpectedly (killed by signal 9)."
                     f" Run %{kind} start to start it again."), status
    assert rest[0].startswith("Last lines of its log ("), status

    again_port, again_pid, out = child_start(kernel, kind, f"{start} --port {port}")
    assert out.startswith(f"{server} on 127.0.0.1:{port} (pid {pid}) stopped unexpectedly"), out
    assert again_port == port and again_pid != pid
    assert kernel.ok(f"%{kind} pub after/restart yes" if kind == "mqtt" else "%nats pub after.restart yes").stdout.startswith("Published")
    assert re.match(rf"{kind}\s+running\s", lab_row(kernel, kind))

    stopped = kernel.ok(f"%{kind} stop", timeout=60).stdout
    assert "stopped" in stopped and not procinfo.alive(again_pid), stopped
    assert wait_until(lambda: not procinfo.alive(again_pid), timeout=10)


def test_nats_stop_is_no_crash_though_nats_server_exits_with_status_one(kernel: Kernel):
    require_servers()
    kernel.execute("%nats stop", timeout=60)
    _, pid, _ = child_start(kernel, "nats", "--jetstream")
    out = kernel.ok("%nats stop", timeout=60).stdout
    assert out.startswith("NATS on 127.0.0.1:") and out.rstrip().endswith("stopped; temp files removed."), out
    assert re.match(r"nats\s+stopped\s", lab_row(kernel, "nats")), lab_row(kernel, "nats")
    assert not procinfo.alive(pid)


# ---- every server kind: its default port taken by a foreign process, a bad data dir ----------------------------
# (Redis has its own cases above; a Kafka lab inside the kernel cannot be killed from outside but the kernel.)

KINDS = {
    # kind: (the line that starts it, its default port, its %lab status row, the line that stops it)
    "nats": ("%nats start", 4222, "nats", "%nats stop"),
    "mqtt": ("%mqtt start", 1883, "mqtt", "%mqtt stop"),
    "zookeeper": ("%zookeeper start", 2181, "zookeeper", "%zookeeper stop"),
    "kafka": ("%kafka start --brokers 1", 9092, "kafka", "%kafka stop"),
    "kafka --zookeeper": ("%kafka start --zookeeper {zk} --brokers 1", 9092, "kafka", "%kafka stop"),
    "rabbitmq": ("%rabbitmq start", 5672, "rabbitmq", "%rabbitmq stop"),
    "qpid": ("%rabbitmq start --server qpid", 5672, "rabbitmq", "%rabbitmq stop"),
}


def require_kind(kind):
    if kind in ("nats", "mqtt"):
        require_servers()
    if kind == "rabbitmq":
        require_tool(shutil.which("rabbitmq-server") is not None, "rabbitmq-server is not installed (apt-get install rabbitmq-server)")
    if kind == "qpid":
        from test_rabbitmq_qpid import jdk_homes
        require_tool(jdk_homes(17, 23), "no Java 17-23 under /usr/lib/jvm for Qpid Broker-J (apt-get install openjdk-17-jre-headless)")


def start_line(k, kind):
    """The kind's start line; Kafka in ZooKeeper mode gets a ZooKeeper of its own first (stopped by stop_all)."""
    line = KINDS[kind][0]
    if "{zk}" in line:
        r = k.ok("%zookeeper start", timeout=300)
        line = line.format(zk="localhost:" + re.search(r"on 127\.0\.0\.1:(\d+)", r.stdout).group(1))
    return line


def stop_all(k, kind):
    k.execute(KINDS[kind][3], timeout=180)
    if "{zk}" in KINDS[kind][0]:
        k.execute("%zookeeper stop", timeout=60)


def kernel_listening(k):
    """The ports the kernel and its children listen on."""
    return set(procinfo.listening(set().union(*(procinfo.socket_inodes(p) for p in [k.pid] + procinfo.descendants(k.pid)))).values())


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_takes_the_next_free_port_when_its_default_is_taken_and_says_so(kernel: Kernel, kind):
    require_kind(kind)
    k = kernel
    stop_all(k, kind)
    start, default, row, _ = KINDS[kind]
    foreign = socket.socket()
    try:
        foreign.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        foreign.bind(("127.0.0.1", default))
        foreign.listen(1)
    except OSError:
        foreign.close()  # another program holds it already: just as foreign
        foreign = None
    try:
        out = k.ok(start_line(k, kind), timeout=300).stdout
        m = re.search(rf"^Port {default} is in use by another process; using (\d+)\.$", out, re.M)
        assert m, out
        port = int(m.group(1))
        assert port != default and f"127.0.0.1:{port}" in lab_row(k, row), lab_row(k, row)
        assert port in kernel_listening(k), "the server listens on the port it named"
        print(f"\n{kind}: port {default} taken, started on {port}")
    finally:
        if foreign:
            foreign.close()
        stop_all(k, kind)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_refuses_a_bad_data_dir_in_one_line_before_anything_starts(kernel: Kernel, kind, tmp_path):
    require_kind(kind)
    k = kernel
    stop_all(k, kind)
    row = KINDS[kind][2]
    start = start_line(k, kind)
    try:
        before = set(procinfo.descendants(k.pid))
        listening = kernel_listening(k)

        line = lab_error(k.execute(f"{start} --data-dir /proc", timeout=120))
        assert line.startswith("The data dir /proc is not writable (") and line.endswith("; choose another --data-dir."), line

        # a dir another lab server (another kernel) holds: its lock file, locked as DataDirLock does (fcntl)
        import fcntl
        held = tmp_path / "held"
        held.mkdir()
        with open(held / ".brokerbook-lock", "w") as lock:
            lock.write("kind=redis pid=424242 since=2026-11-30T05:00:00Z\n")
            lock.flush()
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            line = lab_error(k.execute(f"{start} --data-dir {held}", timeout=120))
        assert line == (f"The data dir {held} is in use by another lab server (kind=redis pid=424242 since=2026-11-30T05:00:00Z);"
                        " stop it first, or choose another --data-dir."), line

        assert re.match(rf"{row}\s+stopped\s", lab_row(k, row)), lab_row(k, row)
        assert [p for p in procinfo.descendants(k.pid) if p not in before and procinfo.alive(p)] == [], "nothing started"
        assert kernel_listening(k) <= listening, "no new port"
    finally:
        stop_all(k, kind)
