"""prakerja-dq: Kartu Prakerja figures from Indonesian news, validated before they are published."""

import contextlib as _contextlib
import os as _os
from pathlib import Path as _Path


def _configure_runtime_defaults() -> None:
    """Defaults for the libraries we run, set before they are imported; the environment always wins.

    Nothing may phone home (the machines are offline), and without a configured Prefect API the temporary
    server keeps its database in the workspace, so its migrations run once, not on every run.
    """
    _os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    _os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    _os.environ.setdefault("DO_NOT_TRACK", "1")
    if "PREFECT_API_URL" not in _os.environ and "PREFECT_HOME" not in _os.environ:
        home = _os.environ.get("PRAKERJA_HOME") or str(_Path.cwd() / "warehouse")
        prefect_home = _Path(home).expanduser().resolve() / "prefect"
        _os.environ["PREFECT_HOME"] = str(prefect_home)
        # Prefect creates it without its parents; in a read-only place Prefect reports it when first used.
        with _contextlib.suppress(OSError):
            prefect_home.mkdir(parents=True, exist_ok=True)


_configure_runtime_defaults()
