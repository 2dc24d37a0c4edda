"""``python -m expectations``: write every suite's JSON snapshot next to its module."""

from __future__ import annotations

from expectations import SUITES


def write_suite_snapshots() -> None:
    for spec in SUITES:
        spec.json_path.write_text(spec.to_json(), encoding="utf-8")
        print(spec.json_path)


if __name__ == "__main__":
    write_suite_snapshots()
