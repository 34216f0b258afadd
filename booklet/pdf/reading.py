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
  and neutral characters; when right runs outnumber left ones (pdfium 159) it
  takes the runs from the right, reversing right runs and neutral runs met
  after a right run, and mirrors the brackets it reverses; otherwise it keeps
  the runs in order, reversing right runs only.

Both agree on letters; they part at the characters between them. So every
character that is not a letter of its own direction says which side it is on,
with direction marks (RLM, LRM) in its text map, placed in drawing order:

- inside right-to-left text (an odd bidi level), a space or punctuation mark
  reads as RLM + itself + RLM, so neither extractor joins it to a neighbouring
  left-to-right word or number (poppler would, having no other rule);
- a bracket there is drawn mirrored; it reads as RLM + the bracket it stands
  for + LRM + RLM: poppler copies it as it is; the LRM on its right makes
  pdfium take it in a left-to-right state, so pdfium does not mirror it back;
  the RLMs keep poppler from joining it to a Latin word beside it ("(PTSD)");
- a left-to-right island in a right-to-left line ("Spravato (esketamine)")
  that ends in a neutral character reads LRM + it + LRM there, or both
  extractors would read that bracket as part of the right-to-left text on its
  right (and pdfium's own space, below, would stick to it); so does one it
  starts with.

pdfium also reverses the order of the runs inside such an island ("Suicide",
" & ", "Crisis" come out as "Crisis & Suicide"), and reads a line left to
right when it has no more right-to-left runs than left-to-right ones. pdfium
keeps a text operation's glyphs in the order they are written, while
pdftotext sorts the words of a line by where they stand; so the painter
chooses the order in which it writes a line's glyphs, each still where it is
drawn:

- in reading order, for a line in one font and colour with no vowel marks
  (a mark splits a word into runs), with the extra LRMs above that make
  pdfium read it left to right: pdfium then keeps the runs as written;
- otherwise as drawn, but on a line pdfium reads right to left an island's
  runs (``pdfium_runs``) last to first. pdfium then adds a space at each end
  of the island (it sees a gap between one text operation's last glyph and
  the next one's first): harmless next to the spaces around the island, the
  LRMs above keep it off a bracket at the island's own ends, but not off a
  full stop, bracket or quote just outside it ("Lifeline )").

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


def readings(glyphs: list[Glyph], line_rtl: bool, in_reading_order: bool = False) -> list[str]:
    """What each glyph's text map should say, direction marks included.

    ``in_reading_order``: the line is written for pdfium to read left to right
    (see the painter's ``_in_reading_order``). Then a mirrored bracket
    needs its LRM before it, where pdfium meets it first, and each space in
    right-to-left text gets two LRMs, so that pdfium counts more left runs than
    right ones and does read the line left to right.
    """
    out = [glyph.reading for glyph in glyphs]
    for index, glyph in enumerate(glyphs):
        if glyph.rtl and glyph.mirrored:
            out[index] = RLM + (LRM + glyph.reading if in_reading_order
                                else glyph.reading + LRM) + RLM
        elif glyph.rtl and in_reading_order and glyph.reading == " ":
            out[index] = RLM + LRM + " " + LRM + RLM
        elif glyph.rtl and not _all(glyph.reading, {"R", "AL"}):
            out[index] = RLM + glyph.reading + RLM
    if line_rtl:
        for island in _islands(glyphs):
            for end in {island[0], island[-1]}:
                if _neutral(glyphs[end].reading):
                    out[end] = LRM + out[end] + LRM
    return out


def _islands(glyphs: list[Glyph]) -> list[range]:
    """The left-to-right runs of a line, as indexes in drawing order."""
    islands, start = [], None
    for index, glyph in enumerate(glyphs + [Glyph("", True)]):
        if not glyph.rtl and start is None:
            start = index
        elif glyph.rtl and start is not None:
            islands.append(range(start, index))
            start = None
    return islands


def _neutral(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in _NEUTRAL for c in text)


def _char_class(char: str) -> str:
    """A character's direction as CFX_BidiChar::AppendChar sees it."""
    kind = unicodedata.bidirectional(char)
    if kind == "L":
        return "L"
    if kind in ("R", "AL"):
        return "R"
    if kind in ("EN", "AN", "NSM", "CS", "ES", "ET", "BN"):
        return "weak"
    return "neutral"


def _pdfium_class(text: str) -> str:
    """The class of a glyph's reading: its first character that is not a mark."""
    core = [c for c in text if c not in (RLM, LRM) and unicodedata.category(c) != "Mn"]
    return _char_class((core or [" "])[0])


def pdfium_reads_rtl(text: str) -> bool:
    """Whether pdfium takes this line (its characters as drawn) for right-to-left:
    CFX_BidiString counts runs; pdfium 159 wants more right runs than left ones
    (older sources say "at least as many"; a line of one Arabic and one Latin
    word reads left to right)."""
    runs: dict[str, int] = {"L": 0, "R": 0}
    previous = None
    for char in text:
        kind = _char_class(char)
        if kind != previous and kind in runs:
            runs[kind] += 1
        previous = kind
    return runs["R"] > runs["L"]


def pdfium_runs(texts: list[str], letters_only: bool = False) -> list[range]:
    """The runs CFX_BidiString cuts these glyph readings into: indexes, in drawing order.

    ``letters_only``: only letters make runs of more than one glyph; every other
    glyph is a run of its own (in reading order, the spaces and brackets on
    either side of a word are not next to each other).
    """
    runs: list[range] = []
    start = 0
    for index in range(1, len(texts) + 1):
        kind = _pdfium_class(texts[start])
        if index == len(texts) or _pdfium_class(texts[index]) != kind or \
                (letters_only and kind not in ("L", "R")):
            runs.append(range(start, index))
            start = index
    return runs
