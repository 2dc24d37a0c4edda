"""Run suites on pandas frames through GX checkpoints (one per suite) and flatten the results.

DuckDB is not an official GX datasource (through duckdb-engine every SQL check fails, GX issues 10738 and
11579), so tables are read into pandas and validated with the pandas dataframe datasource.

Data Docs are built once per run, after every checkpoint (a checkpoint stores its validation result, and one
``build_data_docs`` renders them all), by the offline site builder of ``validation.data_docs``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from expectations import SUITES
from expectations._spec import SuiteSpec, gx

DATA_DOCS_SITE = "prakerja_data_docs"


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result, with the keys of the rows that failed it."""

    suite: str
    table: str
    key: str
    expectation_id: str
    expectation: str
    check_name: str
    severity: str
    why: str
    scope: str | None
    column: str | None
    success: bool
    observed_value: str | None
    element_count: int | None
    unexpected_count: int | None
    unexpected_percent: float | None
    error: str | None
    failing_keys: tuple[str | None, ...]
    kind: str | None = None


def is_list_column(series: pd.Series) -> bool:
    sample = series.dropna()
    return not sample.empty and isinstance(sample.iloc[0], list | tuple | np.ndarray)


def to_gx_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The scalar columns GX can validate (list columns stay behind for routing)."""
    return frame[[column for column in frame.columns if not is_list_column(frame[column])]]


def make_context(data_docs_dir: Path | None) -> Any:
    """An ephemeral, offline GX context; its only Data Docs site (if any) is written to ``data_docs_dir``."""
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    sites = {}
    if data_docs_dir is not None:
        sites[DATA_DOCS_SITE] = {
            "module_name": "prakerja_dq.validation.data_docs",
            "class_name": "OfflineSiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(data_docs_dir),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites=sites,
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str, sort_keys=True)


def _observed(result: dict) -> Any:
    """GX's observed value, or for row-wise checks a sample of the values that failed."""
    if "observed_value" in result:
        return result["observed_value"]
    sample = result.get("partial_unexpected_list")
    return {"unexpected_sample": sample[:20]} if sample else None


def _key_text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def _error_message(exception_info: Any) -> str | None:
    """The first exception GX caught while computing an expectation, if any."""
    if not exception_info:
        return None
    infos = exception_info.values() if "raised_exception" not in exception_info else [exception_info]
    for info in infos:
        if isinstance(info, dict) and info.get("raised_exception"):
            return str(info.get("exception_message"))
    return None


def _outcome(spec: SuiteSpec, expectation_result: Any) -> ExpectationOutcome:
    config = expectation_result.expectation_config
    result = expectation_result.result or {}
    meta = config.meta or {}
    keys = tuple(_key_text(row.get(spec.key)) for row in result.get("unexpected_index_list") or [])
    return ExpectationOutcome(
        suite=spec.name,
        table=spec.table,
        key=spec.key,
        expectation_id=str(config.id),
        expectation=config.type,
        check_name=meta["check"],
        severity=meta["severity"],
        why=meta["why"],
        scope=meta.get("scope"),
        column=config.kwargs.get("column") or config.kwargs.get("column_A"),
        success=bool(expectation_result.success),
        observed_value=_json_text(_observed(result)),
        element_count=result.get("element_count"),
        unexpected_count=result.get("unexpected_count"),
        unexpected_percent=result.get("unexpected_percent"),
        error=_error_message(expectation_result.exception_info),
        failing_keys=tuple(dict.fromkeys(keys)),
        kind=meta.get("kind"),
    )


def run_suites(
    frames: Mapping[str, pd.DataFrame],
    *,
    run_name: str,
    data_docs_dir: Path | None = None,
    specs: Iterable[SuiteSpec] = SUITES,
) -> list[ExpectationOutcome]:
    """Validate ``frames[spec.table]`` with each suite; returns one outcome per expectation."""
    from great_expectations.core.run_identifier import RunIdentifier

    context = make_context(data_docs_dir)
    datasource = context.data_sources.add_pandas("warehouse")
    run_id = RunIdentifier(run_name=run_name, run_time=dt.datetime.now(dt.UTC))
    outcomes: list[ExpectationOutcome] = []
    for spec in specs:
        batch_definition = datasource.add_dataframe_asset(spec.name).add_batch_definition_whole_dataframe(
            spec.name
        )
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(
                name=spec.name, data=batch_definition, suite=context.suites.add(spec.build_suite())
            )
        )
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=f"validate_{spec.name}",
                validation_definitions=[definition],
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": [spec.key],
                    # the query string lists every failing index: costly on big tables, and never read
                    "return_unexpected_index_query": False,
                },
            )
        )
        result = checkpoint.run(
            batch_parameters={"dataframe": to_gx_frame(frames[spec.table])}, run_id=run_id
        )
        for suite_result in result.run_results.values():
            outcomes.extend(_outcome(spec, expectation_result) for expectation_result in suite_result.results)
    if data_docs_dir is not None:
        context.build_data_docs(site_names=[DATA_DOCS_SITE])
    return outcomes
