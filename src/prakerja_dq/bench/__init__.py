"""The benchmark suite (``prakerja bench``) and the naive loop it measures the extractor against."""

from prakerja_dq.bench.runner import (
    DEFAULT_SIZES,
    QUICK_SIZES,
    Report,
    Row,
    Target,
    folder_size,
    format_report,
    grow_inbox,
    run_benchmarks,
    targets,
    write_report,
)

__all__ = [
    "DEFAULT_SIZES",
    "QUICK_SIZES",
    "Report",
    "Row",
    "Target",
    "folder_size",
    "format_report",
    "grow_inbox",
    "run_benchmarks",
    "targets",
    "write_report",
]
