"""How Indonesian news writes numbers, waves and dates (DESIGN.md section 2): pure formatting helpers.

Each helper returns the text and the value that text states, so a planted figure's value is exactly what a
reader (or the extractor) should read back.
"""

from __future__ import annotations

import math
import random
from datetime import date

from prakerja_dq.synth.vocab import MONTHS, MONTHS_SHORT, NUMBER_WORDS, ORDINAL_WORDS, ROMAN, WEEKDAYS


def thousands(n: int) -> str:
    """Digits grouped with ``.``.

    >>> thousands(4200000)
    '4.200.000'
    """
    return f"{n:,}".replace(",", ".")


def decimal(x: float, places: int) -> str:
    """A decimal with ``,`` and no trailing zeros.

    >>> decimal(5.90, 2), decimal(11.0, 1), decimal(19.98, 2)
    ('5,9', '11', '19,98')
    """
    text = f"{x:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# How far a stated count may sit from the true one, by qualifier, and which way it is rounded: news rounds to
# the nearest for a plain or "sekitar" figure, down after "lebih dari"/"menembus", up after "hampir".
ROUNDING: dict[str, tuple[str, float]] = {
    "exact": ("nearest", 0.01),
    "about": ("nearest", 0.025),
    "more_than": ("down", 0.1),
    "at_least": ("down", 0.1),
    "almost": ("up", 0.04),
}


def round_to(value: float, step: int, mode: str) -> int:
    """``value`` rounded to a multiple of ``step``: to the nearest, down or up.

    >>> round_to(5_932_000, 100_000, "nearest"), round_to(5_932_000, 100_000, "up")
    (5900000, 6000000)
    """
    scaled = value / step
    if mode == "down":
        whole = math.floor(scaled + 1e-9)
    elif mode == "up":
        whole = math.ceil(scaled - 1e-9)
    else:
        whole = math.floor(scaled + 0.5)
    return int(whole) * step


# Styles of a count, coarsest first: (step, how it is written).
_STYLES: tuple[tuple[int, str], ...] = (
    (1_000_000, "juta0"),
    (100_000, "juta1"),
    (10_000, "juta2"),
    (1_000, "ribu"),
    (1_000, "thousands"),
    (1, "exact"),
)


def _write(stated: int, style: str) -> str:
    if style.startswith("juta"):
        places = int(style[-1])
        return f"{decimal(stated / 10**6, places)} juta"
    if style == "ribu":
        return f"{stated // 1000} ribu"
    return thousands(stated)


def people(rng: random.Random, value: float, qualifier: str = "exact") -> tuple[str, int]:
    """A count of people as news writes it (``680.000``, ``168.111``, ``224 ribu``, ``5,9 juta``), rounded the
    way ``qualifier`` allows (``ROUNDING``); returns the text and the value it states.

    >>> people(random.Random(3), 5_932_345)
    ('5,9 juta', 5900000)
    >>> people(random.Random(3), 5_932_345, "almost")
    ('6 juta', 6000000)
    """
    value = max(1.0, value)
    mode, limit = ROUNDING[qualifier]
    roll = rng.random()
    if value >= 1_000_000:
        first = 1 if roll < 0.45 else 2 if roll < 0.6 else 0 if roll < 0.7 else 4 if roll < 0.85 else 5
    elif value >= 1_000 and roll < 0.2:
        first = 3
    elif value >= 10_000 and roll < 0.85:
        first = 4
    else:
        first = 5
    if qualifier != "exact":
        first = min(first, 2 if value >= 1_000_000 else 4)  # "sekitar 5,9 juta", not "sekitar 5.932.345"
    for step, style in _STYLES[first:]:
        if (style.startswith("juta") and value < 1_000_000) or (style == "ribu" and value >= 1_000_000):
            continue
        stated = round_to(value, step, mode)
        if stated >= 1 and abs(stated - value) <= limit * value:
            return _write(stated, style), stated
    stated = max(1, round_to(value, 1, mode))
    return thousands(stated), stated


def percent_value(rng: random.Random, value: float, qualifier: str = "exact") -> float:
    """A share in percent rounded as stated (0 or 1 decimal), the way ``qualifier`` allows.

    >>> percent_value(random.Random(0), 88.94, "more_than") in (88, 88.9)
    True
    """
    mode, _ = ROUNDING[qualifier]
    places = rng.choice((0, 1))
    return round(round_to(value * 10**places, 1, mode) / 10**places, places)


def rupiah(rng: random.Random, value: int) -> str:
    """An amount in rupiah, with or without a space after ``Rp``: ``Rp4.200.000``, ``Rp 3,55 juta``,
    ``Rp600 ribu``, ``Rp 19,98 triliun``. ``value`` must be representable in the chosen style.

    >>> rupiah(random.Random(1), 600_000) in {"Rp600 ribu", "Rp 600 ribu", "Rp600.000", "Rp 600.000"}
    True
    """
    space = " " if rng.random() < 0.5 else ""
    if value >= 10**12:
        return f"Rp{space}{decimal(value / 10**12, 2)} triliun"
    if value >= 10**9:
        return f"Rp{space}{decimal(value / 10**9, 2)} miliar"
    roll = rng.random()
    if value >= 10**6 and value % 10_000 == 0 and roll < 0.6:
        return f"Rp{space}{decimal(value / 10**6, 2)} juta"
    if 1_000 <= value < 10**6 and value % 1000 == 0 and roll < 0.5:
        return f"Rp{space}{value // 1000} ribu"
    return f"Rp{space}{thousands(value)}"


def percent(rng: random.Random, value: float) -> str:
    """``88,9%`` or ``31,4 persen``.

    >>> percent(random.Random(0), 99.0) in {"99%", "99 persen"}
    True
    """
    number = decimal(value, 1)
    return f"{number}%" if rng.random() < 0.6 else f"{number} persen"


def count(rng: random.Random, value: int) -> str:
    """A small count as a word (``tujuh``) or digits (``147``, ``1.500``)."""
    if value < len(NUMBER_WORDS) and rng.random() < 0.5:
        return NUMBER_WORDS[value]
    return thousands(value)


def wave(rng: random.Random, number: int) -> str:
    """One wave: ``gelombang 21``, ``gelombang ke-21``, ``gelombang ketiga``, ``gelombang empat``,
    ``gelombang IV``, ``batch 4``, ``Gelombang 21``."""
    forms = ["gelombang {n}", "gelombang ke-{n}", "batch {n}", "Gelombang {n}"]
    if number < len(ORDINAL_WORDS):
        forms += ["gelombang {o}", "gelombang {o}"]
    if number < len(NUMBER_WORDS):
        forms.append("gelombang {w}")
    if number < len(ROMAN):
        forms += ["gelombang {r}", "gelombang {r}"]
    form = rng.choice(forms)
    return form.format(
        n=number,
        o=ORDINAL_WORDS[number] if number < len(ORDINAL_WORDS) else "",
        w=NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else "",
        r=ROMAN[number] if number < len(ROMAN) else "",
    )


def wave_range(rng: random.Random, first: int, last: int) -> str:
    """A range of waves: ``gelombang I hingga III``, ``gelombang I-III``, ``gelombang 1 hingga 11``,
    ``Gelombang 1 sampai dengan Gelombang 11``, ``gelombang pertama hingga ketiga``, ``batch 1 hingga 8``,
    ``gelombang 12-21``."""
    forms = [
        "gelombang {a} hingga {b}",
        "Gelombang {a} sampai dengan Gelombang {b}",
        "batch {a} hingga {b}",
        "gelombang {a}-{b}",
    ]
    if last < len(ROMAN):
        forms += ["gelombang {ra} hingga {rb}", "gelombang {ra}-{rb}"] * 2
    if last < len(ORDINAL_WORDS):
        forms += ["gelombang {oa} hingga {ob}"] * 2
    form = rng.choice(forms)
    return form.format(
        a=first,
        b=last,
        ra=ROMAN[first] if last < len(ROMAN) else "",
        rb=ROMAN[last] if last < len(ROMAN) else "",
        oa=ORDINAL_WORDS[first] if last < len(ORDINAL_WORDS) else "",
        ob=ORDINAL_WORDS[last] if last < len(ORDINAL_WORDS) else "",
    )


def weekday_of(day: date) -> str:
    """Indonesian weekday name.

    >>> weekday_of(date(2020, 6, 8))
    'Senin'
    """
    return WEEKDAYS[day.weekday()]


def date_mention(rng: random.Random, day: date, stated_weekday: str, *, with_year: bool) -> str:
    """``Senin (8/6/2020)``, ``Kamis (23/9)``, ``Rabu, 3 November`` or ``Rabu, 3 November 2020``."""
    if rng.random() < 0.7:
        year = f"/{day.year}" if with_year else ""
        return f"{stated_weekday} ({day.day}/{day.month}{year})"
    year = f" {day.year}" if with_year else ""
    return f"{stated_weekday}, {day.day} {MONTHS[day.month - 1]}{year}"


def timestamp_line(rng: random.Random, day: date) -> tuple[str, str]:
    """Republika's header ``Kamis 23 Apr 2020 09:20 WIB``; returns (line, the date part of it)."""
    dated = f"{weekday_of(day)} {day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"
    return f"{dated} {rng.randrange(6, 22):02d}:{rng.randrange(60):02d} WIB", dated
