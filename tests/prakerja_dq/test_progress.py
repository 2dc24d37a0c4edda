"""The terminal progress display (rich, on a recorded console) and the quiet default for non-terminals."""

from __future__ import annotations

import io
import time

from rich.console import Console

from prakerja_dq.progress import FanOut, NoProgress, StageTally, current_progress, reporting
from prakerja_dq.progress_terminal import RichProgress, terminal_progress


def recorded_console() -> Console:
    return Console(record=True, force_terminal=True, width=80, file=io.StringIO())


def test_each_stage_shows_units_and_articles_done_rate_and_time_left():
    console = recorded_console()
    with RichProgress(console, refresh_per_second=50) as display:
        display.stage_started("ingest")
        display.stage_started("ingest", unit="files", total=400)
        for _ in range(3):
            time.sleep(0.05)
            display.stage_advanced("ingest", done=100, articles=90)
        display.progress.refresh()
        running = console.export_text(clear=False)
        display.stage_finished("ingest")
        display.stage_started("model")
        display.stage_finished("model")
    final = console.export_text()
    line = next(line for line in running.splitlines()[::-1] if "ingest" in line)
    assert "300/400 files" in line and "270 articles" in line  # one line on an 80-column terminal
    assert "/s, " in line and "s left" in line
    assert "400/400 files" in final and "270 articles" in final
    assert any("model" in row and "done in" in row for row in final.splitlines())


def test_a_console_that_is_not_a_terminal_gets_no_progress():
    quiet = Console(file=io.StringIO(), force_terminal=False)
    with terminal_progress(quiet) as reporter:
        assert isinstance(reporter, NoProgress)
        reporter.stage_started("ingest", unit="files", total=3)
        reporter.stage_advanced("ingest", done=3)
        reporter.stage_finished("ingest")
    assert quiet.file.getvalue() == ""


def test_terminal_progress_is_the_current_reporter_inside_the_block_only():
    console = recorded_console()
    assert isinstance(current_progress(), NoProgress)
    with terminal_progress(console) as reporter:
        assert current_progress() is reporter
        current_progress().stage_started("extract", unit="articles", total=2)
        current_progress().stage_advanced("extract", done=2, articles=2)
        current_progress().stage_finished("extract")
    assert isinstance(current_progress(), NoProgress)
    assert "2/2 articles" in console.export_text()


def test_nested_reporters_fan_out():
    outer, inner = StageCounter(), StageCounter()
    with reporting(outer), reporting(FanOut((current_progress(), inner))):
        current_progress().stage_started("publish")
        current_progress().stage_advanced("publish", done=1)
    assert outer.calls == inner.calls == [("started", "publish"), ("advanced", "publish", 1)]


class StageCounter:
    """A reporter that keeps what it was told, to compare two of them."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def stage_started(self, stage: str, *, unit: str = "steps", total: int | None = None) -> None:
        self.calls.append(("started", stage))

    def stage_advanced(self, stage: str, *, done: int = 0, articles: int = 0) -> None:
        self.calls.append(("advanced", stage, done))

    def stage_finished(self, stage: str) -> None:
        self.calls.append(("finished", stage))


def test_tally_rate_and_time_left():
    tally = StageTally("extract", unit="articles", total=1000, done=250, started=0.0)
    assert tally.rate(now=5.0) == 50.0
    assert tally.seconds_left(now=5.0) == 15.0
    assert tally.describe(now=5.0) == "extract: 250 of 1,000 articles, 50.0 articles/s, 15 s left"
