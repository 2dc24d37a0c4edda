"""The straightforward baseline a user would write: a Python loop over articles, several regexes per sentence.

Copied from the team tool ``tools/naive_extract.py`` (the speed reference written for issue 13)
so that the repository needs nothing beside it. The extraction loop (:func:`extract`) is that file's, line for
line in behaviour; only the entry point gained ``--list`` (a file of paths: a large corpus does not fit on a
command line) and type hints.

It is the reference for speed comparisons: ``prakerja bench`` times it and the extractor on the same files in
the same run (the machine is shared and noisy, so only a ratio measured side by side counts). It reads far
less than the real extractor (no dates, qualifiers or wave ranges, crude metric cues); its accuracy is not the
point.

Usage: ``python -m prakerja_dq.bench.naive FILE... > records.jsonl`` or ``... --list PATHS.txt``.
"""

from __future__ import annotations

import json
import re
import sys

NUM = re.compile(r"(Rp\s?)?(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(ribu|juta|miliar|triliun|persen|%)?", re.I)
SENT = re.compile(r"(?<=[.!?])\s+")
WAVE = re.compile(r"gelombang\s+(?:ke-)?(\d+|[IVX]+)", re.I)
CUES = {
    "registrants": re.compile(r"pendaftar|mendaftar|daftar", re.I),
    "recipients": re.compile(r"penerima|diterima|peserta", re.I),
    "training_completed": re.compile(r"menuntaskan|menyelesaikan", re.I),
    "incentive_per_participant": re.compile(r"insentif|Rp", re.I),
}
SCALE = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12}


def extract(doc: str, text: str) -> list[dict]:
    """Every number of every sentence, with the first cue's metric and the first wave of the sentence.

    >>> [(r["metric"], r["value"], r["wave"]) for r in extract("d", "Pendaftar gelombang 3 capai 5,9 juta.")]
    [('registrants', 3.0, '3'), ('registrants', 5900000.0, '3')]
    """
    out = []
    for s in SENT.split(text):
        metric = next((m for m, rx in CUES.items() if rx.search(s)), None)
        w = WAVE.search(s)
        for m in NUM.finditer(s):
            raw = m.group(2).replace(".", "").replace(",", ".")
            v = float(raw) * SCALE.get((m.group(3) or "").lower(), 1)
            out.append({"doc": doc, "metric": metric, "value": v, "wave": w.group(1) if w else None})
    return out


def paths_of(argv: list[str]) -> list[str]:
    """The files named on the command line, or listed one per line in the file after ``--list``."""
    if argv[:1] == ["--list"] and len(argv) == 2:
        with open(argv[1], encoding="utf-8") as listing:
            return [line.rstrip("\n") for line in listing if line.strip()]
    return argv


def main(argv: list[str] | None = None) -> int:
    out = sys.stdout
    for path in paths_of(sys.argv[1:] if argv is None else argv):
        with open(path, encoding="utf-8", errors="replace") as f:
            for r in extract(path.rsplit("/", 1)[-1][:-4], f.read()):
                out.write(json.dumps(r) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
