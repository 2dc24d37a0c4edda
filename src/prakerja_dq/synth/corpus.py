"""Write a synthetic corpus: article files in subfolders, plus the truth it plants, deterministically.

Layout of ``out``::

    articles/00000/syn7_0000000.txt ... (``per_folder`` files a folder; ``flat`` puts them all in articles/)
    truth.jsonl         one figure record per planted figure (DESIGN.md section 3, plus outlet and note)
    truth_dates.jsonl   one line per planted date mention
    defects.jsonl       one line per planted defect: doc, kind, the figures (with offsets) or text involved
    manifest.json       seed, article range, bytes written, generator version

Chunks of articles are rendered and written by worker processes; the truth files are appended in chunk
order, so the output is byte-identical for a seed whatever the number of workers.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from prakerja_dq.synth.generate import render_article

GENERATOR_VERSION = 2
ARTICLES_DIR = "articles"
TRUTH_FILE = "truth.jsonl"
TRUTH_DATES_FILE = "truth_dates.jsonl"
DEFECTS_FILE = "defects.jsonl"
MANIFEST_FILE = "manifest.json"


@dataclass
class CorpusStats:
    """What one ``write_corpus`` call wrote."""

    articles: int
    figures: int
    dates: int
    defects: int
    text_bytes: int
    seconds: float
    workers: int

    @property
    def mb_per_second(self) -> float:
        return self.text_bytes / 1e6 / self.seconds if self.seconds else 0.0


def folder_for(index: int, *, per_folder: int, flat: bool) -> str:
    """Relative folder of article ``index``.

    >>> folder_for(123_456, per_folder=1000, flat=False)
    'articles/00123'
    >>> folder_for(5, per_folder=1000, flat=True)
    'articles'
    """
    return ARTICLES_DIR if flat else f"{ARTICLES_DIR}/{index // per_folder:05d}"


def render_chunk(
    task: tuple[str, int, int, int, int, bool, bool],
) -> tuple[str, str, str, int, int, int, int, int]:
    """Render and write articles ``start..stop``; returns (truth, date and defect lines, counts, bytes)."""
    out, seed, start, stop, per_folder, flat, with_truth = task
    figures: list[str] = []
    dates: list[str] = []
    defects: list[str] = []
    n_figures = n_dates = n_defects = n_bytes = 0
    made: set[str] = set()
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for index in range(start, stop):
        article = render_article(seed, index)
        folder = os.path.join(out, folder_for(index, per_folder=per_folder, flat=flat))
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        data = article.text.encode("utf-8")
        fd = os.open(os.path.join(folder, article.doc + ".txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        n_bytes += len(data)
        if with_truth:
            figures.extend(dumps(record) for record in article.figures)
            dates.extend(dumps(record) for record in article.dates)
            defects.extend(dumps(record) for record in article.defects)
        n_figures += len(article.figures)
        n_dates += len(article.dates)
        n_defects += len(article.defects)
    return (
        _lines(figures),
        _lines(dates),
        _lines(defects),
        stop - start,
        n_figures,
        n_dates,
        n_defects,
        n_bytes,
    )


def _lines(records: list[str]) -> str:
    return "\n".join(records) + "\n" if records else ""


def _chunks(
    out: str, seed: int, start: int, stop: int, per_folder: int, flat: bool, with_truth: bool
) -> Iterator[tuple]:
    # Chunks follow folder boundaries, so each folder is created by one worker.
    index = start
    while index < stop:
        end = min(stop, (index // per_folder + 1) * per_folder)
        yield (out, seed, index, end, per_folder, flat, with_truth)
        index = end


def write_corpus(
    out: Path,
    *,
    articles: int,
    seed: int = 0,
    start: int = 0,
    per_folder: int = 1000,
    flat: bool = False,
    workers: int | None = None,
    append: bool = False,
    truth: bool = True,
    progress: Callable[[int, int, float], None] | None = None,
) -> CorpusStats:
    """Write articles ``start .. start + articles`` of the corpus for ``seed`` under ``out``.

    ``append`` adds to existing truth files (for growing a corpus, e.g. an incremental benchmark run);
    ``truth=False`` skips the truth files' contents (the benchmark only needs the articles).
    """
    if articles < 0:
        raise ValueError("the number of articles cannot be negative")
    if per_folder < 1:
        raise ValueError("per_folder must be at least 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / ARTICLES_DIR).mkdir(exist_ok=True)
    workers = workers or os.cpu_count() or 1
    tasks = list(_chunks(str(out), seed, start, start + articles, per_folder, flat, truth))
    mode = "a" if append else "w"
    started = time.perf_counter()
    done = n_figures = n_dates = n_defects = n_bytes = 0
    with (
        (out / TRUTH_FILE).open(mode, encoding="utf-8", newline="\n") as truth,
        (out / TRUTH_DATES_FILE).open(mode, encoding="utf-8", newline="\n") as truth_dates,
        (out / DEFECTS_FILE).open(mode, encoding="utf-8", newline="\n") as defects_file,
    ):
        if workers == 1 or len(tasks) <= 1:
            results = map(render_chunk, tasks)
            pool = None
        else:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            pool = multiprocessing.get_context(method).Pool(workers)
            results = pool.imap(render_chunk, tasks, chunksize=1)
        try:
            for figure_lines, date_lines, defect_lines, count, figures, dates, planted, size in results:
                truth.write(figure_lines)
                truth_dates.write(date_lines)
                defects_file.write(defect_lines)
                done += count
                n_figures += figures
                n_dates += dates
                n_defects += planted
                n_bytes += size
                if progress is not None:
                    progress(done, articles, time.perf_counter() - started)
        finally:
            if pool is not None:
                pool.close()
                pool.join()
    stats = CorpusStats(
        articles=done,
        figures=n_figures,
        dates=n_dates,
        defects=n_defects,
        text_bytes=n_bytes,
        seconds=round(time.perf_counter() - started, 3),
        workers=workers,
    )
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "start": 0 if append else start,
        "articles": (_manifest_articles(out) if append else 0) + done,
        "per_folder": per_folder,
        "flat": flat,
        "figures": n_figures,
        "defects": n_defects,
        "text_bytes": n_bytes,
    }
    if append:
        previous = json.loads((out / MANIFEST_FILE).read_text()) if (out / MANIFEST_FILE).exists() else {}
        manifest["figures"] += previous.get("figures", 0)
        manifest["defects"] += previous.get("defects", 0)
        manifest["text_bytes"] += previous.get("text_bytes", 0)
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return stats


def _manifest_articles(out: Path) -> int:
    path = out / MANIFEST_FILE
    return json.loads(path.read_text()).get("articles", 0) if path.exists() else 0


def terminal_progress(every: float = 1.0) -> Callable[[int, int, float], None]:
    """A progress callback: articles done, rate and time left on one terminal line; silent when piped."""
    last = [0.0]
    interactive = sys.stderr.isatty()

    def report(done: int, total: int, elapsed: float) -> None:
        if not interactive or (elapsed - last[0] < every and done < total):
            return
        last[0] = elapsed
        rate = done / elapsed if elapsed else 0.0
        left = (total - done) / rate if rate else 0.0
        end = "\n" if done >= total else ""
        print(
            f"\r{done:,}/{total:,} articles, {rate:,.0f}/s, {left:,.0f} s left   ", end=end, file=sys.stderr
        )

    return report


def stats_dict(stats: CorpusStats) -> dict:
    return asdict(stats) | {"mb_per_second": round(stats.mb_per_second, 2)}
