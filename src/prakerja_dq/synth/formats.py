"""How Indonesian news writes numbers, waves and dates (DESIGN.md section 2): pure formatting helpers.

Each helper returns the text and the value that text states, so a planted figure's value is exactly what a
reader (or the extractor) should read back.
"""

from __future__ import annotations

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


def people(rng: random.Random, value: float) -> tuple[str, int]:
    """A count of people as news writes it: ``680.000``, ``168.111``, ``224 ribu``, ``5,9 juta``.

    >>> people(random.Random(3), 5_912_345)
    ('5,9 juta', 5900000)
    """
    value = max(1.0, value)
    roll = rng.random()
    if value >= 1_000_000 and roll < 0.7:
        places = 1 if roll < 0.45 else (2 if roll < 0.6 else 0)
        scaled = round(value / 10 ** (6 - places))
        return f"{decimal(scaled / 10**places, places)} juta", scaled * 10 ** (6 - places)
    if 1_000 <= value < 1_000_000 and roll < 0.2:
        thousands_count = round(value / 1000)
        return f"{thousands_count} ribu", thousands_count * 1000
    if value >= 10_000 and roll < 0.85:
        rounded = round(value / 1000) * 1000
        return thousands(rounded), rounded
    exact = round(value)
    return thousands(exact), exact


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
