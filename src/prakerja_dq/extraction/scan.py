"""From texts to located matches: the only steps that read whole article texts.

Two regular expressions run once over the batch inside Polars (Rust ``regex``, parallel over rows): ``token``
(numbers, waves, dates, times, years) and ``cues`` (cue words, and the boundaries of sentences and clauses).
Matches are cut out with the ``replace_all`` + ``split`` trick, so each keeps its character offset; the
sentence, clause and line of every match come from as-of joins on a global offset (the articles laid end to
end, one separator character apart).
"""

from __future__ import annotations

import re
import threading
from functools import cache

import polars as pl

from prakerja_dq.extraction.rules import ascii_mode, patterns

CUT = "\x00"
# characters of context kept on each side of a token
NEAR = 60
SCANS = ("token", "cues")
BOUNDARY_GROUPS = ("b_abbrev", "b_sentence", "b_clause")


def prepare(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per article with its index ``di`` and ``base``, its offset in the batch coordinate."""
    frame = articles.select(
        pl.col("doc").cast(pl.String),
        pl.col("text").cast(pl.String).fill_null("").str.replace_all(CUT, " ", literal=True),
    ).with_row_index("di")
    length = pl.col("text").str.len_chars().cast(pl.Int64) + 1
    return frame.with_columns(base=length.cum_sum() - length, di=pl.col("di").cast(pl.Int64))


@cache
def rx() -> dict[str, str]:
    """The extractor's patterns in the form Polars runs them (ASCII mode keeps Rust's lazy DFA small)."""
    return {name: ascii_mode(body) for name, body in patterns().items()}


def without_groups(pattern: str) -> str:
    """The pattern with its named groups made non-capturing (for scanning whole texts).

    >>> without_groups("(?P<a>x)|(?P<b>y)")
    '(?:x)|(?:y)'
    """
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def split(docs: pl.DataFrame) -> pl.DataFrame:
    """Each article cut up by both scans and into lines, all in one ``select`` so they run in parallel.

    ``replace_all`` fences each match with ``CUT``, so splitting on it alternates gaps and matches (an odd
    number of pieces per article).
    """
    fenced = {
        name: pl.col("text").str.replace_all(without_groups(rx()[name]), f"{CUT}${{0}}{CUT}").str.split(CUT)
        for name in SCANS
    }
    return docs.select("di", "base", **fenced, line=pl.col("text").str.split("\n"))


def scan(scanned: pl.DataFrame, *, context: tuple[str, ...] = ()) -> dict[str, pl.DataFrame]:
    """Every match of each scan of :func:`split` with its offsets and, for the scans in ``context``, the text
    before it and the text after it (``prev``, ``next``: at most NEAR characters, through neighbouring
    matches)."""
    piece, di, size = pl.col("piece"), pl.col("di"), pl.col("size")
    found = {}
    for name in SCANS:
        if name not in context:
            found[name] = _matches_only(scanned, name)
            continue
        gaps = {"prev": piece.shift(1), "next": piece.shift(-1)} if name in context else {}
        matches = {
            "prev_match": pl.when(di.shift(1) == di).then(piece.shift(1)).otherwise(pl.lit("")),
            "next_match": pl.when(di.shift(-1) == di).then(piece.shift(-1)).otherwise(pl.lit("")),
        }
        # article k starts at an index of parity k, so a piece is a match when index + k is odd
        cut = (
            scanned.select("di", "base", piece=name)
            .explode("piece")
            .with_row_index("i")
            .with_columns(size=piece.str.len_chars().cast(pl.Int64))
            .with_columns(is_match=(pl.col("i") + di) % 2 == 1, g_start=size.cum_sum() - size + di, **gaps)
            .filter("is_match")
            .with_columns(start=pl.col("g_start") - pl.col("base"), **(matches if name in context else {}))
        )
        spans = {
            "g_start": "g_start",
            "g_end": pl.col("g_start") + size,
            "start": "start",
            "end": pl.col("start") + size,
            "match": "piece",
        }
        if name in context:
            spans["prev"] = (pl.col("prev_match").str.tail(NEAR) + pl.col("prev").str.tail(NEAR)).str.tail(
                NEAR
            )
            spans["next"] = (pl.col("next").str.head(NEAR) + pl.col("next_match").str.head(NEAR)).str.head(
                NEAR
            )
        found[name] = cut.select("di", **spans)
    return found


def _matches_only(scanned: pl.DataFrame, name: str) -> pl.DataFrame:
    """The matches of one scan with their offsets, without their context: one explode of the pieces (gaps
    and matches alike: exploding strings copies views, not text), whose lengths give the offsets."""
    size = pl.col("size")
    return (
        scanned.select("di", "base", match=name)
        .explode("match")
        .with_row_index("i")
        .with_columns(size=pl.col("match").str.len_chars().cast(pl.Int64))
        .with_columns(g_start=size.cum_sum() - size + pl.col("di"))
        .filter((pl.col("i") + pl.col("di")) % 2 == 1)
        .select(
            "di",
            g_start="g_start",
            g_end=pl.col("g_start") + size,
            start=pl.col("g_start") - pl.col("base"),
            end=pl.col("g_start") - pl.col("base") + size,
            match="match",
        )
    )


def top_level_groups(pattern: str) -> list[str]:
    """Bodies of the top-level alternatives ``(?P<name>body)|...`` of a pattern.

    >>> top_level_groups("(?P<a>x(y))|(?P<b>[)(]z)")
    ['x(y)', '[)(]z']
    """
    bodies, depth, start, escaped, in_class = [], 0, 0, False, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            if depth == 0:
                start = pattern.index(">", index) + 1
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                bodies.append(pattern[start:index])
    return bodies


@cache
def _group_tests(pattern: str) -> tuple[tuple[str, str], ...]:
    """(name, anchored body) of each top-level named group of a pattern in ASCII mode."""
    inner = pattern[len("(?-u:") : -1]
    groups = re.findall(r"\(\?P<(\w+)>", inner)
    bodies = top_level_groups(inner)
    return tuple(
        (group, ascii_mode(f"^(?:{without_groups(body)})$"))
        for group, body in zip(groups[: len(bodies)], bodies, strict=False)
    )


def group_name(match: pl.Expr, pattern: str) -> pl.Expr:
    """Name of the top-level named group of ``pattern`` that produced each match (first that fits)."""
    name = pl.lit(None, dtype=pl.String)
    for group, test in reversed(_group_tests(pattern)):
        name = pl.when(match.str.contains(test)).then(pl.lit(group)).otherwise(name)
    return name


class _MatchMemo:
    """The group of every distinct match seen so far for one pattern, numbered (``mid``): a batch's matches
    are mostly matches earlier batches already classified (cue words, boundaries, common numbers), so a
    batch joins once and tests only what is new. Bounded; safe to share between threads."""

    LIMIT = 200_000

    def __init__(self, pattern: str, name: str) -> None:
        self.pattern, self.name = pattern, name
        self.names = pl.Enum([group for group, _ in _group_tests(pattern)])
        self.known = pl.DataFrame(schema={"match": pl.String, "mid": pl.UInt32, name: self.names})
        self.lock = threading.Lock()

    def learn(self, matches: pl.DataFrame) -> pl.DataFrame:
        """The memo after classifying the distinct ``matches`` it does not hold yet (all of them when the
        memo is full and starts again)."""
        with self.lock:
            known = self.known if self.known.height < self.LIMIT else self.known.clear()
            new = matches.select(pl.col("match").unique()).join(known, on="match", how="anti")
            classified = new.with_row_index("mid", offset=known.height).with_columns(
                group_name(pl.col("match"), self.pattern).cast(self.names).alias(self.name)
            )
            self.known = pl.concat([known, classified.select(known.columns)])
            return self.known


@cache
def _memo(pattern: str, name: str) -> _MatchMemo:
    return _MatchMemo(pattern, name)


def with_group_name(frame: pl.DataFrame, pattern: str, name: str) -> pl.DataFrame:
    """``frame`` with column ``name``: :func:`group_name` of each match (an Enum of the group names, cheap to
    filter on), tested once per distinct match, and ``mid``, the number of the distinct match (a cheap join
    key for the later per-match steps)."""
    memo = _memo(pattern, name)
    joined = frame.join(memo.known, on="match", how="left", maintain_order="left")
    if joined.get_column("mid").null_count() == 0:
        return joined
    return frame.join(memo.learn(frame), on="match", how="left", maintain_order="left")


def lines(split_docs: pl.DataFrame) -> pl.DataFrame:
    """One row per line (a paragraph): global start, noise flags, number of the line in the batch."""
    frame = (
        split_docs.select("di", "base", "line")
        .explode("line")
        .with_columns(length=pl.col("line").str.len_chars().cast(pl.Int64) + 1)
        .with_columns(g_start=pl.col("length").cum_sum() - pl.col("length"))
        .with_row_index("line_id")
    )
    # each test reads every line once; a neighbour's result is that column shifted (null past the ends)
    tests = frame.select(
        blank=pl.col("line").str.strip_chars() == "",
        noise=pl.col("line").str.contains(rx()["noise_line"]),
        photo_credit=pl.col("line").str.contains(r"^\s*(?i:foto)\s*:"),
        related_label=pl.col("line").str.contains(rx()["related_label"]),
        read_also=pl.col("line").str.contains(r"^\s*(?i:baca juga)"),
        repeated=pl.len().over("di", pl.col("line").hash()) > 1,
    )
    blank = pl.col("blank")
    same_doc_next = pl.col("di").shift(-1) == pl.col("di")
    same_doc_before = pl.col("di").shift(1) == pl.col("di")
    before_photo_credit = (pl.col("photo_credit").shift(-1) & same_doc_next).fill_null(False)
    # "Baca juga:" on a line of its own: the related headline is the next line
    after_related_label = (pl.col("related_label").shift(1) & same_doc_before).fill_null(False)
    return (
        frame.hstack(tests)
        .with_columns(after_related_label=after_related_label)
        .select(
            *frame.columns,
            is_noise=pl.col("noise")
            | (pl.col("repeated") & ~blank)
            | before_photo_credit
            | pl.col("after_related_label"),
            is_related=pl.col("read_also") | pl.col("after_related_label"),
            blank=blank,
        )
    )


def boundaries(cue_matches: pl.DataFrame, lines: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Global starts of sentences (``sid``) and of clauses (``cl``), numbered across the batch.

    Both start at each line (so at each article); a sentence ends after a sentence mark, a clause also
    after a comma, a semicolon or a connector word (``dan``, ``sedangkan``, ``atau`` ...).
    """
    starts = lines.select("g_start", kind=pl.lit("b_sentence"))
    ends = cue_matches.filter(pl.col("cue").is_in(["b_sentence", "b_clause"])).select(
        g_start="g_end", kind=pl.col("cue").cast(pl.String)
    )
    marks = pl.concat([starts, ends]).sort("g_start").unique("g_start", keep="first", maintain_order=True)
    sentences = (
        marks.filter(pl.col("kind") == "b_sentence")
        .select("g_start")
        .with_row_index("sid")
        .cast({"sid": pl.Int64})
    )
    clauses = marks.select("g_start").with_row_index("cl").cast({"cl": pl.Int64})
    return sentences, clauses


def locate(
    frame: pl.DataFrame, lines: pl.DataFrame, sentences: pl.DataFrame, clauses: pl.DataFrame
) -> pl.DataFrame:
    """Add the sentence, the clause and the line (with its noise flags) of each match."""
    # scans produce their matches in order: a check is cheaper than a sort (which gathers every column)
    frame = frame.set_sorted("g_start") if frame["g_start"].is_sorted() else frame.sort("g_start")
    frame = frame.join_asof(sentences, on="g_start", strategy="backward")
    frame = frame.join_asof(clauses, on="g_start", strategy="backward")
    return frame.join_asof(
        lines.select("g_start", "line_id", "is_noise", "is_related"), on="g_start", strategy="backward"
    )


def classify_cues(matches: pl.DataFrame) -> pl.DataFrame:
    """Every match of the cue scan with the name of its group (cue or boundary)."""
    return with_group_name(matches, rx()["cues"], "cue")


def tokens(
    matches: pl.DataFrame, lines: pl.DataFrame, sentences: pl.DataFrame, clauses: pl.DataFrame
) -> pl.DataFrame:
    """Numbers, waves, dates, times and years, with their type, sentence, clause and line."""
    found = with_group_name(locate(matches, lines, sentences, clauses), rx()["token"], "type")
    return found.with_columns(
        next_type=pl.when(pl.col("di").shift(-1) == pl.col("di")).then(pl.col("type").shift(-1)),
    )


def cues(
    matches: pl.DataFrame, lines: pl.DataFrame, sentences: pl.DataFrame, clauses: pl.DataFrame
) -> pl.DataFrame:
    """Cue words (not boundaries) outside noise lines, located."""
    found = matches.filter(~pl.col("cue").is_in(BOUNDARY_GROUPS))
    return locate(found, lines, sentences, clauses).filter(~pl.col("is_noise"))


def sorted_by(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """``frame`` sorted by ``column``: flagged, not sorted again, when it already is (a check reads one
    column; a sort gathers every column)."""
    return frame.set_sorted(column) if frame[column].is_sorted() else frame.sort(column)


def nearest(
    left: pl.DataFrame, right: pl.DataFrame, *, key: str, on: str = "sid", before_only: bool = False
) -> pl.DataFrame:
    """For each ``key`` row of ``left``, the row of ``right`` in the same sentence (or ``on`` unit) closest
    to it, with its ``distance`` in characters (0 when they overlap; the earlier one on a tie);
    ``before_only``: only rows that start before it. Two as-of joins, the closest row starting before and
    the closest starting after: no pairs, no sort."""
    candidates = sorted_by(right.rename({"g_start": "r_start", "g_end": "r_end", on: "r_on"}), "r_start")
    # only rows whose unit holds a candidate at all go through the joins
    spans = left.select(key, on, "g_start", "g_end").filter(
        pl.col(on).is_in(candidates["r_on"].unique().implode())
    )
    spans = sorted_by(spans, "g_start")
    payload = [c for c in candidates.columns if c != "r_on"]
    sides = [("b", "backward", True)] + ([] if before_only else [("f", "forward", False)])
    for prefix, strategy, exact in sides:
        renamed = candidates.rename({c: f"{prefix}_{c}" for c in candidates.columns})
        spans = spans.join_asof(
            renamed,
            left_on="g_start",
            right_on=f"{prefix}_r_start",
            strategy=strategy,
            allow_exact_matches=exact,
        )
        same = pl.col(f"{prefix}_r_on") == pl.col(on)
        spans = spans.with_columns(
            pl.when(same)
            .then(
                pl.max_horizontal(
                    pl.col(f"{prefix}_r_start") - pl.col("g_end"),
                    pl.col("g_start") - pl.col(f"{prefix}_r_end"),
                    pl.lit(0),
                )
            )
            .alias(f"{prefix}_distance")
        )
    if before_only:
        take_back = pl.col("b_distance").is_not_null()
        found = spans.filter(take_back)
        return found.select(key, *[pl.col(f"b_{c}").alias(c) for c in payload], distance="b_distance")
    back_wins = pl.col("b_distance").is_not_null() & (
        pl.col("f_distance").is_null() | (pl.col("b_distance") <= pl.col("f_distance"))
    )
    found = spans.filter(pl.col("b_distance").is_not_null() | pl.col("f_distance").is_not_null())
    return found.select(
        key,
        *[pl.when(back_wins).then(pl.col(f"b_{c}")).otherwise(pl.col(f"f_{c}")).alias(c) for c in payload],
        distance=pl.when(back_wins).then("b_distance").otherwise("f_distance"),
    )
