"""How fast and how long: ketamine next to a daily antidepressant, on one time axis.

The axis is not to scale: four zones (session, hours, days, weeks), each with
its own stretch of the axis, marked with break signs. Two lanes share the axis.
Positions are computed left to right and mirrored for right-to-left editions.
"""
from __future__ import annotations

from typing import Mapping

import svgwrite

from ._common import (CANVAS_WIDTH, Theme, block_height, require_labels, text_block,
                      wrap_lines)

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
ZONES = (("zone_session", 0.13, 0.0, 2 * HOUR), ("zone_hours", 0.19, 2 * HOUR, DAY),
         ("zone_days", 0.28, DAY, WEEK), ("zone_weeks", 0.40, WEEK, 7 * WEEK))
SERIES_DAYS = (0, 2, 4, 7, 10, 14)  # a typical course: about 6 sessions in 2-3 weeks
BOOSTER_DAY = 35
MOOD_FROM, MOOD_AT = 4 * HOUR, DAY  # some people notice a change from ~4 h to a day
FADE_END = 2 * WEEK
CHANGE_FROM, CHANGE_TO = 2 * WEEK, 6 * WEEK
BAR_H = 18.0


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
        for (x1, x2), (_, _, t1, t2) in zip(self.bounds, ZONES):
            if hours <= t2:
                x1 = x1 + 12 if t1 == 0 else x1
                return x1 + (x2 - x1) * (hours - t1) / (t2 - t1)
        return self.bounds[-1][1]

    def x(self, x: float) -> float:
        return CANVAS_WIDTH - x if self.rtl else x


def _label(dwg, lines, x, top, theme, anchor="start", axis=None, size=None, bold=False):
    """Text whose block starts at ``top``; ``x`` is left-to-right, mirrored here."""
    size = size or theme.label_size
    dwg.add(text_block(dwg, lines, axis.x(x), top + size, theme, size=size, bold=bold, anchor=anchor))


def _rect(dwg, axis, x1, x2, y, h, **style):
    left, right = sorted((axis.x(x1), axis.x(x2)))
    dwg.add(dwg.rect((left, y), (right - left, h), **style))


def _diamond(dwg, cx, cy, r, theme):
    pal = theme.palette
    dwg.add(dwg.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=pal.green,
                        stroke=pal.ink, stroke_width=1.5))


def _longest_word(text, theme):
    """Width of the longest piece of ``text`` that cannot be broken (bold)."""
    if theme.line_breaking == "chars":
        return theme.label_size * 2  # any two characters may go on one line
    return max(theme.measure(word, theme.label_size, True) for word in text.split())


def _fit_centred(text, theme, centre, lo, hi, cap):
    """Lines for a label centred under (or over) ``centre``, slid sideways as
    little as needed to stay within lo..hi. Returns the lines and their centre."""
    lines = wrap_lines(text, theme, min(cap, hi - lo))
    width = max(theme.measure(line, theme.label_size, False) for line in lines)
    return lines, min(max(centre, lo + width / 2), hi - width / 2)


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "timeline")
    pal, size = theme.palette, theme.label_size
    axis = Axis(theme, [_longest_word(labels[key], theme) + 12 for key, *_ in ZONES])
    at, full = axis.at, axis.end - axis.start
    wrap = lambda key, width, **kw: wrap_lines(labels[key], theme, width, **kw)  # noqa: E731
    gap = 10.0

    # ---- plan every text block first, so the height is known ----------------------
    title_k = wrap("lane_ketamine", full, size=theme.title_size, bold=True)
    title_d = wrap("lane_daily", full, size=theme.title_size, bold=True)
    mood_x = at(MOOD_AT)
    mood, mood_label_x = _fit_centred(labels["ket_mood"], theme, mood_x, axis.start, axis.end, 330)
    session = wrap("ket_session", mood_x - 16 - axis.start)
    fade = wrap("ket_fade", axis.end - mood_x - 14)
    booster_x = at(BOOSTER_DAY * DAY)
    booster, booster_label_x = _fit_centred(labels["ket_booster"], theme, booster_x,
                                            at(SERIES_DAYS[-1] * DAY) + 14, axis.end, 200)
    booster_left = booster_label_x - max(theme.measure(line, size, False) for line in booster) / 2
    series = wrap("ket_series", min(booster_left, booster_x - 8) - 14 - axis.start)
    change_x = (at(CHANGE_FROM) + at(CHANGE_TO)) / 2
    change, change_label_x = _fit_centred(labels["daily_change"], theme, change_x, at(DAY),
                                          axis.end, 360)
    zones = [wrap(key, x2 - x1 - 8) for (key, *_), (x1, x2) in zip(ZONES, axis.bounds)]
    footnote = wrap("footnote", CANVAS_WIDTH - 2 * MARGIN, size=theme.small_size)
    h = lambda lines, s=None: block_height(lines, theme, s)  # noqa: E731

    y = {}
    y["title_k"] = MARGIN + 6
    y["mood"] = y["title_k"] + h(title_k, theme.title_size) + 12
    y["row_a"] = y["mood"] + h(mood) + 12
    y["below_a"] = y["row_a"] + BAR_H + 8
    y["row_b"] = y["below_a"] + max(h(session), h(fade)) + 16
    y["below_b"] = y["row_b"] + 16 + 6
    y["divider"] = y["below_b"] + max(h(series), h(booster)) + 14
    y["title_d"] = y["divider"] + 14
    y["pills"] = y["title_d"] + h(title_d, theme.title_size) + 12
    y["change"] = y["pills"] + 14 + 12
    y["below_change"] = y["change"] + BAR_H + 8
    y["axis"] = y["below_change"] + h(change) + 16
    y["zones"] = y["axis"] + 10
    y["footnote"] = y["zones"] + max(h(lines) for lines in zones) + 18
    height = y["footnote"] + h(footnote, theme.small_size) + MARGIN

    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, height), profile="full")
    dwg.viewbox(0, 0, CANVAS_WIDTH, height)

    # ---- zone bands (every other zone tinted) and the axis ------------------------
    for index, (x1, x2) in enumerate(axis.bounds):
        if index % 2:
            _rect(dwg, axis, x1, x2, MARGIN - 4, y["axis"] - MARGIN + 4, fill=pal.grey_light)
        centre = axis.x((x1 + x2) / 2)
        dwg.add(text_block(dwg, zones[index], centre, y["zones"] + size, theme, bold=True,
                           anchor="middle"))
    _draw_axis(dwg, axis, y["axis"], theme)
    dwg.add(dwg.line((axis.x(axis.start), y["divider"]), (axis.x(axis.end), y["divider"]),
                     stroke=pal.line, stroke_width=1, stroke_dasharray="2,4"))

    # ---- ketamine lane --------------------------------------------------------------
    _label(dwg, title_k, axis.start, y["title_k"], theme, axis=axis, size=theme.title_size, bold=True)
    row_mid = y["row_a"] + BAR_H / 2
    _rect(dwg, axis, at(0), at(2 * HOUR), y["row_a"], BAR_H, rx=BAR_H / 2, fill=pal.purple_light,
          stroke=pal.purple, stroke_width=2)
    # The benefit of one dose: starts within a day, tapers off by about two weeks.
    x1, x2 = axis.x(mood_x), axis.x(at(FADE_END))
    dwg.add(dwg.polygon([(x1, y["row_a"]), (x2, row_mid - 1.5), (x2, row_mid + 1.5),
                         (x1, y["row_a"] + BAR_H)], fill=pal.green_light, stroke=pal.green,
                        stroke_width=1.6, stroke_linejoin="round"))
    dwg.add(dwg.line((axis.x(at(MOOD_FROM)), row_mid), (x1, row_mid), stroke=pal.green,
                     stroke_width=2, stroke_dasharray="4,4"))
    dwg.add(dwg.line((x1, y["mood"] + h(mood) + 3), (x1, y["row_a"] - 10), stroke=pal.ink,
                     stroke_width=1.2))
    _diamond(dwg, x1, row_mid, 10, theme)
    _label(dwg, mood, mood_label_x, y["mood"], theme, anchor="middle", axis=axis)
    _label(dwg, session, axis.start, y["below_a"], theme, axis=axis)
    _label(dwg, fade, mood_x + 14, y["below_a"], theme, axis=axis)

    # A course of sessions, then a later booster: small session marks.
    series_x = [axis.x(at(day * DAY)) for day in SERIES_DAYS]
    dwg.add(dwg.line((series_x[0], y["row_b"] + 8), (series_x[-1], y["row_b"] + 8),
                     stroke=pal.purple, stroke_width=1.5))
    for x in series_x + [axis.x(booster_x)]:
        dwg.add(dwg.rect((x - 3, y["row_b"]), (6, 16), rx=3, fill=pal.purple_light,
                         stroke=pal.purple, stroke_width=1.8))
    _label(dwg, series, axis.start, y["below_b"], theme, axis=axis)
    _label(dwg, booster, booster_label_x, y["below_b"], theme, anchor="middle", axis=axis)

    # ---- daily antidepressant lane -------------------------------------------------
    _label(dwg, title_d, axis.start, y["title_d"], theme, axis=axis, size=theme.title_size, bold=True)
    last_day = int(ZONES[-1][3] / DAY)
    for day in range(0, last_day + 1):  # one small pill for every day
        x = axis.x(at(day * DAY))
        dwg.add(dwg.rect((x - 1.6, y["pills"]), (3.2, 14), rx=1.6, fill=pal.orange))
    _rect(dwg, axis, at(CHANGE_FROM), at(CHANGE_TO), y["change"], BAR_H, rx=BAR_H / 2,
          fill=pal.green_light, stroke=pal.green, stroke_width=2)
    _label(dwg, change, change_label_x, y["below_change"], theme, anchor="middle", axis=axis)

    footnote_x = axis.x(MARGIN)
    dwg.add(text_block(dwg, footnote, footnote_x, y["footnote"] + theme.small_size, theme,
                       size=theme.small_size, fill=pal.muted))
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
