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
from ._common import (CANVAS_WIDTH, Theme, baseline, block_height, first_that_fits,
                      remembering, require_labels, rich_block, rich_lines, text_block,
                      words_fit, wrap_lines)

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
MAX_BOX_LINES = 6     # a box wrapped to more lines reads better as a list
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
    box = dwg.g(id=f"box-step{step + 1}")   # the words belong inside the box
    box.add(dwg.rect((x1, top), (geo.box_w, box_h), rx=10, fill=fill, stroke=pal.ink,
                     stroke_width=theme.stroke))
    dwg.add(box)
    icon = dwg.g(transform=f"translate({centre:.1f},{top + radius + 6 + icon_h / 2:.1f}) "
                           f"scale({icon_scale:.3f})")
    ICONS[step](dwg, icon, theme)
    dwg.add(icon)
    text_y = top + radius + 6 + icon_h + 8 + size
    box.add(text_block(dwg, titles[step], centre, text_y, theme, bold=True, anchor="middle"))
    box.add(text_block(dwg, terms[step], centre, text_y + len(titles[step]) * theme.line_height,
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
    theme = remembering(theme)
    return first_that_fits("cascade", theme, (
        lambda: _grid(labels, theme),
        lambda: _list(labels, theme, pad=12.0, gap=18.0),
        lambda: _list(labels, theme, pad=7.0, gap=14.0),
        lambda: _list(labels, theme, pad=7.0, gap=14.0, time="headings"),
        lambda: _list(labels, theme, pad=7.0, gap=12.0, time="tags"),
    ))


def _words_fit(labels, theme: Theme, width: float) -> bool:
    """Whether every word of every step fits a box line (no word is broken; in Chinese,
    no bracketed term is split from its closing bracket)."""
    return all(words_fit(labels[key], theme, width, bold=bold)
               for i in range(1, STEPS + 1)
               for key, bold in ((f"step{i}", True), (f"step{i}_term", False)))


def _band_width(geo, first: int, last: int, clock_room: float) -> float:
    return geo.left(last) + geo.box_w - geo.left(first) - 8 - clock_room


def _band_fits(labels, theme: Theme, geo, clock_room: float) -> bool:
    """Whether every time word fits the part of the band under its boxes."""
    for key, first, last in TIME_SPANS:
        width = _band_width(geo, first, last, clock_room)
        # any two characters may share a line in Chinese; elsewhere, no word may break
        pieces = [labels[key][:2]] if theme.line_breaking == "chars" else labels[key].split()
        if any(theme.measure(piece, theme.label_size, False) > width for piece in pieces):
            return False
    return True


def _grid(labels, theme: Theme):
    """Boxes in one row, or two rows of three joined by a return arrow; None when a
    word would have to be broken or a title runs to many lines."""
    pal, size = theme.palette, theme.label_size
    clock_room = 2 * (size * 0.45 + 4)
    columns = [STEPS, 3] if _fits_one_row(labels, theme) else [3]
    fitting = [geo for geo in (Geometry(theme, count) for count in columns)
               if _words_fit(labels, theme, geo.text_w) and _band_fits(labels, theme, geo,
                                                                        clock_room)]
    if not fitting:
        return None
    geo = fitting[0]
    titles, terms = _box_text(labels, theme, geo)
    if max(len(t) + len(u) for t, u in zip(titles, terms)) > MAX_BOX_LINES:
        return None
    # Pictures shrink a little at large print, where the words need the room.
    icon_scale = max(1.0, min(1.3, 1.3 - (size - 16) * 0.05))
    icon_h = ICON_DRAWN_H * icon_scale
    radius = max(12.0, size * 0.82)
    box_h = radius + 6 + icon_h + 8 + max(
        block_height(t, theme) + theme.line_height * len(u) for t, u in zip(titles, terms)) + 12
    sizes = (radius, icon_scale, icon_h, box_h)

    # Time words for each part of the band, wrapped to the boxes it spans (less the clock).
    band = [balanced_lines(labels[key], theme, _band_width(geo, first, last, clock_room))
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
    footnote = balanced_lines(labels["footnote"], theme, CANVAS_WIDTH - 2 * content_left,
                              size=theme.note_size)
    footnote_top = y - row_gap + 16
    height = round(footnote_top + block_height(footnote, theme, theme.note_size) + MARGIN, 1)

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

    dwg.add(text_block(dwg, footnote, geo.x(content_left), baseline(footnote_top, theme.note_size),
                       theme, size=theme.note_size, fill=pal.muted))
    return dwg


# --- large print: one card under another, the time band beside them -------------------

def _list(labels, theme: Theme, pad: float, gap: float, time: str = "brackets"):
    """Six cards in a column, each its number, picture and words (the plain words in
    bold running on into the term), with arrows between them. Minutes, hours and
    about a day are ``time``: "brackets" beside the cards; "headings" over each
    group of cards; or "tags" at the end of each group's first card, where the
    cards' tint carries the group on."""
    headers = time == "headings"
    pal, size = theme.palette, theme.label_size
    colours = _colours(theme)
    radius = max(12.0, size * 0.7)
    icon_scale = max(0.9, min(1.25, size / 28))
    icon_w, icon_h = 60 * icon_scale, ICON_DRAWN_H * icon_scale
    clock_r = size * 0.45
    card_left = MARGIN + radius
    if time != "brackets":
        band = [balanced_lines(labels[key], theme, CANVAS_WIDTH - 2 * MARGIN - 3 * clock_r,
                               bold=True) for key, _, _ in TIME_SPANS]
        card_right = CANVAS_WIDTH - MARGIN
    else:
        band = [balanced_lines(labels[key], theme, CANVAS_WIDTH * 0.22) for key, _, _ in TIME_SPANS]
        band_w = max(2 * clock_r, *(theme.measure(line, size, False)
                                    for lines in band for line in lines))
        card_right = CANVAS_WIDTH - MARGIN - band_w - 24
    text_x = card_left + radius + 6 + icon_w + 8
    texts = [rich_lines([(labels[f"step{i}"], True, None), (labels[f"step{i}_term"], False, None)],
                        theme, card_right - pad - text_x) for i in range(1, STEPS + 1)]
    tag_w = [2 * clock_r + 8 + max(theme.measure(line, size, True) for line in lines)
             for lines in band]
    tops, header_tops, extra, y = [], {}, [0.0] * STEPS, MARGIN
    for step, lines in enumerate(texts):
        group = _group_of(step)
        if TIME_SPANS[group][1] == step:
            if headers:
                header_tops[group] = y
                y += block_height(band[group], theme) + 6
            elif time == "tags":   # on the last line if it leaves room, else a line more
                last = sum(segment[3] for segment in lines[-1]) + 16
                if len(band[group]) > 1 or text_x + last + tag_w[group] > card_right - pad:
                    extra[step] = theme.line_height
        tops.append(y)
        y += _card_height(lines, theme, icon_h, radius, pad) + extra[step] + gap
    cards_bottom = y - gap
    footnote = balanced_lines(labels["footnote"], theme, CANVAS_WIDTH - 2 * MARGIN,
                              size=theme.note_size)
    footnote_top = cards_bottom + 14
    height = round(footnote_top + block_height(footnote, theme, theme.note_size) + MARGIN, 1)

    def x(value: float) -> float:   # left-to-right positions, mirrored in RTL
        return CANVAS_WIDTH - value if theme.rtl else value

    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, height), profile="full", debug=False)
    dwg.viewbox(0, 0, CANVAS_WIDTH, height)
    for step, (lines, top) in enumerate(zip(texts, tops)):
        card_h = _card_height(lines, theme, icon_h, radius, pad) + extra[step]
        left, right = sorted((x(card_left), x(card_right)))
        group = dwg.g(id=f"box-step{step + 1}")
        group.add(dwg.rect((left, top), (right - left, card_h), rx=10,
                           fill=colours[_group_of(step)][0], stroke=pal.ink,
                           stroke_width=theme.stroke))
        dwg.add(group)
        middle = top + card_h / 2
        icon = dwg.g(transform=f"translate({x(card_left + radius + 6 + icon_w / 2):.1f},"
                               f"{middle:.1f}) scale({icon_scale:.3f})")
        ICONS[step](dwg, icon, theme)
        dwg.add(icon)
        text_top = middle - (block_height(lines, theme) + extra[step]) / 2
        group.add(rich_block(dwg, lines, x(text_x), baseline(text_top, size), theme))
        if time == "tags" and TIME_SPANS[_group_of(step)][1] == step:
            g = _group_of(step)
            tag_baseline = baseline(text_top, size) + theme.line_height * (
                len(lines) - (0 if extra[step] else 1))
            _time_tag(dwg, group, theme, x, card_right - pad, tag_baseline, band[g][0],
                      colours[g][1], clock_r)
        # the step's number on the card's reading edge
        dwg.add(dwg.circle((x(card_left), middle), radius, fill=pal.paper, stroke=pal.ink,
                           stroke_width=theme.stroke))
        dwg.add(text_block(dwg, [labels[f"number{step + 1}"]], x(card_left),
                           middle + size * 0.36, theme, bold=True, anchor="middle"))
        next_top = tops[step + 1] if step + 1 < STEPS else None
        if next_top is not None:   # on to the next card, past a heading if there is one
            arrow_x = x(card_left + radius + 6 + icon_w / 2)
            if next_top - (top + card_h) <= gap + 1:
                _arrow(dwg, dwg, (arrow_x, top + card_h + 2), (arrow_x, next_top - 2), pal.ink,
                       head=min(9.0, gap - 6))
    for g, (key, first, last) in enumerate(TIME_SPANS):
        if time == "tags":
            continue
        if headers:
            _time_heading(dwg, theme, x, card_left, header_tops[g], band[g], colours[g][1],
                          clock_r)
            continue
        span = (tops[first], tops[last] + _card_height(texts[last], theme, icon_h, radius, pad))
        _side_bracket(dwg, theme, x, card_right + 10, span, band[g], colours[g][1], clock_r)
    dwg.add(text_block(dwg, footnote, x(MARGIN), baseline(footnote_top, theme.note_size), theme,
                       size=theme.note_size, fill=pal.muted))
    return dwg


def _time_tag(dwg, group, theme: Theme, x, right: float, baseline_y: float, text, colour,
              clock_r) -> None:
    """The time words with a clock, ending at ``right`` (the card's reading end)."""
    size = theme.label_size
    width = theme.measure(text, size, True)
    group.add(text_block(dwg, [text], x(right), baseline_y, theme, bold=True,
                         anchor="end"))
    _clock(dwg, x(right - width - 6 - clock_r), baseline_y - size * 0.34, clock_r, colour, theme)


def _time_heading(dwg, theme: Theme, x, left: float, top: float, lines, colour, clock_r):
    """A clock and the time words over the cards of one group."""
    size = theme.label_size
    _clock(dwg, x(left + clock_r), top + size * 0.5, clock_r, colour, theme)
    dwg.add(text_block(dwg, lines, x(left + 2 * clock_r + 8), baseline(top, size), theme,
                       bold=True))


def _card_height(lines, theme: Theme, icon_h: float, radius: float, pad: float) -> float:
    return max(icon_h, block_height(lines, theme), 2 * radius) + 2 * pad


def _side_bracket(dwg, theme: Theme, x, at: float, span, lines, colour, clock_r) -> None:
    """A bracket beside the cards it spans; a clock and the time words beyond it."""
    top, bottom = span[0] + 4, span[1] - 4
    dwg.add(dwg.polyline([(x(at - 7), top), (x(at), top), (x(at), bottom), (x(at - 7), bottom)],
                         fill="none", stroke=colour, stroke_width=2.2, stroke_linejoin="round"))
    middle = (top + bottom) / 2
    dwg.add(dwg.circle((x(at), middle), 4, fill=colour))
    size = theme.label_size
    block = 2 * clock_r + 6 + block_height(lines, theme)
    clock_y = middle - block / 2 + clock_r
    _clock(dwg, x(at + 10 + clock_r), clock_y, clock_r, colour, theme)
    dwg.add(text_block(dwg, lines, x(at + 10), baseline(clock_y + clock_r + 6, size), theme))
