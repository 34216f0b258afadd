"""Figure (b): road repair, a picture for how ketamine may help connections.

Three panels read in order: "Before" (potholes and a detour that goes round
in circles), "The crew arrives" (repair trucks with ketamine's hexagon) and
"After" (a better road and a new side road, with an upkeep crew filling the
last pothole: repair goes on). Each scene has a key: a small icon, the element
in bold running on into its brain meaning. New things are green with a dashed
outline, as in the synapse figure.

Wide: the panels side by side. Narrow (large print): the panels one under the
other, the key beside the scene and, below it, across the panel.
"""
from __future__ import annotations

import math
from typing import Mapping

import svgwrite

from ._common import (CANVAS_WIDTH, Theme, baseline, block_height, first_that_fits,
                      remembering, require_labels, rich_block, rich_lines, text_block,
                      words_fit)
from ._marks import arrow_head, balanced_lines, ketamine_marker

# written out in full: content validation reads this tuple without importing the module
LABEL_KEYS = (
    "before_title", "crew_title", "after_title",
    "potholes", "potholes_meaning", "detour", "detour_meaning",
    "trucks", "trucks_meaning",
    "smooth_road", "smooth_meaning", "side_road", "side_meaning",
    "upkeep", "upkeep_meaning",
    "footnote",
)

MARGIN = 14.0
PANEL_GAP = 24.0        # room for the arrow between panels
PAD = 8.0               # inside a panel
SCENE_WIDTH = 204.0     # scenes are drawn this wide, then scaled
SCENE_HEIGHT = 118.0
ROAD_TOP, ROAD_HEIGHT = 66.0, 32.0
ICON_COLUMN = 36.0      # key icon plus its gap
ITEM_GAP = 8.0
MAX_WIDE_LINES = 4      # a key item wrapped to more lines reads better stacked

# each panel: title key, then (icon, element key, meaning key) for its key
PANELS = (
    ("before_title", (("pothole", "potholes", "potholes_meaning"),
                      ("detour", "detour", "detour_meaning"))),
    ("crew_title", (("truck", "trucks", "trucks_meaning"),)),
    ("after_title", (("smooth", "smooth_road", "smooth_meaning"),
                     ("side_road", "side_road", "side_meaning"),
                     ("upkeep", "upkeep", "upkeep_meaning"))),
)


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "road_repair")
    theme = remembering(theme)
    return first_that_fits("road_repair", theme, (
        lambda: _side_by_side(labels, theme),
        lambda: _stacked(labels, theme, scene_share=0.36, gap=PANEL_GAP),
        lambda: _stacked(labels, theme, scene_share=0.3, gap=16.0),
        lambda: _stacked(labels, theme, scene_share=0.26, gap=12.0),
        lambda: _stacked(labels, theme, scene_share=0.22, gap=10.0),
        # the last resort of the half-page large print: a larger scene, closer panels
        lambda: _stacked(labels, theme, scene_share=0.26, gap=8.0),
    ))


def _item_lines(labels, theme: Theme, item, width: float):
    """One key item as a paragraph: the element in bold, then its meaning."""
    _, element, meaning = item
    return rich_lines([(labels[element], True, None), (labels[meaning], False, None)],
                      theme, width)


def _canvas(height: float):
    height = round(height, 1)
    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, height), profile="full", debug=False)
    dwg.viewbox(0, 0, CANVAS_WIDTH, height)
    return dwg


def _panel_box(dwg, theme: Theme, name: str, left: float, top: float, width: float,
               height: float):
    """A panel's frame, as the group its words are drawn into."""
    group = dwg.g(id=f"box-{name}")
    group.add(dwg.rect((left, top), (width, height), rx=10, fill=theme.palette.paper,
                       stroke=theme.palette.line, stroke_width=1.5))
    dwg.add(group)
    return group


def _footnote(dwg, theme: Theme, labels, top: float) -> float:
    """The footnote from the panels' reading edge; returns its bottom."""
    lines = balanced_lines(labels["footnote"], theme, CANVAS_WIDTH - 2 * MARGIN,
                           size=theme.note_size)
    x = CANVAS_WIDTH - MARGIN if theme.rtl else MARGIN
    dwg.add(text_block(dwg, lines, x, baseline(top, theme.note_size), theme,
                       size=theme.note_size, fill=theme.palette.muted))
    return top + block_height(lines, theme, theme.note_size)


def _footnote_height(labels, theme: Theme) -> float:
    lines = balanced_lines(labels["footnote"], theme, CANVAS_WIDTH - 2 * MARGIN,
                           size=theme.note_size)
    return block_height(lines, theme, theme.note_size)


def _icon_scale(theme: Theme) -> float:
    """Key icons grow with large type, a little more slowly than the words."""
    return max(1.0, theme.label_size / 24)


def _icon_column(theme: Theme) -> float:
    return ICON_COLUMN * _icon_scale(theme)


def _draw_item(dwg, group, theme: Theme, icon: str, lines, x_start: float, top: float):
    """A key item: its icon at the reading start, its paragraph beside it."""
    ahead = -1 if theme.rtl else 1
    scale = _icon_scale(theme)
    centre_x = x_start + ahead * (_icon_column(theme) / 2 - 2 * scale)
    icon_group = dwg.g(transform=f"translate({centre_x:.1f},"
                                 f"{top + theme.label_size * 0.42:.1f}) scale({scale:.3f})")
    ICONS[icon](dwg, icon_group, theme)
    dwg.add(icon_group)
    group.add(rich_block(dwg, lines, x_start + ahead * _icon_column(theme),
                         baseline(top, theme.label_size), theme))


def _item_height(lines, theme: Theme) -> float:
    return max(block_height(lines, theme), 22.0 * _icon_scale(theme))


def _scene(dwg, theme: Theme, index: int, left: float, top: float, width: float) -> None:
    scale = width / SCENE_WIDTH
    group = dwg.g(transform=f"translate({left:.1f},{top:.1f}) scale({scale:.3f})")
    SCENES[index](dwg, group, theme, SCENE_WIDTH)
    dwg.add(group)


# --- side by side: three panels across ---------------------------------------------

def _side_by_side(labels, theme: Theme):
    pal = theme.palette
    panel_width = (CANVAS_WIDTH - 2 * MARGIN - 2 * PANEL_GAP) / 3
    inner = panel_width - 2 * PAD
    titles = [balanced_lines(labels[key], theme, inner, size=theme.title_size, bold=True)
              for key, _ in PANELS]
    keys = [[(item[0], _item_lines(labels, theme, item, inner - _icon_column(theme)))
             for item in items]
            for _, items in PANELS]
    item_width = inner - _icon_column(theme)
    if max(len(lines) for key in keys for _, lines in key) > MAX_WIDE_LINES or \
            max(len(t) for t in titles) > 2 or not all(
                words_fit(labels[key], theme, inner, size=theme.title_size, bold=True)
                for key, _ in PANELS) or not all(
                words_fit(labels[key], theme, item_width, bold=key == item[1])
                for _, items in PANELS for item in items for key in item[1:]):
        return None
    title_height = max(block_height(t, theme, size=theme.title_size) for t in titles)
    top = MARGIN
    scene_height = SCENE_HEIGHT * inner / SCENE_WIDTH
    scene_top = top + PAD + title_height + 10
    keys_top = scene_top + scene_height + 12
    contents = [sum(_item_height(lines, theme) for _, lines in key) + ITEM_GAP * (len(key) - 1)
                for key in keys]
    panel_bottom = keys_top + max(contents) + PAD
    note_top = panel_bottom + 12
    dwg = _canvas(note_top + _footnote_height(labels, theme) + MARGIN)

    # panels read in the text's direction: "Before" sits on the right in RTL
    lefts = [MARGIN + i * (panel_width + PANEL_GAP) for i in range(3)]
    if theme.rtl:
        lefts.reverse()
    for index, (left, title, key) in enumerate(zip(lefts, titles, keys)):
        group = _panel_box(dwg, theme, PANELS[index][0], left, top, panel_width,
                           panel_bottom - top)
        group.add(text_block(dwg, title, left + panel_width / 2,
                             baseline(top + PAD, theme.title_size), theme,
                             size=theme.title_size, bold=True, anchor="middle"))
        _scene(dwg, theme, index, left + PAD, scene_top, inner)
        start = left + panel_width - PAD if theme.rtl else left + PAD
        y = keys_top
        for icon, lines in key:
            _draw_item(dwg, group, theme, icon, lines, start, y)
            y += _item_height(lines, theme) + ITEM_GAP

    # arrows between panels, pointing the way the panels read
    arrow_y = scene_top + scene_height / 2
    for i in range(2):
        gap_centre = MARGIN + (i + 1) * panel_width + i * PANEL_GAP + PANEL_GAP / 2
        tip = gap_centre + (-8 if theme.rtl else 8)
        dwg.add(arrow_head(dwg, tip, arrow_y, math.pi if theme.rtl else 0.0, 16, pal.ink))
    _footnote(dwg, theme, labels, note_top)
    return dwg


# --- stacked: one panel under another ----------------------------------------------

def _stacked(labels, theme: Theme, scene_share: float, gap: float):
    """Each panel a row: the scene at the reading start, the key beside it, and key
    items that start below the scene across the panel's full width. The titles
    head the keys, or sit over the scenes when that makes the figure shorter."""
    inner = CANVAS_WIDTH - 2 * MARGIN - 2 * PAD
    scene_width = round(inner * scene_share, 1)
    scene_height = SCENE_HEIGHT * scene_width / SCENE_WIDTH
    beside = inner - scene_width - 14
    # every panel's title alike (heading its key, or over its scene) when that fits
    # the page; else each panel takes whichever makes it shorter
    options = []
    for choices in ((False,), (True,), (False, True)):
        rows, y = [], MARGIN
        for index, (title_key, items) in enumerate(PANELS):
            candidates = [row for row in (_stacked_row(labels, theme, items, title_key, y, over,
                                                       scene_width, scene_height, beside, inner)
                                          for over in choices) if row]
            if not candidates:
                break
            row = min(candidates, key=lambda candidate: candidate["bottom"])
            rows.append((index, row))
            y = row["bottom"] + gap
        else:
            options.append((len(choices) > 1, y, rows))
    alike = [(y, rows) for mixed, y, rows in options if not mixed
             and y - gap + 12 + _footnote_height(labels, theme) + MARGIN <= theme.max_height]
    y, rows = min(alike or [(y, rows) for mixed, y, rows in options if mixed],
                  key=lambda option: option[0])
    note_top = y - gap + 12
    dwg = _canvas(note_top + _footnote_height(labels, theme) + MARGIN)

    ahead = -1 if theme.rtl else 1
    start = CANVAS_WIDTH - MARGIN - PAD if theme.rtl else MARGIN + PAD    # reading start
    text_x = start + ahead * (scene_width + 14)
    for index, row in rows:
        top, bottom, size = row["top"], row["bottom"], row["title_size"]
        group = _panel_box(dwg, theme, PANELS[index][0], MARGIN, top, CANVAS_WIDTH - 2 * MARGIN,
                           bottom - top)
        scene_left = start - scene_width if theme.rtl else start
        _scene(dwg, theme, index, scene_left, row["scene_top"], scene_width)
        if row["over"]:
            group.add(text_block(dwg, row["title"], start + ahead * scene_width / 2,
                                 baseline(top + PAD, size), theme, size=size, bold=True,
                                 anchor="middle"))
        else:
            group.add(text_block(dwg, row["title"], text_x, baseline(top + PAD, size), theme,
                                 size=size, bold=True))
        for icon, lines, item_top, free in row["placed"]:
            _draw_item(dwg, group, theme, icon, lines, start if free else text_x, item_top)
        if index < 2:   # the next panel follows below
            dwg.add(arrow_head(dwg, start + ahead * scene_width / 2, bottom + gap - 3,
                               math.pi / 2, min(14.0, gap - 4), theme.palette.ink))
    _footnote(dwg, theme, labels, note_top)
    return dwg


def _stacked_row(labels, theme: Theme, items, title_key, top, over: bool, scene_width,
                 scene_height, beside, inner):
    """One stacked panel, its title over the scene or heading the key; None when
    the title's words do not fit over the scene even at label size."""
    text = labels[title_key]
    room = scene_width if over else beside
    size = next((s for s in (theme.title_size, theme.label_size)
                 if words_fit(text, theme, room, size=s, bold=True)), None)
    if size is None:
        if over:
            return None
        size = theme.title_size
    title = balanced_lines(text, theme, room, size=size, bold=True)
    title_height = block_height(title, theme, size) + 8
    scene_top = top + PAD + (title_height if over else 0.0)
    scene_bottom = scene_top + scene_height + 6
    text_y = top + PAD + (0.0 if over else title_height)
    placed = []
    for item in items:
        # below the scene, an item may use the panel's whole width; an item whose
        # words do not fit beside the scene goes there
        beside_width = beside - _icon_column(theme)
        if text_y < scene_bottom and not all(words_fit(labels[key], theme, beside_width,
                                                       bold=key == item[1])
                                             for key in item[1:]):
            text_y = scene_bottom
        free = text_y >= scene_bottom
        lines = _item_lines(labels, theme, item, (inner if free else beside) - _icon_column(theme))
        placed.append((item[0], lines, text_y, free))
        text_y += _item_height(lines, theme) + ITEM_GAP
    bottom = max(text_y - ITEM_GAP, scene_top + scene_height) + PAD
    return {"over": over, "title": title, "title_size": size, "placed": placed, "top": top,
            "scene_top": scene_top, "bottom": bottom}


# --- scenes (local coordinates: 0..width across, 0..SCENE_HEIGHT down) -------------

def _ground(drawing, g, theme: Theme, width: float, dashes_missing=()) -> None:
    pal = theme.palette
    g.add(drawing.rect((0, 0), (width, SCENE_HEIGHT), rx=8, fill=pal.green_light))
    g.add(drawing.rect((0, ROAD_TOP), (width, ROAD_HEIGHT), fill=pal.line))
    centre = ROAD_TOP + ROAD_HEIGHT / 2
    for i, x in enumerate(range(6, int(width) - 8, 22)):
        if i not in dashes_missing:
            g.add(drawing.line((x, centre), (x + 12, centre), stroke=pal.paper,
                               stroke_width=2.5))


def _frame(drawing, g, theme: Theme, width: float) -> None:
    g.add(drawing.rect((0, 0), (width, SCENE_HEIGHT), rx=8, fill="none",
                       stroke=theme.palette.ink, stroke_width=1.5))


def _before_scene(drawing, g, theme: Theme, width: float) -> None:
    pal = theme.palette
    _ground(drawing, g, theme, width, dashes_missing=(2, 3, 6))
    _tree(drawing, g, theme, 16, 30)
    # the third hole sits in the far lane, clear of the detour sign's post
    for x, y, rx, ry in ((30, 76, 11, 5), (96, 88, 14, 6), (width - 56, 85, 10, 4.5)):
        _pothole(drawing, g, theme, x, y, rx, ry)
    # the detour goes round in circles: a dashed loop off the road
    g.add(drawing.path(d="M 44 66 C 38 40, 60 14, 84 20 C 108 26, 106 54, 84 56 "
                         "C 66 58, 62 40, 74 34",
                       fill="none", stroke=pal.vermillion, stroke_width=2.4,
                       stroke_dasharray="6,4", stroke_linecap="round"))
    g.add(arrow_head(drawing, 78, 32, math.atan2(-5, 12), 9, pal.vermillion))
    _detour_sign(drawing, g, theme, width - 36, 24, 1.0)
    g.add(drawing.line((width - 36, 40), (width - 36, 66), stroke=pal.ink, stroke_width=2.5))
    _frame(drawing, g, theme, width)


def _crew_scene(drawing, g, theme: Theme, width: float) -> None:
    pal = theme.palette
    _ground(drawing, g, theme, width)
    _tree(drawing, g, theme, 24, 28)
    _tree(drawing, g, theme, width - 30, 22)
    # behind the crew a hole is already patched; ahead of it one is still open
    g.add(drawing.rect((8, 86), (24, 9), rx=4, fill=pal.grey_light, stroke=pal.ink,
                       stroke_width=1.2))
    _pothole(drawing, g, theme, width - 16, 88, 8, 4)
    for x, y in ((40, 58), (108, 58)):
        _cone(drawing, g, theme, x, y)
    _truck(drawing, g, theme, 46, 58)
    _truck(drawing, g, theme, 116, 62, scale=0.82)
    _frame(drawing, g, theme, width)


def _after_scene(drawing, g, theme: Theme, width: float) -> None:
    """A better road with a new side road, and upkeep still going on: a small crew
    (no ketamine badge: this is therapy, sleep and follow-up) filling the last hole."""
    pal = theme.palette
    _ground(drawing, g, theme, width)
    junction = width * 0.36
    _side_road(drawing, g, theme, junction)
    # fresh edge lines on the mended road; the top one opens for the side road
    top_edge, bottom_edge = ROAD_TOP + 4, ROAD_TOP + ROAD_HEIGHT - 4
    for x1, x2, y in ((0, junction - 2, top_edge), (junction + 38, width, top_edge),
                      (0, width, bottom_edge)):
        g.add(drawing.line((x1, y), (x2, y), stroke=pal.paper, stroke_width=1.5))
    _tree(drawing, g, theme, 18, 30)
    _car(drawing, g, theme, 10, 88)
    # the last pothole, half filled with fresh grey patch, behind a cone
    _pothole(drawing, g, theme, width - 30, 89, 11, 4.5)
    g.add(drawing.rect((width - 42, 84), (13, 10), rx=4, fill=pal.grey_light, stroke=pal.ink,
                       stroke_width=1.1))
    _cone(drawing, g, theme, width - 52, 76)
    _upkeep_van(drawing, g, theme, width - 62, 44)
    _frame(drawing, g, theme, width)


# --- scene parts ------------------------------------------------------------------

def _pothole(drawing, g, theme: Theme, x, y, rx, ry) -> None:
    pal = theme.palette
    g.add(drawing.ellipse((x, y), (rx, ry), fill=pal.ink, stroke=pal.grey_light,
                          stroke_width=1.5))
    g.add(drawing.polyline([(x + rx, y), (x + rx + 5, y - 3), (x + rx + 8, y + 1)],
                           fill="none", stroke=pal.ink, stroke_width=1.2))


def _detour_sign(drawing, g, theme: Theme, x, y, size) -> None:
    """A diamond road sign with a bent arrow."""
    pal = theme.palette
    half = 16 * size
    g.add(drawing.polygon([(x, y - half), (x + half, y), (x, y + half), (x - half, y)],
                          fill=pal.orange, stroke=pal.ink, stroke_width=1.5,
                          stroke_linejoin="round"))
    s = size
    g.add(drawing.path(d=f"M {x - 5 * s} {y + 7 * s} L {x - 5 * s} {y} "
                         f"Q {x - 5 * s} {y - 4 * s} {x - 1 * s} {y - 4 * s} L {x + 2 * s} {y - 4 * s}",
                       fill="none", stroke=pal.ink, stroke_width=2 * s))
    g.add(arrow_head(drawing, x + 8 * s, y - 4 * s, 0.0, 7 * s, pal.ink))


def _tree(drawing, g, theme: Theme, x, y) -> None:
    pal = theme.palette
    g.add(drawing.rect((x - 2, y + 4), (4, 12), fill=pal.ink))
    g.add(drawing.circle((x, y), 10, fill=pal.green, stroke=pal.ink, stroke_width=1.2))


def _cone(drawing, g, theme: Theme, x, y) -> None:
    pal = theme.palette
    g.add(drawing.polygon([(x - 5, y + 10), (x, y - 4), (x + 5, y + 10)], fill=pal.orange,
                          stroke=pal.ink, stroke_width=1.2, stroke_linejoin="round"))
    g.add(drawing.line((x - 3, y + 4), (x + 3, y + 4), stroke=pal.paper, stroke_width=1.6))


def _truck(drawing, g, theme: Theme, x, y, scale=1.0) -> None:
    """A small repair truck facing right, with ketamine's badge on its side."""
    pal = theme.palette
    t = drawing.g(transform=f"translate({x},{y}) scale({scale})")
    line = max(1.5, 1.2 / scale)     # outlines stay at least 1.2 units once scaled
    ink = {"stroke": pal.ink, "stroke_width": line, "stroke_linejoin": "round"}
    t.add(drawing.rect((22, 0), (8, 4), rx=2, fill=pal.orange, **ink))      # beacon
    t.add(drawing.rect((0, 4), (38, 24), rx=3, fill=pal.orange_light, **ink))
    t.add(drawing.polygon([(40, 10), (51, 10), (58, 19), (58, 28), (40, 28)],
                          fill=pal.orange_light, **ink))
    t.add(drawing.polygon([(43, 13), (50, 13), (54, 19), (43, 19)], fill=pal.paper,
                          stroke=pal.ink, stroke_width=line * 0.8))
    for wheel_x in (10, 48):
        t.add(drawing.circle((wheel_x, 29), 6, fill=pal.ink))
        t.add(drawing.circle((wheel_x, 29), 2.4, fill=pal.grey_light))
    t.add(ketamine_marker(drawing, 19, 16, 6.5, theme))
    g.add(t)


def _upkeep_van(drawing, g, theme: Theme, x, y, scale=1.0) -> None:
    """The upkeep crew: a small green van with a roller, facing the way it works."""
    pal = theme.palette
    t = drawing.g(transform=f"translate({x},{y}) scale({scale})")
    line = max(1.5, 1.2 / scale)
    ink = {"stroke": pal.ink, "stroke_width": line, "stroke_linejoin": "round"}
    t.add(drawing.rect((14, 4), (34, 18), rx=3, fill=pal.green_light, **ink))
    t.add(drawing.polygon([(14, 8), (5, 8), (0, 15), (0, 22), (14, 22)], fill=pal.green_light,
                          **ink))
    t.add(drawing.polygon([(12, 10), (6, 10), (3, 15), (12, 15)], fill=pal.paper,
                          stroke=pal.ink, stroke_width=line * 0.8))
    t.add(drawing.line((22, 13), (40, 13), stroke=pal.green, stroke_width=2.2))   # a stripe
    for wheel_x in (9, 40):
        t.add(drawing.circle((wheel_x, 23), 5, fill=pal.ink))
        t.add(drawing.circle((wheel_x, 23), 2, fill=pal.grey_light))
    g.add(t)


def _car(drawing, g, theme: Theme, x, y) -> None:
    pal = theme.palette
    g.add(drawing.path(d=f"M {x} {y} L {x} {y - 8} L {x + 8} {y - 8} L {x + 13} {y - 15} "
                         f"L {x + 26} {y - 15} L {x + 31} {y - 8} L {x + 36} {y - 7} L {x + 36} {y} Z",
                       fill=pal.blue_light, stroke=pal.ink, stroke_width=1.5,
                       stroke_linejoin="round"))
    for wheel_x in (x + 8, x + 28):
        g.add(drawing.circle((wheel_x, y + 1), 4.5, fill=pal.ink))


def _side_road(drawing, g, theme: Theme, x) -> None:
    """A new road branching up from the main road, outlined green and dashed."""
    pal = theme.palette
    left = f"M {x} {ROAD_TOP} C {x + 12} 44, {x + 30} 20, {x + 52} 0"
    right = f"L {x + 84} 0 C {x + 60} 22, {x + 42} 46, {x + 34} {ROAD_TOP}"
    g.add(drawing.path(d=left + " " + right + f" L {x + 34} {ROAD_TOP + 6} L {x} {ROAD_TOP + 6} Z",
                       fill=pal.line))
    g.add(drawing.path(d=f"M {x + 17} {ROAD_TOP - 2} C {x + 28} 45, {x + 46} 21, {x + 68} 0",
                       fill="none", stroke=pal.paper, stroke_width=2.2,
                       stroke_dasharray="8,7"))
    for d in (left, f"M {x + 84} 0 C {x + 60} 22, {x + 42} 46, {x + 34} {ROAD_TOP}"):
        g.add(drawing.path(d=d, fill="none", stroke=pal.green, stroke_width=2.2,
                           stroke_dasharray="5,3"))


# --- key icons (drawn centred on the origin, about 30 x 22) -------------------------

def _icon_pothole(drawing, g, theme: Theme) -> None:
    g.add(drawing.rect((-14, -9), (28, 18), rx=3, fill=theme.palette.line))
    _pothole(drawing, g, theme, -2, 0, 7, 3.5)


def _icon_detour(drawing, g, theme: Theme) -> None:
    _detour_sign(drawing, g, theme, 0, 0, 0.72)


def _icon_truck(drawing, g, theme: Theme) -> None:
    _truck(drawing, g, theme, -15, -9, scale=0.5)


def _icon_upkeep(drawing, g, theme: Theme) -> None:
    _upkeep_van(drawing, g, theme, -13, -8, scale=0.55)


def _icon_smooth(drawing, g, theme: Theme) -> None:
    pal = theme.palette
    g.add(drawing.rect((-14, -9), (28, 18), rx=3, fill=pal.line))
    g.add(drawing.line((-11, 0), (-3, 0), stroke=pal.paper, stroke_width=2))
    g.add(drawing.line((3, 0), (11, 0), stroke=pal.paper, stroke_width=2))


def _icon_side_road(drawing, g, theme: Theme) -> None:
    pal = theme.palette
    g.add(drawing.rect((-14, 1), (28, 10), rx=2, fill=pal.line))
    g.add(drawing.polygon([(-4, 2), (4, -11), (12, -11), (5, 2)], fill=pal.line,
                          stroke=pal.green, stroke_width=1.4, stroke_dasharray="3,2"))


ICONS = {"pothole": _icon_pothole, "detour": _icon_detour, "truck": _icon_truck,
         "upkeep": _icon_upkeep, "smooth": _icon_smooth, "side_road": _icon_side_road}
SCENES = (_before_scene, _crew_scene, _after_scene)
