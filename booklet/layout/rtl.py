"""Right-to-left paragraphs (Arabic) with mixed styles, drawn word by word.

ReportLab reorders a right-to-left paragraph correctly only while it has one
style: with a bold word or a coloured term inside, its pieces come out in the
wrong order. So right-to-left text is laid out here: words are measured
shaped (HarfBuzz joins the letters), lines are broken greedily, and each line
is placed right to left, keeping runs of Latin words and numbers ("FDA",
"988 Suicide & Crisis Lifeline") in their own left-to-right order.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr
from reportlab.platypus import Flowable

_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR_STRONG = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff]")
_SENTENCE_PUNCT = ".,;:!?\u060c\u061b\u061f"


@dataclass(frozen=True)
class Run:
    """Text in one font and colour, in logical (reading) order."""

    text: str
    font: str
    colour: str


@dataclass
class Piece:
    text: str
    font: str
    colour: str
    rtl: bool
    width: float = 0.0


def shaped(text: str, font: str, size: float) -> tuple[ShapedStr | str, float]:
    """Right-to-left text shaped by HarfBuzz: joined letter forms, in visual order.

    HarfBuzz orders the glyphs of a right-to-left run left to right as they
    appear on the page, so the result is drawn as it is; ReportLab's own
    bidi layer needs a package (rlbidi) that is not on PyPI.
    """
    result = shapeStr(text, font, size, force=True)
    data = getattr(result, "__shapeData__", None)
    if not data:
        return text, stringWidth(text, font, size)
    _remember_letters(result, data, text, font)
    return result, sum(glyph.x_advance for glyph in data) * size / 1000


# Joined letter forms have no code point of their own; ReportLab gives them
# private-use codes, which is what a reader would copy or search. Remember
# which letters each such glyph stands for, so the PDF can say so (rl_fixes).
GLYPH_LETTERS: dict[tuple[str, int], str] = {}


def _remember_letters(result: str, data, text: str, font: str) -> None:
    from reportlab.pdfbase import pdfmetrics

    face_name = pdfmetrics.getFont(font).face.name
    face_name = face_name.decode() if isinstance(face_name, bytes) else str(face_name)
    clusters = sorted({glyph.cluster for glyph in data})
    glyphs_in = {c: sum(1 for g in data if g.cluster == c) for c in clusters}
    for char, glyph in zip(result, data):
        code = ord(char)
        if 0xE000 <= code <= 0xF8FF and (face_name, code) not in GLYPH_LETTERS:
            later = [c for c in clusters if c > glyph.cluster]
            letters = text[glyph.cluster:(later[0] if later else len(text))]
            if glyphs_in[glyph.cluster] > 1:  # marks (shadda...) have glyphs of their own
                letters = "".join(c for c in letters if unicodedata.category(c) != "Mn")
            # a ligature (lam-alef) stands for two letters; readers reverse a
            # right-to-left run character by character, so store them reversed
            GLYPH_LETTERS[(face_name, code)] = letters[::-1]


def _direction(text: str) -> str:
    if _RTL_LETTER.search(text):
        return "R"
    if _LTR_STRONG.search(text):
        return "L"
    return "N"


def _words(runs: list[Run]) -> list[list[Run]]:
    """Words as lists of styled pieces; a word may change style midway."""
    words: list[list[Run]] = [[]]
    for run in runs:
        parts = run.text.split(" ")
        for index, part in enumerate(parts):
            if index:
                words.append([])
            if part:
                words[-1].append(Run(part, run.font, run.colour))
    return [word for word in words if word]


_MIRRORED = str.maketrans("()[]{}", ")(][}{")


def _split_trailing_punct(word: list[Run]) -> tuple[list[Run], list[Run]]:
    """'Spravato.' -> ('Spravato', '.'): in a right-to-left line the period of a
    Latin word belongs on its left, with the Arabic sentence. So does the
    closing bracket of an Arabic parenthesis that ends on a Latin word
    ('(مستقبل AMPA)'), drawn mirrored as right-to-left text draws it."""
    last = word[-1]
    text = "".join(run.text for run in word)
    closers = ")]}" if text.count("(") < text.count(")") or \
        text.count("[") < text.count("]") else ""
    stripped = last.text.rstrip(_SENTENCE_PUNCT + closers)
    if not stripped or stripped == last.text:
        return word, []
    head = word[:-1] + [Run(stripped, last.font, last.colour)]
    tail = last.text[len(stripped):].translate(_MIRRORED)
    return head, [Run(tail, last.font, last.colour)]


class RTLParagraph(Flowable):
    """A paragraph set right to left; offers what Paragraph offers the layout."""

    def __init__(self, runs: list[Run], style, lines=None):
        super().__init__()
        self.runs = runs
        self.style = style
        self._lines = lines
        self.text = "".join(run.text for run in runs)

    # --- measuring ------------------------------------------------------------
    def _measure(self, word: list[Run], rtl: bool) -> list[Piece]:
        size = self.style.fontSize
        pieces = []
        for run in word:
            if rtl:
                _, width = shaped(run.text, run.font, size)
            else:
                width = stringWidth(run.text, run.font, size)
            pieces.append(Piece(run.text, run.font, run.colour, rtl, width))
        return pieces

    def _break_lines(self, width: float) -> list[list[list[Piece]]]:
        words = _words(self.runs)
        space = stringWidth(" ", self.style.fontName, self.style.fontSize)
        lines: list[list[list[Piece]]] = [[]]
        used = 0.0
        for word in self._fit_words(words, width):
            pieces = self._measure(word, _direction("".join(r.text for r in word)) != "L")
            word_width = sum(p.width for p in pieces)
            needed = word_width + (space if lines[-1] else 0)
            if lines[-1] and used + needed > width:
                lines.append([])
                used, needed = 0.0, word_width
            lines[-1].append(pieces)
            used += needed
        return [line for line in lines if line] or [[]]

    def _fit_words(self, words, width):
        """Words, with any single word wider than a line cut into pieces that fit."""
        for word in words:
            rtl = _direction("".join(r.text for r in word)) != "L"
            if sum(p.width for p in self._measure(word, rtl)) <= width:
                yield word
                continue
            for run in word:
                piece = ""
                for char in run.text:
                    if piece and self._measure([Run(piece + char, run.font, run.colour)],
                                               rtl)[0].width > width:
                        yield [Run(piece, run.font, run.colour)]
                        piece = ""
                    piece += char
                if piece:
                    yield [Run(piece, run.font, run.colour)]

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        if self._lines is None or getattr(self, "_wrapped_width", None) != avail_width:
            self._lines = self._break_lines(avail_width)
            self._wrapped_width = avail_width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        fit = int(avail_height // self.style.leading)
        if fit < 1 or fit >= len(self._lines):
            return []
        first = RTLParagraph(self.runs, self.style, self._lines[:fit])
        rest = RTLParagraph(self.runs, self.style, self._lines[fit:])
        first._wrapped_width = rest._wrapped_width = avail_width
        return [first, rest]

    def getSpaceBefore(self):
        return self.style.spaceBefore

    def getSpaceAfter(self):
        return self.style.spaceAfter

    # --- drawing ----------------------------------------------------------------
    def _visual_order(self, line: list[list[Piece]]) -> list[list[Piece]]:
        """Words of a line, left to right on the page."""
        tokens: list[tuple[str, list[Piece]]] = []
        for word in line:
            direction = "L" if not any(p.rtl for p in word) else (
                "R" if _direction("".join(p.text for p in word)) == "R" else "N")
            tokens.append((direction, word))
        # a neutral word between two Latin words joins their run
        resolved = []
        for index, (direction, word) in enumerate(tokens):
            if direction == "N":
                before = next((d for d, _ in reversed(tokens[:index]) if d != "N"), "R")
                after = next((d for d, _ in tokens[index + 1:] if d != "N"), "R")
                direction = "L" if before == after == "L" else "R"
            resolved.append((direction, word))
        # runs of Latin words keep their order; everything is then reversed
        groups: list[list[list[Piece]]] = []
        for direction, word in resolved:
            if direction == "L" and groups and getattr(groups[-1], "ltr", False):
                groups[-1].append(word)
            else:
                group = _Group([word])
                group.ltr = direction == "L"
                groups.append(group)
        visual: list[list[Piece]] = []
        for group in reversed(groups):
            if group.ltr:
                visual.extend(self._ltr_group(group))
            else:
                visual.extend(reversed(group))
        return visual

    def _ltr_group(self, group) -> list[list[Piece]]:
        last = group[-1]
        head_runs, tail_runs = _split_trailing_punct([Run(p.text, p.font, p.colour) for p in last])
        if not tail_runs:
            return list(group)
        head = self._measure(head_runs, False)
        tail = _Glued(self._measure(tail_runs, True))  # no space between it and its word
        return [tail] + list(group[:-1]) + [head]

    def draw(self):
        canvas = self.canv
        style = self.style
        space = stringWidth(" ", style.fontName, style.fontSize)
        y = self.height - style.fontSize
        for line in self._lines:
            words = self._visual_order(line)
            gaps = sum(1 for w in words[:-1] if not isinstance(w, _Glued))
            line_width = sum(p.width for w in words for p in w) + space * gaps
            if style.alignment == TA_LEFT:
                x = 0.0
            elif style.alignment == TA_CENTER:
                x = (self.width - line_width) / 2
            else:
                x = self.width - line_width
            for index, word in enumerate(words):
                if index and not isinstance(words[index - 1], _Glued):
                    # a real space, so that copied or extracted text has one
                    canvas.setFont(style.fontName, style.fontSize)
                    canvas.drawString(x - space, y, " ")
                pieces = reversed(word) if any(p.rtl for p in word) and len(word) > 1 else word
                for piece in pieces:
                    canvas.setFont(piece.font, style.fontSize)
                    canvas.setFillColor(HexColor(piece.colour) if isinstance(piece.colour, str)
                                        else piece.colour)
                    if piece.rtl:
                        canvas.drawString(x, y, shaped(piece.text, piece.font,
                                                       style.fontSize)[0])
                    else:
                        canvas.drawString(x, y, piece.text)
                    x += piece.width
                if not isinstance(word, _Glued):
                    x += space
            y -= style.leading

    def last_line_width(self) -> float:
        if not self._lines or not self._lines[-1]:
            return 0.0
        space = stringWidth(" ", self.style.fontName, self.style.fontSize)
        line = self._lines[-1]
        return sum(p.width for w in line for p in w) + space * (len(line) - 1)


class _Group(list):
    ltr = False


class _Glued(list):
    """A word drawn right against the next one (a period after a Latin word)."""
