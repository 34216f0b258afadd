"""Widths of text, and HarfBuzz shaping for scripts whose letters join (Arabic).

Latin, Vietnamese and Chinese are drawn character by character, so a width is
the sum of the font's advances (ReportLab's accelerated ``stringWidth``).
Arabic letters change shape with their neighbours: a word is shaped by
HarfBuzz (through ReportLab's ``shapeStr``) into glyphs in visual order, and
its width is the sum of the shaped advances.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

# Joined letter forms and ligatures have no code point of their own; ReportLab
# gives them private-use codes, which a reader would copy or search. Remember
# which letters each such glyph stands for, so the PDF's text map can say so
# (booklet.rl_adapter). Keyed by (font face name, private-use code).
GLYPH_LETTERS: dict[tuple[str, int], str] = {}


def width(text: str, font: str, size: float) -> float:
    """The advance width of ``text`` set unshaped in ``font`` at ``size``."""
    return stringWidth(text, font, size)


def is_shaped_font(font: str) -> bool:
    return bool(getattr(getFont(font), "shapable", False))


@lru_cache(maxsize=8192)
def shaped(text: str, font: str, size: float):
    """``text`` (logical order, right to left) shaped: (glyph string in visual order, width)."""
    from reportlab.pdfbase.ttfonts import shapeStr

    result = shapeStr(text, font, size, force=True)
    data = getattr(result, "__shapeData__", None)
    if not data:
        return text, stringWidth(text, font, size)
    _remember_letters(result, data, text, font)
    return result, sum(glyph.x_advance for glyph in data) * size / 1000


def _face_name(font: str) -> str:
    name = getFont(font).face.name
    return name.decode() if isinstance(name, bytes) else str(name)


def _remember_letters(result: str, data, text: str, font: str) -> None:
    face_name = _face_name(font)
    clusters = sorted({glyph.cluster for glyph in data})
    glyphs_in = {c: sum(1 for g in data if g.cluster == c) for c in clusters}
    for char, glyph in zip(result, data):
        code = ord(char)
        if 0xE000 <= code <= 0xF8FF and (face_name, code) not in GLYPH_LETTERS:
            later = [c for c in clusters if c > glyph.cluster]
            letters = text[glyph.cluster:(later[0] if later else len(text))]
            if glyphs_in[glyph.cluster] > 1:  # marks (shadda...) have glyphs of their own
                letters = "".join(c for c in letters if unicodedata.category(c) != "Mn")
            # A ligature (lam-alef) stands for two letters. Readers put a
            # right-to-left line back in reading order character by character,
            # so the letters are stored in drawing order: reversed.
            GLYPH_LETTERS[(face_name, code)] = letters[::-1]
