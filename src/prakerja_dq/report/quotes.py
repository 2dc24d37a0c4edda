"""Quoting untrusted article text: the sentence around a span, HTML-escaped, with the span highlighted."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_CONTEXT = 240
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


@dataclass(frozen=True)
class Quote:
    """A span of an article and the sentence it sits in (offsets into the article text)."""

    article_id: str
    sentence_start: int
    start: int
    end: int
    sentence_end: int


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence containing ``text[start:end]``, at most MAX_CONTEXT characters each side.

    >>> text = "Satu. Ada 5,6 juta orang penerima. Tiga."
    >>> a, b = sentence_bounds(text, 10, 24)
    >>> text[a:b]
    'Ada 5,6 juta orang penerima.'
    """
    # only the MAX_CONTEXT characters each side can bound the quote: search those, not the whole text
    window = max(0, start - MAX_CONTEXT - 1)
    left = window
    for match in _SENTENCE_END.finditer(text, window, start):
        left = match.end()
    following = _SENTENCE_END.search(text, end, end + MAX_CONTEXT + 1)
    right = following.end() if following else len(text)
    left = max(left, start - MAX_CONTEXT)
    right = min(right, end + MAX_CONTEXT)
    while left < start and text[left].isspace():
        left += 1
    return left, right


def locate_quote(text: str, article_id: str, span: str, *, near: int | None = None) -> Quote | None:
    """The quote for the occurrence of ``span`` in ``text`` (at ``near`` when given and exact)."""
    if near is not None and text[near : near + len(span)] == span:
        start = near
    else:
        start = text.find(span)
        if start < 0:
            return None
    sentence_start, sentence_end = sentence_bounds(text, start, start + len(span))
    return Quote(article_id, sentence_start, start, start + len(span), sentence_end)


def render_quote(text: str, quote: Quote) -> str:
    """The sentence as safe HTML with the span in ``<mark>``; everything taken from the text is escaped.

    >>> render_quote("A <script>x</script> 9 orang.", Quote("a", 0, 21, 28, 29))
    'A &lt;script&gt;x&lt;/script&gt; <mark>9 orang</mark>.'
    """
    before = text[quote.sentence_start : quote.start]
    span = text[quote.start : quote.end]
    after = text[quote.end : quote.sentence_end]
    prefix = "… " if quote.sentence_start > 0 and text[quote.sentence_start - 1] not in ".!?\n " else ""
    return f"{prefix}{html.escape(before)}<mark>{html.escape(span)}</mark>{html.escape(after)}"
