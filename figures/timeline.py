"""How fast and how long: ketamine next to a daily antidepressant, on one time axis.

The axis is not to scale: four zones (session, hours, days, weeks), each with
its own stretch of the axis, drawn as separate segments. Inside the hours zone
time runs on a log scale, so the first few hours after a session get room.
Two lanes share the axis.
Positions are computed left to right and mirrored for right-to-left editions.
"""
from __future__ import annotations

import math
from typing import Mapping

import svgwrite

from ._common import (CANVAS_WIDTH, Theme, block_height, first_that_fits, remembering,
                      require_labels, rich_block, rich_lines, text_block)
from ._marks import balanced_lines

LABEL_KEYS = (
    "zone_session", "zone_hours", "zone_days", "zone_weeks",
    "lane_ketamine", "lane_daily",
    "ket_session", "ket_mood", "ket_fade", "ket_series", "ket_booster",
    "daily_change",
    "both", "footnote",
)

MARGIN = 16.0
HOUR, DAY, WEEK = 1.0, 24.0, 168.0
# Zones: label key, share of the axis width, the times (in hours) they cover.
ZONES = (("zone_session", 0.13, 0.0, 2 * HOUR), ("zone_hours", 0.21, 2 * HOUR, DAY),
         ("zone_days", 0.27, DAY, WEEK), ("zone_weeks", 0.39, WEEK, 7 * WEEK))
LOG_ZONES = ("zone_hours",)  # 2 h to a day: log scale, nearly seamless after the session
SESSION_END = 3 * HOUR  # effects last 1 to 2 hours after a session of about 40 minutes
SERIES_DAYS = (0, 2, 4, 7, 10, 14)  # a typical course: about 6 sessions in 2-3 weeks
BOOSTER_DAY = 35
MOOD_FROM, MOOD_AT = 4 * HOUR, DAY  # some people notice a change from ~4 h to a day
FADE_END = 2 * WEEK
CHANGE_FROM, CHANGE_TO = 2 * WEEK, 6 * WEEK
MAX_LABEL_LINES = 3   # beyond this a label reads better in the key under the axis
BAR_H = 18.0    # height of the time bars
MARK_H = 14.0   # height of the session marks and the pills


class Axis:
    """Time (hours) to x, zone by zone; ``x()`` also mirrors for right-to-left."""

    def __init__(self, theme: Theme, min_widths):
        self.rtl = theme.rtl
        self.start, self.end = MARGIN + 2, CANVAS_WIDTH - MARGIN - 12
        widths = [(self.end - self.start) * share for _, share, _, _ in ZONES]
        # A zone too narrow for its longest word borrows width from the roomier ones.
        short = sum(max(0.0, need - w) for need, w in zip(min_widths, widths))
        slack = sum(max(0.0, w - need) for need, w in zip(min_widths, widths))
        if short and slack > short:
            widths = [need if need >= w else w - (w - need) * short / slack
                      for need, w in zip(min_widths, widths)]
        self.bounds, x = [], self.start
        for width in widths:
            self.bounds.append((x, x + width))
            x += width

    def at(self, hours: float) -> float:
        """Left-to-right x for a time; time zero sits a little inside the axis."""
        for (x1, x2), (key, _, t1, t2) in zip(self.bounds, ZONES):
            if hours <= t2:
                x1 = x1 + 12 if t1 == 0 else x1
                if key in LOG_ZONES:
                    share = math.log(max(hours, t1) / t1) / math.log(t2 / t1)
                else:
                    share = (hours - t1) / (t2 - t1)
                return x1 + (x2 - x1) * share
        return self.bounds[-1][1]

    def x(self, x: float) -> float:
        return CANVAS_WIDTH - x if self.rtl else x


def _label(dwg, axis, lines, x, top, theme, anchor="start", size=None, bold=False, fill=None):
    """Text whose block starts at ``top``; ``x`` is left-to-right, mirrored here."""
    size = size or theme.label_size
    dwg.add(text_block(dwg, lines, axis.x(x), top + size, theme, size=size, bold=bold,
                       anchor=anchor, fill=fill))


def _rect(dwg, axis, x1, x2, y, h, **style):
    left, right = sorted((axis.x(x1), axis.x(x2)))
    dwg.add(dwg.rect((left, y), (right - left, h), **style))


def _longest_word(text, theme):
    """Width of the longest piece of ``text`` that cannot be broken (bold)."""
    if theme.line_breaking == "chars":
        return theme.label_size * 2  # any two characters may go on one line
    return max(theme.measure(word, theme.label_size, True) for word in text.split())


def _zone_needs(labels, theme):
    """The width each zone asks of the axis: its whole name on one line when all
    four fit so, else its longest word."""
    room = CANVAS_WIDTH - 2 * MARGIN - 14
    whole = [theme.measure(labels[key], theme.label_size, True) + 12 for key, *_ in ZONES]
    if sum(whole) <= room:
        return whole
    two_lines = [max(theme.measure(line, theme.label_size, True) for line in
                     balanced_lines(labels[key], theme, width * 0.62, bold=True)) + 12
                 for (key, *_), width in zip(ZONES, whole)]
    if sum(two_lines) <= room:
        return two_lines
    return [_longest_word(labels[key], theme) + 12 for key, *_ in ZONES]


def _fit_centred(text, theme, centre, lo, hi, cap):
    """Lines for a label centred under (or over) ``centre``, slid sideways as
    little as needed to stay within lo..hi. Returns the lines and their centre."""
    lines = balanced_lines(text, theme, min(cap, hi - lo))
    width = max(theme.measure(line, theme.label_size, False) for line in lines)
    return lines, min(max(centre, lo + width / 2), hi - width / 2)


class Plan:
    """Every label wrapped to its room, and the top of every row, before drawing."""

    def __init__(self, labels, theme, axis):
        at, size = axis.at, theme.label_size

        def wrap(key, width, **kwargs):
            return balanced_lines(labels[key], theme, width, **kwargs)

        def h(lines, text_size=None):
            # _label puts the first baseline a full size below the top, so the
            # block reaches a fifth of the size further down than block_height
            return block_height(lines, theme, text_size) + 0.2 * (text_size or size)

        full = axis.end - axis.start
        self.title_k = wrap("lane_ketamine", full, size=theme.title_size, bold=True)
        self.title_d = wrap("lane_daily", full, size=theme.title_size, bold=True)
        self.mood_x = at(MOOD_AT)
        self.mood, self.mood_label_x = _fit_centred(labels["ket_mood"], theme, self.mood_x,
                                                    axis.start, axis.end, 330)
        self.session = wrap("ket_session", self.mood_x - 16 - axis.start)
        self.fade = wrap("ket_fade", axis.end - self.mood_x - 14)
        self.booster_x = at(BOOSTER_DAY * DAY)
        self.booster, self.booster_label_x = _fit_centred(
            labels["ket_booster"], theme, self.booster_x, at(SERIES_DAYS[-1] * DAY) + 14,
            axis.end, 200)
        booster_left = self.booster_label_x - max(
            theme.measure(line, size, False) for line in self.booster) / 2
        self.series = wrap("ket_series", min(booster_left, self.booster_x - 8) - 14 - axis.start)
        change_x = (at(CHANGE_FROM) + at(CHANGE_TO)) / 2
        self.change, self.change_label_x = _fit_centred(labels["daily_change"], theme, change_x,
                                                        at(DAY), axis.end, 360)
        self.zones = [wrap(key, x2 - x1 - 8, bold=True)
                      for (key, *_), (x1, x2) in zip(ZONES, axis.bounds)]
        # "many people take both" in bold, running on into the footnote; it lines up
        # with the lane titles and the axis (mirrored in RTL)
        self.footnote = rich_lines([(labels["both"], True, None),
                                    (labels["footnote"], False, theme.palette.muted)],
                                   theme, axis.end + 10 - axis.start, size=theme.note_size)

        # Rows from top to bottom; each starts where the one above ends, plus a gap.
        self.title_k_top = MARGIN + 6
        self.mood_top = self.title_k_top + h(self.title_k, theme.title_size) + 12
        self.row_a = self.mood_top + h(self.mood) + 12          # one dose: bars and marker
        self.below_a = self.row_a + BAR_H + 8
        # a course: below however many lines the dose labels took
        self.row_b = self.below_a + max(h(self.session), h(self.fade)) + 12 + 0.3 * size
        self.below_b = self.row_b + MARK_H + 6
        self.divider = self.below_b + max(h(self.series), h(self.booster)) + 14
        self.title_d_top = self.divider + 14
        self.pills = self.title_d_top + h(self.title_d, theme.title_size) + 12
        self.change_top = self.pills + MARK_H + 12
        self.below_change = self.change_top + BAR_H + 8
        self.axis_y = self.below_change + h(self.change) + 16
        self.zones_top = self.axis_y + 10
        self.footnote_top = self.zones_top + max(h(lines) for lines in self.zones) + 18
        self.height = self.footnote_top + h(self.footnote, theme.note_size) + MARGIN


def _draw_zones(dwg, axis, zones, axis_y, zones_top, theme):
    """Every other zone tinted behind the lanes; zone names under the axis."""
    for index, (x1, x2) in enumerate(axis.bounds):
        if index % 2:
            _rect(dwg, axis, x1, x2, MARGIN - 4, axis_y - MARGIN + 4,
                  fill=theme.palette.grey_light)
        _label(dwg, axis, zones[index], (x1 + x2) / 2, zones_top, theme,
               anchor="middle", bold=True)
    _draw_axis(dwg, axis, axis_y, theme)


def _one_dose(dwg, axis, theme, top, k=1.0):
    """Session effects for about two hours; then the benefit of one dose, possible
    within a day and tapering off by about two weeks. ``k`` enlarges the marks."""
    pal, at = theme.palette, axis.at
    bar = BAR_H * k
    mid = top + bar / 2
    _rect(dwg, axis, at(0), at(SESSION_END), top, bar, rx=bar / 2, fill=pal.purple_light,
          stroke=pal.purple, stroke_width=2)
    x1, x2 = axis.x(at(MOOD_AT)), axis.x(at(FADE_END))
    dwg.add(dwg.polygon([(x1, top), (x2, mid - 1.5), (x2, mid + 1.5), (x1, top + bar)],
                        fill=pal.green_light, stroke=pal.green, stroke_width=1.6,
                        stroke_linejoin="round"))
    dwg.add(dwg.line((axis.x(at(MOOD_FROM)), mid), (x1, mid), stroke=pal.green, stroke_width=2,
                     stroke_dasharray="4,4"))
    _diamond(dwg, x1, mid, theme, 10 * k)


def _diamond(dwg, x, y, theme, r=10.0):
    dwg.add(dwg.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)],
                        fill=theme.palette.green, stroke=theme.palette.ink, stroke_width=1.5))


def _course(dwg, axis, theme, top, k=1.0):
    """A course of sessions, then a later booster: small session marks on a line."""
    pal, at = theme.palette, axis.at
    marks = [axis.x(at(day * DAY)) for day in SERIES_DAYS]
    dwg.add(dwg.line((marks[0], top + MARK_H * k / 2), (marks[-1], top + MARK_H * k / 2),
                     stroke=pal.purple, stroke_width=1.5))
    for x in marks + [axis.x(at(BOOSTER_DAY * DAY))]:
        _session_mark(dwg, x, top, theme, k)


def _session_mark(dwg, x, top, theme, k=1.0):
    dwg.add(dwg.rect((x - 3 * k, top), (6 * k, MARK_H * k), rx=3 * k,
                     fill=theme.palette.purple_light, stroke=theme.palette.purple,
                     stroke_width=1.8))


def _daily(dwg, axis, theme, pills_top, change_top, k=1.0):
    """One small pill for every day; the change it usually brings after 2 to 6 weeks."""
    pal, at = theme.palette, axis.at
    for day in range(int(ZONES[-1][3] / DAY) + 1):
        x = axis.x(at(day * DAY))
        dwg.add(dwg.rect((x - 1.6, pills_top), (3.2, MARK_H * k), rx=1.6, fill=pal.orange))
    _rect(dwg, axis, at(CHANGE_FROM), at(CHANGE_TO), change_top, BAR_H * k, rx=BAR_H * k / 2,
          fill=pal.green_light, stroke=pal.green, stroke_width=2)


def _draw_ketamine_lane(dwg, axis, plan, theme):
    _label(dwg, axis, plan.title_k, axis.start, plan.title_k_top, theme, size=theme.title_size,
           bold=True)
    _one_dose(dwg, axis, theme, plan.row_a)
    _label(dwg, axis, plan.mood, plan.mood_label_x, plan.mood_top, theme, anchor="middle")
    _label(dwg, axis, plan.session, axis.start, plan.below_a, theme)
    _label(dwg, axis, plan.fade, plan.mood_x + 14, plan.below_a, theme)
    _course(dwg, axis, theme, plan.row_b)
    _label(dwg, axis, plan.series, axis.start, plan.below_b, theme)
    _label(dwg, axis, plan.booster, plan.booster_label_x, plan.below_b, theme, anchor="middle")


def _draw_daily_lane(dwg, axis, plan, theme):
    _label(dwg, axis, plan.title_d, axis.start, plan.title_d_top, theme, size=theme.title_size,
           bold=True)
    _daily(dwg, axis, theme, plan.pills, plan.change_top)
    _label(dwg, axis, plan.change, plan.change_label_x, plan.below_change, theme,
           anchor="middle")


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "timeline")
    theme = remembering(theme)
    axis = Axis(theme, _zone_needs(labels, theme))
    return first_that_fits("timeline", theme, (
        lambda: _with_labels(labels, theme, axis),
        lambda: _with_key(labels, theme, axis),
    ))


def _with_labels(labels, theme, axis):
    """Each label beside the mark it explains; None when one wraps to many lines."""
    plan = Plan(labels, theme, axis)
    if max(len(lines) for lines in (plan.mood, plan.session, plan.fade, plan.series,
                                    plan.booster, plan.change)) > MAX_LABEL_LINES:
        return None
    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, plan.height), profile="full", debug=False)
    dwg.viewbox(0, 0, CANVAS_WIDTH, plan.height)
    _draw_zones(dwg, axis, plan.zones, plan.axis_y, plan.zones_top, theme)
    _draw_ketamine_lane(dwg, axis, plan, theme)
    _divider(dwg, axis, plan.divider, theme)
    _draw_daily_lane(dwg, axis, plan, theme)
    dwg.add(rich_block(dwg, plan.footnote, axis.x(axis.start), plan.footnote_top + theme.note_size,
                       theme, size=theme.note_size))
    return dwg


def _divider(dwg, axis, y, theme):
    dwg.add(dwg.line((axis.x(axis.start), y), (axis.x(axis.end), y),
                     stroke=theme.palette.line, stroke_width=1, stroke_dasharray="2,4"))


# --- large print: the marks on the time line, their meanings in a key below ------------

# the key's rows, in the order their marks appear
KEY_ROWS = ("ket_session", "ket_mood", "ket_fade", "ket_series", "ket_booster", "daily_change")
SWATCH = 52.0
KEY_SPACING = 28.0   # between two items sharing a row of the key


def _with_key(labels, theme, axis):
    """The lanes carry only their titles and marks; each mark's meaning is a row of
    the key under the axis, beside a small copy of the mark."""
    size, full = theme.label_size, axis.end + 10 - axis.start

    def h(lines, text_size=None):
        return block_height(lines, theme, text_size) + 0.2 * (text_size or size)

    # lane titles at label size: here every line counts
    title_k = balanced_lines(labels["lane_ketamine"], theme, full, bold=True)
    title_d = balanced_lines(labels["lane_daily"], theme, full, bold=True)
    zones = [balanced_lines(labels[key], theme, x2 - x1 - 8, bold=True)
             for (key, *_), (x1, x2) in zip(ZONES, axis.bounds)]
    key_rows = _key_flow(labels, theme, full)
    footnote = rich_lines([(labels["both"], True, None),
                           (labels["footnote"], False, theme.palette.muted)],
                          theme, full, size=theme.note_size)
    k = max(1.0, size / 30)   # marks grow with large type
    title_k_top = MARGIN + 4
    row_a = title_k_top + h(title_k) + 10
    row_b = row_a + BAR_H * k + 12
    divider = row_b + MARK_H * k + 12
    title_d_top = divider + 10
    pills = title_d_top + h(title_d) + 10
    change_top = pills + MARK_H * k + 8
    axis_y = change_top + BAR_H * k + 14
    zones_top = axis_y + 10
    key_top = zones_top + max(h(lines) for lines in zones) + 16
    row_heights = [max(max(block_height(lines, theme) for _, lines, _ in row), 22.0 * k)
                   for row in key_rows]
    footnote_top = key_top + sum(row_heights) + 8 * (len(key_rows) - 1) + 16
    height = round(footnote_top + h(footnote, theme.note_size) + MARGIN, 1)

    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, height), profile="full", debug=False)
    dwg.viewbox(0, 0, CANVAS_WIDTH, height)
    _draw_zones(dwg, axis, zones, axis_y, zones_top, theme)
    _label(dwg, axis, title_k, axis.start, title_k_top, theme, bold=True)
    _one_dose(dwg, axis, theme, row_a, k)
    _course(dwg, axis, theme, row_b, k)
    _divider(dwg, axis, divider, theme)
    _label(dwg, axis, title_d, axis.start, title_d_top, theme, bold=True)
    _daily(dwg, axis, theme, pills, change_top, k)
    y = key_top
    for row, row_h in zip(key_rows, row_heights):
        for key, lines, offset in row:
            left = axis.start + offset
            _swatch(dwg, axis, theme, key, left + SWATCH / 2 - 4, y + size * 0.45, k)
            _label(dwg, axis, lines, left + SWATCH, y - 0.2 * size, theme)
        y += row_h + 8
    dwg.add(rich_block(dwg, footnote, axis.x(axis.start), footnote_top + theme.note_size, theme,
                       size=theme.note_size))
    return dwg


def _key_flow(labels, theme, full):
    """The key's items in rows: short one-line items share a row, in order; an item
    that needs the whole width has a row of its own. Each row is a list of
    (key, lines, offset from the axis start)."""
    rows, row, used = [], [], 0.0
    for key in KEY_ROWS:
        width = SWATCH + theme.measure(labels[key], theme.label_size, False)
        if row and used + KEY_SPACING + width <= full:
            row.append((key, [labels[key]], used + KEY_SPACING))
            used += KEY_SPACING + width
            continue
        if row:
            rows.append(row)
        if width <= full:
            row, used = [(key, [labels[key]], 0.0)], width
        else:
            rows.append([(key, balanced_lines(labels[key], theme, full - SWATCH), 0.0)])
            row, used = [], 0.0
    if row:
        rows.append(row)
    return rows


def _swatch(dwg, axis, theme, key, x, y, k=1.0):
    """A small copy of the mark a key row explains, centred at (x, y) left to right."""
    pal, cx = theme.palette, axis.x(x)
    bar, mark = BAR_H * k, MARK_H * k
    if key == "ket_session":
        dwg.add(dwg.rect((cx - 18, y - bar / 2), (36, bar), rx=bar / 2,
                         fill=pal.purple_light, stroke=pal.purple, stroke_width=2))
    elif key == "ket_mood":
        _diamond(dwg, cx, y, theme, 10 * k)
    elif key == "ket_fade":
        base, tip = axis.x(x - 20), axis.x(x + 20)
        dwg.add(dwg.polygon([(base, y - bar / 2), (tip, y - 1.5), (tip, y + 1.5),
                             (base, y + bar / 2)], fill=pal.green_light, stroke=pal.green,
                            stroke_width=1.6, stroke_linejoin="round"))
    elif key == "ket_series":
        dwg.add(dwg.line((cx - 16, y), (cx + 16, y), stroke=pal.purple, stroke_width=1.5))
        for dx in (-16, 0, 16):
            _session_mark(dwg, cx + dx, y - mark / 2, theme, k)
    elif key == "ket_booster":
        _session_mark(dwg, cx, y - mark / 2, theme, k)
    else:
        dwg.add(dwg.rect((cx - 20, y - bar / 2), (40, bar), rx=bar / 2,
                         fill=pal.green_light, stroke=pal.green, stroke_width=2))


def _draw_axis(dwg, axis, y, theme):
    """The time line as one segment per zone, with a small gap between them: each
    zone has its own stretch of time, so the axis is read zone by zone, in order."""
    pal = theme.palette
    for index, (left, right) in enumerate(axis.bounds):
        x1, x2 = sorted((axis.x(left + (3 if index else 0)), axis.x(right - 3)))
        dwg.add(dwg.rect((x1, y - 3), (x2 - x1, 6), rx=3, fill=pal.ink))
    tip = axis.x(axis.end + 10)
    base = axis.x(axis.end - 3)
    dwg.add(dwg.polygon([(tip, y), (base, y - 7), (base, y + 7)], fill=pal.ink))
