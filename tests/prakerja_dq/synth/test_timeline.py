"""The programme's one true timeline the generator reads every figure off."""

from __future__ import annotations

from datetime import date

from prakerja_dq.synth.timeline import interpolate, scheme_for
from prakerja_dq.synth.vocab import RECIPIENT_KNOTS


def test_timeline_and_scheme():
    assert interpolate(RECIPIENT_KNOTS, date(2020, 6, 30)) == 680_000
    assert scheme_for(date(2022, 12, 31))["per_participant"] == 3_550_000
    assert scheme_for(date(2023, 1, 1))["per_participant"] == 4_200_000
