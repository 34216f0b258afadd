"""The small inline markup of content: **bold**, *italic*, [[term]], {{placeholder}}.

Parsing yields spans of literal text with a style; nothing in content is ever
passed to ReportLab's own markup unescaped. Markup that is not closed prints
as written, so a lone ``*`` or ``[[`` is just a character.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape as _html_escape

PLACEHOLDERS = ("crisis_line", "emergency_number", "clinic_name", "clinic_phone")
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_TOKEN = re.compile(r"\*\*|\*|\[\[|\]\]")


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    term: bool = False


def escape(text: str) -> str:
    """Escape &, < and > for ReportLab's paragraph markup."""
    return _html_escape(text, quote=False)


def unknown_placeholders(text: str) -> list[str]:
    return [name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS]


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _closing(text: str, start: int, marker: str) -> int:
    """Index of the marker that closes one opened at ``start``, or -1."""
    closer = "]]" if marker == "[[" else marker
    index = text.find(closer, start)
    while marker == "*" and index != -1 and text.startswith("**", index):
        # ``*a **b** c*``: skip over a bold pair inside italic
        inner_end = text.find("**", index + 2)
        if inner_end == -1:
            break
        index = text.find("*", inner_end + 2)
    return index


def parse(text: str) -> list[Span]:
    """Spans of ``text``; markers count only when opened and closed in order."""
    spans: list[Span] = []
    _parse_into(text, spans, bold=False, italic=False)
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].term) == \
                (span.bold, span.italic, span.term):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic, span.term)
        elif span.text:
            merged.append(span)
    return merged


def _parse_into(text: str, spans: list[Span], bold: bool, italic: bool) -> None:
    position = 0
    literal_from = 0
    while True:
        match = _TOKEN.search(text, position)
        if not match:
            break
        marker = match.group(0)
        if marker == "]]":
            position = match.end()
            continue
        end = _closing(text, match.end(), marker)
        inner = text[match.end():end] if end != -1 else ""
        # an empty or space-padded pair (``* x *``, ``****``) is not markup
        if end == -1 or not inner.strip() or inner != inner.strip():
            position = match.end()
            continue
        spans.append(Span(text[literal_from:match.start()], bold, italic))
        if marker == "[[":
            spans.append(Span(inner, bold, italic, term=True))
        else:
            _parse_into(inner, spans, bold or marker == "**", italic or marker == "*")
        position = literal_from = end + (1 if marker == "*" else 2)
    spans.append(Span(text[literal_from:], bold, italic))


def plain(text: str) -> str:
    """The words as a reader sees them, without markers (for search and grading)."""
    return "".join(span.text for span in parse(text))


def to_reportlab(spans: list[Span], term_colour: str, bold_colour: str | None = None) -> str:
    """ReportLab paragraph markup for spans, with every character escaped.

    ``bold_colour``: for fonts without a bold face (Chinese), bold text is set
    in this colour instead, so emphasis still shows.
    """
    out: list[str] = []
    for span in spans:
        body = escape(span.text)
        if span.term:
            body = f'<font color="{term_colour}"><b>{body}</b></font>'
        if span.bold and not span.term:
            body = f'<font color="{bold_colour}">{body}</font>' if bold_colour \
                else f"<b>{body}</b>"
        if span.italic:
            body = f"<i>{body}</i>"
        out.append(body)
    return "".join(out)
