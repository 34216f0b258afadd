"""Content text to the text stack's runs: markup, placeholders, fonts, colours, links.

Content writes ``**bold**``, ``*italic*``, ``[[term]]`` and ``{{placeholder}}``
(booklet.markup). Here each span gets its font and colour for the edition;
a glossary term is bold in the accent colour; where the script has no bold
face (Chinese), the painter draws bold by stroking the regular face. Web addresses, email addresses, the
crisis line and the clinic's phone numbers become live links.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import markup
from ..text.lines import ACCENT, Run
from .styles import Fonts, TextStyle

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_TRAILING = ".,;:!?)]}\u060c\u061b\u3002\uff0c"
_SHARED_RUNS: dict = {}     # runs that do not depend on the clinic (see TextContext.runs)


_WORD_END = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")   # Latin letters only


def _whole_words(spans: list) -> list:
    """A term written ``[[neuron]]s`` is marked to the end of its word ("neurons")."""
    out = []
    for span in spans:
        if out and out[-1].term and not span.term:
            ending = _WORD_END.match(span.text)
            if ending and _WORD_END.match(out[-1].text[-1:]):
                last = out[-1]
                out[-1] = markup.Span(last.text + ending.group(0), last.bold, last.italic, True)
                span = markup.Span(span.text[ending.end():], span.bold, span.italic, False)
                if not span.text:
                    continue
        out.append(span)
    return out


@dataclass
class TextContext:
    """What turning content text into runs needs from the edition."""

    fonts: Fonts
    accent: str
    placeholders: dict
    phone_links: dict = field(default_factory=dict)    # text as printed -> its URI (tel:, a site)

    def __post_init__(self):
        # one pattern for every printed number or address, longest first
        printed = sorted(self.phone_links, key=len, reverse=True)
        self._phones = re.compile("|".join(rf"(?<![\w+]){re.escape(p)}(?![\w])"
                                           for p in printed)) if printed else None

    def runs(self, text: str, style: TextStyle, *, literal: bool = False,
             colour: str | None = None) -> list[Run]:
        """Runs for ``text``; ``literal`` text (interface strings, clinic fields)
        is printed as written, with no markup."""
        # text with no placeholder and none of this clinic's numbers comes out the same
        # for every clinic (its accent colour is a token): made once per process
        shared = "{{" not in text and (self._phones is None or not self._phones.search(text))
        if shared:
            key = (text, style, literal, colour, self.fonts,
                   (colour or style.colour) == self.accent)   # which colour is the token
            found = _SHARED_RUNS.get(key)
            if found is None:
                found = _SHARED_RUNS[key] = tuple(self._runs(text, style, literal, colour))
                if len(_SHARED_RUNS) > 8192:
                    _SHARED_RUNS.pop(next(iter(_SHARED_RUNS)))
            return list(found)
        return self._runs(text, style, literal, colour)

    def _runs(self, text, style, literal, colour) -> list[Run]:
        text = text.replace("\t", " ")     # a tab prints as a space (fonts have no tab glyph)
        if literal:
            spans = [markup.Span(text)]
        else:
            spans = _whole_words([markup.Span(markup.fill_placeholders(span.text,
                                                                       self.placeholders),
                                              span.bold, span.italic, span.term)
                                  for span in markup.parse(text)])
        out: list[Run] = []
        for span in spans:
            bold = span.bold or span.term or style.bold
            span_colour = colour or style.colour
            if span.term:
                span_colour = self.accent
            if span_colour == self.accent:
                span_colour = ACCENT      # filled in when drawn (see text.lines.ACCENT)
            font = self.fonts.face(bold, span.italic)
            for piece, link in self._linked(span.text):
                # an address or number reads left to right as a unit, even in Arabic
                out.append(Run(piece, font, span_colour, link, isolate=link is not None))
        return out

    def _linked(self, text: str):
        """``text`` cut into (piece, link or None)."""
        marks = []
        maybe_address = "://" in text or "www." in text.lower()
        for match in _URL.finditer(text) if maybe_address else ():
            end = match.end()
            while end > match.start() and text[end - 1] in _TRAILING:
                end -= 1
            address = text[match.start():end]
            uri = address if "://" in address else "https://" + address
            marks.append((match.start(), end, uri))
        for match in _EMAIL.finditer(text) if "@" in text else ():
            if not any(a <= match.start() < b for a, b, _ in marks):
                marks.append((match.start(), match.end(), "mailto:" + match.group(0)))
        if self._phones is not None:
            for match in self._phones.finditer(text):
                if not any(a < match.end() and match.start() < b for a, b, _ in marks):
                    marks.append((match.start(), match.end(), self.phone_links[match.group(0)]))
        if not marks:
            return [(text, None)]
        marks.sort()
        pieces, position = [], 0
        for start, end, uri in marks:
            if start < position:
                continue
            if start > position:
                pieces.append((text[position:start], None))
            pieces.append((text[start:end], uri))
            position = end
        if position < len(text):
            pieces.append((text[position:], None))
        return pieces


def phone_uri(printed: str) -> str | None:
    """tel: URI for a printed phone number, or None when it holds too few digits."""
    digits = re.sub(r"[^\d+]", "", printed)
    return f"tel:{digits}" if len(digits.lstrip("+")) >= 3 else None
