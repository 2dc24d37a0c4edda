"""Timing a command in a fresh process: wall time and the peak RSS of that process."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timed:
    """What one timed process did."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr_tail: str


def run_timed(
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    keep_stdout: bool = True,
    timeout: float | None = None,
) -> Timed:
    """Run ``command`` and wait for it with ``wait4``, whose resource usage is that of this one child (its
    ``ru_maxrss`` is the largest peak RSS among it and the descendants it waited for), not the running
    maximum over every child this process ever had. Linux starts that peak at the high-water mark of the
    process the child was spawned from, so measure from a small process. ``keep_stdout``: capture standard
    output, else discard it (an extractor's records). A process still running after ``timeout`` seconds
    is killed.
    """
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.PIPE if keep_stdout else subprocess.DEVNULL,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
        )
        killer = threading.Timer(timeout, process.kill) if timeout else None
        if killer is not None:
            killer.start()
        try:
            output = process.stdout.read() if process.stdout is not None else b""
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            if killer is not None:
                killer.cancel()
            if process.stdout is not None:
                process.stdout.close()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        tail = stderr.read().decode("utf-8", "replace").strip().splitlines()[-12:]
    return Timed(
        seconds=round(seconds, 3),
        peak_rss_mb=round(usage.ru_maxrss / 1024, 1),
        returncode=process.returncode,
        stdout=output.decode("utf-8", "replace"),
        stderr_tail="\n".join(tail),
    )


def write_path_list(paths: list[Path], listing: Path) -> Path:
    """Write one path per line (a corpus's file names do not fit on a command line)."""
    listing.write_text("".join(f"{path}\n" for path in paths), encoding="utf-8")
    return listing
