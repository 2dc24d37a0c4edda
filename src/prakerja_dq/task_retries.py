"""Retried tasks say so: Prefect logs a failed attempt it retries at INFO, which a quiet run hides, so a
stage that failed once (out of memory, say) and then redid its work from scratch left no trace."""

from __future__ import annotations

from typing import Any


def warn_then_retry(task: Any, task_run: Any, state: Any) -> bool:
    """A Prefect ``retry_condition_fn``: log the failed attempt at WARNING with its error, then retry."""
    from prefect.logging import get_logger

    get_logger("prakerja_dq.retries").warning(
        "%s: attempt %s of %s failed, retrying: %s",
        task.name,
        task_run.run_count,
        task.retries + 1,
        state.message,
    )
    return True
