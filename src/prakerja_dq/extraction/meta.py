"""Article metadata: outlet, headline (publication date comes from the date mentions, see extractor)."""

from __future__ import annotations

import re

import polars as pl

from prakerja_dq.contract import ARTICLE_META_SCHEMA
from prakerja_dq.extraction.rules import ascii_mode, lexicon, outlets, patterns

_OUTLET_REACH = 3000
# the headline is the first body line within this many characters of the top
HEADLINE_REACH = 2000
_DATELINE = r"^(?:[A-Za-z0-9]+(?:\.[A-Za-z]+)+|[A-Z][A-Z .]{2,})\s*(?:,\s*[A-Za-z .]+)?\s*(?:--|-|–|—)"


def _date_only_line() -> str:
    dates = lexicon()["dates"]
    words = "|".join([*dates["weekdays"], *dates["months"], *dates["time_zones"]])
    return rf"^[\s\d/:.,|()-]*(?:(?i:{words})\b[\s\d/:.,|()-]*)*$"


def parse_outlet(text: str) -> str | None:
    """Display name of the first outlet named in the text (dateline, ``REPUBLIKA.CO.ID``, ...).

    >>> parse_outlet("REPUBLIKA.CO.ID, JAKARTA -- Manajemen"), parse_outlet("Liputan6.com, Jakarta - x")
    ('Republika', 'Liputan6.com')
    >>> parse_outlet("JAKARTA - Pemerintah berencana") is None
    True
    """
    match = re.search(f"(?i:{patterns()['outlet']})", text)
    if match is None:
        return None
    return outlets()[int(match.lastgroup[1:])][1]


def is_title_line(line: str) -> bool:
    """Whether a leading line reads like a headline (not a dateline, a date, or a body sentence).

    >>> is_title_line("Sebanyak 7,6 Juta Orang Sudah Daftar Kartu Prakerja")
    True
    >>> is_title_line("Bisnis.com, JAKARTA - Sejak dibuka pada April 2020, pendaftar tercatat.")
    False
    >>> is_title_line("Kamis 23 Apr 2020 09:20 WIB")
    False
    """
    line = line.strip()
    words = len(line.split())
    return (
        3 <= words <= 30
        and not line.endswith(".")
        and re.match(_DATELINE, line) is None
        and re.match(_date_only_line(), line) is None
    )


def find_outlet_expr(text: pl.Expr) -> pl.Expr:
    """The first outlet name written near the top of each text (as written)."""
    return text.str.slice(0, _OUTLET_REACH).str.extract(ascii_mode(f"(?i:{patterns()['outlet']})"), 0)


def outlet_name_expr(found: pl.Expr) -> pl.Expr:
    """Display name of an outlet name as written: the Polars form of :func:`parse_outlet`."""
    groups = found.str.extract_groups(ascii_mode(f"(?i:{patterns()['outlet']})"))
    index = pl.coalesce(
        [pl.when(groups.struct.field(f"o{i}").is_not_null()).then(pl.lit(i)) for i in range(len(outlets()))]
    )
    return index.replace_strict(
        {i: name for i, (_, name) in enumerate(outlets())}, default=None, return_dtype=pl.String
    )


def is_title_expr(line: pl.Expr) -> pl.Expr:
    """The Polars form of :func:`is_title_line`."""
    stripped = line.str.strip_chars()
    words = stripped.str.count_matches(r"\S+")
    return (
        words.is_between(3, 30)
        & ~stripped.str.ends_with(".")
        & ~stripped.str.contains(ascii_mode(_DATELINE))
        & ~stripped.str.contains(ascii_mode(_date_only_line()))
    )


def is_date_only_expr(line: pl.Expr) -> pl.Expr:
    """Whether a line holds only a date and time (a dateline like ``Kamis 23 Apr 2020 09:20 WIB``)."""
    # a line that fits the ASCII pattern is ASCII, so an ASCII digit class is enough (and far cheaper)
    return line.str.contains(ascii_mode(_date_only_line())) & line.str.contains(ascii_mode(r"\d"))


def article_meta(docs: pl.DataFrame, lines: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    """Outlet, publication date and headline of every article of a batch (ARTICLE_META_SCHEMA)."""
    first = (
        lines.filter(
            pl.col("g_start") - pl.col("base") < HEADLINE_REACH, ~pl.col("blank"), ~pl.col("is_noise")
        )
        .filter(~is_date_only_expr(pl.col("line")))
        .group_by("di", maintain_order=True)
        .agg(first_line=pl.col("line").first())
    )
    return (
        docs.select("di", "doc", found=find_outlet_expr(pl.col("text")))
        .with_columns(outlet=outlet_name_expr(pl.col("found")))
        .join(first, on="di", how="left")
        .join(published, on="di", how="left")
        .with_columns(
            headline=pl.when(is_title_expr(pl.col("first_line"))).then(
                pl.col("first_line").str.strip_chars()
            ),
        )
        .select(list(ARTICLE_META_SCHEMA))
        .cast(ARTICLE_META_SCHEMA)
    )
