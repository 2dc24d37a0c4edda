"""Failpoints: named places where a test can make the pipeline crash for real, at an exact moment.

Set ``PRAKERJA_FAILPOINT`` to a failpoint's name and the process running it is killed with SIGKILL there
(``failpoint``); set it to ``<name>:stop`` and the process stops itself with SIGSTOP there, the first time
only, holding its locks until it gets SIGCONT. For ``fail_if_poisoned``, the batch holding an article
whose text contains ``PRAKERJA_FAILPOINT_MARKER`` raises ``InjectedFailure``. Unset (always, outside
tests) each call reads the settings and returns.

| name | where |
|---|---|
| ingest.after_batch | ingest, after the first batch of files has been committed |
| extract.after_batch | extraction, after the first batch of figures has been committed |
| extract.poison | extraction task, for a batch holding a poisoned article |
| publish.before_swap | publish, after the snapshot file is written, before it replaces the published one |
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable

from prakerja_dq.settings import DEFAULT_FAILPOINT_MARKER, get_settings

DEFAULT_MARKER = DEFAULT_FAILPOINT_MARKER

_stopped: set[str] = set()  # a ``:stop`` failpoint pauses a process once, then lets it run on


class InjectedFailure(RuntimeError):
    """A failure a test asked for through a failpoint."""


def failpoint(name: str) -> None:
    """SIGKILL this process if PRAKERJA_FAILPOINT is ``name``, SIGSTOP it if ``name:stop``, else nothing."""
    value = get_settings().failpoint
    if value is None or not value.startswith(name):
        return
    if value == name:
        os.kill(os.getpid(), signal.SIGKILL)
    elif value == f"{name}:stop" and name not in _stopped:
        _stopped.add(name)
        os.kill(os.getpid(), signal.SIGSTOP)


def fail_if_poisoned(name: str, texts: Iterable[str]) -> None:
    """Raise InjectedFailure when ``PRAKERJA_FAILPOINT`` equals ``name`` and a text holds the marker.

    >>> fail_if_poisoned("extract.poison", ["PRAKERJA-POISON"])  # failpoint not set: nothing happens
    """
    settings = get_settings()
    if settings.failpoint != name:
        return
    marker = settings.failpoint_marker
    if any(marker in text for text in texts):
        raise InjectedFailure(f"failpoint {name}: a poisoned article (text contains {marker!r})")
