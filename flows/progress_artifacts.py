"""Stage progress as Prefect progress artifacts: one per stage, on the flow run, updated per batch."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from prefect.artifacts import create_progress_artifact, update_progress_artifact

from prakerja_dq.progress import StageTally

# artifact keys: lowercase letters, numbers and dashes; the UI's Artifacts page shows the latest of each key
PROGRESS_KEY_PREFIX = "prakerja-progress-"
T = TypeVar("T")


def progress_key(stage: str) -> str:
    """The artifact key of a stage.

    >>> progress_key("extract")
    'prakerja-progress-extract'
    """
    return PROGRESS_KEY_PREFIX + stage


class ArtifactProgress:
    """Reports each stage as a progress artifact (0 to 100) whose description carries counts, rate, time left.

    Created where a flow run is current (the artifact belongs to it). Updates come at most every
    ``min_interval`` seconds, and always at a stage's end. A failed call never fails the run: it is logged
    once, and the reporter falls silent.
    """

    def __init__(self, *, min_interval: float = 0.5) -> None:
        self.min_interval = min_interval
        self.tallies: dict[str, StageTally] = {}
        self.artifacts: dict[str, UUID] = {}
        self._updated: dict[str, float] = {}
        self._silent = False
        self._log = logging.getLogger(__name__)

    def stage_started(self, stage: str, *, unit: str = "steps", total: int | None = None) -> None:
        known = self.tallies.get(stage)
        self.tallies[stage] = StageTally(stage, unit=unit, total=total)
        if known is not None:  # the total is now known; the stage's clock keeps running
            self.tallies[stage].started = known.started
            self._update(stage, force=True)
            return
        artifact_id = self._safely(
            lambda: create_progress_artifact(
                progress=0.0, key=progress_key(stage), description=self.tallies[stage].describe()
            )
        )
        if artifact_id is not None:
            self.artifacts[stage] = artifact_id

    def stage_advanced(self, stage: str, *, done: int = 0, articles: int = 0) -> None:
        tally = self.tallies.get(stage)
        if tally is None:
            return
        tally.done += done
        tally.articles += articles
        self._update(stage)

    def stage_finished(self, stage: str) -> None:
        tally = self.tallies.get(stage)
        if tally is None:
            return
        tally.finished = True
        self._update(stage, force=True)

    def _update(self, stage: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if stage not in self.artifacts or (
            not force and now - self._updated.get(stage, 0.0) < self.min_interval
        ):
            return
        self._updated[stage] = now
        tally = self.tallies[stage]
        self._safely(
            lambda: update_progress_artifact(
                self.artifacts[stage], progress=tally.percent(), description=tally.describe(now)
            )
        )

    def _safely(self, call: Callable[[], T]) -> T | None:
        if self._silent:
            return None
        try:
            return call()
        except Exception as error:  # the UI's progress must never fail the run it reports on
            self._silent = True
            self._log.warning("progress artifacts stopped: %s", error)
            return None
