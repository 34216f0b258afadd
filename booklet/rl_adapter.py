"""Every use of ReportLab beyond its documented API, in one place.

ReportLab writes the PDF: pages, fonts (embedded and subset), outline. A
tagged PDF needs a few things its canvas does not offer: page entries
(/StructParents, /Tabs), objects of our own (the structure tree, XMP), link
annotations with a /StructParent, text maps that every reader accepts, and a
fix for a crash. Each is done here, on ReportLab internals that have been
stable for years; tests/test_adapters.py fails if an upgrade changes them.
"""
from __future__ import annotations

import re
import unicodedata
import zlib

from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfgen.textobject import PDFTextObject

from .text.shaping import GLYPH_LETTERS

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


_READ_AS: dict[tuple[str, int, str], int] = {}


def subset_chunks(canvas, font, text: str) -> list[tuple[str, bytes]]:
    """``text`` in ``font`` as (the subset's PDF font name, the codes to show), one
    pair per run of characters in one subset (ReportLab assigns the codes)."""
    doc = canvas._doc
    state = font.state.get(doc)
    if state is not None and "\xa0" not in text:
        # every character already has its code, in the first subset (most lines after
        # the first page): the codes at C speed, not ReportLab's loop over characters
        try:
            codes = bytes(map(state.assignments.__getitem__, map(ord, text)))
        except (KeyError, ValueError):    # a new character, or one past the first subset
            pass
        else:
            return [(font.getSubsetInternalName(0, doc), codes)] if codes else []
    return [(font.getSubsetInternalName(subset, doc), chunk)
            for subset, chunk in font.splitString(text, doc)]


def glyph_id(font, char: str) -> int | None:
    """The font's glyph for ``char`` (None when it has none)."""
    return font.face.charToGlyph.get(ord(char))


def font_path(font) -> str:
    """The font file a registered TrueType font was read from."""
    return str(font.face.filename)


def alias_font(name: str, existing: str) -> None:
    """Register ``name`` as another name of the registered font ``existing`` (one file
    serving two faces is embedded once)."""
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics._fonts[name] = pdfmetrics.getFont(existing)


def glyph_read_as(font, char: str, reading: str) -> str:
    """A character that draws the glyph of ``char`` in ``font`` and reads as ``reading``.

    Like ReportLab's codes for shaped glyphs (``TTFont.hbAddPrivate``), it is
    a private-use code of the face pointing at the same glyph, allotted from
    the top of the private-use area down so the two never meet; the text map
    gives it ``reading`` (see ``_letters``).
    """
    face = font.face
    name = _face_name(font)
    glyph = face.charToGlyph[ord(char)]
    key = (name, glyph, reading)
    code = _READ_AS.get(key)
    if code is None:
        code = 0xF8FF
        while code in face.charToGlyph:
            code -= 1
        face.charToGlyph[code] = glyph
        face.glyphToChar.setdefault(glyph, []).append(code)
        face.charWidths[code] = face.getCharWidth(ord(char))
        GLYPH_LETTERS[(name, code)] = reading
        _READ_AS[key] = code
    return chr(code)


def _face_name(font) -> str:
    face = font.face.name
    return face.decode() if isinstance(face, bytes) else str(face)


def letters_of(font, char: str) -> str:
    """What a glyph drawn for ``char`` in ``font`` reads as, in drawing order."""
    return _letters(_face_name(font), ord(char)) or char


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
        # references written directly: a structure tree has thousands of them, and
        # ReportLab's general formatting of each cost more than the rest of the tree
        numbers = document.idToObjectNumberAndVersion
        out = []
        for part in self.parts:
            kind = type(part)
            if kind is bytes:
                out.append(part)
            elif kind is pdfdoc.PDFObjectReference:
                out.append(b"%d %d R" % numbers[part.name])
            else:
                out.append(pdfdoc.format(part, document))
        return b"".join(out)


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

# --- writing the file: object streams (PDF 1.5) ---------------------------------------

OBJECTS_PER_STREAM = 200
# zlib's fastest level for every stream: the file is about a tenth larger and its
# streams compress in half the time (a third of writing a handout was compression)
COMPRESSION_LEVEL = 1


def _flate(data) -> bytes:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return zlib.compress(data, COMPRESSION_LEVEL)


def packed_pdf_data(canvas) -> bytes:
    """The document as ``canvas.getpdfdata()`` would write it, but with every object
    that is not a stream packed into compressed object streams and a compressed
    cross-reference stream (PDF 1.5). A tagged handout has hundreds of small
    structure elements; packed, they cost about a third of their plain size.

    The file identifier is a digest of the file's body, so the same document
    gives the same bytes, and different documents different identifiers.
    """
    import hashlib

    from reportlab import rl_config

    if len(canvas._code):
        canvas.showPage()
    doc = canvas._doc
    # what PDFDocument.GetPDFData does before it formats the objects
    for delayed in doc.delayedFonts:
        delayed.addObjects(doc)
    doc.info.invariant = doc.invariant
    doc.info.digest(doc.signature)
    catalog_ref = doc.Reference(doc.Catalog)
    info_ref = doc.Reference(doc.info)
    doc.Outlines.prepare(doc, canvas)
    if doc.Outlines.ready < 0:
        doc.Catalog.Outlines = None
    bodies: dict[int, bytes] = {}
    number = 0
    a85, rl_config.useA85 = rl_config.useA85, 0   # binary streams: ASCII85 adds a quarter
    pdfdoc.PDFZCompress.encode = _flate     # ReportLab's one Flate filter, at our level
    try:
        while True:       # formatting may register new objects: go until none is left
            number += 1
            if number not in doc.numberToId:
                break
            oid = doc.numberToId[number]
            bodies[number] = pdfdoc.format(doc.idToObject[oid], doc,
                                           toplevel=1).rstrip(b"\n")
    finally:
        rl_config.useA85 = a85
        del pdfdoc.PDFZCompress.encode      # the class's own again
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    where: dict[int, tuple[int, int, int]] = {}       # number -> xref entry (type, a, b)
    packable = []
    for number, body in bodies.items():
        if body.endswith(b"endstream"):
            where[number] = (1, len(out), 0)
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        else:
            packable.append(number)
    next_number = len(bodies) + 1
    for start in range(0, len(packable), OBJECTS_PER_STREAM):
        chunk = packable[start:start + OBJECTS_PER_STREAM]
        stream_number, next_number = next_number, next_number + 1
        offsets, data = [], bytearray()
        for index, number in enumerate(chunk):
            offsets.append(b"%d %d" % (number, len(data)))
            data += bodies[number] + b"\n"
            where[number] = (2, stream_number, index)
        head = b" ".join(offsets) + b"\n"
        packed = _flate(bytes(head + data))
        where[stream_number] = (1, len(out), 0)
        out += (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode "
                b"/Length %d >>\nstream\n" % (stream_number, len(chunk), len(head), len(packed))
                + packed + b"\nendstream\nendobj\n")
    xref_number = next_number
    identifier = hashlib.md5(bytes(out)).hexdigest().encode()
    where[xref_number] = (1, len(out), 0)
    width = max(3, (len(out).bit_length() + 7) // 8)     # bytes for an offset
    rows = bytearray(b"\x00" * (1 + width) + b"\xff")       # object 0: free
    for number in range(1, xref_number + 1):
        kind, a, b = where[number]
        rows += bytes([kind]) + a.to_bytes(width, "big") + bytes([b])
    table = _flate(bytes(rows))
    root = pdfdoc.format(catalog_ref, doc)
    info = pdfdoc.format(info_ref, doc)
    xref_at = len(out)
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 %d 1] /Root %s /Info %s "
            b"/ID [<%s> <%s>] /Filter /FlateDecode /Length %d >>\nstream\n"
            % (xref_number, xref_number + 1, width, root, info, identifier, identifier,
               len(table))
            + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    return bytes(out)


# --- drawings (svglib's output) as data ----------------------------------------------

_TEXT_OBJECT = re.compile(r"BT\b.*?\bET\b", re.S)


def drawing_items(drawing, default_font: str) -> list:
    """Render a ReportLab drawing once on a scratch canvas: its graphics operators
    (str) and its labels (x, y, font, size, "#rrggbb", anchor, text), in drawing order.

    renderPDF starts every drawing by selecting its default font (Helvetica, a
    base-14 font that would name itself in the PDF): the handout's font stands in.
    """
    import io

    from reportlab.graphics.renderbase import STATE_DEFAULTS, renderScaledDrawing
    from reportlab.graphics.renderPDF import _PDFRenderer
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO(), invariant=1, initialFontName=default_font)
    items: list = []
    mark = [len(canvas._code)]

    def take_operators():
        code = " ".join(canvas._code[mark[0]:])
        code = _TEXT_OBJECT.sub(" ", code).strip()    # font selections of the scratch page
        if code:
            items.append(code)
        mark[0] = len(canvas._code)

    class Recorder(_PDFRenderer):
        def drawString(self, string):  # noqa: N802 - ReportLab's name
            if not self._fill:
                return
            state = self._tracker.getState()
            take_operators()
            colour = state["fillColor"]
            hex_colour = "#%02x%02x%02x" % tuple(round(c * 255) for c in colour.rgb()) \
                if colour is not None else "#000000"
            anchor = state["textAnchor"] if state["textAnchor"] in ("middle", "end") \
                else "start"
            items.append((round(string.x, 3), round(string.y, 3), state["fontName"],
                          round(state["fontSize"], 3), hex_colour, anchor, string.text))

    previous = STATE_DEFAULTS["fontName"]
    STATE_DEFAULTS["fontName"] = default_font
    try:
        Recorder().draw(renderScaledDrawing(drawing), canvas, 0, 0)
    finally:
        STATE_DEFAULTS["fontName"] = previous
    take_operators()
    return items


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
