"""Property-based fuzzing of decoding, ingest and extraction with random and mutated seed articles.

Mutations: random unicode, number-like tokens (dots, commas, `Rp`, scale words, signs), control characters,
truncation, duplicated lines and deleted spans. Properties: nothing raises except UnreadableArticle with a
reason, decoded text is clean, every figure satisfies ``text[start:end] == evidence`` with a finite,
positive value. Example counts are bounded so that the file runs in well under 30 s on an idle machine.
"""

from __future__ import annotations

import math
import tempfile
import unicodedata
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prakerja_dq.extraction import extract_articles
from prakerja_dq.ingest import read_files
from prakerja_dq.textio import UnreadableArticle, article_id_for, decode_bytes
from tests.conftest import SEED_ARTICLES

SEED_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SEED_ARTICLES.glob("*.txt"))]


def fuzz(examples: int) -> settings:
    """Bounded examples, no per-example deadline (extraction is a batch job)."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


NUMBER_TOKENS = st.one_of(
    st.from_regex(
        r"(Rp ?|Rp -|-)?[0-9]{1,4}([.,][0-9]{1,3}){0,4}( ?(ribu|juta|miliar|triliun|persen|%|orang))?",
        fullmatch=True,
    ),
    st.sampled_from(
        [
            "1.2.3 juta",
            "Rp -5 juta",
            "999.999 triliun",
            "Rp",
            "juta",
            "gelombang ke-",
            "0 orang",
            "Rp0",
            "0,0 juta",
            "1e308",
            "NaN juta",
            "9" * 40 + " triliun",
            "1.000.000.000.000.000.000 orang",
            "gelombang 99999999999",
            "batch 0",
            "Senin (31/2/2020)",
        ]
    ),
)
CONTROL = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1, max_size=3)


@st.composite
def mutated_articles(draw: st.DrawFn) -> str:
    """A seed article with a few random mutations."""
    text = draw(st.sampled_from(SEED_TEXTS))
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        operation = draw(st.sampled_from(["unicode", "number", "control", "truncate", "duplicate", "delete"]))
        at = draw(st.integers(min_value=0, max_value=len(text)))
        if operation == "unicode":
            text = text[:at] + draw(st.text(max_size=10)) + text[at:]
        elif operation == "number":
            text = text[:at] + " " + draw(NUMBER_TOKENS) + " " + text[at:]
        elif operation == "control":
            text = text[:at] + draw(CONTROL) + text[at:]
        elif operation == "truncate":
            text = text[:at]
        elif operation == "duplicate":
            lines = text.splitlines(keepends=True)
            if lines:
                line = draw(st.sampled_from(lines))
                text = text + line * draw(st.integers(min_value=1, max_value=3))
        else:
            text = text[:at] + text[at + draw(st.integers(min_value=0, max_value=200)) :]
    return text


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "crlf"])


def encode(text: str, encoding: str) -> bytes:
    if encoding == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8-sig")
    return text.encode(encoding, errors="replace")


def assert_clean(text: str) -> None:
    """What decoded text always looks like: no CR, BOM or controls, NFC, has letters or digits."""
    assert "\r" not in text and "\ufeff" not in text
    assert not any(unicodedata.category(char) == "Cc" and char not in "\n\t" for char in text)
    assert unicodedata.is_normalized("NFC", text)
    assert any(char.isalnum() for char in text)


@fuzz(300)
@given(data=st.binary(max_size=2000))
def test_decoding_random_bytes_never_crashes(data: bytes) -> None:
    """Any bytes: decoded clean text, or UnreadableArticle with a non-empty reason."""
    try:
        decoded = decode_bytes(data)
    except UnreadableArticle as error:
        assert str(error)
        return
    assert_clean(decoded.text)


@fuzz(200)
@given(text=mutated_articles(), encoding=ENCODINGS)
def test_decoding_mutated_articles_is_clean_and_stable(text: str, encoding: str) -> None:
    """Mutated seeds in any encoding decode clean; decoding the result again changes nothing."""
    try:
        decoded = decode_bytes(encode(text, encoding))
    except UnreadableArticle as error:
        assert str(error)
        return
    assert_clean(decoded.text)
    again = decode_bytes(decoded.text.encode("utf-8"))
    assert article_id_for(again.text) == article_id_for(decoded.text)
    if encoding in {"utf-8", "utf-8-sig", "crlf"} and decoded.encoding in {"utf-8", "utf-8-sig"}:
        assert decoded.text == again.text


@fuzz(25)
@given(texts=st.lists(mutated_articles(), min_size=1, max_size=6), encoding=ENCODINGS)
def test_ingest_reads_every_mutated_file_into_one_ledger_row(texts: list[str], encoding: str) -> None:
    """Each file gets one row: accepted with its article id, duplicate, or rejected with a reason."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, text in enumerate(texts):
            path = Path(folder) / f"artikel {number}.txt"
            path.write_bytes(encode(text, encoding))
            paths.append(path)
        result = read_files(paths, run_id="fuzz", max_file_bytes=20_000_000)
    ledger = result.ledger
    assert ledger["path"].to_list() == [str(path) for path in paths]
    assert set(ledger["status"]) <= {"accepted", "duplicate", "rejected"}
    for row in ledger.iter_rows(named=True):
        assert (row["reason"] is None) == (row["status"] == "accepted")
    accepted = ledger.filter(pl.col("status") == "accepted")
    assert result.articles["article_id"].to_list() == accepted["article_id"].to_list()
    for article in result.articles.iter_rows(named=True):
        assert article["article_id"] == article_id_for(article["text"])
        assert_clean(article["text"])


def assert_figures_hold(texts: dict[str, str]) -> None:
    """Extract a batch and check every figure and date record against its article's text."""
    extraction = extract_articles(pl.DataFrame({"doc": list(texts), "text": list(texts.values())}))
    for record in extraction.figures.iter_rows(named=True):
        text = texts[record["doc"]]
        assert text[record["start"] : record["end"]] == record["evidence"], record
        assert record["value"] is not None and math.isfinite(record["value"]) and record["value"] > 0, record
    for record in extraction.dates.iter_rows(named=True):
        assert texts[record["doc"]][record["start"] : record["end"]] == record["text"], record
    assert set(extraction.meta["doc"]) == set(texts)


@fuzz(40)
@given(texts=st.lists(mutated_articles(), min_size=1, max_size=8))
def test_extraction_of_mutated_articles_keeps_offsets_and_values(texts: list[str]) -> None:
    """Mutated seeds, decoded as ingest decodes them: records point at their evidence, values are sane."""
    decoded = {}
    for number, text in enumerate(texts):
        try:
            decoded[f"doc{number}"] = decode_bytes(text.encode("utf-8")).text
        except UnreadableArticle:
            continue
    if decoded:
        assert_figures_hold(decoded)


@fuzz(20)
@given(texts=st.lists(st.text(min_size=1, max_size=400), min_size=1, max_size=8))
def test_extraction_of_random_text_never_crashes(texts: list[str]) -> None:
    """Arbitrary unicode (undecoded, as `extract_articles` may be called directly) does not break it."""
    assert_figures_hold({f"doc{number}": text for number, text in enumerate(texts)})
