"""Every use of ReportLab beyond its documented API, in one place.

ReportLab writes the PDF: pages, fonts (embedded and subset), outline. A
tagged PDF needs a few things its canvas does not offer: page entries
(/StructParents, /Tabs), objects of our own (the structure tree, XMP), link
annotations with a /StructParent, text maps that every reader accepts, and a
fix for a crash. Each is done here, on ReportLab internals that have been
stable for years; tests/test_rl_adapter.py fails if an upgrade changes them.
"""
from __future__ import annotations

import unicodedata

from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfgen.textobject import PDFTextObject

from ..text.shaping import GLYPH_LETTERS

PAGE_ENTRIES = ("StructParents", "Tabs")


def _allow_page_entries() -> None:
    # PDFPage writes only the attributes listed in __NoDefault__.
    for name in PAGE_ENTRIES:
        if name not in pdfdoc.PDFPage.__NoDefault__:
            pdfdoc.PDFPage.__NoDefault__.append(name)


def page_objects(canvas) -> list:
    """The page dictionaries written so far, in order."""
    return canvas._doc.Pages.pages


def register(canvas, obj):
    """Make ``obj`` an indirect object of the document; returns its reference."""
    return canvas._doc.Reference(obj)


def page_reference(canvas, index: int):
    """A reference to the page at ``index`` (0-based), once that page is written."""
    return canvas._doc.Reference(page_objects(canvas)[index])


def add_annotation(canvas, annotation) -> None:
    """Attach an annotation dictionary to the page being drawn."""
    canvas._annotationrefs.append(register(canvas, annotation))


def font(canvas, name: str):
    """The TrueType font ``name``; text is written with its documented
    ``splitString`` and ``getSubsetInternalName``, which also register the font
    for embedding in the canvas's document."""
    from reportlab.pdfbase.pdfmetrics import getFont

    return getFont(name)


RLM, LRM = "\u200f", "\u200e"
RTL_PUNCTUATION = frozenset(".,:;!?\u060c\u061b\u061f\u066b\u066c")
CLOSING_BRACKETS = frozenset(")]}")
# Twins of a font whose text maps add a direction mark to a few characters, for
# extractors that place neutral characters by a rule of their own (pdftotext
# reads "." and ")" as left-to-right): inside right-to-left text, punctuation
# gets a right-to-left mark before it and a space one after it; the closing
# bracket that ends a left-to-right term inside right-to-left text ("(PTSD)")
# gets a left-to-right mark after it.
TWIN_RTL_PUNCTUATION = "-rtl-punctuation"
TWIN_LTR_CLOSE = "-ltr-close"
_TWIN_TEXT = {TWIN_RTL_PUNCTUATION: (RTL_PUNCTUATION | {" "},
                                     lambda c: c + RLM if c == " " else RLM + c),
              TWIN_LTR_CLOSE: (CLOSING_BRACKETS, lambda c: c + LRM)}


def twin_font(name: str, kind: str):
    """A twin of font ``name`` whose text map adds a direction mark (see above).

    The twin has a PostScript name of its own, so no reader mistakes one
    embedded subset for the other.
    """
    from reportlab.pdfbase.pdfmetrics import getFont, registerFont
    from reportlab.pdfbase.ttfonts import TTFont

    twin_name = name + kind
    try:
        return getFont(twin_name)
    except KeyError:
        pass
    original = getFont(name)
    subfont = int(getattr(original.face, "subfontNameX", b"-0").decode().lstrip("-") or 0)
    twin = TTFont(twin_name, original.face.filename, subfontIndex=subfont, shapable=False)
    face = twin.face.name
    twin.face.name = (face if isinstance(face, bytes) else face.encode()) + kind.encode()
    registerFont(twin)
    return twin


def letters_of(font, char: str) -> str:
    """What a glyph drawn for ``char`` in ``font`` reads as, in drawing order."""
    face = font.face.name
    face = face.decode() if isinstance(face, bytes) else str(face)
    return _letters(face, ord(char)) or char


def catalog(canvas):
    return canvas._doc.Catalog


def document_id(canvas):
    return canvas._doc


class Raw(pdfdoc.PDFObject):
    """An object written from its parts: bytes as they are, anything else (references,
    strings) formatted by ReportLab."""

    def __init__(self, parts: list):
        self.parts = parts

    def format(self, document):
        return b"".join(part if isinstance(part, bytes) else pdfdoc.format(part, document)
                        for part in self.parts)


class PlainStream(pdfdoc.PDFObject):
    """A stream written as it is, with no /Filter entry (ReportLab's streams always
    write one, empty when uncompressed, which some readers of XMP reject)."""

    __RefOnly__ = 1

    def __init__(self, entries: dict, content: bytes):
        self.entries, self.content = entries, content

    def format(self, document):
        entries = dict(self.entries, Length=len(self.content))
        head = pdfdoc.format(pdfdoc.PDFDictionary(entries), document)
        return head + b"\nstream\n" + self.content + b"\nendstream\n"


# --- text maps (ToUnicode) ---------------------------------------------------------

MAX_BFCHAR = 100   # the PDF specification's limit per block; Ghostscript enforces it


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _letters(face: str, code: int) -> str | None:
    """What a subset character stands for, as a reader should copy it."""
    if code == 0:
        return None
    for kind, (chars, text) in _TWIN_TEXT.items():
        if face.endswith(kind) and chr(code) in chars:
            return text(chr(code))
    letters = GLYPH_LETTERS.get((face, code))
    if letters is not None:
        return letters
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        # an Arabic presentation form: its letters, in drawing order (see shaping.py)
        return unicodedata.normalize("NFKC", chr(code))[::-1]
    return chr(code)


def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """A ToUnicode map for one subset: used codes only, blocks of at most 100."""
    face = fontname.split("+", 1)[-1]
    entries = []
    for code, value in enumerate(subset):
        letters = _letters(face, value)
        if letters:
            entries.append(f"<{code:02X}> <{_utf16_hex(letters)}>")
    blocks = []
    for start in range(0, len(entries), MAX_BFCHAR):
        chunk = entries[start:start + MAX_BFCHAR]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", "<< /Registry (Adobe)", "/Ordering (UCS)", "/Supplement 0",
        ">> def", f"/CMapName /{fontname}-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <FF>", "endcodespacerange", *blocks,
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


# --- a crash ----------------------------------------------------------------------

_original_set_rise = PDFTextObject.setRise


def _set_rise(self, rise):
    # ReportLab 4-5 reads self._code[-1] without checking that a text object has
    # code yet; HarfBuzz-shaped Arabic whose first glyph is raised (a mark) hits
    # that with an IndexError.
    if not self._code:
        self._rise = rise
        self._y -= rise
        self._code.append(f"{rise:g} Ts")
        return
    _original_set_rise(self, rise)


def install() -> None:
    """Apply the adaptations (idempotent; called when the writer is imported)."""
    _allow_page_entries()
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
    PDFTextObject.setRise = _set_rise


install()
