"""What each glyph of a line says to text extractors, so they read it in order.

pdftotext (poppler's TextOutputDev) and pdfium (CPDF_TextPage) do not run the
Unicode Bidirectional Algorithm. Each takes a line's characters as drawn, left
to right, and puts right-to-left text back in reading order by a rule of its own:

- poppler, ``reorderText``, on a page where right-to-left letters outnumber
  left-to-right ones: from the right end, alternately the longest run of
  characters that are neither left-to-right letters nor "numbers" (reversed),
  then the longest run of characters that are not right-to-left letters (kept
  as drawn). Its UnicodeTypeTable counts digits and ``. , : - / % ،`` as
  numbers, and spaces, brackets and quotes as neither. It mirrors nothing.
- pdfium, ``CloseTempLine`` with ``CFX_BidiString`` (fx_bidi.cpp): cuts the
  line into runs of left (L), weak (digits, ``. , : -``, marks), right (R, AL)
  and neutral characters; when right runs are at least as many as left ones it
  takes the runs from the right, reversing right runs and neutral runs met
  after a right run, and mirrors the brackets it reverses.

Both agree on letters; they part at the characters between them. So every
character that is not a letter of its own direction says which side it is on,
with direction marks (RLM, LRM) in its text map, placed in drawing order:

- inside right-to-left text (an odd bidi level), a space or punctuation mark
  reads as RLM + itself + RLM, so neither extractor joins it to a neighbouring
  left-to-right word or number (poppler would, having no other rule);
- a bracket there is drawn mirrored; it reads as RLM + the bracket it stands
  for + LRM: poppler copies it as it is, and the LRM on its right makes pdfium
  take it in a left-to-right state, so pdfium does not mirror it back;
- a left-to-right island in a right-to-left line ("(PTSD)") that ends in a
  neutral character gets an LRM after it, or both extractors would read that
  bracket as part of the right-to-left text on its right.

Direction marks are invisible and change no wording: a reader who copies the
text gets the words, in order, with their marks on their letters.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

RLM, LRM = "\u200f", "\u200e"
_NEUTRAL = {"WS", "ON", "B", "S"}          # what pdfium reverses and mirrors in right-to-left


@dataclass
class Glyph:
    """One drawn glyph of a line, in drawing order, and what it reads as."""

    reading: str            # its characters in reading order (a ligature's in drawing order)
    rtl: bool               # at an odd bidi level: inside right-to-left text
    mirrored: bool = False  # a bracket drawn as its mirror image


def _all(text: str, classes: set[str]) -> bool:
    """Every character of ``text`` is in ``classes`` (combining marks go with their letter)."""
    core = [c for c in text if unicodedata.category(c) not in ("Mn", "Me")]
    return bool(core) and all(unicodedata.bidirectional(c) in classes for c in core)


def readings(glyphs: list[Glyph], line_rtl: bool) -> list[str]:
    """What each glyph's text map should say, direction marks included."""
    out = [glyph.reading for glyph in glyphs]
    for index, glyph in enumerate(glyphs):
        if glyph.rtl and glyph.mirrored:
            out[index] = RLM + glyph.reading + LRM + RLM
        elif glyph.rtl and not _all(glyph.reading, {"R", "AL"}):
            out[index] = RLM + glyph.reading + RLM
    if line_rtl:
        index = 0
        while index < len(glyphs):
            if glyphs[index].rtl:
                index += 1
                continue
            end = index
            while end < len(glyphs) and not glyphs[end].rtl:
                end += 1
            if _ends_neutral(glyphs[index:end]):
                out[end - 1] += LRM
            index = end
    return out


def _ends_neutral(island: list[Glyph]) -> bool:
    """A neutral character after the last left-to-right letter of ``island``."""
    for glyph in reversed(island):
        if _all(glyph.reading, {"L"}):
            return False
        if any(unicodedata.bidirectional(c) in _NEUTRAL for c in glyph.reading):
            return True
    return False
