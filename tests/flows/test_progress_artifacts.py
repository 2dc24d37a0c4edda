"""Progress artifacts in the Prefect UI: updated per batch, at 100 for every stage of a real pipeline run."""

from __future__ import annotations

import io
import shutil

import pytest
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey
from rich.console import Console

from flows.pipeline import run_pipeline
from flows.progress_artifacts import ArtifactProgress, progress_key
from prakerja_dq.progress import STAGES, reporting
from prakerja_dq.progress_terminal import RichProgress
from prakerja_dq.warehouse import read_models
from tests.conftest import SEED_ARTICLES

pytestmark = pytest.mark.usefixtures("prefect_harness")


def progress_artifacts(flow_run_id) -> dict[str, tuple[float, str]]:
    """Progress artifacts of a flow run: stage -> (percent, description)."""
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]),
                key=ArtifactFilterKey(any_=[progress_key(stage) for stage in STAGES]),
            )
        )
    return {
        artifact.key.removeprefix(progress_key("")): (artifact.data, artifact.description)
        for artifact in artifacts
    }


@flow
def stepped_stage(batches: int) -> list[tuple[float, str]]:
    """Reports one stage of ``batches`` batches, reading the artifact back after every batch."""
    from prefect.context import get_run_context

    run_id = get_run_context().flow_run.id
    reporter = ArtifactProgress(min_interval=0)
    reporter.stage_started("extract")
    reporter.stage_started("extract", unit="articles", total=batches * 10)
    seen = []
    for _ in range(batches):
        reporter.stage_advanced("extract", done=10, articles=10)
        seen.append(progress_artifacts(run_id)["extract"])
    reporter.stage_finished("extract")
    seen.append(progress_artifacts(run_id)["extract"])
    return seen


def test_the_artifact_is_updated_after_every_batch():
    seen = stepped_stage(4)
    assert [percent for percent, _ in seen] == [25.0, 50.0, 75.0, 100.0, 100.0]
    assert seen[1][1].startswith("extract: 20 of 40 articles, ")
    assert "articles/s" in seen[1][1] and "s left" in seen[1][1]
    assert seen[-1][1].startswith("extract: 40 articles done in ")


def test_a_pipeline_run_reports_every_stage_to_the_ui_and_the_terminal(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEED_ARTICLES, inbox)
    (inbox / "copy.txt").write_bytes((inbox / sorted(p.name for p in inbox.iterdir())[0]).read_bytes())
    console = Console(record=True, force_terminal=True, width=140, file=io.StringIO())
    with RichProgress(console) as display, reporting(display):
        state = run_pipeline(input_dir=str(inbox), home=str(tmp_path / "home"), return_state=True)
    assert state.is_completed()
    artifacts = progress_artifacts(state.state_details.flow_run_id)
    assert set(artifacts) == set(STAGES)
    assert all(percent == 100.0 for percent, _ in artifacts.values()), artifacts
    assert artifacts["ingest"][1].startswith("ingest: 6 files, 5 articles done in ")
    assert artifacts["extract"][1].startswith("extract: 5 articles done in ")
    models = len(read_models(["staging", "intermediate"]))
    assert artifacts["model"][1].startswith(f"model: {models} models done in ")
    shown = console.export_text()
    assert "6/6 files 5 articles" in shown and "5/5 articles" in shown
    assert f"{models}/{models} models" in shown
    assert all(any(stage in line and "done in" in line for line in shown.splitlines()) for stage in STAGES)
