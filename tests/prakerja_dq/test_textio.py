"""Decoding article bytes: encodings, BOM and line ends, HTML, binary and blank input, identity."""

from __future__ import annotations

import codecs

import pytest

from prakerja_dq.textio import (
    UnreadableArticle,
    article_id_for,
    decode_bytes,
    normalise_for_identity,
    read_article,
    strip_html,
)
from tests.conftest import SEED_ARTICLES

ARTICLE = "Penerima Kartu Prakerja gelombang ke-3 mendapat Rp 3,55 juta, kata Menko Airlangga pada Jumát.\n"
PNG_HEADER = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
)
JPEG_HEADER = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00H\x00H\x00\x00\xff\xdb\x00C\x00\x08\x06\x06"


def test_plain_utf8_is_returned_unchanged() -> None:
    """Plain UTF-8 text comes back as it was."""
    decoded = decode_bytes(ARTICLE.encode("utf-8"))
    assert decoded == decoded.__class__(text=ARTICLE, encoding="utf-8")


def test_seed_articles_decode_as_utf8_without_change() -> None:
    """Every seed article decodes to exactly the text Python reads from it."""
    for path in sorted(SEED_ARTICLES.glob("*.txt")):
        decoded = read_article(path)
        assert decoded.encoding == "utf-8"
        assert decoded.text == path.read_text(encoding="utf-8")


def test_bom_and_crlf_are_removed_and_identity_is_kept() -> None:
    """A UTF-8 BOM and Windows line ends do not change the text or the article id."""
    windows = ARTICLE.replace("\n", "\r\n").encode("utf-8-sig")
    decoded = decode_bytes(windows)
    assert decoded.encoding == "utf-8-sig"
    assert decoded.text == ARTICLE
    assert "\r" not in decoded.text and "\ufeff" not in decoded.text
    assert article_id_for(decoded.text) == article_id_for(ARTICLE)


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_windows_1252_and_latin1_decode_without_mojibake(codec: str) -> None:
    """Single-byte Western encodings decode to the right characters, never to 'Ã©'-style mojibake."""
    text = "Menteri berkata “Rp 3,55 juta” untuk peserta di Jumát, café, naïve.\n"
    if codec == "latin-1":
        text = text.replace("“", '"').replace("”", '"')
    decoded = decode_bytes(text.encode(codec))
    assert decoded.encoding == "cp1252"
    assert decoded.text == text
    assert "Ã" not in decoded.text and "â€" not in decoded.text


def test_text_decoded_twice_is_repaired() -> None:
    """UTF-8 that was once read as Windows-1252 and saved again is repaired, and says so."""
    text = "Peserta “gelombang 4’ menerima Rp600 ribu – Jumát.\n"
    twice = text.encode("utf-8").decode("cp1252").encode("utf-8")
    decoded = decode_bytes(twice)
    assert decoded.text == text
    assert decoded.encoding == "utf-8+mojibake-repaired"


def test_utf16_with_bom_decodes() -> None:
    """Notepad's 'Unicode' (UTF-16 with BOM) is text, not binary."""
    decoded = decode_bytes(codecs.BOM_UTF16_LE + ARTICLE.replace("\n", "\r\n").encode("utf-16-le"))
    assert decoded.text == ARTICLE
    assert decoded.encoding == "utf-16"


def test_html_page_keeps_text_and_drops_markup() -> None:
    """An HTML page instead of text: the visible text is kept, tags, scripts and styles are gone."""
    page = (
        b"<!DOCTYPE html>\r\n<html><head><title>Judul</title><style>p{color:red}</style></head>"
        b"<body><div class='x'><p>Pendaftar Kartu Prakerja mencapai <b>5,9&nbsp;juta</b> orang.</p>"
        b"<script>alert('x')</script><p>Insentif Rp 600 ribu &amp; survei.</p></div></body></html>"
    )
    decoded = decode_bytes(page)
    assert decoded.encoding == "utf-8+html"
    assert (
        decoded.text == "Pendaftar Kartu Prakerja mencapai 5,9 juta orang.\n\nInsentif Rp 600 ribu & survei."
    )
    assert "<" not in decoded.text and ">" not in decoded.text
    assert "alert" not in decoded.text and "color" not in decoded.text


def test_html_starting_with_a_comment_is_stripped() -> None:
    """A saved page often starts with a comment before the doctype."""
    decoded = decode_bytes(b"<!-- saved from url=(0042) -->\n<html><body><p>Isi 11 juta.</p></body></html>")
    assert decoded.text == "Isi 11 juta."


def test_plain_text_mentioning_tags_is_not_stripped() -> None:
    """Plain text that merely contains markup-like strings keeps them verbatim (the report escapes them)."""
    text = "Peserta 11 juta orang. <script>alert(1)</script> '; DROP TABLE marts.figures; --\n"
    assert decode_bytes(text.encode()).text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t \n", "whitespace only"),
        ("\u00a0\u3000\n\u2003".encode(), "no letters or digits, not an article"),
        (b"-- ... --\n***\n", "no letters or digits, not an article"),
        (PNG_HEADER, "binary data (NUL bytes), not text"),
        (JPEG_HEADER, "binary data (NUL bytes), not text"),
        (bytes(range(1, 32)) * 20 + b"abc", "binary data (control characters), not text"),
        (b"<html><head><title>x</title></head><body> </body></html>", "HTML page without visible text"),
        (b"\x81\x8d\x8f\x90\x9d\xff\xfe", "not UTF-8 and not Windows-1252 text"),
        (b"\xef\xbb\xbfok \xff", "invalid UTF-8 after a UTF-8 byte order mark"),
    ],
)
def test_unreadable_input_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    """Input that is not an article raises UnreadableArticle whose message is the ledger reason."""
    with pytest.raises(UnreadableArticle) as error:
        decode_bytes(data)
    assert str(error.value).startswith(reason)


def test_stray_control_characters_are_dropped() -> None:
    """A few control characters (terminal escapes, form feeds) do not reach the warehouse."""
    decoded = decode_bytes(b"Peserta\x1b[2J 11 juta\x0corang\x07.\n" + b"teks biasa " * 50)
    assert decoded.text.startswith("Peserta[2J 11 juta\norang.\n")
    assert not any(ord(char) < 32 and char not in "\n\t" for char in decoded.text)


def test_identity_ignores_trailing_whitespace_and_blank_edges() -> None:
    """The same article with trailing spaces or extra blank lines has the same id; other text does not."""
    spaced = "\n\n" + ARTICLE.replace(".", ".   ").replace("\n", " \t\n") + "\n\n"
    assert normalise_for_identity(spaced) == normalise_for_identity(ARTICLE)
    assert article_id_for(spaced) == article_id_for(ARTICLE)
    assert article_id_for(ARTICLE.replace("3,55", "3,56")) != article_id_for(ARTICLE)


def test_strip_html_handles_broken_markup() -> None:
    """Unclosed tags and stray brackets do not raise or leak script text."""
    assert strip_html("<p>Isi <b>11 juta<p>lagi <script>x = '</p>'") == "Isi 11 juta\nlagi"
