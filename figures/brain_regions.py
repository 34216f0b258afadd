"""Brain areas: an inner (medial) side view with the areas ketamine research points to.

The brain is drawn from smooth curves in a local frame (front on the left,
about 340 x 260 units) and placed between two label columns. Each area differs
by fill AND pattern: the front area is hatched, the back-middle area dotted,
the deep memory hub has a dashed outline, the network is dotted links between
round nodes. Anatomy does not mirror in right-to-left editions.
"""
from __future__ import annotations

import math
from typing import Mapping

import svgwrite

from ._common import (CANVAS_WIDTH, Theme, block_height, require_labels, text_block,
                      wrap_lines)
from ._curves import (band, bezier_point, catmull_rom, clip_convex, dot_grid, ellipse_polygon,
                      hatch_segments, smooth_path, smooth_polygon)

LABEL_KEYS = (
    "front",
    "prefrontal", "prefrontal_term",
    "hippocampus", "hippocampus_term",
    "posteromedial", "posteromedial_term",
    "network", "network_term",
    "rhythm", "rhythm_term",
    "takeaway",
)

MARGIN = 16.0
COLUMN_GAP = 18.0      # between a label column and the brain
LABEL_GAP = 16.0       # between stacked labels in a column
BRAIN_W, BRAIN_H = 340.0, 262.0

# --- the brain, in local units (x to the back, y down) -----------------------
CEREBRUM = [(6, 122), (16, 66), (62, 22), (140, 3), (222, 8), (290, 40), (328, 92),
            (338, 146), (322, 170), (276, 166), (232, 176), (206, 200), (166, 210),
            (132, 200), (112, 176), (94, 162), (56, 164), (22, 152)]
CEREBELLUM = [(236, 178), (268, 166), (314, 172), (338, 196), (330, 228), (292, 244),
              (252, 236), (230, 212)]
BRAINSTEM = [(178, 124), (214, 124), (218, 150), (222, 178), (224, 214), (222, 262),
             (202, 262), (200, 228), (186, 214), (170, 196), (170, 170), (178, 148)]
# Corpus callosum: the arch of fibres joining both halves, as a centre line
# (rostrum, genu, body, splenium) with a thickness at each point.
CALLOSUM_LINE = [(116, 126), (100, 108), (116, 84), (168, 70), (222, 74), (246, 88), (252, 100)]
CALLOSUM_HALF_WIDTH = [3, 6, 6, 4.5, 4.5, 7, 7]
THALAMUS_CENTER, THALAMUS_RADII = (192, 114), (28, 14)
HIPPOCAMPUS = [(132, 188), (146, 172), (180, 164), (210, 152), (228, 138), (238, 136),
               (236, 148), (220, 164), (190, 180), (158, 194), (140, 200)]
PMC = [(228, 66), (238, 38), (268, 28), (296, 46), (300, 92), (284, 120), (260, 116),
       (238, 94)]
SULCI = [  # open curves: cingulate (with its upward end), paracentral,
           # parieto-occipital and calcarine grooves
    [(82, 146), (70, 110), (88, 70), (150, 48), (212, 50), (226, 36), (230, 10)],
    [(176, 50), (180, 24), (178, 6)],
    [(308, 40), (300, 84), (284, 126)],
    [(284, 126), (312, 124), (336, 136)],
]
# Default mode network nodes: front (medial prefrontal), back-middle, memory hub.
NODE_FRONT, NODE_BACK, NODE_DEEP = (46, 92), (276, 102), (176, 176)
ARC_THROUGH = (150, 34)  # the front-back link follows the arch of the brain
# The front area is the brain outline cut by this large oval (centre, radii),
# so its back edge is a gentle curve.
FRONT_OVAL = (-70, 96, 182, 190)
WAVE_CENTER = (266, 56)


class Frame:
    """Maps brain-local points to canvas points (offset and uniform scale)."""

    def __init__(self, x, y, scale):
        self.x, self.y, self.scale = x, y, scale

    def __call__(self, point):
        return (self.x + point[0] * self.scale, self.y + point[1] * self.scale)

    def all(self, points):
        return [self(p) for p in points]


def _draw_brain(dwg, frame: Frame, theme: Theme):
    pal, s = theme.palette, frame.scale
    ink = {"stroke": pal.ink, "stroke_width": theme.stroke, "stroke_linejoin": "round"}
    cerebrum = frame.all(CEREBRUM)
    dwg.add(dwg.path(smooth_path(cerebrum), fill=pal.paper, **ink))

    # Front area: blue tint with hatching.
    oval = frame.all(ellipse_polygon(*FRONT_OVAL))
    front_area = clip_convex(smooth_polygon(cerebrum), oval)
    dwg.add(dwg.polygon(front_area, fill=pal.blue_light, stroke=pal.blue, stroke_width=1.5))
    for seg in hatch_segments(front_area, 7 * s, -45):
        dwg.add(dwg.line(seg[0], seg[1], stroke=pal.blue, stroke_width=1.2))

    # Back-middle area: orange tint with a grid of dots.
    pmc = frame.all(PMC)
    dwg.add(dwg.path(smooth_path(pmc), fill=pal.orange_light, stroke=pal.vermillion,
                     stroke_width=1.5))
    for dot in dot_grid(smooth_polygon(pmc), 9 * s):
        dwg.add(dwg.circle(dot, r=1.6, fill=pal.vermillion))

    for curve in SULCI:
        dwg.add(dwg.path(smooth_path(frame.all(curve), closed=False), fill="none",
                         stroke=pal.line, stroke_width=1.4, stroke_linecap="round"))
    dwg.add(dwg.path(smooth_path(frame.all(band(CALLOSUM_LINE, CALLOSUM_HALF_WIDTH))),
                     fill=pal.grey_light, **ink))
    dwg.add(dwg.path(smooth_path(frame.all(BRAINSTEM)), fill=pal.grey_light, **ink))
    dwg.add(dwg.ellipse(frame(THALAMUS_CENTER), (THALAMUS_RADII[0] * s, THALAMUS_RADII[1] * s),
                        fill=pal.grey_light, stroke=pal.line, stroke_width=1.4))

    # Cerebellum with nested folds (smaller copies of its own outline, back half).
    cerebellum = frame.all(CEREBELLUM)
    dwg.add(dwg.path(smooth_path(cerebellum), fill=pal.grey_light, **ink))
    cx = sum(p[0] for p in CEREBELLUM) / len(CEREBELLUM) - 14
    cy = sum(p[1] for p in CEREBELLUM) / len(CEREBELLUM)
    for k in (0.72, 0.46):
        inner = [(cx + (p[0] - cx) * k, cy + (p[1] - cy) * k) for p in CEREBELLUM]
        dwg.add(dwg.path(smooth_path(frame.all(inner[1:7]), closed=False), fill="none",
                         stroke=pal.line, stroke_width=1.4, stroke_linecap="round"))

    # Memory hub: lies deep inside, so only a dashed outline over a light tint.
    dwg.add(dwg.path(smooth_path(frame.all(HIPPOCAMPUS)), fill=pal.green_light,
                     stroke=pal.green, stroke_width=2, stroke_dasharray="5,3"))


def _draw_network(dwg, frame: Frame, theme: Theme):
    """Dotted links between round nodes: the daydream network."""
    pal = theme.palette
    dotted = {"fill": "none", "stroke": pal.purple, "stroke_width": 2.6,
              "stroke_linecap": "round", "stroke_dasharray": "0.1,6"}
    dwg.add(dwg.path(smooth_path(frame.all([NODE_FRONT, ARC_THROUGH, NODE_BACK]), closed=False),
                     **dotted))
    for a, b in ((NODE_BACK, NODE_DEEP), (NODE_DEEP, NODE_FRONT)):
        dwg.add(dwg.line(frame(a), frame(b), **dotted))
    for node in (NODE_FRONT, NODE_BACK, NODE_DEEP):
        dwg.add(dwg.circle(frame(node), r=6.5, fill=pal.purple_light, stroke=pal.purple,
                           stroke_width=2))


def _wave_points(cx, cy, width, height, cycles=3, steps=36):
    return [(cx - width / 2 + width * k / steps,
             cy - height / 2 * math.sin(2 * math.pi * cycles * k / steps))
            for k in range(steps + 1)]


def _draw_wave_badge(dwg, center, theme: Theme):
    pal = theme.palette
    w, h = 46, 20
    dwg.add(dwg.rect((center[0] - w / 2, center[1] - h / 2), (w, h), rx=10, fill=pal.paper,
                     stroke=pal.vermillion, stroke_width=1.5))
    dwg.add(dwg.polyline(_wave_points(center[0], center[1], w - 14, 9), fill="none",
                         stroke=pal.vermillion, stroke_width=2, stroke_linecap="round"))


def _on_arc(t):
    """A point on the front-to-back network link: t in 0..1 after the arch's
    top, t in -1..0 before it."""
    before, after = catmull_rom([NODE_FRONT, ARC_THROUGH, NODE_BACK], closed=False)
    return bezier_point(after, t) if t >= 0 else bezier_point(before, 1 + t)


def _physical_anchor(theme: Theme, side: str) -> str:
    """text_block flips start/end in RTL; anatomy labels keep their physical side."""
    if side == "left":
        return "end" if theme.rtl else "start"
    return "start" if theme.rtl else "end"


class Callout:
    """A label block in a column: bold plain words, then the technical term.

    ``target`` (brain-local) gets a leader line; the "front" marker has none.
    """

    def __init__(self, theme, width, desired_y, title, term=None, target=None, small=False):
        size = theme.small_size if small else theme.label_size
        self.title = wrap_lines(title, theme, width, size=size, bold=True)
        self.term = wrap_lines(term, theme, width) if term else []
        self.size, self.target, self.desired_y = size, target, desired_y
        self.height = block_height(self.title + self.term, theme, size)
        self.top = 0.0


def _stack(callouts, brain_height):
    """Stack callouts near their wished-for heights, never overlapping.

    A column taller than the brain is centred on it, so leaders fan out evenly.
    Returns the column's top and bottom.
    """
    bottom = -1e9
    for callout in callouts:
        callout.top = max(callout.desired_y, bottom + LABEL_GAP)
        bottom = callout.top + callout.height
    overflow = bottom - brain_height
    if overflow > 0:
        for callout in callouts:
            callout.top -= overflow / 2
        bottom -= overflow / 2
    return callouts[0].top, bottom


def _longest_word(labels, theme):
    words = [w for key in LABEL_KEYS if key not in ("takeaway", "front")
             for w in labels[key].replace("\n", " ").split(" ") if w]
    if theme.line_breaking == "chars":
        return 0.0
    return max(theme.measure(w, theme.label_size, True) for w in words)


def _layout(labels, theme, network_left):
    """Brain scale, columns and vertical positions for one arrangement."""
    size = theme.label_size
    # Shrink the brain at large print, more if a long word needs a wider column.
    scale = max(0.88, min(1.1, 1.1 - (size - 14) * 0.03))
    needed = (CANVAS_WIDTH - 2 * (MARGIN + COLUMN_GAP + _longest_word(labels, theme) + 4)) / BRAIN_W
    scale = max(0.7, min(scale, needed))
    brain_left = (CANVAS_WIDTH - BRAIN_W * scale) / 2
    width = brain_left - MARGIN - COLUMN_GAP - 4
    frame = Frame(brain_left, 0.0, scale)

    def callout(key, target, desired):
        return Callout(theme, width, frame((0, desired))[1], labels[key], labels[key + "_term"],
                       target)

    network = callout("network", _on_arc(0.45) if not network_left else _on_arc(-0.3), -6)
    left = [callout("prefrontal", (26, 118), 50), callout("hippocampus", (140, 192), 168)]
    right = [callout("rhythm", (WAVE_CENTER[0] + 23, WAVE_CENTER[1]), 14),
             callout("posteromedial", (292, 80), 86)]
    (left if network_left else right).insert(0, network)
    left.append(Callout(theme, width - 36, frame((0, 226))[1], labels["front"], small=True))
    brain_height = BRAIN_H * scale
    (l_top, l_bottom), (r_top, r_bottom) = _stack(left, brain_height), _stack(right, brain_height)
    shift = MARGIN + 4 - min(l_top, r_top, 0.0)
    takeaway = wrap_lines(labels["takeaway"], theme, CANVAS_WIDTH - 2 * MARGIN,
                          size=theme.small_size)
    takeaway_top = max(l_bottom, r_bottom, brain_height) + shift + 22
    height = takeaway_top + block_height(takeaway, theme, theme.small_size) + MARGIN
    return {"frame": Frame(brain_left, shift, scale), "left": left, "right": right,
            "shift": shift, "takeaway": takeaway, "takeaway_top": takeaway_top, "height": height}


def _draw_callout(dwg, callout, layout, side, theme):
    frame, pal = layout["frame"], theme.palette
    brain_left = frame.x
    brain_right = CANVAS_WIDTH - frame.x
    edge = brain_left - COLUMN_GAP if side == "left" else brain_right + COLUMN_GAP
    text_x = edge - 4 if side == "left" else edge + 4
    anchor = _physical_anchor(theme, "right" if side == "left" else "left")
    top = callout.top + layout["shift"]
    baseline = top + callout.size
    dwg.add(text_block(dwg, callout.title, text_x, baseline, theme, size=callout.size,
                       bold=True, anchor=anchor))
    if callout.term:
        term_y = baseline + len(callout.title) * theme.line_height
        dwg.add(text_block(dwg, callout.term, text_x, term_y, theme, anchor=anchor))
    mid_first_line = top + callout.size * 0.62
    if callout.target is not None:
        # Leader: from beside the first line to a dot on the area.
        end = frame(callout.target)
        dwg.add(dwg.line((edge, mid_first_line), end, stroke=pal.ink, stroke_width=1.2))
        dwg.add(dwg.circle(end, r=3.2, fill=pal.ink))
    else:
        # The "front" marker: an arrow pointing to the front, left of the word.
        widest = max(theme.measure(line, callout.size, True) for line in callout.title)
        tip = text_x - widest - 34
        dwg.add(dwg.line((tip + 6, mid_first_line), (tip + 28, mid_first_line), stroke=pal.ink,
                         stroke_width=1.8))
        dwg.add(dwg.polygon([(tip, mid_first_line), (tip + 9, mid_first_line - 5),
                             (tip + 9, mid_first_line + 5)], fill=pal.ink))


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "brain_regions")
    # The network label fits either column; take the arrangement that is shorter.
    layout = min((_layout(labels, theme, False), _layout(labels, theme, True)),
                 key=lambda lay: lay["height"])
    height = layout["height"]
    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, height), profile="full", debug=False)
    dwg.viewbox(0, 0, CANVAS_WIDTH, height)
    frame = layout["frame"]
    _draw_brain(dwg, frame, theme)
    _draw_network(dwg, frame, theme)
    _draw_wave_badge(dwg, frame(WAVE_CENTER), theme)
    for side in ("left", "right"):
        for callout in layout[side]:
            _draw_callout(dwg, callout, layout, side, theme)
    takeaway_x = CANVAS_WIDTH - MARGIN if theme.rtl else MARGIN
    dwg.add(text_block(dwg, layout["takeaway"], takeaway_x,
                       layout["takeaway_top"] + theme.small_size, theme, size=theme.small_size,
                       fill=theme.palette.muted))
    return dwg
