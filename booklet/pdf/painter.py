"""What page elements draw with: a ReportLab canvas that tags as it draws.

Everything on a page is either real content, marked with an id and recorded
under its structure node (:meth:`Painter.tagged`), or an artifact (running
header and footer, page numbers, rules, box backgrounds, decoration:
:meth:`Painter.artifact`). Text is drawn line by line from the text stack's
pieces; a link inside the text becomes a Link element holding its words and
its annotation, so a screen reader announces it where it is read.
"""
from __future__ import annotations

import unicodedata
from contextlib import contextmanager
from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString

from ..structure import Node
from . import outlines, rl_adapter


@lru_cache(maxsize=256)
def colour(hex_colour: str):
    return HexColor(hex_colour)


def _utf16_hex(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()


_MAX_STEP = 40   # TJ units; a larger step to the right reads as a space to some extractors


_RTL_TWINNED = rl_adapter.RTL_PUNCTUATION | {" "}


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def _moves(units: float) -> list[str]:
    """TJ numbers for a move of ``units`` to the right (negative: to the left)."""
    if abs(units) < 0.01:
        return []
    if units <= 0:
        return [_num(-units)]
    steps = []
    while units > 0.01:
        step = min(units, _MAX_STEP)
        steps.append(_num(-step))
        units -= step
    return steps


_ESCAPES = {0x28: b"\\(", 0x29: b"\\)", 0x5C: b"\\\\"}


def _escape(data: bytes) -> str:
    """A PDF literal string's contents for ``data``."""
    out = bytearray()
    for byte in data:
        if byte in _ESCAPES:
            out += _ESCAPES[byte]
        elif 32 <= byte < 127:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    return out.decode("latin-1")


class _Carried:
    """Which glyphs are combining marks, and which letter carries each in its text."""

    def __init__(self):
        self.marks: set[int] = set()
        self.letters: dict[int, list[int]] = {}


def _marks_by_letter(glyphs: str, data) -> _Carried:
    carried = _Carried()
    letters = [i for i, c in enumerate(glyphs) if unicodedata.category(c) not in ("Mn", "Me")]
    if len(letters) == len(glyphs):
        return carried
    for index, char in enumerate(glyphs):
        if index in letters:
            continue
        cluster = data[index].cluster
        # the letter a mark belongs to: the one read just before it
        before = [i for i in letters if data[i].cluster <= cluster]
        if not before:
            continue
        owner = max(before, key=lambda i: data[i].cluster)
        carried.marks.add(index)
        carried.letters.setdefault(owner, []).append(index)
    for owner, marks in carried.letters.items():
        marks.sort(key=lambda i: (data[i].cluster, i))
    return carried


class _TextState:
    """The font and colour already set in a text object, to set each only once."""

    def __init__(self):
        self.font_name = None
        self.size = None
        self.fill = None

    def font(self, ops, name: str, size: float) -> None:
        if name != self.font_name or size != self.size:
            ops.append(f"{name} {_num(size)} Tf")
            self.font_name, self.size = name, size

    def colour(self, ops, hex_colour: str) -> None:
        if hex_colour != self.fill:
            ops.append(_fill_operator(hex_colour))
            self.fill = hex_colour


@lru_cache(maxsize=256)
def _fill_operator(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return f"{_num(red)} {_num(green)} {_num(blue)} rg"


class _Artifact:
    """What a reader skips (page furniture, decoration), as marked content."""

    def __init__(self, kind: str, subtype: str | None):
        self.kind, self.subtype = kind, subtype


class Painter:
    """A ReportLab canvas that marks everything it draws.

    Marked content is opened lazily: drawing under :meth:`tagged` or
    :meth:`artifact` first closes whatever sequence is open and opens the one
    wanted, so sequences never nest (a PDF/UA rule) and none is left empty.
    """

    def __init__(self, canvas, tagger):
        self.canvas = canvas
        self.tagger = tagger
        self._wanted: list = []       # the node or artifact each open block draws for
        self._current = None          # what the open marked-content sequence belongs to
        self._internal: list = []     # (annotation, target page index)
        self._span = None             # the Span now taking the text beside links

    # --- marking ---------------------------------------------------------------------
    @contextmanager
    def tagged(self, node: Node | None):
        """Draw real content of ``node`` (None: of whatever block is open)."""
        if node is None:
            yield
            return
        self._wanted.append(node)
        try:
            yield
        finally:
            self._wanted.pop()
            if not self._wanted:
                self.close()

    @contextmanager
    def artifact(self, kind: str = "Layout", subtype: str | None = None):
        """Draw what a reader should skip: page furniture and decoration."""
        self._wanted.append(_Artifact(kind, subtype))
        try:
            yield
        finally:
            self._wanted.pop()
            if not self._wanted:
                self.close()

    def close(self) -> None:
        """End the open marked-content sequence (before a page ends)."""
        if self._current is not None and self.tagger is not None:
            self.canvas.addLiteral("EMC")
            self._current = None

    def _mark(self, owner=None) -> None:
        """Make ``owner`` (default: the innermost block's) own what is drawn next."""
        if self.tagger is None:     # an untagged file (only to measure what tags cost)
            return
        owner = owner if owner is not None else (self._wanted[-1] if self._wanted else None)
        if owner is self._current:
            return
        self.close()
        if owner is None:
            return
        if isinstance(owner, _Artifact):
            extra = f" /Subtype /{owner.subtype}" if owner.subtype else ""
            self.canvas.addLiteral(f"/Artifact <</Type /{owner.kind}{extra}>> BDC")
        else:
            mcid = self.tagger.content(owner)
            self.canvas.addLiteral(f"/{owner.role} <</MCID {mcid}>> BDC")
        self._current = owner

    # --- shapes --------------------------------------------------------------------------
    def rect(self, x, y, width, height, fill=None, stroke=None, line_width=1.0, radius=0.0):
        self._mark()
        canvas = self.canvas
        canvas.saveState()
        if fill:
            canvas.setFillColor(colour(fill))
        if stroke:
            canvas.setStrokeColor(colour(stroke))
            canvas.setLineWidth(line_width)
        if radius:
            canvas.roundRect(x, y, width, height, radius, stroke=1 if stroke else 0,
                             fill=1 if fill else 0)
        else:
            canvas.rect(x, y, width, height, stroke=1 if stroke else 0, fill=1 if fill else 0)
        canvas.restoreState()

    def circle(self, x, y, radius, fill=None, stroke=None, line_width=1.0):
        self._mark()
        canvas = self.canvas
        canvas.saveState()
        if fill:
            canvas.setFillColor(colour(fill))
        if stroke:
            canvas.setStrokeColor(colour(stroke))
            canvas.setLineWidth(line_width)
        canvas.circle(x, y, radius, stroke=1 if stroke else 0, fill=1 if fill else 0)
        canvas.restoreState()

    def line(self, x1, y1, x2, y2, stroke, line_width=1.0, dash=None, cap=None):
        self._mark()
        canvas = self.canvas
        canvas.saveState()
        canvas.setStrokeColor(colour(stroke))
        canvas.setLineWidth(line_width)
        if cap is not None:
            canvas.setLineCap(cap)
        if dash:
            canvas.setDash(dash)
        canvas.line(x1, y1, x2, y2)
        canvas.restoreState()

    def polygon(self, points, fill=None, stroke=None, line_width=1.0, close=True):
        self._mark()
        canvas = self.canvas
        path = canvas.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        if close:
            path.close()
        canvas.saveState()
        if fill:
            canvas.setFillColor(colour(fill))
        if stroke:
            canvas.setStrokeColor(colour(stroke))
            canvas.setLineWidth(line_width)
        canvas.drawPath(path, stroke=1 if stroke else 0, fill=1 if fill else 0)
        canvas.restoreState()

    def curve(self, start, control1, control2, end, stroke, line_width=1.0, cap=None):
        self._mark()
        canvas = self.canvas
        path = canvas.beginPath()
        path.moveTo(*start)
        path.curveTo(*control1, *control2, *end)
        canvas.saveState()
        canvas.setStrokeColor(colour(stroke))
        canvas.setLineWidth(line_width)
        if cap is not None:
            canvas.setLineCap(cap)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()

    # --- figures and images -----------------------------------------------------------
    def drawing(self, program, x: float, y: float, scale: float, *, rtl: bool = False,
                breaking: str = "words", fallback_font: str | None = None) -> None:
        """Replay a figure's drawing program (drawings.Program) at (x, y), scaled.

        Its labels are set by the text stack like any text, so right-to-left
        labels are shaped and read in order.
        """
        from reportlab.pdfbase.pdfmetrics import getRegisteredFontNames, standardFonts

        from ..text.lines import Run, set_lines

        self._mark()
        known = set(getRegisteredFontNames()) - set(standardFonts)
        self.canvas.addLiteral(f"q 1 0 0 1 {_num(x)} {_num(y)} cm "
                               f"{_num(scale)} 0 0 {_num(scale)} 0 0 cm")
        for item in program.items:
            if isinstance(item, str):
                self.canvas.addLiteral(item)
                continue
            font = item.font if item.font in known else fallback_font
            lines = set_lines([Run(item.text, font, item.colour)], item.size, 1e6,
                              rtl_default=rtl, breaking=breaking)
            for line in lines:
                left = item.x - {"middle": line.width / 2, "end": line.width}.get(item.anchor, 0)
                self.text_line(line, left, item.y, item.size)
        self._mark()
        self.canvas.addLiteral("Q")

    def image(self, png: bytes, x: float, y: float, width: float, height: float) -> None:
        """A raster image (a clinic's checked PNG logo) in the box."""
        import io

        from reportlab.lib.utils import ImageReader

        self._mark()
        self.canvas.drawImage(ImageReader(io.BytesIO(png)), x, y, width, height, mask="auto")

    # --- text -------------------------------------------------------------------------------
    def text_line(self, line, x: float, y: float, size: float) -> None:
        """One line of the text stack, its left edge at ``x``, baseline at ``y``.

        Pieces tagged with a structure node of their own (a glossary term's
        label) are marked for it; pieces that link somewhere become a Link
        element holding their words and their annotation.
        """
        groups: list[list] = []
        for piece in line.pieces:
            if groups and (piece.tag, piece.link) == (groups[-1][0].tag, groups[-1][0].link):
                groups[-1].append(piece)
            else:
                groups.append([piece])
        # painted in reading order (right to left in a right-to-left line), so the
        # order of marked content follows the structure tree
        ordered = list(reversed(groups)) if line.rtl else groups
        for group in ordered:
            self._text_group(group, x, y, size, line.rtl)
        if line.space_after and groups:
            if line.rtl:
                self._line_end_space(groups[0][0], x, y, size, left=True)
            else:
                self._line_end_space(groups[-1][-1], x + line.width, y, size, left=False)

    def _line_end_space(self, piece, x, y, size, left: bool) -> None:
        """The space a paragraph breaks its line at, drawn at the line's end (outside
        the measured width), so text read back keeps the lines' words apart."""
        from ..text.lines import Piece
        from ..text.shaping import width

        space = width(" ", piece.font, size)
        at = x - space if left else x
        owner = piece.tag if piece.tag is not None else None
        if owner is not None:
            self._mark(owner)
        else:
            self._mark()
        self._draw_pieces([Piece(0.0, space, piece.font, piece.colour, " ", " ")], at, y, size)

    def _text_group(self, pieces, x, y, size, line_rtl) -> None:
        first = pieces[0]
        owner = first.tag if first.tag is not None else \
            (self._wanted[-1] if self._wanted else None)
        if isinstance(owner, Node) and owner.links_inside:
            # text and links side by side as kids, so every reader keeps their order
            if first.link:
                self._span = None
            else:
                if self._span is None or self._span.parent is not owner:
                    self._span = owner.add("Span")
                owner = self._span
        if first.link and isinstance(owner, Node):
            node = owner.add("Link")
            self._mark(node)
            self._draw_pieces(pieces, x, y, size, line_rtl)
            left = x + first.x
            right = x + pieces[-1].x + pieces[-1].width
            self.link((left, y - size * 0.25, right, y + size * 0.85), uri=first.link,
                      description="".join(p.text for p in pieces), node=node)
            return
        self._mark(owner)
        self._draw_pieces(pieces, x, y, size, line_rtl)

    def _draw_pieces(self, pieces, x, y, size, line_rtl=False) -> None:
        ops = ["q BT"]
        state = _TextState()
        marks: list[str] = []
        for piece in pieces:
            state.colour(ops, piece.colour)
            ops.append(f"1 0 0 1 {_num(x + piece.x)} {_num(y)} Tm")
            if getattr(piece.glyphs, "__shapeData__", None):
                self._show_shaped(ops, state, piece, size, x + piece.x, y, marks)
            elif piece.rtl and any(c in _RTL_TWINNED for c in piece.glyphs):
                twin = rl_adapter.twin_font(piece.font, rl_adapter.TWIN_RTL_PUNCTUATION)
                for char in piece.glyphs:
                    self._show(ops, state, twin.fontName if char in _RTL_TWINNED
                               else piece.font, size, char)
            elif line_rtl and not piece.rtl and piece.glyphs[-1:] in rl_adapter.CLOSING_BRACKETS:
                twin = rl_adapter.twin_font(piece.font, rl_adapter.TWIN_LTR_CLOSE)
                self._show(ops, state, piece.font, size, piece.glyphs[:-1])
                self._show(ops, state, twin.fontName, size, piece.glyphs[-1])
            else:
                self._show(ops, state, piece.font, size, piece.glyphs)
        ops.append("ET")
        if marks:   # combining marks, drawn from their outlines (see _show_shaped)
            ops.append(_fill_operator(pieces[-1].colour))
            ops.extend(marks)
        ops.append("Q")
        self.canvas.addLiteral("\n".join(ops))

    def _show(self, ops, state, font_name, size, text) -> None:
        font = rl_adapter.font(self.canvas, font_name)
        for subset, chunk in font.splitString(text, self.canvas._doc):
            state.font(ops, font.getSubsetInternalName(subset, self.canvas._doc), size)
            ops.append(f"({_escape(chunk)}) Tj")

    def _show_shaped(self, ops, state, piece, size, x, y, marks_out) -> None:
        """HarfBuzz glyphs in visual order, each placed where HarfBuzz put it.

        The glyphs stay in one TJ array, and a move to the right is cut into
        steps too small to read as a word space: text extractors insert a
        space at a large step, and some order a line by where each text
        operation starts. Punctuation in a right-to-left run comes from a twin
        of the font whose text map puts a right-to-left mark before it (see
        rl_adapter.rtl_punctuation_font), so extractors that take "." for
        left-to-right keep it where it is read. Combining marks are drawn as
        outlines and read through their letter's ActualText (see outlines.py).
        """
        doc = self.canvas._doc
        main = rl_adapter.font(self.canvas, piece.font)
        glyphs, data = piece.glyphs, piece.glyphs.__shapeData__
        carried = _marks_by_letter(glyphs, data)
        array: list[str] = []
        rise = 0.0
        pending = 0.0          # thousandths of an em still to move right
        pen = 0.0              # where the current glyph starts, thousandths of an em

        def flush():
            if array:
                ops.append("[" + " ".join(array) + "] TJ")
                array.clear()

        for index, (char, glyph) in enumerate(zip(glyphs, data)):
            if index in carried.marks:
                glyph_id = main.face.charToGlyph.get(ord(char))
                if glyph_id:
                    marks_out.append(outlines.path_operators(
                        main.face.filename, glyph_id, x + (pen + glyph.x_offset) * size / 1000,
                        y + glyph.y_offset * size / 1000, size))
                pen += glyph.x_advance
                pending += glyph.x_advance
                continue
            font = main
            if piece.rtl and char in _RTL_TWINNED:
                font = rl_adapter.twin_font(piece.font, rl_adapter.TWIN_RTL_PUNCTUATION)
            subset, chunk = font.splitString(char, doc)[0]
            name = font.getSubsetInternalName(subset, doc)
            pending += glyph.x_offset
            glyph_rise = size * glyph.y_offset / 1000
            if name != state.font_name or glyph_rise != rise:
                array += _moves(pending)
                pending = 0.0
                flush()
                state.font(ops, name, size)
                if glyph_rise != rise:
                    ops.append(f"{_num(glyph_rise)} Ts")
                    rise = glyph_rise
            array += _moves(pending)
            pending = 0.0
            if index in carried.letters:
                flush()
                marks = "".join(glyphs[m] for m in carried.letters[index])
                letters = rl_adapter.letters_of(font, char)
                # in drawing order, as extractors expect it (they reverse right-to-left runs)
                actual = marks[::-1] + letters
                ops.append(f"/Span <</ActualText <{_utf16_hex(actual)}>>> BDC "
                           f"({_escape(chunk)}) Tj EMC")
            else:
                array.append(f"({_escape(chunk)})")
            pending += glyph.x_advance - glyph.x_offset - font.stringWidth(char, 1000)
            pen += glyph.x_advance
        flush()
        if rise:
            ops.append("0 Ts")

    # --- links -------------------------------------------------------------------------------
    def link(self, rect, *, uri: str | None = None, page: int | None = None,
             description: str, node: Node) -> None:
        """A link annotation over ``rect`` (x1, y1, x2, y2), owned by a Link node."""
        annotation = PDFDictionary({"Type": PDFName("Annot"), "Subtype": PDFName("Link"),
                                    "Rect": PDFArray([round(v, 2) for v in rect]),
                                    "Border": PDFArray([0, 0, 0]), "F": 4,
                                    "Contents": PDFString(description)})
        if uri is not None:
            annotation["A"] = PDFDictionary({"S": PDFName("URI"), "URI": PDFString(uri)})
        else:
            self._internal.append((annotation, page))
        if self.tagger is not None:
            self.tagger.annotation(node, annotation)   # sets its /StructParent
        rl_adapter.add_annotation(self.canvas, annotation)

    def resolve_internal_links(self) -> None:
        """Point internal links at their pages, once every page exists."""
        for annotation, page in self._internal:
            annotation["Dest"] = PDFArray([rl_adapter.page_reference(self.canvas, page),
                                           PDFName("Fit")])
        self._internal = []
