"""Progress of a run's stages (ingest, extract, model, validate, publish), reported per batch.

The pipeline calls a ``ProgressReporter``: ``stage_started`` when a stage begins (again once it knows its
total), ``stage_advanced`` after every batch, ``stage_finished`` at its end. Which reporter listens is set
by the caller for a block of code (``reporting``) and read where the work is done (``current_progress``),
so flows and library code need no extra parameter. This module knows nothing of Prefect nor of the
terminal: the terminal display is ``progress_terminal.RichProgress``; the Prefect UI's progress artifacts
live in ``flows/progress_artifacts.py``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol

STAGES: tuple[str, ...] = ("ingest", "extract", "model", "validate", "publish")


class ProgressReporter(Protocol):
    """What a run tells about its progress. Every method must be cheap and must not raise."""

    def stage_started(self, stage: str, *, unit: str = "steps", total: int | None = None) -> None:
        """A stage began, or now knows how much work it has (``total`` in ``unit``; None: unknown)."""

    def stage_advanced(self, stage: str, *, done: int = 0, articles: int = 0) -> None:
        """A batch is done: ``done`` more units, ``articles`` more articles."""

    def stage_finished(self, stage: str) -> None:
        """The stage ended."""


class NoProgress:
    """Reports nothing: the default, and what non-terminal output (CI, logs) gets."""

    def stage_started(self, stage: str, *, unit: str = "steps", total: int | None = None) -> None:
        pass

    def stage_advanced(self, stage: str, *, done: int = 0, articles: int = 0) -> None:
        pass

    def stage_finished(self, stage: str) -> None:
        pass


@dataclass(frozen=True)
class FanOut:
    """Reports to several reporters in turn."""

    reporters: Sequence[ProgressReporter]

    def stage_started(self, stage: str, *, unit: str = "steps", total: int | None = None) -> None:
        for reporter in self.reporters:
            reporter.stage_started(stage, unit=unit, total=total)

    def stage_advanced(self, stage: str, *, done: int = 0, articles: int = 0) -> None:
        for reporter in self.reporters:
            reporter.stage_advanced(stage, done=done, articles=articles)

    def stage_finished(self, stage: str) -> None:
        for reporter in self.reporters:
            reporter.stage_finished(stage)


_NO_PROGRESS = NoProgress()
_CURRENT: ContextVar[ProgressReporter | None] = ContextVar("prakerja_progress", default=None)
_STAGE: ContextVar[str | None] = ContextVar("prakerja_stage", default=None)


def current_progress() -> ProgressReporter:
    """The reporter of the code running now (``NoProgress`` unless a caller set one)."""
    return _CURRENT.get() or _NO_PROGRESS


@contextmanager
def reporting(reporter: ProgressReporter, *, stage: str | None = None) -> Iterator[ProgressReporter]:
    """Make ``reporter`` the current one for the block (threads started inside copy it with the context).

    ``stage``: the stage the block runs, which ``stage_steps`` and ``step_done`` report on.
    """
    token, stage_token = _CURRENT.set(reporter), _STAGE.set(stage or _STAGE.get())
    try:
        yield reporter
    finally:
        _STAGE.reset(stage_token)
        _CURRENT.reset(token)


def stage_steps(total: int, unit: str) -> None:
    """The current stage, whichever it is (if any), has ``total`` steps of ``unit`` to do."""
    if stage := _STAGE.get():
        current_progress().stage_started(stage, unit=unit, total=total)


def step_done(done: int = 1, *, articles: int = 0) -> None:
    """The current stage (if any) did ``done`` more steps."""
    if stage := _STAGE.get():
        current_progress().stage_advanced(stage, done=done, articles=articles)


def also_reporting(reporter: ProgressReporter) -> ProgressReporter:
    """The current reporter plus ``reporter``."""
    current = current_progress()
    return reporter if isinstance(current, NoProgress) else FanOut((current, reporter))


@dataclass
class StageTally:
    """Counts of one stage, with its rate and time left."""

    stage: str
    unit: str = "steps"
    total: int | None = None
    done: int = 0
    articles: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: bool = False

    def percent(self) -> float:
        """Share done, 0 to 100 (100 once finished; 0 while the total is unknown).

        >>> StageTally("extract", total=200, done=50).percent()
        25.0
        >>> StageTally("extract", total=0).percent(), StageTally("model").percent()
        (100.0, 0.0)
        """
        if self.finished or self.total == 0:
            return 100.0
        if not self.total:
            return 0.0
        return min(100.0, 100.0 * self.done / self.total)

    def rate(self, now: float | None = None) -> float:
        """Units done per second since the stage started."""
        elapsed = (time.monotonic() if now is None else now) - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def seconds_left(self, now: float | None = None) -> float | None:
        """Time left at the current rate; None while unknown.

        >>> StageTally("ingest", total=300, done=100, started=0.0).seconds_left(now=10.0)
        20.0
        >>> StageTally("ingest", total=300, started=0.0).seconds_left(now=10.0) is None
        True
        """
        if self.finished:
            return 0.0
        rate = self.rate(now)
        if self.total is None or rate <= 0:
            return None
        return max(0.0, (self.total - self.done) / rate)

    def describe(self, now: float | None = None) -> str:
        """One line: done of total, articles, rate and time left.

        >>> StageTally("ingest", unit="files", total=300, done=100, articles=90, started=0.0).describe(10.0)
        'ingest: 100 of 300 files, 90 articles, 10.0 files/s, 20 s left'
        >>> StageTally("model", finished=True, started=0.0).describe(2.0)
        'model: done in 2.0 s'
        """
        now = time.monotonic() if now is None else now
        if self.finished:
            counts = [f"{self.done:,} {self.unit}"] if self.done else []
            counts += [f"{self.articles:,} articles"] if self.articles and self.unit != "articles" else []
            done = f"{', '.join(counts)} " if counts else ""
            return f"{self.stage}: {done}done in {now - self.started:.1f} s"
        parts = [f"{self.done:,} of {self.total:,} {self.unit}" if self.total is not None else "running"]
        if self.articles and self.unit != "articles":
            parts.append(f"{self.articles:,} articles")
        if self.done:
            parts.append(f"{self.rate(now):,.1f} {self.unit}/s")
        left = self.seconds_left(now)
        if left is not None and self.done:
            parts.append(f"{left:,.0f} s left")
        return f"{self.stage}: " + ", ".join(parts)
