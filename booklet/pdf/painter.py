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
from ..text.lines import ACCENT
from .. import rl_adapter
from . import outlines, reading


@lru_cache(maxsize=256)
def colour(hex_colour: str):
    return HexColor(hex_colour)


_MAX_STEP = 40   # TJ units; a larger step to the right reads as a space to some extractors


@lru_cache(maxsize=65536)     # a page repeats its coordinates and sizes
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


# a PDF literal string's contents: ( ) \ escaped, bytes outside printable ASCII in octal
_ESCAPES = {byte: (f"\\{chr(byte)}" if byte in (0x28, 0x29, 0x5C) else
                   chr(byte) if 32 <= byte < 127 else f"\\{byte:03o}")
            for byte in range(256)}


def _escape(data: bytes) -> str:
    """A PDF literal string's contents for ``data``."""
    return data.decode("latin-1").translate(_ESCAPES)


class _Carried:
    """Which glyphs are combining marks, and which letter carries each in its text."""

    def __init__(self):
        self.marks: set[int] = set()
        self.letters: dict[int, list[int]] = {}

    def reading(self, owner: int, glyphs: str, data, text: str, font) -> str:
        """What letter glyph ``owner`` and its marks read as, in drawing order.

        Extractors reverse a right-to-left run character by character, so the
        reading is the cluster's text reversed: in a ligature each mark stays
        on its own letter ("لَا" is lam, fatha, alef).
        """
        # each glyph's letters are in drawing order; the marks go last to first
        marks = "".join(rl_adapter.letters_of(font, glyphs[m])
                        for m in reversed(self.letters[owner]))
        letters = rl_adapter.letters_of(font, glyphs[owner])
        clusters = [data[owner].cluster] + [data[m].cluster for m in self.letters[owner]]
        later = [glyph.cluster for glyph in data if glyph.cluster > max(clusters)]
        cluster_text = text[min(clusters):min(later) if later else len(text)]
        if sorted(cluster_text) == sorted(marks + letters):
            return cluster_text[::-1]
        return marks + letters


def _is_mark(text: str) -> bool:
    return all(unicodedata.category(c) in ("Mn", "Me") for c in text)


def _marks_by_letter(glyphs: str, data, font) -> _Carried:
    """Which glyphs are combining marks (a font may draw two marks as one glyph,
    shadda with its vowel), and the letter each belongs to."""
    carried = _Carried()
    letters = [i for i, c in enumerate(glyphs) if not _is_mark(rl_adapter.letters_of(font, c))]
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
        self.thickened = None

    def weight(self, ops, faux_bold: bool, size: float, hex_colour: str) -> None:
        """A face with no bold (Chinese) is drawn bold by stroking its outlines too."""
        wanted = (size, hex_colour) if faux_bold else None
        if wanted == self.thickened:
            return
        if wanted is None:
            ops.append("0 Tr")
        else:
            ops.append(f"2 Tr {_num(size * FAUX_BOLD_STROKE)} w "
                       f"{_fill_operator(hex_colour).upper()}")
        self.thickened = wanted

    def font(self, ops, name: str, size: float) -> None:
        if name != self.font_name or size != self.size:
            ops.append(f"{name} {_num(size)} Tf")
            self.font_name, self.size = name, size

    def colour(self, ops, hex_colour: str) -> None:
        if hex_colour != self.fill:
            ops.append(_fill_operator(hex_colour))
            self.fill = hex_colour


FAUX_BOLD_STROKE = 0.035     # of the type size: about a bold face's extra stem weight
CIRCLE_KAPPA = 0.5522847498   # a quarter circle's control points, as a fraction of its radius


@lru_cache(maxsize=256)
def _fill_operator(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return f"{_num(red)} {_num(green)} {_num(blue)} rg"


class _Artifact:
    """What a reader skips (page furniture, decoration), as marked content."""

    def __init__(self, kind: str, subtype: str | None):
        self.kind, self.subtype = kind, subtype


@lru_cache(maxsize=4096)
def _label_lines(text: str, font: str, hex_colour: str, size: float, rtl: bool,
                 breaking: str) -> tuple:
    """A figure label set as one line (or lines it breaks itself), once per process:
    every edition draws the same labels."""
    from ..text.lines import Run, set_lines

    return tuple(set_lines([Run(text, font, hex_colour)], size, 1e6, rtl_default=rtl,
                           breaking=breaking, base_rtl=True if rtl else None))


class Painter:
    """A ReportLab canvas that marks everything it draws.

    Marked content is opened lazily: drawing under :meth:`tagged` or
    :meth:`artifact` first closes whatever sequence is open and opens the one
    wanted, so sequences never nest (a PDF/UA rule) and none is left empty.
    """

    def __init__(self, canvas, tagger, accent: str):
        self.canvas = canvas
        self.tagger = tagger
        self.accent = accent          # what a run's ACCENT colour is in this edition
        self._parts: dict = {}        # a run's tag by name -> its node (see parts())
        self._wanted: list = []       # the node or artifact each open block draws for
        self._current = None          # what the open marked-content sequence belongs to
        self._internal: list = []     # (annotation, target page index)
        self._span = None             # the Span now taking the text beside links
        from .. import fonts

        self._faux_bold = fonts.faux_bold_names()   # bold names drawn from a regular face

    @contextmanager
    def parts(self, parts: dict | None):
        """Pieces whose tag is a name in ``parts`` belong to that node (a glossary
        entry's label and body), while a paragraph is drawn."""
        saved, self._parts = self._parts, parts or {}
        try:
            yield
        finally:
            self._parts = saved

    def _owner_of(self, tag):
        return self._parts.get(tag, tag) if isinstance(tag, str) else tag

    def _hex(self, run_colour: str) -> str:
        return self.accent if run_colour == ACCENT else run_colour

    # --- marking ---------------------------------------------------------------------
    @contextmanager
    def tagged(self, node: Node | None):
        """Draw real content of ``node`` (None: of whatever block is open)."""
        if node is None:
            yield
            return
        with self._drawing_for(node):
            yield

    @contextmanager
    def artifact(self, kind: str = "Layout", subtype: str | None = None):
        """Draw what a reader should skip: page furniture and decoration."""
        with self._drawing_for(_Artifact(kind, subtype)):
            yield

    @contextmanager
    def _drawing_for(self, owner):
        self._wanted.append(owner)
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
    @contextmanager
    def _shape(self, fill, stroke, line_width):
        """A filled and/or stroked shape's graphics state, around its drawing."""
        self._mark()
        canvas = self.canvas
        canvas.saveState()
        if fill:
            canvas.setFillColor(colour(fill))
        if stroke:
            canvas.setStrokeColor(colour(stroke))
            canvas.setLineWidth(line_width)
        yield canvas, {"stroke": 1 if stroke else 0, "fill": 1 if fill else 0}
        canvas.restoreState()

    def rect(self, x, y, width, height, fill=None, stroke=None, line_width=1.0, radius=0.0):
        with self._shape(fill, stroke, line_width) as (canvas, paint):
            if radius:
                canvas.roundRect(x, y, width, height, radius, **paint)
            else:
                canvas.rect(x, y, width, height, **paint)

    def circle(self, x, y, radius, fill=None, stroke=None, line_width=1.0):
        with self._shape(fill, stroke, line_width) as (canvas, paint):
            # four Bézier quarters (what canvas.circle draws, without its general arc
            # code: a handout has hundreds of bullet dots)
            k = radius * CIRCLE_KAPPA
            path = canvas.beginPath()
            path.moveTo(x + radius, y)
            path.curveTo(x + radius, y + k, x + k, y + radius, x, y + radius)
            path.curveTo(x - k, y + radius, x - radius, y + k, x - radius, y)
            path.curveTo(x - radius, y - k, x - k, y - radius, x, y - radius)
            path.curveTo(x + k, y - radius, x + radius, y - k, x + radius, y)
            path.close()
            canvas.drawPath(path, **paint)

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
        with self._shape(fill, stroke, line_width) as (canvas, paint):
            path = canvas.beginPath()
            path.moveTo(*points[0])
            for point in points[1:]:
                path.lineTo(*point)
            if close:
                path.close()
            canvas.drawPath(path, **paint)

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

        self._mark()
        known = set(getRegisteredFontNames()) - set(standardFonts)
        self.canvas.addLiteral(f"q 1 0 0 1 {_num(x)} {_num(y)} cm "
                               f"{_num(scale)} 0 0 {_num(scale)} 0 0 cm")
        for item in program.items:
            if isinstance(item, str):
                self.canvas.addLiteral(item)
                continue
            font = item.font if item.font in known else fallback_font
            lines = _label_lines(item.text, font, item.colour, item.size, rtl, breaking)
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
        element holding their words and their annotation. What each glyph
        reads as, and the order glyphs are written in, are chosen for the whole
        line, as text extractors read it (see reading.py).
        """
        pieces = line.pieces
        if not pieces:
            return
        plain = not line.rtl and not any(
            piece.rtl or piece.actual or getattr(piece.glyphs, "__shapeData__", None)
            for piece in pieces)
        if plain:   # left-to-right, unshaped: each glyph reads as its own character
            drawn = None
        else:
            fonts = [rl_adapter.font(self.canvas, piece.font) for piece in pieces]
            drawn = [self._glyphs(piece, font) for piece, font in zip(pieces, fonts)]
        groups: list[tuple[int, int]] = []      # runs of pieces with one owner and link
        for index, piece in enumerate(pieces):
            if groups and (piece.tag, piece.link) == (pieces[groups[-1][0]].tag,
                                                      pieces[groups[-1][0]].link):
                groups[-1] = (groups[-1][0], index + 1)
            else:
                groups.append((index, index + 1))
        ops = None
        if line.rtl and len(groups) == 1 and \
                len({(piece.font, piece.colour) for piece in pieces}) == 1:
            ops = self._in_reading_order(pieces, self._readings(fonts, drawn, True, True),
                                         x, y, size)
            if ops:
                self._text_group(pieces, x, y, size, ops)
        if not ops and plain:
            for start, end in groups:
                self._text_group(pieces[start:end], x, y, size,
                                 self._plain_ops(pieces[start:end], x, y, size))
        elif not ops:
            chars, texts = self._readings(fonts, drawn, line.rtl, False)
            pdfium_rtl = line.rtl and reading.pdfium_reads_rtl(
                "".join(text for piece_texts in texts for text in piece_texts if text))
            # groups painted in reading order (right to left in a right-to-left
            # line), so marked content follows the structure tree
            for start, end in (reversed(groups) if line.rtl else groups):
                group_ops = self._as_drawn(pieces[start:end], drawn[start:end],
                                           chars[start:end], texts[start:end], x, y, size,
                                           pdfium_rtl)
                self._text_group(pieces[start:end], x, y, size, group_ops)
        if line.space_after:
            if line.rtl:
                self._line_end_space(pieces[0], x, y, size, left=True)
            else:
                self._line_end_space(pieces[-1], x + line.width, y, size, left=False)

    def word_space(self, piece, x, y, size) -> None:
        """A space in ``piece``'s font with its left edge at ``x``: between texts drawn
        apart (a contents entry's number, title and page), so text read back keeps
        them apart as a screen reader does."""
        self._line_end_space(piece, x, y, size, left=False)

    def _line_end_space(self, piece, x, y, size, left: bool) -> None:
        """The space a paragraph breaks its line at, drawn at the line's end (outside
        the measured width), so text read back keeps the lines' words apart."""
        from ..text.shaping import width

        at = x - width(" ", piece.font, size) if left else x
        self._mark(self._text_owner(self._owner_of(piece.tag)))
        ops = ["q BT", f"1 0 0 1 {_num(at)} {_num(y)} Tm"]
        self._show(ops, _TextState(), piece.font, size, " ")
        self.canvas.addLiteral("\n".join(ops + ["ET Q"]))

    def _text_owner(self, tag):
        """The node plain text belongs to: ``tag``, else the open block; in a block
        holding links, a Span beside them, so every reader keeps their order."""
        owner = tag if tag is not None else (self._wanted[-1] if self._wanted else None)
        if isinstance(owner, Node) and owner.links_inside:
            if self._span is None or self._span.parent is not owner:
                self._span = owner.add("Span")
            owner = self._span
        return owner

    def _text_group(self, pieces, x, y, size, ops: str) -> None:
        first = pieces[0]
        if first.link:
            tag = self._owner_of(first.tag)
            owner = tag if tag is not None else (self._wanted[-1] if self._wanted else None)
            if isinstance(owner, Node):
                self._span = None    # text after the link opens a new Span
                node = owner.add("Link")
                self._mark(node)
                self.canvas.addLiteral(ops)
                left = x + first.x
                right = x + pieces[-1].x + pieces[-1].width
                self.link((left, y - size * 0.25, right, y + size * 0.85), uri=first.link,
                          description="".join(p.text for p in pieces), node=node)
                return
        self._mark(self._text_owner(self._owner_of(first.tag)))
        self.canvas.addLiteral(ops)

    def _as_drawn(self, pieces, drawn, chars, texts, x, y, size, pdfium_rtl) -> str:
        """Operators writing the pieces' glyphs as they are drawn, left to right;
        on a line pdfium reads right to left, a left-to-right island's runs last
        to first (see reading.py)."""
        ops = ["q BT"]
        state = _TextState()
        marks: list[tuple[str, str]] = []
        for piece, glyphs, piece_chars, piece_texts in zip(pieces, drawn, chars, texts):
            hex_colour = self._hex(piece.colour)
            state.colour(ops, hex_colour)
            state.weight(ops, piece.font in self._faux_bold, size, hex_colour)
            if pdfium_rtl and not piece.rtl:
                self._show_island(ops, state, piece.font, size, piece_chars,
                                  reading.pdfium_runs(piece_texts), x + piece.x, y)
                continue
            ops.append(f"1 0 0 1 {_num(x + piece.x)} {_num(y)} Tm")
            if getattr(piece.glyphs, "__shapeData__", None):
                self._show_shaped(ops, state, piece, piece_chars,
                                  [g is None for _, g in glyphs], size, x + piece.x, y, marks)
            else:
                self._show(ops, state, piece.font, size, "".join(piece_chars))
        ops.append("ET")
        for hex_colour, path in marks:   # combining marks, drawn from their outlines
            ops += [_fill_operator(hex_colour), path]
        ops.append("Q")
        return "\n".join(ops)

    def _plain_ops(self, pieces, x, y, size) -> str:
        """Operators writing left-to-right, unshaped pieces as they are."""
        ops = ["q BT"]
        state = _TextState()
        for piece in pieces:
            hex_colour = self._hex(piece.colour)
            state.colour(ops, hex_colour)
            state.weight(ops, piece.font in self._faux_bold, size, hex_colour)
            ops.append(f"1 0 0 1 {_num(x + piece.x)} {_num(y)} Tm")
            self._show(ops, state, piece.font, size, piece.glyphs)
        ops.append("ET\nQ")
        return "\n".join(ops)

    @staticmethod
    def _readings(fonts, drawn, line_rtl, in_reading_order):
        """Per piece: the characters to draw (codes that read as they should, see
        rl_adapter.glyph_read_as) and what each reads as (None for a mark)."""
        said = iter(reading.readings([g for glyphs in drawn for _, g in glyphs if g], line_rtl,
                                     in_reading_order))
        chars, texts = [], []
        for font, glyphs in zip(fonts, drawn):
            chars.append([])
            texts.append([])
            for char, glyph in glyphs:
                text = next(said) if glyph else None
                if text is not None and text != rl_adapter.letters_of(font, char):
                    char = rl_adapter.glyph_read_as(font, char, text)
                chars[-1].append(char)
                texts[-1].append(text)
        return chars, texts

    def _in_reading_order(self, pieces, readings, x, y, size) -> str | None:
        """Operators writing a right-to-left line in one font and colour in
        reading order, for pdfium to read left to right (see reading.py); None
        when pdfium would not: a vowel mark or a raised glyph splits a word.
        """
        chars, texts = readings
        font = rl_adapter.font(self.canvas, pieces[0].font)
        glyphs = []     # (place in reading order, where it is drawn in points, char, reading)
        for piece, piece_chars, piece_texts in zip(pieces, chars, texts):
            data = getattr(piece.glyphs, "__shapeData__", None)
            pen = 0.0
            for index, (char, text) in enumerate(zip(piece_chars, piece_texts)):
                if text is None or any(unicodedata.category(c) == "Mn" for c in text):
                    return None
                if data:
                    if data[index].y_offset:
                        return None
                    place, where = data[index].cluster, pen + data[index].x_offset
                    pen += data[index].x_advance
                else:
                    place = len(piece.text) - 1 - index if piece.rtl else index
                    where = pen
                    pen += font.stringWidth(char, 1000)
                glyphs.append((piece.start + place, x + piece.x + where * size / 1000,
                               char, text))
        runs = reading.pdfium_runs([text for _, _, _, text in glyphs], letters_only=True)
        runs.sort(key=lambda run: min(glyphs[i][0] for i in run))
        stream = [glyphs[i] for run in runs for i in run]
        if reading.pdfium_reads_rtl("".join(text for _, _, _, text in stream)):
            return None
        parts = rl_adapter.subset_chunks(self.canvas, font,
                                         "".join(char for _, _, char, _ in stream))
        if len(parts) > 1:      # two font subsets cannot share one TJ
            return None
        array, pen = [], stream[0][1]
        for _, where, char, _ in stream:
            array += _moves((where - pen) * 1000 / size)
            array.append(f"({_escape(rl_adapter.subset_chunks(self.canvas, font, char)[0][1])})")
            pen = where + font.stringWidth(char, size)
        return "\n".join(["q BT", _fill_operator(self._hex(pieces[0].colour)),
                          f"{parts[0][0]} {_num(size)} Tf",
                          f"1 0 0 1 {_num(stream[0][1])} {_num(y)} Tm",
                          "[" + " ".join(array) + "] TJ", "ET Q"])

    @staticmethod
    def _glyphs(piece, font) -> list[tuple[str, reading.Glyph | None]]:
        """The piece's glyphs in drawing order, each with what it reads as
        (None for a combining mark: its letter reads for it)."""
        data = getattr(piece.glyphs, "__shapeData__", None)
        if not data:
            actual = piece.actual
            return [(char, reading.Glyph(actual or char, piece.rtl, actual is not None))
                    for char in piece.glyphs]
        glyphs = piece.glyphs
        carried = _marks_by_letter(glyphs, data, font)
        out: list[tuple[str, reading.Glyph | None]] = []
        for index, char in enumerate(glyphs):
            if index in carried.marks:
                out.append((char, None))
            elif index in carried.letters:
                text = carried.reading(index, glyphs, data, piece.text, font)
                out.append((char, reading.Glyph(text, piece.rtl)))
            else:
                out.append((char, reading.Glyph(rl_adapter.letters_of(font, char), piece.rtl)))
        return out

    def _show(self, ops, state, font_name, size, text) -> None:
        font = rl_adapter.font(self.canvas, font_name)
        for name, chunk in rl_adapter.subset_chunks(self.canvas, font, text):
            state.font(ops, name, size)
            ops.append(f"({_escape(chunk)}) Tj")

    def _show_island(self, ops, state, font_name, size, chars, runs, x, y) -> None:
        """A left-to-right island of a right-to-left line, its runs written last
        to first, each moved to its place (see reading.pdfium_runs)."""
        font = rl_adapter.font(self.canvas, font_name)
        parts = rl_adapter.subset_chunks(self.canvas, font, "".join(chars))
        if len(parts) > 1:      # two font subsets cannot share one TJ: written as drawn
            ops.append(f"1 0 0 1 {_num(x)} {_num(y)} Tm")
            self._show(ops, state, font_name, size, "".join(chars))
            return
        state.font(ops, parts[0][0], size)
        starts = [0.0]
        for char in chars:
            starts.append(starts[-1] + font.stringWidth(char, 1000))
        # the operation starts at the glyph it writes first, where pdfium places it
        pen = starts[runs[-1].start]
        ops.append(f"1 0 0 1 {_num(x + pen * size / 1000)} {_num(y)} Tm")
        array = []
        for run in reversed(runs):
            if abs(starts[run.start] - pen) > 0.01:
                array.append(_num(pen - starts[run.start]))
            ((_, chunk),) = rl_adapter.subset_chunks(self.canvas, font,
                                                     "".join(chars[i] for i in run))
            array.append(f"({_escape(chunk)})")
            pen = starts[run.stop]
        ops.append("[" + " ".join(array) + "] TJ")

    def _show_shaped(self, ops, state, piece, chars, is_mark, size, x, y, marks_out) -> None:
        """HarfBuzz glyphs in visual order, each placed where HarfBuzz put it.

        ``chars`` are the characters to draw them with (see rl_adapter.glyph_read_as);
        ``is_mark`` says which are combining marks.
        The glyphs stay in one TJ array, spaces included: pdfium drops a text
        operation that draws only a space (its box is empty), and inserts a
        space of its own only at a wide gap. A move to the right is cut into
        steps too small to read as a word space. Combining marks are drawn as
        outlines (see outlines.py); their letter reads for them.
        """
        font = rl_adapter.font(self.canvas, piece.font)
        array: list[str] = []
        rise = 0.0
        pending = 0.0          # thousandths of an em still to move right
        pen = 0.0              # where the current glyph starts, thousandths of an em

        def flush():
            if array:
                ops.append("[" + " ".join(array) + "] TJ")
                array.clear()

        for char, mark, glyph in zip(chars, is_mark, piece.glyphs.__shapeData__):
            if mark:
                glyph_id = rl_adapter.glyph_id(font, char)
                if glyph_id:
                    marks_out.append((self._hex(piece.colour), outlines.path_operators(
                        rl_adapter.font_path(font), glyph_id, x + (pen + glyph.x_offset) * size / 1000,
                        y + glyph.y_offset * size / 1000, size)))
                pen += glyph.x_advance
                pending += glyph.x_advance
                continue
            name, chunk = rl_adapter.subset_chunks(self.canvas, font, char)[0]
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
