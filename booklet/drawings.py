"""Figures and logos as ReportLab vector drawings (through svglib).

Figure code draws SVG with svgwrite; svglib turns that SVG into a ReportLab
Drawing, so lines stay lines and labels stay text in the handout's font.
Conversions are remembered in-process: a batch building many editions draws
each distinct figure (labels x theme) once.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from . import fonts
from .errors import BuildError
from .languages import Language

MAX_SVG_BYTES = 1024 * 1024


def figure_theme(lang: Language, label_size: float):
    from figures._common import Theme

    font_set = fonts.FONT_SETS[lang.font_set]
    return Theme(font_family=font_set.svg_family, label_size=round(label_size, 2),
                 small_size=round(label_size * 0.9, 2), title_size=round(label_size * 1.12, 2),
                 direction=lang.direction, line_breaking=lang.line_breaking,
                 measure=fonts.measurer(font_set))


@lru_cache(maxsize=64)
def figure_svg(name: str, labels: tuple, lang: Language, label_size: float) -> str:
    """The SVG text of one figure; labels is a sorted tuple of (key, text)."""
    from figures import figure_module

    theme = figure_theme(lang, label_size)
    try:
        drawing = figure_module(name).draw(dict(labels), theme)
    except KeyError as error:
        raise BuildError(f"figure {name!r}: {error.args[0]}") from None
    return drawing.tostring()


@lru_cache(maxsize=64)
def figure_drawing(name: str, labels: tuple, lang: Language, label_size: float):
    """The figure as a ReportLab Drawing (cached; treat it as read-only).

    Converting SVG with svglib is the slowest step of a build, so converted
    drawings are also kept on disk, keyed by everything that shapes them: the
    figure code, the labels, the language, the size and the library versions.
    """
    fonts.register(fonts.FONT_SETS[lang.font_set])
    key = _cache_key(name, labels, lang, label_size)
    cached = _read_cached(key)
    if cached is not None:
        return cached
    svg_text = figure_svg(name, labels, lang, label_size)
    drawing = _plain_shapes(svg_to_drawing(svg_text, f"figure {name!r}", lang))
    _write_cached(key, drawing)
    return drawing


def _plain_shapes(node):
    """Replace svglib's two Path subclasses by plain ReportLab Paths that draw
    the same, so that a cached drawing loads without importing svglib."""
    from reportlab.graphics.shapes import Path

    for index, child in enumerate(getattr(node, "contents", [])):
        kind = type(child).__name__
        if type(child) is not Path and kind in ("NoStrokePath", "ClippingPath"):
            plain = Path()
            plain.__dict__.update(child.__dict__)
            if kind == "NoStrokePath":
                plain.strokeWidth, plain.strokeColor = 0, None
            else:
                plain.isClipPath, plain.fillColor, plain.strokeColor = 1, None, None
            node.contents[index] = plain
        else:
            _plain_shapes(child)
    return node


CACHE_FORMAT = "2"


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A hash of all figure code and the converting libraries' versions."""
    from importlib.metadata import version

    import figures
    import reportlab

    digest = hashlib.sha256(f"{CACHE_FORMAT}|{reportlab.Version}|{version('svglib')}".encode())
    for path in sorted(Path(figures.__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def _cache_key(name, labels, lang, label_size) -> str:
    parts = repr((name, labels, lang, label_size, fonts.FONT_SETS[lang.font_set]))
    return hashlib.sha256(f"{_code_fingerprint()}|{parts}".encode("utf-8")).hexdigest()[:32]


def _cache_path(key: str) -> Path | None:
    if os.environ.get("BOOKLET_NO_CACHE"):
        return None
    return fonts.cache_root() / "drawings" / f"{key}.pickle"


def _read_cached(key: str):
    path = _cache_path(key)
    if path is None or not path.exists():
        return None
    try:
        # the cache holds only what this program wrote, in the user's own cache folder
        return pickle.loads(path.read_bytes())
    except Exception:  # a damaged or stale entry is simply made again
        return None


def _write_cached(key: str, drawing) -> None:
    path = _cache_path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(pickle.dumps(drawing, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        pass  # no cache is fine: the next build converts again


def _no_system_fonts() -> None:
    """Keep svglib from looking up fonts on this machine.

    For an unknown family svglib asks fontconfig and registers whatever system
    font answers, under names that then leak into every later build; the PDF
    would depend on the machine. Figures use only the handout's fonts; other
    text (in a logo, say) is set in the edition's font instead.
    """
    from svglib.fonts import FontMap

    FontMap.use_fontconfig = lambda self, *args, **kwargs: (None, False)
    FontMap.guess_font_filename = staticmethod(lambda *args, **kwargs: None)


def svg_to_drawing(svg_text: str, what: str, lang: Language | None = None):
    from lxml import etree
    from svglib.svglib import SvgRenderer

    _no_system_fonts()
    if lang is not None:
        fonts.register_for_svg(fonts.FONT_SETS[lang.font_set])

    root = _parse_svg(svg_text.encode("utf-8"), what, etree)
    drawing = SvgRenderer("").render(root)
    if drawing is None:
        raise BuildError(f"{what}: svglib could not convert the SVG")
    return drawing


def _parse_svg(data: bytes, what: str, etree):
    """Parse SVG without DTDs, entities or network access (no XXE, no bombs)."""
    if len(data) > MAX_SVG_BYTES:
        raise BuildError(f"{what}: the SVG is {len(data):,} bytes; the limit is {MAX_SVG_BYTES:,}")
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise BuildError(f"{what}: the SVG declares a DOCTYPE or entities, which are refused; "
                         f"export it again as plain SVG")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise BuildError(f"{what}: the SVG is not well-formed XML ({error})") from None
    if root is None or not str(root.tag).endswith("svg"):
        raise BuildError(f"{what}: the file is not an SVG image")
    return root


def logo_drawing(path: Path, font_name: str):
    """A clinic's SVG logo as a Drawing; references outside its folder are refused."""
    from lxml import etree
    from svglib.svglib import SvgRenderer

    _no_system_fonts()
    root = _parse_svg(path.read_bytes(), f"logo {path.name}", etree)
    drawing = SvgRenderer(str(path), external_reference_root=str(path.parent)).render(root)
    if drawing is None or drawing.width <= 0 or drawing.height <= 0:
        raise BuildError(f"logo {path.name}: svglib could not convert the SVG")
    _replace_base14_fonts(drawing, font_name)
    return drawing


def _replace_base14_fonts(node, font_name: str) -> None:
    """A logo's text in a font we do not have would fall back to Helvetica, a
    base-14 font that is never embedded; set it in the handout's font instead."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import standardFonts

    for child in getattr(node, "contents", []):
        if isinstance(child, String) and child.fontName in standardFonts:
            child.fontName = font_name
        _replace_base14_fonts(child, font_name)


class graphics_font:
    """Use ``font_name`` as ReportLab's default graphics font while drawing.

    renderPDF starts every drawing by selecting STATE_DEFAULTS' font
    (Helvetica), which would put a base-14 font in the PDF even when every
    label sets its own font.
    """

    def __init__(self, font_name: str):
        self.font_name = font_name

    def __enter__(self):
        from reportlab.graphics.renderbase import STATE_DEFAULTS

        self.defaults = STATE_DEFAULTS
        self.previous = STATE_DEFAULTS["fontName"]
        STATE_DEFAULTS["fontName"] = self.font_name
        return self

    def __exit__(self, *exc):
        self.defaults["fontName"] = self.previous
        return False


_RTL_TEXT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _shaping_renderer(faux_bold: frozenset = frozenset()):
    """renderPDF's renderer, taught two things figures need.

    Right-to-left labels: renderPDF draws every string left to right and
    unshaped; they are set here word by word like right-to-left paragraphs.
    Fonts without a bold face (Chinese): bold labels are drawn filled and
    stroked, which thickens the strokes the way a bold face would.
    """
    from reportlab.graphics.renderPDF import _PDFRenderer
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    from .layout.rtl import RTLParagraph, Run

    class FigureRenderer(_PDFRenderer):
        def drawString(self, string):
            state = self._tracker.getState()
            font, size = state["fontName"], state["fontSize"]
            if _RTL_TEXT.search(string.text or "") and self._fill:
                style = ParagraphStyle("label", fontName=font, fontSize=size, leading=size,
                                       alignment=TA_LEFT)
                line = RTLParagraph([Run(string.text, font, state["fillColor"])], style)
                line.wrap(10_000, 10_000)
                width = line.last_line_width()
                x = string.x - {"end": width, "middle": width / 2}.get(state["textAnchor"], 0)
                self._canvas.saveState()
                line.width = width
                line.drawOn(self._canvas, x, string.y)
                self._canvas.restoreState()
                return None
            if font in faux_bold and self._fill:
                string.textRenderMode = 2
                self._canvas.saveState()
                self._canvas.setStrokeColor(state["fillColor"])
                self._canvas.setLineWidth(size * 0.045)
                super().drawString(string)
                self._canvas.restoreState()
                string.textRenderMode = 0
                return None
            return super().drawString(string)

    return FigureRenderer()


class _Recorder:
    """Stands in for a canvas: passes every call to a scratch canvas and notes it.

    Walking a drawing's tree (state tracking, property merging) costs more than
    the drawing commands it produces; a batch draws the same figures in every
    edition, so the commands are noted once and replayed on each real canvas.
    """

    def __init__(self, canvas):
        self._canvas = canvas
        self.calls: list = []

    def __getattr__(self, name):
        attribute = getattr(self._canvas, name)
        if name.startswith("_") or not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            return attribute(*args, **kwargs)

        return call


_scratch = None


def _recorded_calls(drawing, font_name: str, font_size: float) -> list:
    global _scratch
    from reportlab.graphics.renderbase import renderScaledDrawing
    from reportlab.pdfgen.canvas import Canvas

    key = (font_name, font_size, fonts.faux_bold_names())
    cached = getattr(drawing, "_booklet_calls", None)
    if cached and cached[0] == key:
        return cached[1]
    if _scratch is None:
        _scratch = Canvas(io.BytesIO(), invariant=1, initialFontName=font_name)
    _scratch.setFont(font_name, font_size)  # the state the real canvas will be in
    recorder = _Recorder(_scratch)
    with graphics_font(font_name):
        _shaping_renderer(key[2]).draw(renderScaledDrawing(drawing), recorder, 0, 0)
    drawing._booklet_calls = (key, recorder.calls)
    return recorder.calls


def draw_vector(drawing, canvas, x: float, y: float) -> None:
    """Draw a ReportLab Drawing with the canvas's current font as the default.

    Always through the recorded commands, so that a cold build and the tenth
    edition of a batch write the same bytes.
    """
    calls = _recorded_calls(drawing, canvas._fontname, canvas._fontsize)
    if x or y:
        canvas.saveState()
        canvas.translate(x, y)
    for name, args, kwargs in calls:
        getattr(canvas, name)(*args, **kwargs)
    if x or y:
        canvas.restoreState()
