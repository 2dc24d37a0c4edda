"""The browser report of a run: consensus timelines, claims, evidence per check, and a small server.

``build_claims_report`` is imported lazily: serving a finished report needs neither pandas nor altair.
"""

from __future__ import annotations

from typing import Any

from prakerja_dq.report.server import make_report_server, serve_report

__all__ = ["build_claims_report", "make_report_server", "serve_report"]


def __getattr__(name: str) -> Any:
    if name == "build_claims_report":
        from prakerja_dq.report.build import build_claims_report

        return build_claims_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
