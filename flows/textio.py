"""Reading article files: decode bytes to text the same way everywhere (ingest and ``prakerja extract``).

Offsets in figure records point into the text these functions return.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<meta|<div|<p[\s>])", re.IGNORECASE)
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
    """Decode article bytes: UTF-8 (with or without BOM), else Windows-1252; binary is refused.

    >>> decode_bytes("Rp 3,55 juta\\r\\n".encode("utf-8-sig"))
    DecodedText(text='Rp 3,55 juta\\n', encoding='utf-8-sig')
    >>> decode_bytes("Jum\\xe1t".encode("cp1252")).text
    'Jumát'
    """
    if not data.strip():
        raise UnreadableArticle("empty file" if not data else "whitespace only")
    if b"\x00" in data[:8192]:
        raise UnreadableArticle("binary data (NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, body = "utf-8-sig", data[3:]
    else:
        encoding, body = "utf-8", data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        encoding = "cp1252"
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise UnreadableArticle(f"not UTF-8 and not Windows-1252 text ({error.reason})") from None
    if _control_share(text) > 0.01:
        raise UnreadableArticle("binary data (control characters), not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_SNIFF.match(data.lstrip(b"\xef\xbb\xbf")):
        text = strip_html(text)
        encoding += "+html"
    return DecodedText(text=unicodedata.normalize("NFC", text), encoding=encoding)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\n\r\t\f")
    return controls / len(text)


def read_article(path: Path) -> DecodedText:
    """Read and decode one article file."""
    return decode_bytes(Path(path).read_bytes())


def normalise_for_identity(text: str) -> str:
    """Text as compared for identity: trailing spaces on each line and blank edges do not count.

    >>> normalise_for_identity("Judul  \\n\\nIsi.\\t\\n\\n") == normalise_for_identity("Judul\\n\\nIsi.")
    True
    """
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def article_id_for(text: str) -> str:
    """Article identity: sha256 of the normalised text.

    >>> article_id_for("a \\n") == article_id_for("a")
    True
    """
    return hashlib.sha256(normalise_for_identity(text).encode("utf-8")).hexdigest()
