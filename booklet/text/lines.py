"""Set styled text into lines: break, order (bidi), shape; pieces ready to draw.

``set_lines(runs, size, width)`` is the whole text stack in one call. It
returns :class:`Line` objects whose pieces are in visual order, left to
right, each with its offset from the line's left edge. Right-to-left pieces
are shaped glyph strings; a mirrored bracket is a piece of its own that
carries the character it stands for (``actual``), so the PDF can say which
bracket a reader copies.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import bidi
from .breaking import split_long, tokens
from .shaping import is_shaped_font, shaped, width as text_width


# A run's colour may be this token instead of a hex colour: the edition's accent (its
# clinic's brand colour), which the painter fills in. Lines set for one clinic then serve
# every clinic, whatever its colour.
ACCENT = "accent"


@dataclass(frozen=True)
class Run:
    """Text in one font and colour, in reading (logical) order."""

    text: str
    font: str
    colour: str
    link: str | None = None        # a web, mail or phone address the text opens
    tag: object = None             # what the text belongs to (the writer's structure node)
    isolate: bool = False          # reads left to right as one unit (a phone number, an
                                   # address) whatever the paragraph's direction


@dataclass
class Piece:
    """Part of a line in one font and colour, placed ``x`` from the line's left edge."""

    x: float
    width: float
    font: str
    colour: str
    glyphs: str                    # what is drawn: a string, or shaped glyphs in visual order
    text: str                      # the characters it stands for, in reading order
    rtl: bool = False
    link: str | None = None
    actual: str | None = None      # for a mirrored bracket: the character it stands for
    tag: object = None             # a structure node of its own (a glossary term's label)
    start: int = 0                 # where its text starts in the paragraph (reading order)


@dataclass
class Line:
    pieces: list[Piece]
    width: float                   # the natural width of the line
    text: str                      # the line's text in reading order
    rtl: bool                      # the paragraph's base direction
    space_after: bool = False      # the paragraph goes on after a space: draw one, so
                                   # text read back has a space between the lines' words


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    run: Run


def _spans(runs: list[Run]) -> tuple[str, list[_Span]]:
    spans, position = [], 0
    for run in runs:
        if run.text:
            spans.append(_Span(position, position + len(run.text), run))
            position += len(run.text)
    return "".join(run.text for run in runs), spans


@lru_cache(maxsize=16384)
def _segment_width(text: str, font: str, size: float) -> float:
    if is_shaped_font(font) and bidi.has_rtl(text):
        return shaped(text, font, size)[1]
    return text_width(text, font, size)


class _Measure:
    """Widths of ranges of the paragraph's text, through its runs."""

    def __init__(self, text: str, spans: list[_Span], size: float):
        self.text, self.spans, self.size = text, spans, size

    def __call__(self, start: int, end: int) -> float:
        total = 0.0
        for span in self.spans:
            if span.end <= start:
                continue
            if span.start >= end:
                break
            a, b = max(start, span.start), min(end, span.end)
            total += _segment_width(self.text[a:b], span.run.font, self.size)
        return total


def set_lines(runs: list[Run], size: float, width: float, *, rtl_default: bool = False,
              breaking: str = "words", direction_from: str | None = None,
              base_rtl: bool | None = None) -> list[Line]:
    """Break ``runs`` into lines no wider than ``width`` (points).

    The paragraph's direction is ``base_rtl`` when given: a paragraph of a
    right-to-left handout that holds right-to-left letters reads right to left
    even when it opens with a Latin word such as a drug's name (UAX #9 HL1);
    one with none (an English sentence not yet translated) reads left to
    right. Otherwise it comes from its first
    strong character (P2-P3), or from ``direction_from`` when given (a glossary
    entry reads in the direction of its meaning, not of a Latin term before
    it); with none, from ``rtl_default``.
    """
    text, spans = _spans(runs)
    if not text.strip():
        return []
    measure = _Measure(text, spans, size)
    if base_rtl is not None and (not base_rtl or bidi.has_rtl(text)):
        base = 1 if base_rtl else 0
    else:
        base = bidi.first_strong_level(direction_from if direction_from is not None else text)
    if base is None:
        base = 1 if rtl_default else 0
    needs_bidi = base == 1 or bidi.has_rtl(text)
    levels = bidi.paired_brackets(text, bidi.resolved_levels(text, base), base) \
        if needs_bidi else None
    if levels is not None and any(span.run.isolate for span in spans):
        levels = _isolated(levels, spans, base)
    lines = []
    keep = tuple((span.start, span.end) for span in spans if span.run.link)
    for start, end in _fill(text, measure, width, breaking, keep):
        line_end = end
        while end > start and text[end - 1] == " ":
            end -= 1
        if end <= start:
            continue
        if levels is None:
            pieces = _ltr_pieces(text, spans, start, end, size)
        else:
            pieces = _bidi_pieces(text, spans, start, end, size, levels, base)
        line_width = pieces[-1].x + pieces[-1].width if pieces else 0.0
        lines.append(Line(pieces, line_width, text[start:end], base == 1,
                          space_after=line_end > end and line_end < len(text)))
    return lines


def _isolated(levels: tuple, spans: list[_Span], base: int) -> tuple:
    """Runs marked ``isolate`` become one left-to-right run (as if wrapped in LRI...PDI):
    in an Arabic line, "(217) 555-0142" keeps its groups in order."""
    result = list(levels)
    level = base + 1 if base % 2 else base
    for span in spans:
        if span.run.isolate:
            result[span.start:span.end] = [level] * (span.end - span.start)
    return tuple(result)


def _fill(text: str, measure: _Measure, width: float, breaking: str,
          keep: tuple[tuple[int, int], ...] = ()):
    """Greedy filling: (start, end) of each line's text; no break inside ``keep``
    ranges (links) unless one is wider than a line."""
    units: list[tuple[int, int]] = []
    for start, end in tokens(text, breaking, keep):
        core_end = end
        while core_end > start and text[core_end - 1] == " ":
            core_end -= 1
        if core_end > start and measure(start, core_end) > width:
            units.extend(split_long(text, start, end,
                                    lambda a, b: measure(a, b) <= width or b - a == 1))
        else:
            units.append((start, end))
    line_start = None
    line_width = 0.0
    for start, end in units:
        core_end = end
        while core_end > start and text[core_end - 1] == " ":
            core_end -= 1
        core = measure(start, core_end)
        # a space alone (Chinese breaks between characters) hangs at the line's end
        # rather than opening the next line
        if line_start is not None and core_end > start and line_width + core > width + 0.01:
            yield line_start, start
            line_start, line_width = None, 0.0
        if line_start is None:
            line_start = start
        line_width += core + (measure(core_end, end) if end > core_end else 0.0)
    if line_start is not None:
        yield line_start, len(text)


def _spans_within(spans, start: int, end: int):
    """(a, b, span) for each span's part inside [start, end), in order."""
    for span in spans:
        if span.end <= start:
            continue
        if span.start >= end:
            break
        yield max(start, span.start), min(end, span.end), span


def _ltr_pieces(text, spans, start, end, size) -> list[Piece]:
    pieces, x = [], 0.0
    for a, b, span in _spans_within(spans, start, end):
        part = text[a:b]
        piece_width = _segment_width(part, span.run.font, size)
        pieces.append(Piece(x, piece_width, span.run.font, span.run.colour, part, part,
                            link=span.run.link, tag=span.run.tag, start=a))
        x += piece_width
    return pieces


def _bidi_pieces(text, spans, start, end, size, levels, base) -> list[Piece]:
    line_levels = bidi.line_levels(text[start:end], levels[start:end], base)

    def level(index: int) -> int:
        return line_levels[index - start]

    def mirrored_here(index: int) -> bool:  # a bracket drawn mirrored: a piece of its own
        return level(index) % 2 == 1 and bidi.mirrored(text[index]) != text[index]

    items: list[tuple[int, int, Run, int]] = []   # (start, end, run, level), logical order
    for a, b, span in _spans_within(spans, start, end):
        item_start = a
        for index in range(a + 1, b):
            if level(index) != level(index - 1) or mirrored_here(index) \
                    or mirrored_here(index - 1):
                items.append((item_start, index, span.run, level(item_start)))
                item_start = index
        items.append((item_start, b, span.run, level(item_start)))
    order = bidi.visual_order([level for _, _, _, level in items])
    pieces, x = [], 0.0
    for item_index in order:
        a, b, run, level = items[item_index]
        part = text[a:b]
        rtl = level % 2 == 1
        actual = None
        if rtl and b - a == 1 and bidi.mirrored(part) != part:
            glyphs, actual = bidi.mirrored(part), part
            piece_width = text_width(glyphs, run.font, size)
        elif rtl and is_shaped_font(run.font) and bidi.has_rtl(part):
            glyphs, piece_width = shaped(part, run.font, size)
        elif rtl:
            glyphs = part[::-1]
            piece_width = text_width(glyphs, run.font, size)
        else:
            glyphs = part
            piece_width = _segment_width(part, run.font, size)
        pieces.append(Piece(x, piece_width, run.font, run.colour, glyphs, part, rtl,
                            run.link, actual, run.tag, a))
        x += piece_width
    return pieces
