"""Glyph outlines as PDF path operators, for combining marks (Arabic vowel signs).

A mark drawn as text sits inside the letter it belongs to, but text
extractors place characters by where their glyphs start: pdftotext split a
word at its mark and pdfium read the mark before its letter. So a mark's shape
is drawn from its outline, and its character is read with its letter: the
letter is drawn under a code of its own whose text map gives letter and marks
(see painter._Carried.reading and rl_adapter.glyph_read_as). Copied or read
aloud, the word comes out whole, mark on its letter. Outlines come from
HarfBuzz, which ReportLab already uses to shape the text.
"""
from __future__ import annotations

from functools import lru_cache


class _PathPen:
    """Collects a glyph outline (font units) as PDF path operators in cubic curves."""

    def __init__(self):
        self.ops: list[tuple] = []
        self.current = (0.0, 0.0)

    def moveTo(self, point):  # noqa: N802 - the pen protocol's names
        self.ops.append(("m", point))
        self.current = point

    def lineTo(self, point):  # noqa: N802
        self.ops.append(("l", point))
        self.current = point

    def curveTo(self, *points):  # noqa: N802
        self.ops.append(("c", *points[-3:]))
        self.current = points[-1]

    def qCurveTo(self, *points):  # noqa: N802
        start, *controls, end = (self.current, *points)
        for index, control in enumerate(controls):
            stop = end if index == len(controls) - 1 else \
                ((control[0] + controls[index + 1][0]) / 2, (control[1] + controls[index + 1][1]) / 2)
            first = (start[0] + 2 / 3 * (control[0] - start[0]), start[1] + 2 / 3 * (control[1] - start[1]))
            second = (stop[0] + 2 / 3 * (control[0] - stop[0]), stop[1] + 2 / 3 * (control[1] - stop[1]))
            self.ops.append(("c", first, second, stop))
            start = stop
        self.current = end

    def closePath(self):  # noqa: N802
        self.ops.append(("h",))

    def endPath(self):  # noqa: N802
        pass


@lru_cache(maxsize=8)
def _harfbuzz_font(path: str):
    import uharfbuzz

    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(path))
    return uharfbuzz.Font(face), face.upem


@lru_cache(maxsize=1024)
def glyph_outline(path: str, glyph_id: int) -> tuple[tuple, int]:
    """(path operations in font units, units per em) of one glyph."""
    font, upem = _harfbuzz_font(path)
    pen = _PathPen()
    font.draw_glyph_with_pen(glyph_id, pen)
    return tuple(pen.ops), upem


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def path_operators(path: str, glyph_id: int, x: float, y: float, size: float) -> str:
    """PDF operators that fill the glyph at (x, y) in points, ``size`` points tall."""
    operations, upem = glyph_outline(path, glyph_id)
    scale = size / upem
    out = []
    for operation in operations:
        code, *points = operation
        coords = " ".join(f"{_n(x + px * scale)} {_n(y + py * scale)}" for px, py in points)
        out.append(f"{coords} {code}" if coords else code)
    out.append("f")
    return " ".join(out)
