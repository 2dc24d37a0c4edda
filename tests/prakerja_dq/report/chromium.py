"""Debian's chromium for the browser tests (Playwright's own browser download does not work offline)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists() and os.environ.get("PRAKERJA_REQUIRE_BROWSER"):
    raise RuntimeError("PRAKERJA_REQUIRE_BROWSER is set but /usr/bin/chromium is missing")

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (apt-get install -y chromium)"
)
