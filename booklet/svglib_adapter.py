"""Every use of svglib beyond its documented API, in one place.

svglib turns a figure's SVG into a ReportLab drawing. Two things it does not
offer are done here on its internals: naming the handout's registered fonts
for an SVG family exactly (its public ``register_font`` maps only to base-14
names or re-reads a file), and never asking this machine's fontconfig for a
font (the PDF would then depend on the machine). tests/test_adapters.py fails
if an upgrade changes them.
"""
from __future__ import annotations


def map_family(family: str, weight: str, style: str, font_name: str) -> None:
    """Make SVG text in ``family`` (weight, style) use the registered ``font_name``."""
    from svglib.fonts import get_global_font_map

    font_map = get_global_font_map()
    internal = font_map.build_internal_name(family, weight, style)
    font_map._map[internal] = {"svg_family": family, "svg_weight": weight,
                               "svg_style": style, "rlgFont": font_name, "exact": True}
    font_map._family_index.setdefault(family.lower(), family)


def no_system_fonts() -> None:
    """Keep svglib from looking up fonts on this machine: for an unknown family it
    asks fontconfig and registers whatever system font answers, under names that
    then leak into every later build. Figures use only the handout's fonts."""
    from svglib.fonts import FontMap

    FontMap.use_fontconfig = lambda self, *args, **kwargs: (None, False)
    FontMap.guess_font_filename = staticmethod(lambda *args, **kwargs: None)


def render(root, path: str | None = ""):
    """The ReportLab drawing for a parsed (and checked) SVG root element, or None.
    ``path`` None: svglib could not open a referenced file even if one slipped
    through the checks."""
    from svglib.svglib import SvgRenderer

    no_system_fonts()
    return SvgRenderer(path).render(root)
