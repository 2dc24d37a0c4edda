"""The terminal display of a run's progress: one line per stage, drawn with rich.

Kept apart from ``prakerja_dq.progress`` so that modules reporting progress do not import rich.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TaskID, TextColumn
from rich.table import Column
from rich.text import Text

from prakerja_dq.progress import ProgressReporter, also_reporting, current_progress, reporting


class _CountsColumn(ProgressColumn):
    """``done/total unit``, with the articles of a stage that counts files.

    ``1,200/5,000 files 1,180 articles``; nothing for a stage that reports no steps (its time says it all).
    """

    def render(self, task: Task) -> Text:
        unit = task.fields.get("unit", "steps")
        if unit == "steps":
            return Text("")
        total = f"/{int(task.total):,}" if task.total is not None else ""
        text = f"{int(task.completed):,}{total} {unit}"
        articles = task.fields.get("articles", 0)
        if articles and unit != "articles":
            text += f" {articles:,} articles"
        return Text(text, no_wrap=True)


class _RateColumn(ProgressColumn):
    """Units per second, and the time left at that rate (or the time taken once done).

    Fits an 80-column terminal with the other columns: ``5,435/s, 2 s left``.
    """

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if task.finished:
            return Text(f"done in {elapsed or 0:.1f} s", style="green", no_wrap=True)
        speed = task.speed
        if not speed or task.total is None:
            return Text(f"{elapsed or 0:.1f} s", style="dim", no_wrap=True)
        left = task.time_remaining
        eta = f", {left:,.0f} s left" if left is not None else ""
        rate = f"{speed:,.1f}" if speed < 10 else f"{speed:,.0f}"
        return Text(f"{rate}/s{eta}", style="cyan", no_wrap=True)


class RichProgress:
    """One line per stage on a terminal: a bar, units and articles done, rate and time left (rich)."""

    def __init__(self, console: Console | None = None, *, refresh_per_second: float = 4) -> None:
        self.progress = Progress(
            SpinnerColumn(finished_text="[green]✓[/]"),
            TextColumn("{task.description:<8}"),
            # the bar takes what the text leaves of the terminal's width
            BarColumn(bar_width=None, table_column=Column(ratio=1)),
            _CountsColumn(table_column=Column(no_wrap=True)),
            _RateColumn(table_column=Column(no_wrap=True)),
            console=console,
            expand=True,
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
