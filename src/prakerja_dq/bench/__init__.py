"""The benchmark suite (``prakerja bench``) and the baselines it measures the extractor against."""

from prakerja_dq.bench.runner import (
    DEFAULT_SIZES,
    QUICK_SIZES,
    Report,
    Row,
    folder_size,
    format_report,
    grow_inbox,
    run_benchmarks,
    write_report,
)

__all__ = [
    "DEFAULT_SIZES",
    "QUICK_SIZES",
    "Report",
    "Row",
    "folder_size",
    "format_report",
    "grow_inbox",
    "run_benchmarks",
    "write_report",
]
