"""Reading a process's CPU time, children and threads from /proc (Linux)."""
import os
import time


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def cpu_share(pid, seconds=2.0):
    """Fraction of one core the process used over the next `seconds`."""
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) / seconds


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):  # gone before or while /proc was read
        return False


def children(pid):
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    return out


def descendants(pid):
    """Every process below `pid`: children, their children, … (servers run under a supervisor shell)."""
    found = []
    todo = [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def socket_inodes(pid):
    """Inodes of the sockets process `pid` holds open."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except (FileNotFoundError, ProcessLookupError):
                continue
            if target.startswith("socket:["):
                inodes.add(int(target[8:-1]))
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return inodes


def listening(inodes):
    """{inode: port} of the TCP sockets among `inodes` that are listening (IPv4 and IPv6)."""
    found = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[9]) in inodes:
                        found[int(fields[9])] = int(fields[1].rsplit(":", 1)[1], 16)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return found


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


JVM_SERVICE_THREADS = ("C1 CompilerThre", "C2 CompilerThre", "GC Thread", "G1 ", "VM Thread", "VM Periodic",
                       "Sweeper", "Service Thread", "Monitor Deflati")


def thread_cpu(pid):
    """CPU seconds per thread (keyed by tid, with its name)."""
    out = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                raw = f.read()
            name = raw[raw.index("(") + 1:raw.rindex(")")]
            fields = raw.rsplit(")", 1)[1].split()
            out[tid] = (name, (int(fields[11]) + int(fields[12])) / ticks)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return out


def busiest_app_thread(pid, seconds=3.0):
    """(name, share of a core) of the busiest thread that is not the JIT, GC or another JVM service thread.

    The JIT keeps compiling for a while after cells ran; that is not the kernel's own work."""
    before = thread_cpu(pid)
    time.sleep(seconds)
    after = thread_cpu(pid)
    best = ("", 0.0)
    for tid, (name, cpu) in after.items():
        if name.startswith(JVM_SERVICE_THREADS):
            continue
        share = (cpu - before.get(tid, (name, 0.0))[1]) / seconds
        if share > best[1]:
            best = (name, share)
    return best


def client_connections(pid, server_ports):
    """{(local port, remote port)} of the established TCP connections process `pid` holds as a client of one of
    `server_ports` (the in-JVM brokers live in the same process: their accepted ends are left out)."""
    inodes = socket_inodes(pid)
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] != "01" or int(fields[9]) not in inodes:
                        continue
                    local = int(fields[1].rsplit(":", 1)[1], 16)
                    remote = int(fields[2].rsplit(":", 1)[1], 16)
                    if remote in server_ports and local not in server_ports:
                        found.add((local, remote))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return found
