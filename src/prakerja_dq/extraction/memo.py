"""Parses of mentions remembered across batches: what a number, date or wave mention says is a function of
its text alone, and a batch's mentions are mostly texts earlier batches already parsed."""

from __future__ import annotations

import threading
from collections.abc import Callable

import polars as pl


class ParseMemo:
    """The row ``parse`` gives for each distinct match seen so far, by its number ``mid`` (the token scan's
    number of a distinct match text, never reused: see ``scan._MatchMemo``). Bounded (starts again from the
    current batch when full); safe to share between threads."""

    LIMIT = 200_000

    def __init__(self, parse: Callable[[pl.DataFrame], pl.DataFrame]) -> None:
        self.parse = parse
        self.known: pl.DataFrame | None = None
        self.lock = threading.Lock()

    def of(self, matches: pl.DataFrame) -> pl.DataFrame:
        """``parse`` of the distinct matches of ``matches`` (columns ``mid``, ``match`` and whatever ``parse``
        reads, all functions of the match), one row per ``mid``: those of earlier batches looked up, only the
        new ones parsed. ``parse`` returns column ``mid`` and its results."""
        distinct = matches.unique("mid")
        known = self.known
        if known is None:
            found = new = self.parse(distinct)
        else:
            new = self.parse(distinct.join(known.select("mid"), on="mid", how="anti"))
            seen = distinct.select("mid").join(known, on="mid", how="inner")
            found = pl.concat([seen, new.select(seen.columns)], how="vertical_relaxed")
        with self.lock:
            base = self.known
            if base is None or base.height >= self.LIMIT:
                self.known = found
            elif new.height:
                added = new.join(base.select("mid"), on="mid", how="anti")
                self.known = pl.concat([base, added.select(base.columns)], how="vertical_relaxed")
        return found
