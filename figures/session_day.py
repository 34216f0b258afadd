"""Your session day with Spravato: before, during and after, on one time line.

Each step is a round picture (a badge tinted by its part of the day) with plain
words beside it. Wide: three columns under a time line that runs in the reading
direction, with ketamine's hexagon where the dose is taken. Narrow (large
print): one column, the time line running down the badges. Right-to-left
editions mirror the columns, the arrow and the pictures that move (the car,
the way out).
"""
from __future__ import annotations

import math
from typing import Mapping

import svgwrite

from ._common import (CANVAS_WIDTH, Theme, baseline, block_height, first_that_fits,
                      remembering, require_labels, text_block)
from ._marks import arrow_head, balanced_lines, ketamine_marker

# written out in full: content validation reads this tuple without importing the module
LABEL_KEYS = (
    "before_title", "during_title", "after_title",
    "no_food", "nose_spray", "no_drinks",
    "blood_pressure", "self_spray", "watch", "leave",
    "ride", "no_driving",
    "footnote",
)

# The three parts of the day, each with its steps in time order. A step is one
# picture with one or more labels, each starting on a new line: food and drink
# stop before the dose (2 hours, 30 minutes), other nose sprays 1 hour before;
# the watch lasts until a clinician says you may leave.
PHASES = (
    ("before_title", (("no_food", "no_drinks"), ("nose_spray",))),
    ("during_title", (("blood_pressure",), ("self_spray",), ("watch", "leave"))),
    ("after_title", (("ride",), ("no_driving",))),
)
MARGIN = 16.0
EDGE = 10.0             # above and below the one-column layout: the page spaces the figure
COLUMN_GAP = 18.0
BADGE = 22.0            # badge radius at ordinary label sizes
MAX_WIDE_LINES = 3      # a label wrapped to more lines reads better in one column


def _badge_radius(theme: Theme) -> float:
    """Pictures grow with the type, a little more slowly: at large print a badge is
    about one line of text tall, so one-line steps stay one line apart."""
    return max(BADGE, theme.label_size * 0.62)


def _phase_colours(theme: Theme):
    pal = theme.palette
    return ((pal.blue_light, pal.blue), (pal.orange_light, pal.vermillion),
            (pal.green_light, pal.green))


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "session_day")
    theme = remembering(theme)
    return first_that_fits("session_day", theme, (
        lambda: _wide(labels, theme),
        lambda: _narrow(labels, theme, gap_share=0.45),
        lambda: _narrow(labels, theme, gap_share=0.3),
        lambda: _narrow(labels, theme, gap_share=0.18),
    ))


# --- wide: three columns under a horizontal time line ----------------------------

# Ways to share the width between the three columns; "before" often has the
# longest words (the nose sprays), "after" the shortest.
SPLITS = ((1 / 3, 1 / 3, 1 / 3), (0.37, 0.35, 0.28), (0.4, 0.33, 0.27))


def _wide(labels, theme: Theme):
    """The split whose longest step wraps to the fewest lines, or None when every
    split leaves a step longer than MAX_WIDE_LINES."""
    best = None
    for split in SPLITS:
        widths = [(CANVAS_WIDTH - 2 * MARGIN - 2 * COLUMN_GAP) * share for share in split]
        plan = _wide_plan(labels, theme, widths)
        if plan is not None and (best is None or plan[0] < best[0]):
            best = plan
    return None if best is None else _draw_wide(labels, theme, *best[1:])


def _wide_plan(labels, theme: Theme, widths):
    radius = _badge_radius(theme)
    steps, most = {}, 0
    for (_, phase_steps), width in zip(PHASES, widths):
        for step in phase_steps:
            wrapped = _step_lines(labels, theme, step, width - 2 * radius - 10)
            most = max(most, *(len(lines) for lines in wrapped))
            steps[step] = wrapped
    titles = [balanced_lines(labels[key], theme, width, size=theme.title_size, bold=True)
              for (key, _), width in zip(PHASES, widths)]
    if most > MAX_WIDE_LINES or max(len(t) for t in titles) > 1:
        return None
    return (most, sum(len(g) for groups in steps.values() for g in groups)), widths, steps, titles


def _draw_wide(labels, theme: Theme, widths, steps, titles):
    size, radius = theme.label_size, _badge_radius(theme)
    title_h = max(block_height(t, theme, theme.title_size) for t in titles)
    line_y = MARGIN + title_h + 14
    steps_top = line_y + 24
    gap = size * 0.6

    # columns in reading order: (left, right) edges, mirrored in right-to-left editions
    edges, x = [], MARGIN
    for width in widths:
        edges.append((x, x + width))
        x += width + COLUMN_GAP
    if theme.rtl:
        edges = [(CANVAS_WIDTH - b, CANVAS_WIDTH - a) for a, b in edges]

    parts, bottoms = [], []
    for (title_key, phase_steps), edge, title in zip(PHASES, edges, titles):
        y, rows = steps_top, []
        for step in phase_steps:
            lines = steps[step]
            height = max(2 * radius, _step_height(lines, theme, gap / 2))
            rows.append((step[0], lines, y, height))
            y += height + gap
        bottoms.append(y - gap)
        parts.append((edge, title, rows))
    footnote = balanced_lines(labels["footnote"], theme, CANVAS_WIDTH - 2 * MARGIN,
                              size=theme.note_size)
    footnote_top = max(bottoms) + 18
    height = footnote_top + block_height(footnote, theme, theme.note_size) + MARGIN

    dwg = _canvas(height)
    _wide_time_line(dwg, theme, edges, line_y)
    colours = _phase_colours(theme)
    for phase, ((left, right), title, rows) in enumerate(parts):
        start = right if theme.rtl else left    # the column's reading start
        dwg.add(text_block(dwg, title, start, baseline(MARGIN, theme.title_size), theme,
                           size=theme.title_size, bold=True, fill=colours[phase][1]))
        badge_x = start - radius if theme.rtl else start + radius
        text_x = start - 2 * radius - 10 if theme.rtl else start + 2 * radius + 10
        if len(rows) > 1:   # a thin thread joins the steps of one part of the day
            dwg.add(dwg.line((badge_x, rows[0][2] + radius), (badge_x, rows[-1][2] + radius),
                             stroke=colours[phase][1], stroke_width=2,
                             stroke_dasharray="2,5", stroke_linecap="round"))
        for key, lines, top, row_height in rows:
            _step(dwg, theme, key, lines, badge_x, text_x, top, row_height, radius, phase,
                  gap / 2)
    _footnote(dwg, theme, footnote, footnote_top)
    return dwg


def _wide_time_line(dwg, theme: Theme, edges, y: float) -> None:
    """Three coloured stretches, an arrowhead where time runs on, and the dose."""
    colours = _phase_colours(theme)
    ahead = -1 if theme.rtl else 1            # the way time runs on the page
    starts = [right if theme.rtl else left for left, right in edges]
    ends = [left if theme.rtl else right for left, right in edges]
    for phase in range(3):
        x1 = starts[phase] - (ahead * COLUMN_GAP / 2 if phase else 0)
        dwg.add(dwg.line((x1, y), (ends[phase], y), stroke=colours[phase][1], stroke_width=6))
    dwg.add(arrow_head(dwg, ends[2] + ahead * 12, y, math.pi if theme.rtl else 0.0, 14,
                       colours[2][1]))
    # where one part of the day turns into the next, a round mark on the line
    for phase in (1, 2):
        dwg.add(dwg.circle((starts[phase] - ahead * COLUMN_GAP / 2, y), 6,
                           fill=theme.palette.paper, stroke=colours[phase][1], stroke_width=3))
    # the dose: ketamine's hexagon, above the step where you spray it yourself
    dwg.add(ketamine_marker(dwg, starts[1] + ahead * _badge_radius(theme) * 2.6, y, 9, theme))


# --- narrow: one column, the time line running down the badges ------------------------

def _narrow(labels, theme: Theme, gap_share: float):
    size, radius = theme.label_size, _badge_radius(theme)
    text_width = CANVAS_WIDTH - 2 * MARGIN - 2 * radius - 14
    gap = size * gap_share
    rows, y = [], EDGE
    for phase, (title_key, phase_steps) in enumerate(PHASES):
        if phase:
            y += gap
        title = balanced_lines(labels[title_key], theme, text_width, size=theme.title_size,
                               bold=True)
        title_h = block_height(title, theme, theme.title_size)
        rows.append(("title", phase, title_key, title, y, title_h))
        y += title_h + gap
        for step in phase_steps:
            lines = _step_lines(labels, theme, step, text_width)
            height = max(2 * radius, _step_height(lines, theme, gap / 2))
            rows.append(("step", phase, step[0], lines, y, height))
            y += height + gap
    # the footnote lines up with the steps' words, clear of the time line's arrow
    footnote = balanced_lines(labels["footnote"], theme, text_width, size=theme.note_size)
    footnote_top = y - gap + 10
    height = footnote_top + block_height(footnote, theme, theme.note_size) + EDGE

    dwg = _canvas(height)
    badge_x = CANVAS_WIDTH - MARGIN - radius if theme.rtl else MARGIN + radius
    text_x = (CANVAS_WIDTH - MARGIN - 2 * radius - 14 if theme.rtl
              else MARGIN + 2 * radius + 14)
    colours = _phase_colours(theme)
    # the time line: one stretch per part of the day, from its title to the next
    centres = [(phase, top + row_height / 2) for kind, phase, _, _, top, row_height in rows]
    for phase in range(3):
        ys = [c for p, c in centres if p == phase]
        next_ys = [c for p, c in centres if p == phase + 1]
        end = next_ys[0] if next_ys else ys[-1] + radius + 12
        dwg.add(dwg.line((badge_x, ys[0]), (badge_x, end), stroke=colours[phase][1],
                         stroke_width=6))
    tip = centres[-1][1] + radius + 22
    dwg.add(arrow_head(dwg, badge_x, tip, math.pi / 2, 14, colours[2][1]))
    for kind, phase, key, lines, top, row_height in rows:
        if kind == "title":
            centre = top + row_height / 2
            dwg.add(dwg.circle((badge_x, centre), 9, fill=theme.palette.paper,
                               stroke=colours[phase][1], stroke_width=4))
            dwg.add(text_block(dwg, lines, text_x, baseline(top, theme.title_size), theme,
                               size=theme.title_size, bold=True, fill=colours[phase][1]))
        else:
            _step(dwg, theme, key, lines, badge_x, text_x, top, row_height, radius, phase,
                  gap / 2)
            if key == "self_spray":   # the dose, on the line beside its step
                dwg.add(ketamine_marker(dwg, badge_x, top - gap / 2, 7, theme))
    dwg.add(text_block(dwg, footnote, text_x, baseline(footnote_top, theme.note_size), theme,
                       size=theme.note_size, fill=theme.palette.muted))
    return dwg


# --- shared pieces ----------------------------------------------------------------

def _canvas(height: float):
    height = round(height, 1)
    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, height), profile="full", debug=False)
    dwg.viewbox(0, 0, CANVAS_WIDTH, height)
    return dwg


def _step_lines(labels, theme: Theme, step, width: float) -> list[list[str]]:
    """A step's labels, each wrapped on its own: one group of lines per label."""
    return [balanced_lines(labels[key], theme, width) for key in step]


def _step_height(groups, theme: Theme, key_gap: float) -> float:
    return sum(block_height(lines, theme) for lines in groups) + key_gap * (len(groups) - 1)


def _step(dwg, theme: Theme, key, groups, badge_x, text_x, top, row_height, radius, phase,
          key_gap: float):
    """One step: its badge, and its words level with the badge's middle."""
    fill, stroke = _phase_colours(theme)[phase]
    centre = top + row_height / 2 if row_height > 2 * radius else top + radius
    text_top = max(top, centre - _step_height(groups, theme, key_gap) / 2)
    dwg.add(dwg.circle((badge_x, centre), radius, fill=fill, stroke=stroke, stroke_width=2))
    icon = dwg.g(transform=f"translate({badge_x:.1f},{centre:.1f}) scale({radius / BADGE:.3f})")
    ICONS[key](dwg, icon, theme)
    dwg.add(icon)
    for lines in groups:
        dwg.add(text_block(dwg, lines, text_x, baseline(text_top, theme.label_size), theme))
        text_top += block_height(lines, theme) + key_gap


def _footnote(dwg, theme: Theme, lines, top: float) -> None:
    x = CANVAS_WIDTH - MARGIN if theme.rtl else MARGIN
    dwg.add(text_block(dwg, lines, x, baseline(top, theme.note_size), theme,
                       size=theme.note_size, fill=theme.palette.muted))


# --- the pictures, drawn about 32 x 32 around (0, 0) ---------------------------------------

def _ink(theme: Theme, width: float = 1.6):
    return {"stroke": theme.palette.ink, "stroke_width": width, "stroke_linejoin": "round",
            "stroke_linecap": "round"}


def _no_sign(dwg, g, theme: Theme) -> None:
    """A ring with a slash over whatever is drawn before it: "none of this"."""
    colour = theme.palette.vermillion
    g.add(dwg.circle((0, 0), 16, fill="none", stroke=colour, stroke_width=3))
    g.add(dwg.line((-11.3, -11.3), (11.3, 11.3), stroke=colour, stroke_width=3,
                   stroke_linecap="round"))


def _icon_no_food(dwg, g, theme: Theme) -> None:
    """A plate and a cup, crossed out: no food, then no drinks."""
    pal = theme.palette
    g.add(dwg.circle((-5, 1), 7.5, fill=pal.paper, **_ink(theme, 1.5)))
    g.add(dwg.circle((-5, 1), 3.8, fill="none", stroke=pal.line, stroke_width=1.1))
    g.add(dwg.polygon([(3, -7), (13, -7), (11.5, 8), (4.5, 8)], fill=pal.paper,
                      **_ink(theme, 1.5)))
    g.add(dwg.polygon([(3.8, -1.5), (12.2, -1.5), (11.4, 7.2), (4.6, 7.2)], fill=pal.sky))
    _no_sign(dwg, g, theme)


def _icon_nose_spray(dwg, g, theme: Theme) -> None:
    """A pump bottle with a nozzle and a little mist: another nose spray."""
    pal = theme.palette
    g.add(dwg.rect((-7, -2), (14, 16), rx=3, fill=pal.paper, **_ink(theme)))
    g.add(dwg.rect((-5, -6), (10, 4), rx=1, fill=pal.grey_light, **_ink(theme, 1.3)))
    g.add(dwg.path(d="M -2.5 -6 L -2 -14 Q 0 -16 2 -14 L 2.5 -6 Z", fill=pal.grey_light,
                   **_ink(theme, 1.3)))
    g.add(dwg.line((-4, 5), (4, 5), stroke=pal.blue, stroke_width=2))
    for x, y in ((6, -17), (9, -14), (10, -18)):
        g.add(dwg.circle((x, y), 1.2, fill=pal.blue))


def _icon_blood_pressure(dwg, g, theme: Theme) -> None:
    """A cuff on a tube to a round gauge."""
    pal = theme.palette
    g.add(dwg.rect((-15, -12), (14, 20), rx=3, fill=pal.grey_light, **_ink(theme)))
    g.add(dwg.path(d="M -1 4 C 4 10, 6 8, 6 3", fill="none", stroke=pal.ink, stroke_width=1.4))
    g.add(dwg.circle((8, -3), 7, fill=pal.paper, **_ink(theme)))
    g.add(dwg.line((8, -3), (11.5, -7), stroke=pal.vermillion, stroke_width=1.8,
                   stroke_linecap="round"))
    g.add(dwg.circle((8, -3), 1.4, fill=pal.ink))


def _icon_self_spray(dwg, g, theme: Theme) -> None:
    """The spray device with ketamine's hexagon, and an eye: staff watch."""
    pal = theme.palette
    g.add(dwg.path(d="M -12 14 L -12 -4 Q -12 -7 -9 -7 L -7 -7 L -7 -15 Q -5 -18 -3 -15 "
                     "L -3 -7 L -1 -7 Q 2 -7 2 -4 L 2 14 Z", fill=pal.paper, **_ink(theme)))
    g.add(ketamine_marker(dwg, -5, 5, 4.6, theme))
    g.add(dwg.path(d="M 4 -8 Q 10 -15 16 -8 Q 10 -1 4 -8 Z", fill=pal.paper,
                   **_ink(theme, 1.4)))
    g.add(dwg.circle((10, -8), 2.4, fill=pal.ink))


def _icon_watch(dwg, g, theme: Theme) -> None:
    """A clock with two hours shaded."""
    pal = theme.palette
    g.add(dwg.circle((0, 0), 14, fill=pal.paper, **_ink(theme, 1.8)))
    end = (12 * math.sin(math.radians(60)), -12 * math.cos(math.radians(60)))
    g.add(dwg.path(d=f"M 0 0 L 0 -12 A 12 12 0 0 1 {end[0]:.2f} {end[1]:.2f} Z",
                   fill=pal.orange_light, stroke="none"))
    for k in range(12):
        a = math.radians(30 * k)
        g.add(dwg.line((11 * math.sin(a), -11 * math.cos(a)),
                       (13 * math.sin(a), -13 * math.cos(a)), stroke=pal.ink, stroke_width=1))
    g.add(dwg.polyline([(0, -8.5), (0, 0), (6, 3.5)], fill="none", **_ink(theme, 1.8)))


def _icon_ride(dwg, g, theme: Theme) -> None:
    """A car with two people in it, driving the way the page reads."""
    pal = theme.palette
    flip = -1 if theme.rtl else 1
    body = [(-16, 8), (-16, 1), (-11, 0), (-6, -7), (7, -7), (12, 0), (16, 1), (16, 8)]
    g.add(dwg.polygon([(x * flip, y) for x, y in body], fill=pal.blue_light, **_ink(theme)))
    for x in (-1.5, 7):
        g.add(dwg.circle((x * flip, -2.5), 2.4, fill=pal.ink))
    for x in (-9, 9):
        g.add(dwg.circle((x, 9), 3.6, fill=pal.ink))


def _icon_no_driving(dwg, g, theme: Theme) -> None:
    """A steering wheel, crossed out."""
    pal = theme.palette
    g.add(dwg.circle((0, 0), 10, fill="none", **_ink(theme, 2.4)))
    g.add(dwg.circle((0, 0), 2.6, fill=pal.ink))
    for x2, y2 in ((-10, 0), (10, 0), (0, 10)):
        g.add(dwg.line((0, 0), (x2, y2), **_ink(theme, 2)))
    _no_sign(dwg, g, theme)


ICONS = {"no_food": _icon_no_food, "nose_spray": _icon_nose_spray, "blood_pressure": _icon_blood_pressure,
         "self_spray": _icon_self_spray, "watch": _icon_watch,
         "ride": _icon_ride, "no_driving": _icon_no_driving}
