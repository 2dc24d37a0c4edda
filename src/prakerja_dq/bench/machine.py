"""The machine the benchmark runs on and the folders it works in: the corpus, and the inbox grown from it."""

from __future__ import annotations

import math
import os
import platform
import tempfile
from importlib import metadata
from pathlib import Path

KEY_PACKAGES: tuple[str, ...] = ("polars", "duckdb", "prefect", "great_expectations", "pandas", "pyarrow")


def describe_machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS, Python, key package versions and the load average."""
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu
            )
    except OSError:
        pass
    ram = "unknown"
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            ram = f"{int(handle.readline().split()[1]) / 1024**2:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = []
    for package in KEY_PACKAGES:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": ", ".join(versions),
        "load": current_load(),
    }


def current_load() -> str:
    """The load averages (1, 5, 15 min) of ``/proc/loadavg``, or an empty string."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def choose_workdir(requested: Path | None) -> Path:
    """A fresh folder for the corpus and the workspaces, on real disk: under ``requested``, else under the
    workspace home (``PRAKERJA_HOME``, by default ``./warehouse``). Never tmpfs: memory used by files
    would count against the 2 GiB the runs are measured against, and a million files would fill it."""
    from prakerja_dq.settings import get_settings

    parent = requested if requested is not None else get_settings().home / "bench"
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="prakerja-bench-", dir=parent))


def folder_size(sizes: list[int]) -> int:
    """Articles per subfolder: 1000, or smaller so that every size is a whole number of folders.

    >>> folder_size([10_000, 100_000]), folder_size([50]), folder_size([1234])
    (1000, 50, 2)
    """
    size = 1000
    for n in sizes:
        size = math.gcd(size, n)
    return max(size, 1)


def grow_inbox(corpus: Path, inbox: Path, *, articles: int, per_folder: int) -> None:
    """Move the corpus's first subfolders into the inbox until it holds ``articles`` articles."""
    inbox.mkdir(parents=True, exist_ok=True)
    for number in range(articles // per_folder):
        name = f"{number:05d}"
        if (corpus / name).exists():
            os.replace(corpus / name, inbox / name)
