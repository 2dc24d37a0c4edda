"""Timing a child process: wall time, exit code and the child's own peak memory."""

from __future__ import annotations

import json
import subprocess
import sys


def test_run_timed_reports_the_childs_own_peak_memory():
    # Linux starts a child's ru_maxrss at the high-water mark of the process it was spawned from, and a
    # test worker is large: measure from a fresh, small interpreter, as `prakerja bench` measures.
    probe = """
import json, sys
from prakerja_dq.bench.measure import run_timed
grow = "x = bytearray(150 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096]); print('done')"
big = run_timed([sys.executable, "-c", grow])
small = run_timed([sys.executable, "-c", "print('done')"])
failed = run_timed([sys.executable, "-c", "import sys; sys.exit('boom')"])
print(json.dumps([big.peak_rss_mb, small.peak_rss_mb, big.stdout, failed.returncode, failed.stderr_tail]))
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    big_mb, small_mb, big_stdout, failed_code, failed_tail = json.loads(result.stdout)
    assert big_stdout.strip() == "done"
    assert big_mb > 150 > small_mb  # not the running maximum over all children
    assert failed_code == 1 and "boom" in failed_tail
