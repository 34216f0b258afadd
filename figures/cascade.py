"""The proposed chain of events after a dose: six numbered boxes joined by arrows.

Each box has a small picture, a bold plain-words title and the technical term.
A time band under the boxes shows when each step is thought to happen. The
boxes sit in one row when every word fits, else in two rows of three joined by
a return arrow. Positions are computed left to right and mirrored for
right-to-left editions.
"""
from __future__ import annotations

import math
from typing import Mapping

import svgwrite

from ._marks import balanced_lines, ketamine_marker
from ._common import (CANVAS_WIDTH, Theme, block_height, require_labels, text_block,
                      wrap_lines)

STEPS = 6
# written out in full: content validation reads this tuple without importing the module
LABEL_KEYS = (
    "step1", "step2", "step3", "step4", "step5", "step6",
    "step1_term", "step2_term", "step3_term", "step4_term", "step5_term", "step6_term",
    "number1", "number2", "number3", "number4", "number5", "number6",
    "time_minutes", "time_hours", "time_day", "footnote",
)

MARGIN = 16.0
PAD = 9.0             # inside a box, left and right of the text
ICON_DRAWN_H = 36.0   # the pictures are drawn about 56 x 36 units, then scaled
MAX_ONE_ROW_LINES = 4
# Which boxes each part of the time band spans (0-based, inclusive).
TIME_SPANS = (("time_minutes", 0, 2), ("time_hours", 3, 4), ("time_day", 5, 5))


def _group_of(step: int) -> int:
    return next(k for k, (_, first, last) in enumerate(TIME_SPANS) if first <= step <= last)


def _colours(theme: Theme):
    """(box fill, accent) for each time group: minutes, hours, about a day."""
    pal = theme.palette
    return ((pal.blue_light, pal.blue), (pal.orange_light, pal.vermillion),
            (pal.green_light, pal.green))


class Geometry:
    """Box positions in left-to-right terms; ``x()`` mirrors them for RTL."""

    def __init__(self, theme: Theme, columns: int):
        self.theme, self.columns = theme, columns
        self.rows = math.ceil(STEPS / columns)
        # Two rows need side gutters for the arrow that returns to the next row.
        self.gutter = 0.0 if self.rows == 1 else 24.0
        self.gap = 26.0 if columns > 3 else 40.0
        span = CANVAS_WIDTH - 2 * (MARGIN + self.gutter)
        self.box_w = (span - (columns - 1) * self.gap) / columns
        self.text_w = self.box_w - 2 * PAD

    def left(self, step: int) -> float:
        column = step % self.columns
        return MARGIN + self.gutter + column * (self.box_w + self.gap)

    def x(self, x: float) -> float:
        return CANVAS_WIDTH - x if self.theme.rtl else x


def _box_text(labels, theme, geometry):
    steps = range(1, STEPS + 1)
    titles = [balanced_lines(labels[f"step{i}"], theme, geometry.text_w, bold=True)
              for i in steps]
    terms = [wrap_lines(labels[f"step{i}_term"], theme, geometry.text_w) for i in steps]
    return titles, terms


def _fits_one_row(labels, theme) -> bool:
    geometry = Geometry(theme, STEPS)
    for i in range(1, STEPS + 1):
        for key, bold in ((f"step{i}", True), (f"step{i}_term", False)):
            words = [labels[key]] if theme.line_breaking == "chars" else labels[key].split()
            if any(theme.measure(w, theme.label_size, bold) > geometry.text_w for w in words):
                return False
    titles, terms = _box_text(labels, theme, geometry)
    return max(len(t) + len(u) for t, u in zip(titles, terms)) <= MAX_ONE_ROW_LINES + 1


def _arrow(dwg, parent, start, end, colour, width=2.2, head=9.0):
    """A straight arrow with a drawn (polygon) head, pointing from start to end."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    base = (x2 - ux * head, y2 - uy * head)
    parent.add(dwg.line(start, (base[0] + ux, base[1] + uy), stroke=colour, stroke_width=width))
    parent.add(dwg.polygon([end, (base[0] - uy * head * 0.6, base[1] + ux * head * 0.6),
                            (base[0] + uy * head * 0.6, base[1] - ux * head * 0.6)], fill=colour))


# --- the six small pictures: drawn around (0, 0) in about 56 x 36 units, then
# placed and scaled by the group they are drawn into.

def _icon_blocked(dwg, g, theme):
    """A receptor channel (two halves) plugged shut."""
    pal = theme.palette
    for left in (-19, 9):
        g.add(dwg.rect((left, -16), (10, 32), rx=5, fill=pal.paper, stroke=pal.ink,
                       stroke_width=1.8))
    for x1, x2 in ((-28, -19), (19, 28)):  # the cell's surface on either side
        g.add(dwg.line((x1, 6), (x2, 6), stroke=pal.line, stroke_width=1.5))
    # the same hexagon stands for ketamine in every figure
    g.add(ketamine_marker(dwg, 0, -6, 7.5, theme))


def _icon_burst(dwg, g, theme):
    """Messenger particles bursting outwards."""
    pal = theme.palette
    for k in range(8):
        a = 2 * math.pi * k / 8 + 0.3
        g.add(dwg.line((7 * math.cos(a), 7 * math.sin(a)), (13 * math.cos(a), 13 * math.sin(a)),
                       stroke=pal.blue, stroke_width=1.6, stroke_linecap="round"))
        g.add(dwg.circle((18 * math.cos(a + 0.4), 15 * math.sin(a + 0.4)), r=3.2, fill=pal.sky,
                         stroke=pal.ink, stroke_width=1))
    g.add(dwg.circle((0, 0), r=4, fill=pal.sky, stroke=pal.ink, stroke_width=1))


def _icon_open(dwg, g, theme):
    """An open channel with the signal flowing through."""
    pal = theme.palette
    for left in (-22, 10):
        g.add(dwg.rect((left, -16), (12, 32), rx=5, fill=pal.paper, stroke=pal.ink,
                       stroke_width=1.8))
    _arrow(dwg, g, (0, -18), (0, 16), pal.green, width=2.4, head=8)
    for x, y in ((-30, -12), (28, -14), (-32, 4)):
        g.add(dwg.circle((x, y), r=3.2, fill=pal.sky, stroke=pal.ink, stroke_width=1))


def _icon_sprout(dwg, g, theme):
    """A sprout with grains of "fertilizer": the growth signal."""
    pal = theme.palette
    leaf = {"fill": pal.green_light, "stroke": pal.green, "stroke_width": 1.6}
    g.add(dwg.path("M0,17 C0,4 -2,-4 0,-12", fill="none", stroke=pal.green, stroke_width=2.4,
                   stroke_linecap="round"))
    g.add(dwg.path("M0,-2 C-6,-14 -20,-14 -22,-8 C-16,-2 -6,-2 0,-2 Z", **leaf))
    g.add(dwg.path("M0,-8 C6,-20 20,-20 22,-14 C16,-8 6,-8 0,-8 Z", **leaf))
    g.add(dwg.line((-24, 17), (24, 17), stroke=pal.ink, stroke_width=1.8, stroke_linecap="round"))
    for x in (-16, -9, 10, 17):
        g.add(dwg.circle((x, 11), r=2, fill=pal.vermillion))


def _icon_switch(dwg, g, theme):
    """A toggle switch in the "on" position."""
    pal = theme.palette
    g.add(dwg.rect((-22, -11), (44, 22), rx=11, fill=pal.orange_light, stroke=pal.ink,
                   stroke_width=1.8))
    g.add(dwg.circle((11, 0), r=8, fill=pal.vermillion, stroke=pal.ink, stroke_width=1.5))
    g.add(dwg.line((-12, -4), (-12, 4), stroke=pal.ink, stroke_width=2, stroke_linecap="round"))


def _icon_spines(dwg, g, theme):
    """A branch of a brain cell with new contact points (spines) growing on it."""
    pal = theme.palette
    g.add(dwg.path("M-28,12 C-10,8 10,14 28,9", fill="none", stroke=pal.ink, stroke_width=5,
                   stroke_linecap="round"))
    for x, h in ((-17, 14), (-3, 20), (12, 15), (24, 10)):
        g.add(dwg.line((x, 9), (x, 9 - h), stroke=pal.ink, stroke_width=2))
        g.add(dwg.circle((x, 6 - h), r=4.5, fill=pal.green_light, stroke=pal.green,
                         stroke_width=1.8))


ICONS = (_icon_blocked, _icon_burst, _icon_open, _icon_sprout, _icon_switch, _icon_spines)


def _clock(dwg, cx, cy, r, colour, theme):
    dwg.add(dwg.circle((cx, cy), r=r, fill=theme.palette.paper, stroke=colour, stroke_width=1.8))
    dwg.add(dwg.polyline([(cx, cy - r * 0.62), (cx, cy), (cx + r * 0.5, cy + r * 0.2)], fill="none",
                         stroke=colour, stroke_width=1.8, stroke_linecap="round",
                         stroke_linejoin="round"))


def _time_bracket(dwg, x1, x2, y, lines, colour, theme):
    """A bracket under the boxes it spans; a clock and the time words below it."""
    left, right = min(x1, x2), max(x1, x2)
    dwg.add(dwg.polyline([(left, y - 7), (left, y), (right, y), (right, y - 7)], fill="none",
                         stroke=colour, stroke_width=2.2, stroke_linejoin="round"))
    centre = (left + right) / 2
    dwg.add(dwg.circle((centre, y), r=4, fill=colour))
    # The clock sits before the first line (after it, in right-to-left text).
    r, size = theme.label_size * 0.45, theme.label_size
    shift = (r + 3) * (-1 if theme.rtl else 1)
    baseline = y + 10 + size
    first = theme.measure(lines[0], size, False)
    clock_x = centre + shift - (first / 2 + 5 + r) * (-1 if theme.rtl else 1)
    _clock(dwg, clock_x, baseline - size * 0.34, r, colour, theme)
    dwg.add(text_block(dwg, lines, centre + shift, baseline, theme, anchor="middle"))


def _band_height(lines, theme):
    return 10 + block_height(lines, theme)


def _draw_box(dwg, step, top, geo, sizes, labels, titles, terms, theme):
    """One numbered box: tinted card, picture, bold title, term, number circle."""
    pal, size = theme.palette, theme.label_size
    radius, icon_scale, icon_h, box_h = sizes
    left = geo.left(step)
    x1 = min(geo.x(left), geo.x(left + geo.box_w))
    centre = x1 + geo.box_w / 2
    fill = _colours(theme)[_group_of(step)][0]
    dwg.add(dwg.rect((x1, top), (geo.box_w, box_h), rx=10, fill=fill, stroke=pal.ink,
                     stroke_width=theme.stroke))
    icon = dwg.g(transform=f"translate({centre:.1f},{top + radius + 6 + icon_h / 2:.1f}) "
                           f"scale({icon_scale:.3f})")
    ICONS[step](dwg, icon, theme)
    dwg.add(icon)
    text_y = top + radius + 6 + icon_h + 8 + size
    dwg.add(text_block(dwg, titles[step], centre, text_y, theme, bold=True, anchor="middle"))
    dwg.add(text_block(dwg, terms[step], centre, text_y + len(titles[step]) * theme.line_height,
                       theme, anchor="middle"))
    # The step number in a circle on the box's top edge, at its reading start.
    nx = geo.x(left + radius + 8)
    dwg.add(dwg.circle((nx, top), r=radius, fill=pal.paper, stroke=pal.ink,
                       stroke_width=theme.stroke))
    dwg.add(text_block(dwg, [labels[f"number{step + 1}"]], nx, top + size * 0.36, theme,
                       bold=True, anchor="middle"))


def _rounded_path(points, r):
    """SVG path data through ``points`` with each inner corner rounded off."""
    def towards(p, q, dist):
        length = math.hypot(q[0] - p[0], q[1] - p[1])
        return (p[0] + (q[0] - p[0]) * dist / length, p[1] + (q[1] - p[1]) * dist / length)

    d = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
    for before, corner, after in zip(points, points[1:], points[2:]):
        a, b = towards(corner, before, r), towards(corner, after, r)
        d += f" L{a[0]:.1f},{a[1]:.1f} Q{corner[0]:.1f},{corner[1]:.1f} {b[0]:.1f},{b[1]:.1f}"
    return d + f" L{points[-1][0]:.1f},{points[-1][1]:.1f}"


def _return_arrow(dwg, geo, from_y, to_y, lane_y, theme):
    """From the end of a row, round the side and under it, into the next row's start."""
    ink = theme.palette.ink
    right = MARGIN + geo.gutter + geo.columns * geo.box_w + (geo.columns - 1) * geo.gap
    out_x, back_x = right + geo.gutter - 3, MARGIN + 3
    head_start = MARGIN + geo.gutter - 11
    route = [(right + 3, from_y), (out_x, from_y), (out_x, lane_y), (back_x, lane_y),
             (back_x, to_y), (head_start, to_y)]
    dwg.add(dwg.path(_rounded_path([(geo.x(x), y) for x, y in route], 6.0), fill="none",
                     stroke=ink, stroke_width=2.2, stroke_linejoin="round"))
    _arrow(dwg, dwg, (geo.x(head_start - 1), to_y), (geo.x(MARGIN + geo.gutter - 2), to_y), ink)


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "cascade")
    pal, size = theme.palette, theme.label_size
    geo = Geometry(theme, STEPS if _fits_one_row(labels, theme) else 3)
    titles, terms = _box_text(labels, theme, geo)
    # Pictures shrink a little at large print, where the words need the room.
    icon_scale = max(1.0, min(1.3, 1.3 - (size - 16) * 0.05))
    icon_h = ICON_DRAWN_H * icon_scale
    radius = max(12.0, size * 0.82)
    box_h = radius + 6 + icon_h + 8 + max(
        block_height(t, theme) + theme.line_height * len(u) for t, u in zip(titles, terms)) + 12
    sizes = (radius, icon_scale, icon_h, box_h)

    # Time words for each part of the band, wrapped to the boxes it spans (less the clock).
    clock_room = 2 * (size * 0.45 + 4)
    band = [balanced_lines(labels[key], theme,
                           geo.left(last) + geo.box_w - geo.left(first) - 8 - clock_room)
            for key, first, last in TIME_SPANS]
    band_h = [max(_band_height(band[g], theme) for g, (_, first, _) in enumerate(TIME_SPANS)
                  if first // geo.columns == row) for row in range(geo.rows)]
    row_gap = radius + 30.0  # room for the return arrow between rows
    row_tops, y = [], MARGIN + radius
    for row in range(geo.rows):
        row_tops.append(y)
        y += box_h + 14 + band_h[row] + row_gap
    # The footnote lines up with the boxes' outer edges (mirrored in RTL).
    content_left = geo.left(0)
    footnote = wrap_lines(labels["footnote"], theme, CANVAS_WIDTH - 2 * content_left,
                          size=theme.small_size)
    footnote_top = y - row_gap + 16
    height = footnote_top + block_height(footnote, theme, theme.small_size) + MARGIN

    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, height), profile="full", debug=False)
    dwg.viewbox(0, 0, CANVAS_WIDTH, height)
    arrow_y = [top + radius + 6 + icon_h / 2 for top in row_tops]  # level with the pictures
    for step in range(STEPS):
        row = step // geo.columns
        _draw_box(dwg, step, row_tops[row], geo, sizes, labels, titles, terms, theme)
        if step + 1 < STEPS and (step + 1) % geo.columns:
            start = geo.left(step) + geo.box_w + 5
            _arrow(dwg, dwg, (geo.x(start), arrow_y[row]),
                   (geo.x(start + geo.gap - 10), arrow_y[row]), pal.ink)
    for row in range(geo.rows - 1):
        lane_y = row_tops[row + 1] - radius - 14  # between the time band and the next row
        _return_arrow(dwg, geo, arrow_y[row], arrow_y[row + 1], lane_y, theme)

    colours = _colours(theme)
    for g, (key, first, last) in enumerate(TIME_SPANS):
        y = row_tops[first // geo.columns] + box_h + 14
        x1, x2 = geo.x(geo.left(first) + 4), geo.x(geo.left(last) + geo.box_w - 4)
        _time_bracket(dwg, x1, x2, y, band[g], colours[g][1], theme)

    footnote_x = geo.x(content_left)
    dwg.add(text_block(dwg, footnote, footnote_x, footnote_top + theme.small_size, theme,
                       size=theme.small_size, fill=pal.muted))
    return dwg
