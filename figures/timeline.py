"""How fast and how long: ketamine next to a daily antidepressant, on one time axis.

The axis is not to scale: four zones (session, hours, days, weeks), each with
its own stretch of the axis, marked with break signs. Inside the hours zone
time runs on a log scale, so the first few hours after a session get room.
Two lanes share the axis.
Positions are computed left to right and mirrored for right-to-left editions.
"""
from __future__ import annotations

import math
from typing import Mapping

import svgwrite

from ._common import CANVAS_WIDTH, Theme, block_height, require_labels, text_block
from ._marks import balanced_lines

LABEL_KEYS = (
    "zone_session", "zone_hours", "zone_days", "zone_weeks",
    "lane_ketamine", "lane_daily",
    "ket_session", "ket_mood", "ket_fade", "ket_series", "ket_booster",
    "daily_change",
    "footnote",
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
        # the footnote lines up with the lane titles and the axis (mirrored in RTL)
        self.footnote = wrap("footnote", axis.end + 10 - axis.start, size=theme.small_size)

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
        self.height = self.footnote_top + h(self.footnote, theme.small_size) + MARGIN


def _draw_zones(dwg, axis, plan, theme):
    """Every other zone tinted behind both lanes; zone names under the axis."""
    for index, (x1, x2) in enumerate(axis.bounds):
        if index % 2:
            _rect(dwg, axis, x1, x2, MARGIN - 4, plan.axis_y - MARGIN + 4,
                  fill=theme.palette.grey_light)
        _label(dwg, axis, plan.zones[index], (x1 + x2) / 2, plan.zones_top, theme,
               anchor="middle", bold=True)
    _draw_axis(dwg, axis, plan.axis_y, theme)


def _draw_ketamine_lane(dwg, axis, plan, theme):
    pal, at = theme.palette, axis.at
    _label(dwg, axis, plan.title_k, axis.start, plan.title_k_top, theme, size=theme.title_size,
           bold=True)
    top, mid = plan.row_a, plan.row_a + BAR_H / 2
    _rect(dwg, axis, at(0), at(SESSION_END), top, BAR_H, rx=BAR_H / 2, fill=pal.purple_light,
          stroke=pal.purple, stroke_width=2)
    # The benefit of one dose: possible within a day, tapering off by about two weeks.
    x1, x2 = axis.x(plan.mood_x), axis.x(at(FADE_END))
    dwg.add(dwg.polygon([(x1, top), (x2, mid - 1.5), (x2, mid + 1.5), (x1, top + BAR_H)],
                        fill=pal.green_light, stroke=pal.green, stroke_width=1.6,
                        stroke_linejoin="round"))
    dwg.add(dwg.line((axis.x(at(MOOD_FROM)), mid), (x1, mid), stroke=pal.green, stroke_width=2,
                     stroke_dasharray="4,4"))
    dwg.add(dwg.polygon([(x1, mid - 10), (x1 + 10, mid), (x1, mid + 10), (x1 - 10, mid)],
                        fill=pal.green, stroke=pal.ink, stroke_width=1.5))
    _label(dwg, axis, plan.mood, plan.mood_label_x, plan.mood_top, theme, anchor="middle")
    _label(dwg, axis, plan.session, axis.start, plan.below_a, theme)
    _label(dwg, axis, plan.fade, plan.mood_x + 14, plan.below_a, theme)

    # A course of sessions, then a later booster: small session marks on a line.
    marks = [axis.x(at(day * DAY)) for day in SERIES_DAYS]
    dwg.add(dwg.line((marks[0], plan.row_b + MARK_H / 2), (marks[-1], plan.row_b + MARK_H / 2),
                     stroke=pal.purple, stroke_width=1.5))
    for x in marks + [axis.x(plan.booster_x)]:
        dwg.add(dwg.rect((x - 3, plan.row_b), (6, MARK_H), rx=3, fill=pal.purple_light,
                         stroke=pal.purple, stroke_width=1.8))
    _label(dwg, axis, plan.series, axis.start, plan.below_b, theme)
    _label(dwg, axis, plan.booster, plan.booster_label_x, plan.below_b, theme, anchor="middle")


def _draw_daily_lane(dwg, axis, plan, theme):
    pal, at = theme.palette, axis.at
    _label(dwg, axis, plan.title_d, axis.start, plan.title_d_top, theme, size=theme.title_size,
           bold=True)
    for day in range(int(ZONES[-1][3] / DAY) + 1):  # one small pill for every day
        x = axis.x(at(day * DAY))
        dwg.add(dwg.rect((x - 1.6, plan.pills), (3.2, MARK_H), rx=1.6, fill=pal.orange))
    _rect(dwg, axis, at(CHANGE_FROM), at(CHANGE_TO), plan.change_top, BAR_H, rx=BAR_H / 2,
          fill=pal.green_light, stroke=pal.green, stroke_width=2)
    _label(dwg, axis, plan.change, plan.change_label_x, plan.below_change, theme,
           anchor="middle")


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "timeline")
    axis = Axis(theme, [_longest_word(labels[key], theme) + 12 for key, *_ in ZONES])
    plan = Plan(labels, theme, axis)
    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, plan.height), profile="full", debug=False)
    dwg.viewbox(0, 0, CANVAS_WIDTH, plan.height)
    _draw_zones(dwg, axis, plan, theme)
    _draw_ketamine_lane(dwg, axis, plan, theme)
    dwg.add(dwg.line((axis.x(axis.start), plan.divider), (axis.x(axis.end), plan.divider),
                     stroke=theme.palette.line, stroke_width=1, stroke_dasharray="2,4"))
    _draw_daily_lane(dwg, axis, plan, theme)
    _label(dwg, axis, plan.footnote, axis.start, plan.footnote_top, theme, size=theme.small_size,
           fill=theme.palette.muted)
    return dwg


def _draw_axis(dwg, axis, y, theme):
    """The time line, an arrowhead at its far end and break signs between zones."""
    pal = theme.palette
    x1, x2 = axis.x(axis.start), axis.x(axis.end)
    dwg.add(dwg.line((x1, y), (x2, y), stroke=pal.ink, stroke_width=theme.stroke))
    tip = axis.x(axis.end + 10)
    dwg.add(dwg.polygon([(tip, y), (x2, y - 6), (x2, y + 6)], fill=pal.ink))
    for left, _ in axis.bounds[1:]:
        bx = axis.x(left)
        # Two short slanted strokes on a white gap: "scale changes here".
        dwg.add(dwg.rect((bx - 5, y - 4), (10, 8), fill=pal.paper))
        for dx in (-3, 3):
            dwg.add(dwg.line((bx + dx - 3, y + 6), (bx + dx + 3, y - 6), stroke=pal.ink,
                             stroke_width=1.6))
