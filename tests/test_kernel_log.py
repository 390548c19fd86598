"""The kernel's log: log4j does not start with the kernel but once the first cell has its result, or earlier when
something logs first; either way with the kernel's configuration — the log file at the kernel's level, WARN+ on the
kernel's stderr, never cell output."""
import time

import pytest

from conftest import start_kernel, stop_kernel

LOG_A_WARNING = ('var log = org.slf4j.LoggerFactory.getLogger("org.example.Check");\n'
                 'log.info("below the level");\nlog.warn("hello from a cell");')


def wait_for_text(path, text, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if path.exists() and text in path.read_text():
            return path.read_text()
        time.sleep(0.2)
    return path.read_text() if path.exists() else None


@pytest.mark.parametrize("first_cell_logs", [True, False], ids=["a-cell-starts-log4j", "the-kernel-starts-log4j"])
def test_log_lines_go_to_the_kernel_log_with_its_configuration(tmp_path, first_cell_logs):
    k = start_kernel(env={"BROKERBOOK_LOG_DIR": str(tmp_path), "BROKERBOOK_LOG_LEVEL": "WARN"})
    try:
        log_file = tmp_path / f"kernel-{k.pid}.log"
        if not first_cell_logs:
            assert k.ok("1 + 1").result_text == "2"
            # the kernel starts log4j on a thread of its own once the first cell has its result: its file appears
            deadline = time.time() + 30
            while not log_file.exists() and time.time() < deadline:
                time.sleep(0.2)
            assert log_file.exists(), "log4j did not start after the first cell"
        # a library's logger, created by a cell (in the first case, log4j's first use)
        r = k.ok(LOG_A_WARNING)
        assert "hello from a cell" not in r.stdout + r.stderr, "a log line went into the cell's output"
        text = wait_for_text(log_file, "hello from a cell")
        assert text is not None, f"no kernel log file {log_file}"
        lines = [line for line in text.splitlines() if "hello from a cell" in line]
        assert len(lines) == 1, text
        assert " WARN  [" in lines[0] and "] o.e.Check - hello from a cell" in lines[0], lines[0]
        assert "below the level" not in text, text
    finally:
        stop_kernel(k)
