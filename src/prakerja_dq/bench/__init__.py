"""The benchmark suite (``prakerja bench``) and the naive loop it measures the extractor against."""

from prakerja_dq.bench.machine import folder_size, grow_inbox
from prakerja_dq.bench.report import Report, Row, Target, format_report, targets, write_report
from prakerja_dq.bench.runner import DEFAULT_SIZES, QUICK_SIZES, run_benchmarks

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
