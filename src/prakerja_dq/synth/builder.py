"""The text builder and the context one article's sentence writers share.

An article is built left to right; every planted figure and date mention records its character offsets
while the text is assembled (:class:`Builder`), so ``text[start:end] == evidence`` holds by construction.
"""

from __future__ import annotations

import random
import re
from datetime import date

from prakerja_dq.synth import defects as d
from prakerja_dq.synth import formats as fmt
from prakerja_dq.synth import vocab as v
from prakerja_dq.synth.timeline import scheme_for, wave_on

_SLOT = re.compile(r"\{(\w)\}")


def parse_template(template: str) -> tuple[str, ...]:
    """Literal, slot, literal, slot, ... (even positions literal, odd positions slot names)."""
    return tuple(_SLOT.split(template))


METRIC_TEMPLATES = {metric: tuple(parse_template(t) for t in ts) for metric, ts in v.TEMPLATES.items()}

QUALIFIERS: tuple[tuple[str, str, float], ...] = (
    ("", "exact", 0.40),
    ("mencapai ", "exact", 0.55),
    ("lebih dari ", "more_than", 0.70),
    ("sekitar ", "about", 0.80),
    ("hampir ", "almost", 0.88),
    ("menembus ", "at_least", 0.94),
    ("menembus angka ", "at_least", 0.97),
    ("tembus ", "at_least", 1.01),
)
PLAIN = ("", "exact")


class Builder:
    """Assembles text left to right and records spans of planted figures, dates and defects."""

    __slots__ = ("dates", "defects", "doc", "figures", "length", "outlet", "parts")

    def __init__(self, doc: str, outlet: str | None) -> None:
        self.doc = doc
        self.outlet = outlet
        self.parts: list[str] = []
        self.figures: list[dict] = []
        self.dates: list[dict] = []
        self.defects: list[dict] = []
        self.length = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def span(self, text: str) -> dict:
        """Append ``text`` and return its span."""
        span = {"text": text, "start": self.length, "end": self.length + len(text)}
        self.add(text)
        return span

    def fill(self, tokens: tuple[str, ...], slots: dict[str, str], figure: dict | None = None) -> None:
        """Append a parsed template; the ``F`` slot becomes the figure's evidence, ``D`` a date mention."""
        for position, token in enumerate(tokens):
            if not position % 2:
                if token:
                    self.add(token)
                continue
            value = slots[token]
            if token == "F" and figure is not None:
                figure["evidence"] = value
                figure["start"] = self.length
                figure["end"] = self.length + len(value)
                self.figures.append(figure)
            elif token == "D":
                self.date(value, slots["_date"], slots["_stated"])
                continue
            self.add(value)

    def date(self, text: str, day: str, stated: str | None) -> dict:
        actual = fmt.weekday_of(date.fromisoformat(day))
        mention = {
            "doc": self.doc,
            "text": text,
            "start": self.length,
            "end": self.length + len(text),
            "weekday_stated": stated,
            "date": day,
            "weekday_actual": actual,
            "consistent": None if stated is None else stated == actual,
        }
        self.dates.append(mention)
        self.add(text)
        return mention

    def defect(
        self,
        kind: str,
        detail: str,
        *,
        planted: tuple[dict, ...] = (),
        reference: tuple[dict, ...] = (),
        spans: tuple[dict, ...] = (),
        also: tuple[str, ...] | None = None,
    ) -> None:
        """Record a planted defect with the figures (``planted``: wrong, ``reference``: true) or spans."""
        figures = [
            {
                "doc": figure["doc"],
                "metric": figure["metric"],
                "value": figure["value"],
                "start": figure["start"],
                "end": figure["end"],
                "evidence": figure["evidence"],
                "role": role,
            }
            for role, group in (("planted", planted), ("reference", reference))
            for figure in group
        ]
        self.defects.append(
            {
                "doc": self.doc,
                "kind": kind,
                "also": list(d.ALSO.get(kind, ()) if also is None else also),
                "outlet": self.outlet,
                "detail": detail,
                "figures": figures,
                "spans": [dict(span) for span in spans],
            }
        )


class Context:
    """What one article knows: its date, wave, scheme, planted kinds and the slots its templates share."""

    def __init__(self, rng: random.Random, day: date, builder: Builder, plan: frozenset[str]) -> None:
        self.rng = rng
        self.day = day
        self.wave = wave_on(day)
        self.scheme = scheme_for(day)
        self.builder = builder
        self.plan = plan
        self.speaker_index = rng.randrange(len(v.SPEAKERS))
        self.registrant_unit = "accounts" if rng.random() < 0.2 else "persons"

    def record(self, metric: str, value: float, unit: str, qualifier: str, **extra: object) -> dict:
        record = {
            "doc": self.builder.doc,
            "outlet": self.builder.outlet,
            "metric": metric,
            "value": int(value) if float(value).is_integer() else value,
            "unit": unit,
            "qualifier": qualifier,
            "wave_from": None,
            "wave_to": None,
            "period_year": self.day.year,
            "as_of": self.day.isoformat(),
            "scope": "national",
            "basis": "total",
            "evidence": "",
            "start": 0,
            "end": 0,
        }
        record.update(extra)
        return record

    def slots(self, **values: str) -> dict[str, str]:
        rng = self.rng
        slots = {
            "S": v.SPEAKERS[self.speaker_index],
            "s": v.SHORT_SPEAKERS[self.speaker_index],
            "V": rng.choice(v.SPEECH_VERBS),
            "v": "kata",
            "Y": str(self.day.year),
            "W": "",
            "R": "",
        }
        slots.update(values)
        return slots

    def qualifier(self, *, hedged: bool = True) -> tuple[str, str]:
        if not hedged:
            return PLAIN
        roll = self.rng.random()
        for word, name, threshold in QUALIFIERS:
            if roll < threshold:
                return word, name
        return PLAIN

    def plain(self) -> tuple[str, str]:
        """No hedge: a planted figure states its value outright ("mencapai" is exact too)."""
        return ("mencapai ", "exact") if self.rng.random() < 0.3 else PLAIN
