"""Fonts: find the packaged TTFs and register them once.

ReportLab embeds and subsets TrueType fonts only, so every face used here is a
static TTF with TrueType outlines, shipped in a package from PyPI. Nothing is
made on the user's machine: a first build is as fast as any other, and the same
inputs give the same bytes everywhere.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError


@dataclass(frozen=True)
class FontSource:
    """Where one face comes from: a package and a file in it."""

    package: str
    filename: str
    subfont: int = 0               # index inside a .ttc collection


@dataclass(frozen=True)
class FontSet:
    """The four faces that set one script, and how ReportLab should treat them."""

    key: str                       # short id, used in registered font names
    svg_family: str                # the family name figures put in their SVG
    regular: FontSource
    bold: FontSource
    italic: FontSource
    bold_italic: FontSource
    shaping: bool = False          # run HarfBuzz shaping (Arabic)
    has_bold: bool = True          # False: the bold face is the regular one


    def name(self, face: str) -> str:
        return f"{self.key}-{face}"

    @property
    def faces(self) -> dict[str, FontSource]:
        return {"regular": self.regular, "bold": self.bold,
                "italic": self.italic, "bolditalic": self.bold_italic}


def _static(package: str, prefix: str) -> dict[str, FontSource]:
    return {face: FontSource(package, f"{prefix}-{suffix}.ttf")
            for face, suffix in (("regular", "Regular"), ("bold", "Bold"),
                                 ("italic", "Italic"), ("bolditalic", "BoldItalic"))}


_ATKINSON = _static("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible")
_BE_VIETNAM = _static("fontpkg_be_vietnam_pro", "BeVietnamPro")
_ALMARAI = "fontpkg_almarai"
_WQY = FontSource("paperang_p2_fonts_cjk", "fonts/wqy-microhei.ttc")

FONT_SETS: dict[str, FontSet] = {
    # Atkinson Hyperlegible: drawn for low-vision readers; covers Western Europe.
    "latin": FontSet("Atkinson", "Atkinson Hyperlegible", _ATKINSON["regular"],
                     _ATKINSON["bold"], _ATKINSON["italic"], _ATKINSON["bolditalic"]),
    # Be Vietnam Pro: drawn for Vietnamese, with every tone mark as a whole
    # glyph; static TrueType faces, so nothing is made on a user's machine.
    "vietnamese": FontSet("BeVietnamPro", "Be Vietnam Pro", _BE_VIETNAM["regular"],
                          _BE_VIETNAM["bold"], _BE_VIETNAM["italic"],
                          _BE_VIETNAM["bolditalic"]),
    # Almarai: a plain modern Arabic sans whose joined letter forms are whole
    # glyphs (Noto Sans Arabic builds them from shared dotless shapes plus dots,
    # which no PDF text layer can map back to letters). No italic: emphasis is
    # bold. HarfBuzz joins the letters.
    "arabic": FontSet(
        "Almarai", "Almarai",
        FontSource(_ALMARAI, "Almarai-Regular.ttf"), FontSource(_ALMARAI, "Almarai-Bold.ttf"),
        FontSource(_ALMARAI, "Almarai-Regular.ttf"), FontSource(_ALMARAI, "Almarai-Bold.ttf"),
        shaping=True),
    # WenQuanYi Micro Hei has TrueType outlines, which ReportLab can embed;
    # it has one weight, so bold text is set in the same face.
    "cjk": FontSet("WQYMicroHei", "WenQuanYi Micro Hei", _WQY, _WQY, _WQY, _WQY,
                   has_bold=False),
}


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise BuildError(f"the font package {package!r} is not installed; "
                         f"run `pip install .` in the project folder")
    return Path(next(iter(spec.submodule_search_locations)))


def font_file(source: FontSource) -> Path:
    path = _package_dir(source.package) / "files" / source.filename
    if not path.exists():
        path = _package_dir(source.package) / source.filename
    if not path.exists():
        raise BuildError(f"font file {source.filename} is missing from {source.package}")
    return path


_registered: set[str] = set()


def register(font_set: FontSet) -> None:
    """Register the set with ReportLab (and with svglib, by SVG family name)."""
    if font_set.key in _registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    loaded: dict[Path, str] = {}
    for face, source in font_set.faces.items():
        path = font_file(source)
        name = font_set.name(face)
        if (path, source.subfont) in loaded:
            # one file serving two faces (a font with one weight): one embedding
            from .rl_adapter import alias_font

            alias_font(name, loaded[(path, source.subfont)])
            continue
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=source.subfont,
                                       shapable=font_set.shaping))
        loaded[(path, source.subfont)] = name
    for bold, italic, face in ((0, 0, "regular"), (1, 0, "bold"),
                               (0, 1, "italic"), (1, 1, "bolditalic")):
        addMapping(font_set.name("regular"), bold, italic, font_set.name(face))
    _registered.add(font_set.key)


def register_for_svg(font_set: FontSet) -> None:
    """Tell svglib which registered fonts its family name means."""
    register(font_set)
    from .svglib_adapter import map_family

    for weight, style, face in (("normal", "normal", "regular"), ("bold", "normal", "bold"),
                                ("normal", "italic", "italic"), ("bold", "italic", "bolditalic")):
        map_family(font_set.svg_family, weight, style, font_set.name(face))


def faux_bold_names() -> frozenset:
    """Registered bold names that stand for a regular face (drawn thickened)."""
    return frozenset(font_set.name(face) for font_set in FONT_SETS.values()
                     if not font_set.has_bold and font_set.key in _registered
                     for face in ("bold", "bolditalic"))


def measurer(font_set: FontSet):
    """A ``measure(text, size, bold)`` function for figure layout."""
    register(font_set)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    regular, bold_name = font_set.name("regular"), font_set.name("bold")
    if font_set.shaping:  # joined Arabic letters are narrower than isolated ones
        from .text.shaping import shaped

        def measure(text: str, size: float, bold: bool = False) -> float:
            return sum(shaped(word, bold_name if bold else regular, size)[1]
                       for word in text.split(" ")) + \
                stringWidth(" ", regular, size) * text.count(" ")
        return measure

    def measure(text: str, size: float, bold: bool = False) -> float:
        return stringWidth(text, bold_name if bold else regular, size)

    return measure
