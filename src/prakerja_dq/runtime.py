"""Process-wide defaults for the libraries we run, applied by entry points before those are imported."""

from __future__ import annotations

import contextlib
import os

from prakerja_dq.prefect_api import seed_database
from prakerja_dq.settings import get_settings


def configure_runtime() -> None:
    """Defaults for Prefect and GX, set before they are imported; the environment always wins.

    Nothing may phone home (the machines are offline), and without a configured Prefect API the temporary
    server keeps its database in the workspace, started from the template ``make setup`` migrated, so
    Prefect's migrations never run on a run. That also serves flows run from Python (``run_pipeline()``),
    whose temporary server Prefect starts itself, and gives up after 20 s by default: too soon on a
    loaded machine, so it may take 120 s.
    """
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
