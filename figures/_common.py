"""What every figure module shares: the theme it is drawn with and text helpers.

A figure module is a pure function ``draw(labels, theme) -> svgwrite.Drawing``.
Labels come from the edition's content (``sections/<lang>/figures.yaml``); the
theme carries the palette, the font family the SVG names, the label size in
canvas units and a ``measure`` function so text can be wrapped to fit.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

# Every figure is drawn on a canvas this many units wide; the layout scales it
# to the frame width, and the edition picks label sizes so that they print at
# a readable size whatever the frame.
CANVAS_WIDTH = 720.0


@dataclass(frozen=True)
class Palette:
    """Okabe-Ito colours (safe for colour-blind readers) plus light tints.

    Every pair a figure relies on also differs in lightness, so it still reads
    when printed in grayscale; figures add shape, pattern or a label as well.
    """

    ink: str = "#1b1f2a"          # text and outlines
    muted: str = "#4a5263"        # secondary text, still 7:1 on white
    line: str = "#6b7385"         # thin guide lines
    paper: str = "#ffffff"
    grey_light: str = "#eceef2"
    blue: str = "#0a5e9c"         # darkened Okabe-Ito blue, text-safe
    blue_light: str = "#d4e6f4"
    sky: str = "#56b4e9"
    orange: str = "#e69f00"
    orange_light: str = "#fbe9c4"
    green: str = "#00795a"        # darkened bluish green, text-safe
    green_light: str = "#cfeee3"
    vermillion: str = "#c4520a"
    vermillion_light: str = "#f8dcc8"
    purple: str = "#9c4f84"
    purple_light: str = "#f0dcea"
    yellow_light: str = "#fbf5c2"


def _approximate_width(text: str, size: float, bold: bool = False) -> float:
    """Fallback measure when no font is registered: wide enough to be safe."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0
        else:
            width += 0.58 if bold else 0.55
    return width * size


@dataclass(frozen=True)
class Theme:
    font_family: str = "Atkinson Hyperlegible"  # family name used in the SVG
    label_size: float = 14.0       # canvas units; the edition sets it
    small_size: float = 12.0       # footnotes inside a figure
    title_size: float = 16.0       # panel titles
    stroke: float = 2.0            # main outline width
    palette: Palette = field(default_factory=Palette)
    direction: str = "ltr"         # "rtl" mirrors flows that read in a direction
    line_breaking: str = "words"   # "chars" for scripts written without spaces
    measure: Callable[[str, float, bool], float] = _approximate_width
    # The tallest drawing (canvas units) that fits the page at full width with its
    # caption; a figure reflows (stacks its panels) to stay within it rather than
    # being scaled down, which would shrink its labels below their printed minimum.
    max_height: float = 100_000.0

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def line_height(self) -> float:
        return self.label_size * 1.22

    @property
    def note_size(self) -> float:
        """Footnotes and takeaways: the small size, but never below the label size,
        which is the smallest that prints at the edition's minimum."""
        return max(self.small_size, self.label_size)


# Closing punctuation must not start a line, opening punctuation must not end
# one (the basic rule of Chinese and Japanese line breaking).
NO_LINE_START = set("，。、；：！？）》」』】〕〉”’…—・,.;:!?)]}%")
NO_LINE_END = set("（《「『【〔〈“‘([{")


def _tokens(text: str, line_breaking: str) -> list[str]:
    """Split text into pieces that may be placed on separate lines."""
    if line_breaking != "chars":
        return [word for word in text.split(" ") if word]
    tokens: list[str] = []
    latin = ""
    for char in text:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        if wide or char == " ":
            if latin:
                tokens.append(latin)
                latin = ""
            if char != " ":
                tokens.append(char)
            elif tokens:
                tokens[-1] += " "
        else:
            latin += char
    if latin:
        tokens.append(latin)
    # keep closing punctuation with the character before it
    merged: list[str] = []
    for token in tokens:
        if merged and (token[0] in NO_LINE_START or merged[-1][-1] in NO_LINE_END):
            merged[-1] += token
        else:
            merged.append(token)
    return merged


def wrap_lines(text: str, theme: Theme, max_width: float, size: float | None = None,
               bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` canvas units.

    A single word wider than the box is broken by characters, so nothing ever
    spills out of its box. A newline in the label forces a break.
    """
    size = size or theme.label_size
    lines: list[str] = []
    for paragraph in text.split("\n"):
        joiner = "" if theme.line_breaking == "chars" else " "
        current = ""
        for token in _tokens(paragraph, theme.line_breaking):
            candidate = (current + joiner + token) if current else token
            if theme.line_breaking == "chars":
                candidate = current + token
            if theme.measure(candidate.strip(), size, bold) <= max_width or not current:
                current = candidate
            else:
                lines.append(current.strip())
                current = token
            while theme.measure(current.strip(), size, bold) > max_width and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and theme.measure(current[:cut], size, bold) > max_width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current.strip())
    return [line for line in lines if line] or [""]


def text_block(drawing, lines: list[str], x: float, y: float, theme: Theme, *,
               size: float | None = None, bold: bool = False, anchor: str = "start",
               fill: str | None = None, line_height: float | None = None):
    """Add lines of text whose first baseline is at ``y``; returns the group.

    ``anchor`` is the SVG text-anchor (start, middle, end). In right-to-left
    editions "start" and "end" swap, so callers write layouts once.
    """
    size = size or theme.label_size
    line_height = line_height or size * 1.22
    if theme.rtl and anchor in ("start", "end"):
        anchor = "end" if anchor == "start" else "start"
    group = drawing.g()
    for index, line in enumerate(lines):
        attrs = {
            "insert": (x, y + index * line_height),
            "font_family": theme.font_family,
            "font_size": size,
            "fill": fill or theme.palette.ink,
            "text_anchor": anchor,
        }
        if bold:
            attrs["font_weight"] = "bold"
        group.add(drawing.text(line, **attrs))
    return group


def words_fit(text: str, theme: Theme, width: float, size: float | None = None,
              bold: bool = False) -> bool:
    """Whether ``text`` wraps into ``width`` without breaking a word (in Chinese,
    where lines may break between any two characters, without breaking a
    character pair held together by punctuation)."""
    size = size or theme.label_size
    return all(theme.measure(token.strip(), size, bold) <= width
               for paragraph in text.split("\n")
               for token in _tokens(paragraph, theme.line_breaking))


def rich_lines(runs, theme: Theme, max_width: float, size: float | None = None):
    """Wrap runs of differently styled text as one paragraph.

    ``runs`` is a list of (text, bold, fill). Returns lines, each a list of
    segments (text, bold, fill, width): a bold lead-in can run on into plain
    words on the same line ("**Potholes:** fewer connections").
    """
    size = size or theme.label_size
    chars = theme.line_breaking == "chars"
    tokens = []   # (text, bold, fill, width, space before it if not first on a line)
    for text, bold, fill in runs:
        for token in _tokens(text, theme.line_breaking):
            token = token if chars else token.strip()
            width = theme.measure(token, size, bold)
            if width > max_width:   # a word wider than the box: break it by characters
                for piece in wrap_lines(token, theme, max_width, size=size, bold=bold):
                    tokens.append((piece, bold, fill, theme.measure(piece, size, bold)))
            else:
                tokens.append((token, bold, fill, width))
    def space_before(token) -> float:
        return 0.0 if chars else theme.measure(" ", size, token[1])

    lines, line, used = [], [], 0.0
    for token in tokens:
        extra = token[3] + (space_before(token) if line else 0.0)
        if line and used + extra > max_width:
            lines.append(line)
            line, used = [], 0.0
            extra = token[3]
        line.append(token)
        used += extra
    if line:
        lines.append(line)
    result = []
    for line in lines:
        segments = []   # runs of one style, measured whole as they will be drawn
        for text, bold, fill, _ in line:
            if segments and segments[-1][1] == bold and segments[-1][2] == fill:
                segments[-1][0] += ("" if chars else " ") + text
            else:
                segments.append([text, bold, fill])
        result.append([(text, bold, fill, theme.measure(text, size, bold))
                       for text, bold, fill in segments])
    return result


def rich_block(drawing, lines, x: float, y: float, theme: Theme, *, size: float | None = None,
               line_height: float | None = None):
    """Draw :func:`rich_lines` output; the first baseline at ``y``, starting at ``x``
    (the left edge, or the right edge in right-to-left editions)."""
    size = size or theme.label_size
    line_height = line_height or size * 1.22
    group = drawing.g()
    for index, segments in enumerate(lines):
        offset = 0.0
        for text, bold, fill, width in segments:
            attrs = {"font_family": theme.font_family, "font_size": size,
                     "fill": fill or theme.palette.ink}
            if bold:
                attrs["font_weight"] = "bold"
            at = x - offset if theme.rtl else x + offset
            group.add(drawing.text(text, insert=(at, y + index * line_height),
                                   text_anchor="end" if theme.rtl else "start", **attrs))
            offset += width + (0.0 if theme.line_breaking == "chars"
                               else theme.measure(" ", size, bold))
    return group


def block_height(lines: list[str], theme: Theme, size: float | None = None) -> float:
    """Height taken by ``lines`` drawn with :func:`text_block`, cap to descender."""
    size = size or theme.label_size
    return size * 1.22 * (len(lines) - 1) + size * 1.05


def remembering(theme: Theme) -> Theme:
    """The theme with a measure that remembers what it measured during one drawing.

    Layouts try several arrangements and wrap the same words many times; shaping
    Arabic words is slow. The memory lives only as long as the returned theme.
    """
    known: dict = {}
    measure = theme.measure

    def remembered(text: str, size: float, bold: bool = False) -> float:
        key = (text, size, bold)
        if key not in known:
            known[key] = measure(text, size, bold)
        return known[key]
    return replace(theme, measure=remembered)


def baseline(top: float, size: float) -> float:
    """The first baseline of a text block whose ink starts at ``top``."""
    return top + size * 0.8


def first_that_fits(figure: str, theme: Theme, layouts):
    """The first drawing, of ``layouts`` tried in order of preference, that is no
    taller than ``theme.max_height``; a layout may also decline (return None).

    Text is never made smaller to fit: when no layout fits, a ValueError names the
    figure, its label size and the height it needs.
    """
    tallest_needed = None
    for layout in layouts:
        drawing = layout()
        if drawing is None:
            continue
        height = float(drawing["height"])
        if height <= theme.max_height + 1e-6:
            return drawing
        tallest_needed = height if tallest_needed is None else min(tallest_needed, height)
    raise ValueError(
        f"figure {figure!r} does not fit the page at label size {theme.label_size:g}: it needs "
        f"{tallest_needed or float('inf'):.0f} canvas units of height and the page allows "
        f"{theme.max_height:g}; shorten its labels")


def require_labels(labels: Mapping[str, str], keys: tuple[str, ...], figure: str) -> None:
    missing = [key for key in keys if not labels.get(key)]
    if missing:
        raise KeyError(f"figure {figure!r} is missing labels: {', '.join(missing)}")
