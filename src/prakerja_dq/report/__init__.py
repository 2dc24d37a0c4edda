"""The browser report of a validation run: a front page with charts, an evidence page, a small server.

``build_report`` is imported lazily: serving a finished report needs neither pandas nor altair.
"""

from __future__ import annotations

from typing import Any

from prakerja_dq.report.server import make_report_server, serve_report

__all__ = ["build_report", "make_report_server", "serve_report"]


def __getattr__(name: str) -> Any:
    if name == "build_report":
        from prakerja_dq.report.build import build_report

        return build_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
