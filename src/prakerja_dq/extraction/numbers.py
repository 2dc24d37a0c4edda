"""Indonesian numbers: ``.`` groups thousands, ``,`` marks decimals, scale words, ``Rp`` and ``persen``."""

from __future__ import annotations

import math
import re

import polars as pl

from prakerja_dq.extraction.rules import lexicon, number_words, patterns

_THOUSANDS = r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$"
_PLAIN = r"^\d+(?:,\d+)?$"
_DOT_DECIMAL = r"^\d+\.\d{1,2}$"


def scale_factors() -> dict[str, float]:
    """Scale words (lower case) and their factor, misspelt forms included (``juga`` before a noun).

    >>> scale_factors()["juta"], scale_factors()["juga"]
    (1000000.0, 1000000.0)
    """
    numbers = lexicon()["numbers"]
    return {word: float(factor) for word, factor in {**numbers["scale"], **numbers["typo_scale"]}.items()}


def _normalise(digits: str, *, scaled: bool) -> str | None:
    if re.match(_THOUSANDS, digits):
        return digits.replace(".", "").replace(",", ".")
    if re.match(_PLAIN, digits):
        return digits.replace(",", ".")
    if scaled and re.match(_DOT_DECIMAL, digits):
        return digits
    return None


def _exact(normalised: str, exponent: int) -> float:
    """``normalised`` (``"4.07"``) times 10**exponent without binary rounding noise (4.07e12, not ...0005)."""
    whole, _, fraction = normalised.partition(".")
    mantissa, shift = int(whole + fraction), exponent - len(fraction)
    return float(mantissa * 10**shift) if shift >= 0 else mantissa / 10**-shift


def parse_digits(digits: str, *, scaled: bool = False) -> float | None:
    """Value of a digit string written the Indonesian way; None when the reading is ambiguous.

    A dot followed by one or two digits is read as a decimal point only before a scale word
    (``5.9 juta``); otherwise it is a dropped digit group and the number is left out.

    >>> parse_digits("680.000"), parse_digits("5,9"), parse_digits("1.500"), parse_digits("88,9")
    (680000.0, 5.9, 1500.0, 88.9)
    >>> parse_digits("680.00") is None, parse_digits("5.9", scaled=True)
    (True, 5.9)
    """
    normalised = _normalise(digits, scaled=scaled)
    return None if normalised is None else _exact(normalised, 0)


def parse_number(text: str) -> float | None:
    """Value of one number mention: digits or number words, scale word, ``Rp``, ``%``/``persen``.

    >>> parse_number("Rp4.200.000"), parse_number("Rp 3,55 juta"), parse_number("Rp600 ribu")
    (4200000.0, 3550000.0, 600000.0)
    >>> parse_number("7,6 Juta"), parse_number("88,9%"), parse_number("31,4 persen")
    (7600000.0, 88.9, 31.4)
    >>> parse_number("Rp 19,98 triliun"), parse_number("Rp 4,07 triliun"), parse_number("tujuh")
    (19980000000000.0, 4070000000000.0, 7.0)
    >>> parse_number("seratus"), parse_number("dua puluh satu"), parse_number("bukan angka")
    (100.0, 21.0, None)
    >>> parse_number("lebih dari 15,4 juga orang")
    15400000.0
    """
    text = " ".join(text.split())
    words = number_words().get(text.lower())
    if words is not None:
        return float(words)
    match = re.match(patterns()["number_parts"], text)
    if match is None:
        return None
    normalised = _normalise(match["digits"], scaled=match["scale"] is not None)
    if normalised is None:
        return None
    factor = scale_factors()[match["scale"].lower()] if match["scale"] else 1.0
    return _exact(normalised, round(math.log10(factor)))


def _normalised_expr(digits: pl.Expr, scale: pl.Expr) -> pl.Expr:
    return (
        pl.when(digits.str.contains(_THOUSANDS))
        .then(digits.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .when(digits.str.contains(_PLAIN))
        .then(digits.str.replace(",", ".", literal=True))
        .when(scale.is_not_null() & digits.str.contains(_DOT_DECIMAL))
        .then(digits)
    )


def _exponent_expr(scale: pl.Expr) -> pl.Expr:
    exponents = {word: round(math.log10(factor)) for word, factor in scale_factors().items()}
    return scale.str.to_lowercase().replace_strict(exponents, default=0, return_dtype=pl.Int64)


def _fraction_expr(normalised: pl.Expr) -> pl.Expr:
    return normalised.str.extract(r"\.(\d+)$", 1).fill_null("")


def _mantissa_expr(normalised: pl.Expr, fraction: pl.Expr) -> pl.Expr:
    return (normalised.str.extract(r"^(\d+)", 1) + fraction).cast(pl.Float64, strict=False)


def _shift_expr(exponent: pl.Expr, fraction: pl.Expr) -> pl.Expr:
    return exponent - fraction.str.len_chars().cast(pl.Int64)


def _value_expr(mantissa: pl.Expr, shift: pl.Expr) -> pl.Expr:
    power = pl.lit(10.0).pow(shift.abs())
    return pl.when(shift >= 0).then(mantissa * power).otherwise(mantissa / power)


def parse_number_expr(digits: pl.Expr, scale: pl.Expr) -> pl.Expr:
    """The Polars form of :func:`parse_number` over columns of digit strings and scale words."""
    normalised = _normalised_expr(digits, scale)
    fraction = _fraction_expr(normalised)
    return _value_expr(_mantissa_expr(normalised, fraction), _shift_expr(_exponent_expr(scale), fraction))


def with_number_value(frame: pl.DataFrame, digits: str, scale: str, name: str) -> pl.DataFrame:
    """``frame`` with column ``name`` = ``parse_number_expr(digits, scale)``, each part computed once."""
    parts = ["_normalised", "_exponent", "_fraction", "_mantissa", "_shift"]
    n, e, f, m, s = (pl.col(part) for part in parts)
    return (
        frame.with_columns(
            _normalised=_normalised_expr(pl.col(digits), pl.col(scale)),
            _exponent=_exponent_expr(pl.col(scale)),
        )
        .with_columns(_fraction=_fraction_expr(n))
        .with_columns(_mantissa=_mantissa_expr(n, f), _shift=_shift_expr(e, f))
        .with_columns(_value_expr(m, s).alias(name))
        .drop(parts)
    )
