"""Reading article files: decode bytes to text the same way everywhere (ingest and ``prakerja extract``).

Offsets in figure records point into the text these functions return.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

_HTML_SNIFF = re.compile(
    r"^\s*(<!doctype html|<html|<head|<body|<meta|<title|<div|<article|<section|<p[\s>]|<!--)", re.IGNORECASE
)
# C0/C1 control characters except tab and line breaks; vertical tab and form feed become line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# The C0 controls of _CONTROL as bytes (the same in ASCII and UTF-8), for a quick test before the regex.
_C0_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
# UTF-8 read as Windows-1252 ("Ã©" for "é", "â€™" for "’"): the signature of text decoded twice.
_MOJIBAKE = re.compile(
    r"[ÃÂ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|â€"
)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer title blockquote".split()
)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})


class UnreadableArticle(ValueError):
    """The bytes are not an article we can read; the message is the ledger's reason."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


class _TextFromHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def strip_html(markup: str) -> str:
    """Visible text of an HTML page, one line per block; scripts and styles dropped.

    >>> strip_html("<html><head><title>x</title></head><body><p>Rp 3,55&nbsp;juta</p>"
    ...            "<script>alert(1)</script><p>lagi</p></body></html>")
    'Rp 3,55 juta\\n\\nlagi'
    """
    parser = _TextFromHtml()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts)).replace("\xa0", " ")
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def decode_bytes(data: bytes) -> DecodedText:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Line breaks become ``\\n``, other control characters and stray byte order marks are dropped, HTML pages
    are reduced to their visible text, and text that is not an article (binary, blank, no letters or digits)
    is refused.

    >>> decode_bytes("Rp 3,55 juta\\r\\n".encode("utf-8-sig"))
    DecodedText(text='Rp 3,55 juta\\n', encoding='utf-8-sig')
    >>> decode_bytes("Jum\\xe1t".encode("cp1252")).text
    'Jumát'
    >>> decode_bytes("Jumát".encode("utf-8").decode("cp1252").encode("utf-8")).text
    'Jumát'
    """
    if not data or data.isspace():
        raise UnreadableArticle("empty file" if not data else "whitespace only")
    encoding, text = _decode(data)
    # Each step is guarded by a quick test, as most articles have no control characters, only "\n" line
    # breaks and no mojibake: the regexes then never run (ingest decodes every file of the inbox).
    has_control = _may_hold_control(text)
    if has_control and len(_CONTROL.findall(text, 0, 1 << 20)) > 0.01 * min(len(text), 1 << 20):
        raise UnreadableArticle("binary data (control characters), not text")
    text = _normalise_line_breaks(text)
    if has_control:
        text = _CONTROL.sub("", text)
    text = text.replace("\ufeff", "")
    if not text.isascii() and ("Ã" in text or "Â" in text or "â€" in text) and _MOJIBAKE.search(text):
        repaired = _repair_mojibake(text)
        if repaired is not None:
            text, encoding = repaired, encoding + "+mojibake-repaired"
    if _HTML_SNIFF.match(text):
        text = strip_html(text)
        encoding += "+html"
    text = unicodedata.normalize("NFC", text)
    if not any(char.isalnum() for char in text):
        what = "HTML page without visible text" if encoding.endswith("+html") else "no letters or digits"
        raise UnreadableArticle(f"{what}, not an article")
    return DecodedText(text=text, encoding=encoding)


def _may_hold_control(text: str) -> bool:
    """False when the text certainly holds no character of _CONTROL; True means "run the regex".

    >>> [_may_hold_control(text) for text in ("Rp 3,55 juta\\r\\n\\t\\u2013 caf\\xe9", "a\\x01", "\\x9d")]
    [False, True, True]
    """
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw.translate(None, _C0_CONTROL_BYTES)) != len(raw):
        return True
    # C1 controls (U+0080 to U+009F) are the bytes C2 80 to C2 9F in UTF-8.
    return b"\xc2" in raw and _CONTROL.search(text) is not None


def _normalise_line_breaks(text: str) -> str:
    """Every line break as "\\n": the same as ``_LINE_BREAKS.sub("\\n", text)``, without a regex scan.

    >>> _normalise_line_breaks("a\\r\\nb\\r\\rc\\x0bd\\x85e\\u2028f\\r\\r\\n")
    'a\\nb\\n\\nc\\nd\\ne\\nf\\n\\n'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char in "\x0b\x0c\x85\u2028\u2029":
        if char in text:
            text = text.replace(char, "\n")
    return text


def _decode(data: bytes) -> tuple[str, str]:
    """The encoding name and the decoded text, or UnreadableArticle."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return "utf-16", data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableArticle(f"invalid UTF-16 text ({error.reason})") from None
    if data.find(b"\x00", 0, 8192) != -1:
        raise UnreadableArticle("binary data (NUL bytes), not text")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return "utf-8-sig", data[3:].decode("utf-8")
        except UnicodeDecodeError as error:
            raise UnreadableArticle(f"invalid UTF-8 after a UTF-8 byte order mark ({error.reason})") from None
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return "cp1252", data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise UnreadableArticle(f"not UTF-8 and not Windows-1252 text ({error.reason})") from None


def _repair_mojibake(text: str) -> str | None:
    """Undo one round of UTF-8-read-as-Windows-1252, or None when the text does not round-trip.

    >>> _repair_mojibake("Rp 3,55 juta â€“ JumÃ¡t")
    'Rp 3,55 juta – Jumát'
    >>> _repair_mojibake("Ã  la carte") is None
    True
    """
    try:
        repaired = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None
    return repaired if len(_MOJIBAKE.findall(repaired)) < len(_MOJIBAKE.findall(text)) else None


def read_article(path: Path) -> DecodedText:
    """Read and decode one article file."""
    return decode_bytes(Path(path).read_bytes())


def normalise_for_identity(text: str) -> str:
    """Text as compared for identity: trailing spaces on each line and blank edges do not count.

    >>> normalise_for_identity("Judul  \\n\\nIsi.\\t\\n\\n") == normalise_for_identity("Judul\\n\\nIsi.")
    True
    """
    return "\n".join([line.rstrip() for line in text.strip().splitlines()])


def article_id_for(text: str) -> str:
    """Article identity: sha256 of the normalised text.

    >>> article_id_for("a \\n") == article_id_for("a")
    True
    """
    return hashlib.sha256(normalise_for_identity(text).encode("utf-8")).hexdigest()
