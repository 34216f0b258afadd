"""Figures and logos: SVG drawn in code, turned into PDF drawing programs.

Figure code draws SVG with svgwrite (pure: labels and theme in, SVG out).
svglib turns that SVG into a ReportLab drawing, which is rendered once into a
*program*: the PDF graphics operators of its shapes, and its labels as text
items (font, size, colour, anchor, words). The program is what the handout
draws, every label set by the one text stack, so Arabic labels are shaped
and read in order like any paragraph. Programs are plain data: they are kept
in the cache folder as JSON, checked when read back, and never run as code.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from . import fonts
from .errors import BuildError
from .languages import Language

MAX_SVG_BYTES = 1024 * 1024
CANVAS_WIDTH = 720.0
PROGRAM_FORMAT = "booklet-figure-program-1"


def figure_theme(lang: Language, label_size: float, max_height: float = 100_000.0):
    from figures._common import Theme

    font_set = fonts.FONT_SETS[lang.font_set]
    size = round(label_size, 2)
    # every label at the edition's label size or more: footnotes too
    return Theme(font_family=font_set.svg_family, label_size=size, small_size=size,
                 title_size=round(size * 1.12, 2), direction=lang.direction,
                 line_breaking=lang.line_breaking, measure=fonts.measurer(font_set),
                 max_height=round(max_height, 1))


@lru_cache(maxsize=64)
def figure_svg(name: str, labels: tuple, lang: Language, label_size: float,
               max_height: float = 100_000.0) -> str:
    """The SVG text of one figure; labels is a sorted tuple of (key, text)."""
    from figures import figure_module

    theme = figure_theme(lang, label_size, max_height)
    try:
        drawing = figure_module(name).draw(dict(labels), theme)
    except KeyError as error:
        raise BuildError(f"figure {name!r}: {error.args[0]}") from None
    except ValueError as error:
        raise BuildError(f"figure {name!r} cannot be drawn here: {error}") from None
    return drawing.tostring()


# --- programs -----------------------------------------------------------------------

@dataclass(frozen=True)
class TextItem:
    x: float
    y: float
    font: str            # a registered font name
    size: float
    colour: str          # "#rrggbb"
    anchor: str          # start | middle | end
    text: str


@dataclass(frozen=True)
class Program:
    width: float
    height: float
    items: tuple         # str (graphics operators) or TextItem, in drawing order

    def text_sizes(self) -> list[float]:
        return [item.size for item in self.items if isinstance(item, TextItem)]

    def texts(self) -> list[str]:
        return [item.text for item in self.items if isinstance(item, TextItem)]


@lru_cache(maxsize=64)
def figure_program(name: str, labels: tuple, lang: Language, label_size: float,
                   max_height: float) -> Program:
    """A figure as a drawing program (cached in memory and on disk)."""
    font_set = fonts.FONT_SETS[lang.font_set]
    fonts.register(font_set)
    key = _cache_key(name, labels, lang, label_size, max_height)
    program = _read_cached(key)
    if program is None:
        svg_text = figure_svg(name, labels, lang, label_size, max_height)
        drawing = svg_to_drawing(svg_text, f"figure {name!r}", lang)
        program = record(drawing, font_set.name("regular"))
        _write_cached(key, program)
    return program


def record(drawing, default_font: str) -> Program:
    """Render ``drawing`` once, keeping its graphics operators and its labels as data."""
    from .rl_adapter import drawing_items

    items = [item if isinstance(item, str) else TextItem(*item)
             for item in drawing_items(drawing, default_font)]
    return Program(round(drawing.width, 3), round(drawing.height, 3), tuple(items))


# what a figure's graphics may hold: numbers, names of colour spaces and these operators
_OPERATORS = {"q", "Q", "cm", "m", "l", "c", "v", "y", "h", "re", "f", "F", "f*", "S", "s",
              "B", "B*", "b", "b*", "n", "W", "W*", "rg", "RG", "g", "G", "k", "K", "w", "J",
              "j", "d", "M", "ri", "i"}
_NUMBER = r"-?\d*\.?\d+(?:[eE]-?\d+)?"
_PROGRAM = re.compile(r"(?:\s*(?:\[[-\d.\s]*\]|" + _NUMBER + r"|(?:"
                      + "|".join(sorted((re.escape(op) for op in _OPERATORS), key=len,
                                        reverse=True))
                      + r")(?![A-Za-z*])))*\s*")


def safe_operators(code: str) -> bool:
    """Whether ``code`` holds only numbers and graphics operators (no text, no
    resources): what a cached drawing may replay."""
    return _PROGRAM.fullmatch(code) is not None


# --- the cache (plain JSON, checked on read) ----------------------------------------------

@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A hash of booklet's and the figures' code and of the installed libraries."""
    from . import fingerprint

    return hashlib.sha256(f"{PROGRAM_FORMAT}|{fingerprint.code()}|"
                          f"{fingerprint.libraries()}".encode()).hexdigest()


def _cache_key(name, labels, lang, label_size, max_height) -> str:
    parts = repr((name, labels, lang, round(label_size, 2), round(max_height, 1),
                  fonts.FONT_SETS[lang.font_set]))
    return hashlib.sha256(f"{_code_fingerprint()}|{parts}".encode("utf-8")).hexdigest()[:32]


def _read_cached(key: str) -> Program | None:
    from . import cache

    data = cache.get_json("figures", key)   # checked data; a damaged entry is a miss
    if data is None:
        return None
    try:
        return _program_from_data(data, key)
    except (ValueError, TypeError, KeyError):
        return None


def _program_from_data(data, key: str) -> Program | None:
    """A program from cached JSON, or None when anything in it is not as written."""
    if not isinstance(data, dict) or data.get("format") != PROGRAM_FORMAT or \
            data.get("key") != key or not isinstance(data.get("items"), list):
        return None
    items = []
    for item in data["items"]:
        if isinstance(item, str):
            if not safe_operators(item):     # graphics operators only, nothing else
                return None
            items.append(item)
        else:
            x, y, font, size, colour, anchor, text = item
            if not (isinstance(font, str) and isinstance(text, str) and isinstance(colour, str)
                    and re.fullmatch(r"#[0-9a-f]{6}", colour) and
                    anchor in ("start", "middle", "end")):
                return None
            items.append(TextItem(float(x), float(y), font, float(size), colour, anchor, text))
    return Program(float(data["width"]), float(data["height"]), tuple(items))


def _write_cached(key: str, program: Program) -> None:
    from . import cache

    items = [item if isinstance(item, str) else
             [item.x, item.y, item.font, item.size, item.colour, item.anchor, item.text]
             for item in program.items]
    cache.put_json("figures", key, {"format": PROGRAM_FORMAT, "key": key,
                                    "width": program.width, "height": program.height,
                                    "items": items})


# --- SVG to ReportLab --------------------------------------------------------------------

def svg_to_drawing(svg_text: str, what: str, lang: Language | None = None):
    from lxml import etree

    from . import svglib_adapter

    if lang is not None:
        fonts.register_for_svg(fonts.FONT_SETS[lang.font_set])
    root = _parse_svg(svg_text.encode("utf-8"), what, etree)
    drawing = svglib_adapter.render(root)
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


