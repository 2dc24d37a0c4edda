"""Progress of a run's stages (ingest, extract, model, validate, publish), reported per batch.

The pipeline calls a ``ProgressReporter``: ``stage_started`` when a stage begins (again once it knows its
total), ``stage_advanced`` after every batch, ``stage_finished`` at its end. Which reporter listens is set
by the caller for a block of code (``reporting``) and read where the work is done (``current_progress``),
so flows and library code need no extra parameter. This module knows nothing of Prefect: the terminal
display is ``RichProgress``; the Prefect UI's progress artifacts live in ``flows/progress_artifacts.py``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TaskID, TextColumn
from rich.text import Text

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


def current_progress() -> ProgressReporter:
    """The reporter of the code running now (``NoProgress`` unless a caller set one)."""
    return _CURRENT.get() or _NO_PROGRESS


@contextmanager
def reporting(reporter: ProgressReporter) -> Iterator[ProgressReporter]:
    """Make ``reporter`` the current one for the block (threads started inside copy it with the context)."""
    token = _CURRENT.set(reporter)
    try:
        yield reporter
    finally:
        _CURRENT.reset(token)


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


class _CountsColumn(ProgressColumn):
    """``done/total unit`` and the articles, e.g. ``1,200/5,000 files  1,180 articles``."""

    def render(self, task: Task) -> Text:
        unit = task.fields.get("unit", "steps")
        if unit == "steps":  # a stage that reports no batches: its time says it all
            return Text("")
        total = f"/{int(task.total):,}" if task.total is not None else ""
        text = f"{int(task.completed):,}{total} {unit}"
        articles = task.fields.get("articles", 0)
        if articles and unit != "articles":
            text += f"  {articles:,} articles"
        return Text(text)


class _RateColumn(ProgressColumn):
    """Units per second, and the time left at that rate (or the time taken once done)."""

    def render(self, task: Task) -> Text:
        unit = task.fields.get("unit", "steps")
        elapsed = task.finished_time if task.finished else task.elapsed
        if task.finished:
            return Text(f"done in {elapsed or 0:.1f} s", style="green")
        speed = task.speed
        if not speed or task.total is None:
            return Text(f"{elapsed or 0:.1f} s", style="dim")
        left = task.time_remaining
        eta = f", {left:,.0f} s left" if left is not None else ""
        return Text(f"{speed:,.0f} {unit}/s{eta}", style="cyan")


class RichProgress:
    """One line per stage on a terminal: a bar, units and articles done, rate and time left (rich)."""

    def __init__(self, console: Console | None = None, *, refresh_per_second: float = 4) -> None:
        self.progress = Progress(
            SpinnerColumn(finished_text="[green]✓[/]"),
            TextColumn("{task.description:<9}"),
            BarColumn(bar_width=30),
            _CountsColumn(),
            _RateColumn(),
            console=console,
            refresh_per_second=refresh_per_second,
        )
        self._tasks: dict[str, TaskID] = {}
        self._articles: dict[str, int] = {}

    def __enter__(self) -> RichProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def stage_started(self, stage: str, *, unit: str = "steps", total: int | None = None) -> None:
        self._articles[stage] = 0
        if stage in self._tasks:  # the total is now known; the stage's clock keeps running
            self.progress.update(self._tasks[stage], total=total, unit=unit, articles=0)
        else:
            self._tasks[stage] = self.progress.add_task(stage, total=total, unit=unit, articles=0)

    def stage_advanced(self, stage: str, *, done: int = 0, articles: int = 0) -> None:
        if stage not in self._tasks:
            self.stage_started(stage)
        self._articles[stage] += articles
        self.progress.update(self._tasks[stage], advance=done, articles=self._articles[stage])

    def stage_finished(self, stage: str) -> None:
        if stage not in self._tasks:
            return
        task_id = self._tasks[stage]
        task = next(task for task in self.progress.tasks if task.id == task_id)
        total = task.total if task.total is not None else max(task.completed, 1)
        self.progress.update(task_id, total=total, completed=total)
        self.progress.stop_task(task_id)


@contextmanager
def terminal_progress(console: Console | None = None, *, enabled: bool = True) -> Iterator[ProgressReporter]:
    """A live ``RichProgress`` as the current reporter when the console is a terminal, else nothing.

    Output that is not a terminal (CI, a log file, a pipe) gets no progress at all, nor does a caller
    that passes ``enabled=False`` (say, to print JSON).
    """
    console = console or Console()
    if not (enabled and console.is_terminal):
        yield current_progress()
        return
    with RichProgress(console) as display, reporting(also_reporting(display)) as reporter:
        yield reporter
