"""The extraction rules as data: lexicons under ``data/`` and the regular expressions built from them.

Every pattern here is written in the common subset of Python ``re`` and Rust ``regex`` (what Polars runs):
no look-around, no backreferences, named groups as ``(?P<name>...)``.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
_META = set("\\.^$|?*+()[]{}")


def escape(phrase: str) -> str:
    """A literal phrase as a pattern; runs of spaces match any whitespace.

    >>> escape("s.d. ke-2")
    's\\\\.d\\\\.\\\\s+ke-2'
    """
    out = "".join("\\" + char if char in _META else char for char in phrase.strip())
    return r"\s+".join(out.split())


def alternation(phrases: list[str] | tuple[str, ...] | dict) -> str:
    """Escaped phrases joined with ``|``, longest first so a prefix never shadows a longer phrase.

    >>> alternation(["juta", "jt", "ribu"])
    'juta|ribu|jt'
    """
    return "|".join(escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))


@cache
def lexicon() -> dict:
    """The word lists of ``data/lexicon.toml``."""
    return tomllib.loads((DATA_DIR / "lexicon.toml").read_text(encoding="utf-8"))


def read_data_csv(name: str) -> list[dict[str, str]]:
    """The rows of a CSV file of ``data/``."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


_read_csv = read_data_csv


# the metric a cue gives a number that is not a programme figure at all (unemployment, prices, scam fees)
NOT_A_FIGURE = "-"
KINDS = ("persons", "percent", "idr")


@dataclass(frozen=True)
class MetricCue:
    """A cue phrase and, per kind of number, the metrics it signals (the first whose value range fits)."""

    cue: str
    weight: int
    persons: tuple[str, ...]
    percent: tuple[str, ...]
    idr: tuple[str, ...]
    pattern: str


@cache
def metric_cues() -> tuple[MetricCue, ...]:
    """Cue phrases that say which metric a nearby number reports (``data/metric_cues.csv``)."""
    return tuple(
        MetricCue(
            cue=row["cue"],
            weight=int(row["weight"]),
            **{kind: tuple(filter(None, row[kind].split("|"))) for kind in KINDS},
            pattern=row["pattern"],
        )
        for row in _read_csv("metric_cues.csv")
    )


@cache
def context_cues() -> dict[str, str]:
    """Context cues: postponement, once-only rule, reported speech, data source, cumulative, national."""
    return {row["cue"]: row["pattern"] for row in _read_csv("context_cues.csv")}


@cache
def count_nouns() -> dict[str, dict[str, str]]:
    """Nouns counted by a number: the kind of figure they make, the metric (count nouns) and the unit."""
    return {row["noun"]: row for row in _read_csv("count_nouns.csv")}


@cache
def metric_rules() -> dict[str, dict[str, str]]:
    """Per metric: plausible value range, wave inheritance, timelessness, default basis."""
    return {row["metric"]: row for row in _read_csv("metric_rules.csv")}


@cache
def regions() -> dict[str, str]:
    """Region names as written (``Jatim``, ``Jawa Timur``) and the scope they stand for."""
    return {row["alias"]: row["region"] for row in _read_csv("regions.csv")}


@cache
def outlets() -> tuple[tuple[str, str], ...]:
    """(pattern, display name) of news outlets."""
    return tuple((row["pattern"], row["outlet"]) for row in _read_csv("outlets.csv"))


# ---------------------------------------------------------------- number words


@cache
def number_words() -> dict[str, int]:
    """Indonesian number words 1..999 written out, mapped to their value.

    >>> words = number_words()
    >>> words["tujuh"], words["sebelas"], words["dua puluh satu"], words["seratus lima"]
    (7, 11, 21, 105)
    """
    numbers = lexicon()["numbers"]
    units: dict[str, int] = numbers["units"]
    by_value = {value: word for word, value in units.items()}
    se = numbers["se_forms"]

    def spell(n: int) -> str:
        if n < 10:
            return by_value[n]
        if n == 10:
            return "sepuluh"
        if n == 11:
            return "sebelas"
        if n < 20:
            return f"{by_value[n - 10]} {numbers['teens_word']}"
        if n < 100:
            tens, rest = divmod(n, 10)
            head = f"{by_value[tens]} {numbers['tens_word']}"
            return head if rest == 0 else f"{head} {spell(rest)}"
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{by_value[hundreds]} {numbers['hundreds_word']}"
        return head if rest == 0 else f"{head} {spell(rest)}"

    words = {spell(n): n for n in range(1, 1000)}
    words.update(se)
    return words


@cache
def ordinal_words() -> dict[str, int]:
    """Ordinal words 1..99 (``pertama``, ``kedua``, ``kesebelas``, ``kedua puluh satu``).

    >>> ordinal_words()["ketiga"], ordinal_words()["pertama"], ordinal_words()["kesebelas"]
    (3, 1, 11)
    """
    numbers = lexicon()["numbers"]
    ordinals = {numbers["first_ordinal"]: 1}
    for word, value in number_words().items():
        if 1 < value < 100:
            ordinals[numbers["ordinal_prefix"] + word] = value
    return ordinals


@cache
def roman_numerals() -> dict[str, int]:
    """Roman numerals I..LXXX.

    >>> roman_numerals()["IV"], roman_numerals()["XXI"]
    (4, 21)
    """
    table = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = {}
    for n in range(1, 81):
        rest, text = n, ""
        for value, symbol in table:
            while rest >= value:
                text, rest = text + symbol, rest - value
        out[text] = n
    return out


# ---------------------------------------------------------------- patterns

B = r"\b"


def _words(phrases) -> str:
    return f"(?i:{alternation(list(phrases))})"


@cache
def patterns() -> dict[str, str]:
    """The regular expressions of the extractor, by name."""
    lex = lexicon()
    nums, waves, dates, ctx = lex["numbers"], lex["waves"], lex["dates"], lex["context"]
    weekdays = "|".join(dates["weekdays"] + [w.capitalize() for w in dates["weekday_variants"]])
    wd = f"(?:{weekdays}|{'|'.join(w.upper() for w in dates['weekdays'])})"
    mon = f"{_words(dates['months'])}{B}"
    tz = f"(?:{'|'.join(dates['time_zones'])}){B}"
    scale = f"{_words(nums['scale'])}{B}"
    typo_scale = _words(nums["typo_scale"])
    pct = r"(?:%|(?i:persen|per\s+sen)\b)"
    nouns = _words(count_nouns())
    qual = _words(lex["qualifiers"])
    unit_words = alternation([*nums["units"], *nums["se_forms"]])
    multipliers = alternation([nums["teens_word"], nums["tens_word"], nums["hundreds_word"], *nums["units"]])
    card = rf"(?i:(?:{unit_words})(?:\s+(?:{multipliers}){B})*)"
    first, prefix = escape(nums["first_ordinal"]), escape(nums["ordinal_prefix"])
    ordinal = rf"(?i:{first}|{prefix}(?:{unit_words})(?:\s+(?:{multipliers}){B})*)"
    digits = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"
    wval = rf"(?:(?i:ke)-?\s?\d{{1,3}}{B}|\d{{1,3}}{B}|[IVXL]+{B}|{ordinal}{B}|{card}{B})"
    head = _words(waves["heads"])
    conn = (
        rf"(?:\s*(?:-|–)\s*|\s+(?:{alternation([c for c in waves['range_connectors'] if c not in '-–'])})\s+)"
    )
    appos = _words(waves["appositive"])
    # the programme's name may stand between a wave and its event ("Gelombang 4 Kartu Prakerja Dibuka")
    programme = r"(?:(?i:kartu\s+)?(?i:p(?:ra|e)\s?kerja)\s+)?"
    adverbs = rf"(?:(?i:{alternation(waves['event_adverbs'])})\s+)*"

    date = "|".join(
        [
            rf"{wd},?\s*\(\s*\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\s*\)",
            rf"{wd},?\s+\d{{1,2}}\s+{mon}(?:\s+\d{{4}}{B})?",
            rf"{wd},?\s+\d{{1,2}}/\d{{1,2}}/\d{{2,4}}{B}",
            r"\(\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*\)",
            rf"{B}\d{{1,2}}\s+{mon}(?:\s+\d{{4}}{B})?",
            rf"{B}\d{{1,2}}/\d{{1,2}}/\d{{4}}{B}",
            rf"(?i:bulan\s+)?{mon}\s+\d{{4}}{B}",
            rf"(?i:bulan)\s+{mon}",
        ]
    )
    time = rf"(?i:pukul|jam)\s+\d{{1,2}}(?:[.:]\d{{2}})?(?:\s*{tz})?|{B}\d{{1,2}}[.:]\d{{2}}\s*{tz}"
    skip = "|".join(
        [
            r"\+62[\d\s-]{8,}\d",
            rf"\(?{B}0\d{{2,3}}\)?[\s-]?\d{{3,4}}[\s-]?\d{{3,5}}{B}",
            rf"{B}\d+\s?[xX]\s?\d+{B}",
            rf"{B}[A-Za-z]+-\d+{B}",
            rf"{_words(ctx['skip_before'])}\s*\d+{B}",
            # a survey's method: its margin of error or confidence level, also a few words on
            rf"{_words(ctx['method_before'])}\w*[\w\s()]{{0,60}}?(?:\+/-|±)?\s*"
            rf"\d+(?:,\d+)?\s*{pct}",
        ]
    )
    # "gelombang ini" (the wave just named), "gelombang berikutnya" (the one after it), "gelombang perdana"
    deictic = rf"{head}\s+(?i:{alternation(list(waves['deictic']))}){B}"
    wave = rf"{head}\s+{wval}(?:{conn}(?:{head}\s+)?{wval})?(?:\s+{appos}\s+{head}\s+{wval})?|{deictic}"
    program = rf"(?i:{escape(waves['program_head'])})\s+(?i:ke)-\s?\d{{1,2}}{B}"
    relyear = rf"(?i:{alternation(list(lex['periods']['relative']))}){B}"
    # the edge of a period, for "hingga akhir Juni", "per akhir Agustus lalu", "hingga akhir 2024"
    edge = "|".join(
        [
            rf"(?i:akhir|awal|pertengahan)\s+(?:(?i:bulan)\s+)?{mon}(?:\s+\d{{4}}{B})?",
            rf"(?i:akhir)\s+(?:(?i:tahun)\s+)?20\d\d{B}",
            rf"{mon}\s+(?i:lalu){B}",
        ]
    )
    year = rf"(?i:tahun\s+)?{B}(?:19|20)\d{{2}}{B}"
    # a misspelt scale word is read only before a counted noun ("15,4 juga orang")
    number = (
        rf"(?:{qual}\s+)?(?:(?i:rp\.?|idr)\s?|{B}){digits}"
        rf"(?:\s+{typo_scale}\s+{nouns}{B}|(?:\s?{scale}|{B})(?:\s?{pct})?(?:\s+{nouns}{B})?)"
    )
    # a number in words, with a counted noun or a scale word ("tiga juta orang", "Tiga Juta Lebih Penerima")
    word = rf"(?:{qual}\s+)?{B}{card}(?:\s+{scale}(?:\s+{nouns}{B})?|\s+{nouns}{B})"
    token = "|".join(
        f"(?P<{name}>{body})"
        for name, body in [
            ("edge", edge),
            ("date", date),
            ("time", time),
            ("skip", skip),
            ("wave", wave),
            ("program", program),
            ("relyear", relyear),
            ("year", year),
            ("num", number),
            ("word", word),
        ]
    )
    number_parts = (
        rf"^(?:(?P<qual>{qual})\s+)?(?P<rp>(?i:rp\.?|idr)\s?)?(?P<digits>{digits})"
        rf"(?:\s?(?P<scale>{scale}|{typo_scale}))?(?:\s?(?P<pct>{pct}))?(?:\s+(?P<noun>{nouns}))?$"
    )
    word_parts = (
        rf"^(?:(?P<qual>{qual})\s+)?(?P<words>{card})(?:\s+(?P<scale>{scale}))?(?:\s+(?P<noun>{nouns}))?$"
    )
    wave_parts = rf"^{head}\s+(?P<w1>{wval})(?:{conn}(?:{head}\s+)?(?P<w2>{wval}))?"

    # one scan finds cues and the boundaries of sentences and clauses: abbreviations first, so "Rp. 5"
    # or "No. 76" do not end a sentence; a cue may take the suffix -nya ("pendaftarnya", "kuotanya")
    bounds = lex["boundaries"]
    cue_groups = [("b_abbrev", rf"{B}(?:{alternation(bounds['abbreviations'])})\.\s")]
    cue_groups += [(f"m_{c.cue}", rf"{B}(?i:{c.pattern})(?i:nya)?{B}") for c in metric_cues()]
    cue_groups += [(f"x_{name}", rf"{B}(?i:{body}){B}") for name, body in context_cues().items()]
    scope_heads = "|".join(escape(h) for h in ctx["scope_heads"])
    cue_groups += [
        ("x_scope", rf"{B}(?:{scope_heads})\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?"),
        ("x_region", rf"{B}(?:{alternation(list(regions()))}){B}"),
        # a line break also ends a sentence: lines are found without a regular expression (scan.lines)
        ("b_sentence", r"[.!?]+(?:[\"')]|”|’)*[ \t]+"),
        ("b_clause", rf"[,;]\s+|\s+(?i:{alternation(bounds['connectors'])})\s+"),
    ]
    cues = "|".join(f"(?P<{name}>{body})" for name, body in cue_groups)

    noise = "|".join(f"(?:{p})" for p in lex["noise"]["line_patterns"])
    return {
        "token": token,
        "number_parts": number_parts,
        "word_parts": word_parts,
        "wave_parts": wave_parts,
        "cues": cues,
        "noise_line": rf"^\s*(?i:{noise})",
        "sentence_end": r"[.!?]+(?:[\"')]|”|’)*[ \t]+|\n+",
        "weekday": rf"^{wd}",
        "month_name": rf"(?P<day>\d{{1,2}})?\s*(?P<mon>{mon})(?:\s+(?P<year>\d{{4}}))?",
        "numeric_date": r"(?P<day>\d{1,2})/(?P<mon>\d{1,2})(?:/(?P<year>\d{2,4}))?",
        "qualifier": qual,
        "start_marker": rf"{B}(?i:{alternation(dates['start_markers'])})(?:\s+\w+){{0,4}}?\s+(?i:pada\s+)?$"
        rf"|{B}(?i:sejak|semenjak|mulai|dari)\s*$",
        "deadline_marker": rf"{B}(?i:{alternation(dates['deadline_markers'])})[\w\s,]{{0,25}}$",
        "future_before": rf"{B}(?i:{alternation(dates['future_markers'])}){B}",
        "future_after": r"^[\s,.;:\"'()-]{0,3}(?:\w+[\s,.;:\"'()-]+){0,3}?(?i:akan|nanti|mendatang)\b",
        "event_before": rf"{B}(?i:{alternation(waves['event_before'])})\s+{programme}$",
        "event_after": rf"^\s+{programme}{adverbs}(?i:{alternation(waves['event_after'])}){B}",
        "opened_after": rf"^\s+{programme}(?i:{alternation(waves['opened_after'])}){B}",
        "results_before": rf"{B}(?i:{alternation(waves['results_before'])})\s+{programme}$",
        "pending_after": rf"^[\w\s,;:'\"()/-]{{0,50}}?{B}(?i:{alternation(waves['pending_after'])}){B}",
        "past_before": rf"{B}(?i:{alternation(waves['past_before'])})\s+"
        rf"(?:(?i:pendaftaran|pembukaan)\s+)?{programme}$",
        "attempt_before": rf"{B}(?i:{alternation(waves['attempt_before'])})\s+$",
        "related_label": rf"^\s*(?i:{lex['noise']['related_label']})",
        # "gelombang kelima yang dibuka sepanjang 2024": the wave's place among the waves opened in a period
        "ordinal_wave": rf"^{head}\s+(?:(?i:ke)-\s?\d{{1,3}}|{ordinal})$",
        "opened_in_period_after": rf"^\s+(?i:yang\s+)?(?i:{alternation(waves['opened_in_period'])})\s+"
        rf"(?i:sepanjang|selama|pada|di|tahun)\b",
        "deictic_parts": rf"^{head}\s+(?P<word>(?i:{alternation(list(waves['deictic']))}))$",
        "edge_parts": rf"^(?P<edge>(?i:akhir|awal|pertengahan))?\s*(?:(?i:bulan|tahun)\s+)?(?P<mon>{mon})?"
        rf"\s*(?P<year>\d{{4}})?\s*(?P<ago>(?i:lalu))?$",
        "up_to_before": rf"{B}(?i:{alternation(waves['up_to_before'])})\s+$",
        "more_than_after": rf"^\s+(?i:{alternation(lex['qualifiers_after']['more_than'])})"
        rf"(?:[.,;:!?)\"']|\s+{nouns}{B}|\s*$)",
        "about_after": rf"^(?i:{alternation(lex['qualifiers_after']['about_suffix'])}){B}",
        "totals_before": rf"(?:,|{B})\s*(?i:{alternation(lex['restated_total']['before'])})\s+$",
        "restates_before": rf"(?:,|{B})\s*(?i:{alternation(lex['restated_share']['before'])})\s+$",
        "modifier_before": rf"{B}(?i:{alternation(waves['modifier_before'])})\s+$",
        "source_before": rf"{B}(?i:{alternation(waves['source_before'])})\s+$",
        "time_noun_after": rf"^\s+{_words(ctx['time_nouns'])}{B}",
        "basis_after": rf"^\s*(?P<basis>{_words(ctx['basis_after'])})",
        "outlet": "|".join(f"(?P<o{i}>{p})" for i, (p, _) in enumerate(outlets())),
    }


def ascii_mode(pattern: str) -> str:
    """A pattern in ASCII mode, for Polars: classes and case folding without Unicode keep Rust's DFA small.

    >>> ascii_mode(r"\\bRp")
    '(?-u:\\\\bRp)'
    """
    return f"(?-u:{pattern})"
