from __future__ import annotations

import logging

from prefect import flow, task

from prakerja_dq.task_retries import warn_then_retry


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_retried_attempt_is_logged_as_a_warning_with_its_error(prefect_harness):
    attempts = []

    @task(retries=1, retry_delay_seconds=0, retry_condition_fn=warn_then_retry)
    def flaky() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise MemoryError("out of memory on the first attempt")
        return len(attempts)

    @flow
    def run_flaky() -> int:
        return flaky()

    logger = logging.getLogger("prefect.prakerja_dq.retries")
    records = Records()
    logger.addHandler(records)
    try:
        assert run_flaky() == 2
    finally:
        logger.removeHandler(records)
    assert len(records.messages) == 1
    assert "flaky: attempt 1 of 2 failed, retrying" in records.messages[0]
    assert "out of memory on the first attempt" in records.messages[0]
