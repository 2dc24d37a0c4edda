"""Process-wide defaults for the libraries we run, applied by entry points before those are imported."""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform

from prakerja_dq.prefect_api import seed_database
from prakerja_dq.settings import get_settings

# glibc's mallopt parameter, and the size from which each allocation is its own mapping, returned on free.
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 128 * 1024


def return_freed_blocks_to_the_system() -> bool:
    """Make glibc map every allocation of 128 kB or more on its own, so freeing it returns it to the system.

    DuckDB (built here without jemalloc) allocates its 256 kB buffer blocks with ``malloc`` from its worker
    threads. glibc raises its mmap threshold past a block's size the first time one is freed, and from then
    on serves blocks from per-thread heaps that fragment and keep what is freed (after extraction at
    1,000,000 articles glibc held 411 MB, 160 MB of it free). A fixed threshold stops the raising: at
    100,000 articles what glibc held after extraction fell from 238 MB to 113 MB. Does nothing, returning
    False, off glibc or when ``MALLOC_MMAP_THRESHOLD_`` already sets it.
    """
    if os.environ.get("MALLOC_MMAP_THRESHOLD_") or platform.libc_ver()[0] != "glibc":
        return False
    return bool(ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))


def configure_runtime() -> None:
    """Defaults for Prefect and GX, set before they are imported; the environment always wins. Also glibc's
    mmap threshold (``return_freed_blocks_to_the_system``).

    Nothing may phone home (the machines are offline), and without a configured Prefect API the temporary
    server keeps its database in the workspace, started from the template ``make setup`` migrated, so
    Prefect's migrations never run on a run. That also serves flows run from Python (``run_pipeline()``),
    whose temporary server Prefect starts itself, and gives up after 20 s by default: too soon on a
    loaded machine, so it may take 120 s.
    """
    return_freed_blocks_to_the_system()
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if "PREFECT_API_URL" not in os.environ and "PREFECT_HOME" not in os.environ:
        prefect_home = get_settings().home.resolve() / "prefect"
        os.environ["PREFECT_HOME"] = str(prefect_home)
        # Prefect creates it without its parents; in a read-only place Prefect reports it when first used.
        with contextlib.suppress(OSError):
            prefect_home.mkdir(parents=True, exist_ok=True)
            seed_database(prefect_home)
