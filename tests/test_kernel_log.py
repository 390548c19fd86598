"""The kernel's log: log4j starts when something first logs (not with the kernel), and then with the kernel's
configuration whoever starts it — the log file at the kernel's level, never cell output."""
import time

from conftest import start_kernel, stop_kernel


def wait_for_text(path, text, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if path.exists() and text in path.read_text():
            return path.read_text()
        time.sleep(0.2)
    return path.read_text() if path.exists() else None


def test_log4j_starts_on_first_use_with_the_kernel_configuration(tmp_path):
    k = start_kernel(env={"BROKERBOOK_LOG_DIR": str(tmp_path), "BROKERBOOK_LOG_LEVEL": "WARN"})
    try:
        log_file = tmp_path / f"kernel-{k.pid}.log"
        assert k.ok("1 + 1").result_text == "2"
        assert not log_file.exists(), "starting the kernel and a first cell logged something: " + log_file.read_text()
        # a library's logger, created by a cell: the first use of log4j, started with the kernel's configuration
        r = k.ok('var log = org.slf4j.LoggerFactory.getLogger("org.example.Check");\n'
                 'log.info("below the level");\nlog.warn("hello from a cell");')
        assert "hello from a cell" not in r.stdout + r.stderr, "a log line went into the cell's output"
        text = wait_for_text(log_file, "hello from a cell")
        assert text is not None, f"no kernel log file {log_file}"
        lines = [line for line in text.splitlines() if "hello from a cell" in line]
        assert len(lines) == 1, text
        assert " WARN  [" in lines[0] and "] o.e.Check - hello from a cell" in lines[0], lines[0]
        assert "below the level" not in text, text
    finally:
        stop_kernel(k)
