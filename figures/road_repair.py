"""Figure (b): road repair, a picture for how ketamine may help connections.

Three panels read in order: "Before" (potholes and a detour that goes round
in circles), "The crew arrives" (repair trucks with ketamine's badge) and
"After" (a smooth road, a new side road and an upkeep sign). Under each scene
a key maps every element to its brain meaning: a small icon, the element in
bold and its meaning below. New things are green with a dashed outline, as in
the synapse figure.
"""
from __future__ import annotations

import math
from typing import Mapping

import svgwrite

from ._common import (CANVAS_WIDTH, Theme, block_height, require_labels, text_block,
                      wrap_lines)
from ._marks import arrow_head, ketamine_marker

LABEL_KEYS = (
    "before_title", "crew_title", "after_title",
    "potholes", "potholes_meaning", "detour", "detour_meaning",
    "trucks", "trucks_meaning", "badge", "badge_meaning",
    "smooth_road", "smooth_meaning", "side_road", "side_meaning",
    "upkeep", "footnote",
)

MARGIN = 14.0
PANEL_GAP = 24.0        # room for the arrow between panels
PAD = 8.0               # inside a panel
SCENE_HEIGHT = 118.0
ROAD_TOP, ROAD_HEIGHT = 66.0, 32.0
ICON_COLUMN = 34.0      # key icon plus its gap
ITEM_GAP = 10.0

# each panel: title key, then (icon, element key, meaning key) for its key
PANELS = (
    ("before_title", (("pothole", "potholes", "potholes_meaning"),
                      ("detour", "detour", "detour_meaning"))),
    ("crew_title", (("truck", "trucks", "trucks_meaning"),
                    ("badge", "badge", "badge_meaning"))),
    ("after_title", (("smooth", "smooth_road", "smooth_meaning"),
                     ("side_road", "side_road", "side_meaning"))),
)


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "road_repair")
    drawing = svgwrite.Drawing(size=(CANVAS_WIDTH, 100), profile="full", debug=False)
    pal = theme.palette
    panel_width = (CANVAS_WIDTH - 2 * MARGIN - 2 * PANEL_GAP) / 3
    inner = panel_width - 2 * PAD

    # panels read in the text's direction: "Before" sits on the right in RTL
    lefts = [MARGIN + i * (panel_width + PANEL_GAP) for i in range(3)]
    if theme.rtl:
        lefts.reverse()

    titles = [wrap_lines(labels[key], theme, inner, size=theme.title_size, bold=True)
              for key, _ in PANELS]
    title_height = max(block_height(t, theme, size=theme.title_size) for t in titles)
    top = MARGIN
    scene_top = top + PAD + title_height + 10
    keys_top = scene_top + SCENE_HEIGHT + 14

    # lay out every key first, so all panels can share one height
    keys = [_layout_key(labels, theme, items, inner) for _, items in PANELS]
    upkeep_lines = wrap_lines(labels["upkeep"], theme, inner - 24, bold=True)
    sign_height = block_height(upkeep_lines, theme) + 20 + 14   # board plus posts
    contents = [k[-1] for k in keys]
    contents[2] += ITEM_GAP + 4 + sign_height
    panel_bottom = keys_top + max(contents) + PAD

    scenes = (_before_scene, _crew_scene, _after_scene)
    for left, lines, key, scene in zip(lefts, titles, keys, scenes):
        drawing.add(drawing.rect((left, top), (panel_width, panel_bottom - top), rx=10,
                                 fill=pal.paper, stroke=pal.line, stroke_width=1.5))
        drawing.add(text_block(drawing, lines, left + panel_width / 2,
                               top + PAD + theme.title_size * 0.8, theme,
                               size=theme.title_size, bold=True, anchor="middle"))
        group = drawing.g(transform=f"translate({left + PAD},{scene_top})")
        scene(drawing, group, theme, inner)
        drawing.add(group)
        _draw_key(drawing, theme, key[0], left + PAD, keys_top, inner)

    after_left = lefts[2]
    _upkeep_sign(drawing, theme, upkeep_lines, after_left + PAD,
                 keys_top + contents[2] - sign_height, inner)

    # arrows between panels, pointing the way the panels read
    arrow_y = scene_top + SCENE_HEIGHT / 2
    for i in range(2):
        gap_centre = MARGIN + (i + 1) * panel_width + i * PANEL_GAP + PANEL_GAP / 2
        angle = math.pi if theme.rtl else 0.0
        tip = gap_centre + (-8 if theme.rtl else 8)
        drawing.add(arrow_head(drawing, tip, arrow_y, angle, 16, pal.ink))

    note = wrap_lines(labels["footnote"], theme, CANVAS_WIDTH - 2 * MARGIN,
                      size=theme.small_size)
    note_top = panel_bottom + 12
    # the footnote starts at the panels' left edge (their right edge in RTL)
    note_x = CANVAS_WIDTH - MARGIN if theme.rtl else MARGIN
    drawing.add(text_block(drawing, note, note_x, note_top + theme.small_size * 0.8,
                           theme, size=theme.small_size, fill=pal.muted))
    height = round(note_top + block_height(note, theme, size=theme.small_size) + MARGIN, 1)
    drawing["height"] = height
    drawing.viewbox(0, 0, CANVAS_WIDTH, height)
    return drawing


# --- the key under each scene ----------------------------------------------------

def _layout_key(labels, theme: Theme, items, width: float):
    """Wrap each key item; returns (placed items, total height)."""
    placed, y = [], 0.0
    for icon, element_key, meaning_key in items:
        element = wrap_lines(labels[element_key], theme, width - ICON_COLUMN, bold=True)
        meaning_text = labels[meaning_key]
        # indent the meaning beside the icon unless one of its words would not fit
        indent = ICON_COLUMN if _words_fit(meaning_text, theme, width - ICON_COLUMN) else 0.0
        meaning = wrap_lines(meaning_text, theme, width - indent)
        element_height = max(block_height(element, theme), 16.0 if indent else 22.0)
        height = element_height + 3 + block_height(meaning, theme)
        placed.append((icon, element, meaning, indent, y, element_height))
        y += height + ITEM_GAP
    return placed, y - ITEM_GAP


def _words_fit(text: str, theme: Theme, width: float) -> bool:
    if theme.line_breaking == "chars":
        return True
    return all(theme.measure(word, theme.label_size, False) <= width for word in text.split())


def _draw_key(drawing, theme: Theme, placed, left: float, top: float, width: float) -> None:
    def x_at(offset: float) -> float:       # offsets count from the reading start
        return left + width - offset if theme.rtl else left + offset

    for icon, element, meaning, indent, y, element_height in placed:
        y0 = top + y
        icon_group = drawing.g(transform=f"translate({x_at(ICON_COLUMN / 2 - 2)},"
                                         f"{y0 + theme.label_size * 0.45})")
        ICONS[icon](drawing, icon_group, theme)
        drawing.add(icon_group)
        drawing.add(text_block(drawing, element, x_at(ICON_COLUMN),
                               y0 + theme.label_size * 0.8, theme, bold=True))
        meaning_top = y0 + element_height + 3
        drawing.add(text_block(drawing, meaning, x_at(indent),
                               meaning_top + theme.label_size * 0.8, theme))


def _upkeep_sign(drawing, theme: Theme, lines, left: float, top: float, width: float) -> None:
    """A roadside board on two posts carrying the upkeep message."""
    pal = theme.palette
    board_height = block_height(lines, theme) + 20
    for post_x in (left + width * 0.3, left + width * 0.7):
        drawing.add(drawing.rect((post_x - 3, top + board_height - 4), (6, 18), rx=1.5,
                                 fill=pal.line, stroke=pal.ink, stroke_width=1.2))
    drawing.add(drawing.rect((left + 4, top), (width - 8, board_height), rx=8,
                             fill=pal.yellow_light, stroke=pal.ink, stroke_width=theme.stroke))
    drawing.add(text_block(drawing, lines, left + width / 2, top + 10 + theme.label_size * 0.8,
                           theme, bold=True, anchor="middle"))


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
    pal = theme.palette
    _ground(drawing, g, theme, width)
    junction = width * 0.5
    _side_road(drawing, g, theme, junction)
    # fresh edge lines on the smooth road; the top one opens for the side road
    top_edge, bottom_edge = ROAD_TOP + 4, ROAD_TOP + ROAD_HEIGHT - 4
    for x1, x2, y in ((0, junction - 2, top_edge), (junction + 38, width, top_edge),
                      (0, width, bottom_edge)):
        g.add(drawing.line((x1, y), (x2, y), stroke=pal.paper, stroke_width=1.5))
    _tree(drawing, g, theme, 20, 30)
    _tree(drawing, g, theme, 44, 20)
    _car(drawing, g, theme, 22, 88)
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


def _icon_badge(drawing, g, theme: Theme) -> None:
    g.add(ketamine_marker(drawing, 0, 0, 9, theme))


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
         "badge": _icon_badge, "smooth": _icon_smooth, "side_road": _icon_side_road}
