"""Brain areas: an inner (medial) side view with the areas ketamine research points to.

The brain is drawn from smooth curves in a local frame (front on the left,
about 340 x 260 units). Each area differs by fill AND pattern: the planning
area is hatched, the inner-thought hub dotted, the deep memory hub has a dashed
outline, the inner-thought network is dotted links between round nodes.
Anatomy does not mirror in right-to-left editions.

Ordinary sizes: the brain between two label columns that share the free width
as their words need it (the brain may shrink a little to save wrapped lines),
with leader lines routed so they do not cross another area's fill where
avoidable. Large print: the brain above a legend whose swatches repeat each
area's fill and pattern, so the words can use the whole width.
"""
from __future__ import annotations

import math
from typing import Mapping

import svgwrite

from ._common import (CANVAS_WIDTH, Theme, block_height, first_that_fits, remembering,
                      require_labels, rich_block, rich_lines, text_block, wrap_lines)
from ._curves import (band, bezier_point, catmull_rom, clip_convex, dot_grid, ellipse_polygon,
                      hatch_segments, inside, smooth_path, smooth_polygon)
from ._marks import balanced_lines

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

    # Planning area: blue tint with hatching.
    oval = frame.all(ellipse_polygon(*FRONT_OVAL))
    front_area = clip_convex(smooth_polygon(cerebrum), oval)
    dwg.add(dwg.polygon(front_area, fill=pal.blue_light, stroke=pal.blue, stroke_width=1.5))
    for seg in hatch_segments(front_area, 7 * s, -45):
        dwg.add(dwg.line(seg[0], seg[1], stroke=pal.blue, stroke_width=1.2))

    # Inner-thought hub: orange tint with a grid of dots.
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
    """Dotted links between round nodes: the inner-thought (default mode) network."""
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


def _draw_wave_badge(dwg, center, theme: Theme, size=(46, 20), parent=None):
    pal = theme.palette
    w, h = size
    parent = dwg if parent is None else parent
    parent.add(dwg.rect((center[0] - w / 2, center[1] - h / 2), (w, h), rx=10, fill=pal.paper,
                     stroke=pal.vermillion, stroke_width=1.5))
    parent.add(dwg.polyline(_wave_points(center[0], center[1], w - 14, 9), fill="none",
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

    ``target`` (brain-local, or "arc" for the network's link) gets a leader
    line; the "front" marker has none.
    """

    def __init__(self, theme, key, width, title, term=None, target=None, small=False):
        size = theme.note_size if small else theme.label_size
        self.key = key
        self.title = balanced_lines(title, theme, width, size=size, bold=True)
        self.term = balanced_lines(term, theme, width) if term else []
        self.size, self.target, self.desired_y = size, target, 0.0
        self.height = block_height(self.title + self.term, theme, size)
        self.top = 0.0

    def copy(self):
        twin = Callout.__new__(Callout)
        twin.__dict__.update(self.__dict__)
        return twin


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


def _ink_width(callout, theme):
    """How wide a callout's text is drawn (with the arrow, for the "front" marker)."""
    widths = [theme.measure(line, callout.size, True) for line in callout.title]
    widths += [theme.measure(line, theme.label_size, False) for line in callout.term]
    return max(widths) + (0.0 if callout.key != "front" else FRONT_ARROW)


def _min_width(keys, labels, theme):
    """The narrowest column in which no word of these labels has to be broken."""
    if theme.line_breaking == "chars":
        return theme.label_size * 4
    widest = 0.0
    for key in [k for key in keys for k in ((key,) if key == "front" else (key, key + "_term"))]:
        for word in labels[key].replace("\n", " ").split():
            if key == "front":
                widest = max(widest, theme.measure(word, theme.note_size, True) + FRONT_ARROW + 2)
            else:
                widest = max(widest, theme.measure(word, theme.label_size,
                                                   not key.endswith("_term")))
    return widest + 1


# Where each callout wants to sit (brain-local y) and what its leader points at.
# The network's leader may end anywhere on its front-to-back link: see _route.
CALLOUTS = {
    "network": -6, "prefrontal": 50, "hippocampus": 168, "rhythm": 14,
    "posteromedial": 86, "front": 226,
}
# Leaders may end at any of their candidates, the first preferred.
TARGETS = {"prefrontal": ((26, 118), (40, 130)), "hippocampus": ((140, 192), (150, 186)),
           "rhythm": ((WAVE_CENTER[0] + 23, WAVE_CENTER[1]),),
           "posteromedial": ((292, 80), (291, 98), (294, 64))}
# Areas a callout's own leader may cross (it points into them).
OWN_AREAS = {"prefrontal": ("front",), "hippocampus": ("hippocampus",),
             "rhythm": ("pmc", "badge"), "posteromedial": ("pmc",), "network": ()}
FRONT_ARROW = 34.0   # the "front" marker's arrow, left of its word
SCALE_STEPS = (0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12)  # how far the brain may shrink
SPLIT_STEP = 4.0     # the column widths tried differ by this much
LEGEND_FROM = 30.0      # label size from which every edition uses the legend
MAX_CALLOUT_LINES = 5   # beyond this, the legend layout reads better


def _columns(network_left):
    left = ["prefrontal", "hippocampus", "front"]
    right = ["rhythm", "posteromedial"]
    (left if network_left else right).insert(0, "network")
    return left, right


def _arrange(labels, theme, network_left, scale, widths, wrap):
    """Wrap and stack both columns for one brain scale and column widths."""
    brain_height = BRAIN_H * scale
    columns = []
    for keys, width in zip(_columns(network_left), widths):
        callouts = []
        for key in keys:
            if key == "front":
                callout = wrap(key, width - FRONT_ARROW - 2, True)
            else:
                callout = wrap(key, width, False)
            callout.desired_y = CALLOUTS[key] * scale
            callouts.append(callout)
        columns.append((callouts, _stack(callouts, brain_height)))
    (left, (l_top, l_bottom)), (right, (r_top, r_bottom)) = columns
    shift = MARGIN + 4 - min(l_top, r_top, 0.0)
    bottom = max(l_bottom, r_bottom, brain_height) + shift
    return {"left": left, "right": right, "scale": scale, "shift": shift, "bottom": bottom,
            # wrapped lines, a label wrapped to many lines counting extra
            "lines": sum(n + max(0, n - 3) ** 2 / 2
                         for n in (len(c.title) + len(c.term) for c in left + right))}


def _layout(labels, theme):
    """Brain scale and column widths: room goes where the words need it.

    Every split of the free width between the two columns is tried, with the
    brain a little smaller if that saves lines; the shortest figure with the
    fewest wrapped lines wins. The whole group is then centred. Returns the
    layout and its leader lines.
    """
    size = theme.label_size
    base = max(0.88, min(1.1, 1.1 - (size - 14) * 0.03))
    cache = {}

    def wrap(key, width, small):
        width = math.floor(width / 4) * 4   # nearby widths wrap alike: try each once
        if (key, width) not in cache:
            term = labels[key + "_term"] if key != "front" else None
            target = TARGETS.get(key, "arc" if key == "network" else None)
            cache[key, width] = Callout(theme, key, width, labels[key], term, target, small)
        return cache[key, width].copy()

    best = {}
    for network_left in (False, True):
        left_keys, right_keys = _columns(network_left)
        need_l, need_r = _min_width(left_keys, labels, theme), _min_width(right_keys, labels, theme)
        for drop in SCALE_STEPS:
            scale = max(0.7, base - drop)
            total = CANVAS_WIDTH - 2 * (MARGIN + COLUMN_GAP + 4) - BRAIN_W * scale
            if need_l + need_r > total:
                continue
            splits = [need_l + k * SPLIT_STEP
                      for k in range(int((total - need_l - need_r) / SPLIT_STEP) + 1)]
            for left_width in splits + [total - need_r]:
                lay = _arrange(labels, theme, network_left, scale,
                               (left_width, total - left_width), wrap)
                # a slightly smaller brain is cheap, a much smaller one is not
                drop = base - scale
                lay["cost"] = (lay["bottom"] + lay["lines"] * theme.line_height * 0.7
                               + BRAIN_H * (2 * drop + 20 * drop * drop))
                if network_left not in best or lay["cost"] < best[network_left]["cost"]:
                    best[network_left] = lay
    if not best:  # a word too long for any column: the legend layout reads better
        return None, None
    # the network's label may go in either column: take the better whole, leaders too
    options = []
    for lay in best.values():
        lay = _place(labels, theme, lay)
        leaders, leader_cost = _leaders(lay, theme)
        options.append((lay["cost"] + 0.3 * leader_cost, lay, leaders))
    _, lay, leaders = min(options, key=lambda option: option[0])
    return lay, leaders


def _place(labels, theme, lay):
    """Centre the group (columns and brain) and put the takeaway under it."""
    scale, shift = lay["scale"], lay["shift"]
    left_ink = max(_ink_width(c, theme) for c in lay["left"])
    right_ink = max(_ink_width(c, theme) for c in lay["right"])
    group = left_ink + right_ink + 2 * (COLUMN_GAP + 4) + BRAIN_W * scale
    content_left = (CANVAS_WIDTH - group) / 2
    brain_left = content_left + left_ink + COLUMN_GAP + 4
    # the takeaway lines up with the group's outer edge, left (right in RTL)
    takeaway = balanced_lines(labels["takeaway"], theme, group, size=theme.note_size)
    takeaway_top = lay["bottom"] + 22
    height = takeaway_top + block_height(takeaway, theme, theme.note_size) + MARGIN
    lay.update(frame=Frame(brain_left, shift, scale), takeaway=takeaway,
               takeaway_top=takeaway_top, height=height, content_left=content_left,
               content_right=content_left + group)
    return lay


# --- leader lines -----------------------------------------------------------------

def _areas(frame):
    """The highlighted areas (canvas polygons) that leaders should not cross,
    and the grey structures they had better not cross either."""
    cerebrum = smooth_polygon(frame.all(CEREBRUM))
    bx, by = frame(WAVE_CENTER)
    areas = {
        "front": clip_convex(cerebrum, frame.all(ellipse_polygon(*FRONT_OVAL))),
        "pmc": smooth_polygon(frame.all(PMC)),
        "hippocampus": smooth_polygon(frame.all(HIPPOCAMPUS)),
        "badge": [(bx - 25, by - 12), (bx + 25, by - 12), (bx + 25, by + 12), (bx - 25, by + 12)],
    }
    cx, cy = THALAMUS_CENTER
    grey = [smooth_polygon(frame.all(band(CALLOSUM_LINE, CALLOSUM_HALF_WIDTH))),
            smooth_polygon(frame.all(BRAINSTEM)), smooth_polygon(frame.all(CEREBELLUM)),
            frame.all(ellipse_polygon(cx, cy, *THALAMUS_RADII, steps=24))]
    return areas, grey


def _bbox(poly):
    xs, ys = [p[0] for p in poly], [p[1] for p in poly]
    return min(xs), min(ys), max(xs), max(ys)


def _samples(points, step=3.0):
    """Points along a polyline, about ``step`` apart, each with its share of length."""
    samples = []
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        length = math.hypot(x2 - x1, y2 - y1)
        n = max(1, int(length / step))
        samples += [(x1 + (x2 - x1) * (k + 0.5) / n, y1 + (y2 - y1) * (k + 0.5) / n, length / n)
                    for k in range(n)]
    return samples


def _length_inside(samples, polygons, margin=0.0):
    """How much of a sampled polyline runs inside any of the polygons, or
    within ``margin`` of one."""
    probes = [(0.0, 0.0)] + ([(margin, 0.0), (-margin, 0.0), (0.0, margin), (0.0, -margin)]
                             if margin else [])
    hit = set()
    for poly in polygons:
        a, b, c, d = _bbox(poly)
        for index, (x, y, _) in enumerate(samples):
            if index not in hit and a - margin <= x <= c + margin and \
                    b - margin <= y <= d + margin and \
                    any(inside((x + dx, y + dy), poly) for dx, dy in probes):
                hit.add(index)
    return sum(samples[index][2] for index in hit)


def _crosses(p1, p2, q1, q2):
    def side(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (side(p1, p2, q1) * side(p1, p2, q2) < 0) and (side(q1, q2, p1) * side(q1, q2, p2) < 0)


def _near(point, a, b):
    """Distance from ``point`` to the segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, ((point[0] - a[0]) * dx + (point[1] - a[1]) * dy)
                     / max(dx * dx + dy * dy, 1e-9)))
    return math.hypot(a[0] + t * dx - point[0], a[1] + t * dy - point[1])


def _route(callout, start, frame, areas, grey, drawn, dots, boxes):
    """The leader (a polyline) that crosses least: straight, or level first and
    then down to the area. The network's may end anywhere on its outer link,
    the others at one of a few points in their area."""
    if callout.key == "network":
        ends = [_on_arc(t / 50) for t in range(-30, 31, 2) if t]
    else:
        ends = callout.target
    forbidden = [poly for name, poly in areas.items() if name not in OWN_AREAS[callout.key]]
    best, best_cost = None, None
    for index, end in enumerate(ends):
        end = frame(end)
        if any(inside(end, poly) for poly in forbidden):
            continue
        paths = [[start, end]]
        if abs(end[1] - start[1]) > 6:
            paths += [[start, (start[0] + (end[0] - start[0]) * f, start[1]), end]
                      for f in (0.3, 0.55, 0.8, 1.0)]
        for path in paths:
            segments = list(zip(path, path[1:]))
            length = sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in segments)
            cost = length + 25 * (len(path) - 2) + 4 * index
            if best_cost is not None and cost >= best_cost:
                continue  # the rest only adds: this one cannot win
            crossings = sum(_crosses(a, b, c, d) for a, b in segments for c, d in drawn)
            # passing close by another leader's dot makes it unclear which is which
            crowding = sum(1 for dot in dots for a, b in segments if _near(dot, a, b) < 8)
            samples = _samples(path)
            cost += (1000 * crossings + 300 * crowding + 40 * _length_inside(samples, forbidden)
                     + 3 * _length_inside(samples, forbidden, margin=5.0)  # clear of edges
                     + 6 * _length_inside(samples, grey) + 200 * _length_inside(samples, boxes))
            if best_cost is None or cost < best_cost:
                best, best_cost = path, cost
    return best, best_cost


def _text_box(callout, layout, side, theme):
    """The canvas rectangle a callout's text covers, and where its leader starts."""
    frame = layout["frame"]
    brain_right = frame.x + BRAIN_W * frame.scale
    edge = frame.x - COLUMN_GAP if side == "left" else brain_right + COLUMN_GAP
    text_x = edge - 4 if side == "left" else edge + 4
    width = _ink_width(callout, theme)
    top = callout.top + layout["shift"]
    # text_block's first baseline sits a full size below the top here
    bottom = top + callout.height + callout.size * 0.2
    x1, x2 = (text_x - width, text_x) if side == "left" else (text_x, text_x + width)
    return edge, text_x, (x1, top, x2, bottom)


def _leaders(layout, theme):
    """Route every leader, the fixed ones first, the network's last."""
    frame = layout["frame"]
    areas, grey = _areas(frame)
    placed = [(side, c) for side in ("left", "right") for c in layout[side]]
    boxes = {id(c): _text_box(c, layout, side, theme) for side, c in placed}
    drawn, dots, leaders, cost = [], [], {}, 0.0
    for side, callout in sorted(placed, key=lambda sc: sc[1].key == "network"):
        if callout.target is None:
            continue
        edge, _, (x1, top, x2, bottom) = boxes[id(callout)]
        start = (edge, top + callout.size * 0.62)
        others = [[(a, b), (c, b), (c, d), (a, d)] for key, (_, _, (a, b, c, d))
                  in boxes.items() if key != id(callout)]
        path, path_cost = _route(callout, start, frame, areas, grey, drawn, dots, others)
        leaders[id(callout)] = path
        drawn.extend(zip(path, path[1:]))
        dots.append(path[-1])
        cost += path_cost
    return leaders, cost


def _draw_callout(dwg, callout, layout, side, theme, leader):
    pal = theme.palette
    edge, text_x, _ = _text_box(callout, layout, side, theme)
    anchor = _physical_anchor(theme, "right" if side == "left" else "left")
    top = callout.top + layout["shift"]
    baseline = top + callout.size
    dwg.add(text_block(dwg, callout.title, text_x, baseline, theme, size=callout.size,
                       bold=True, anchor=anchor))
    if callout.term:
        term_y = baseline + len(callout.title) * theme.line_height
        dwg.add(text_block(dwg, callout.term, text_x, term_y, theme, anchor=anchor))
    mid_first_line = top + callout.size * 0.62
    if leader is not None:
        # Leader: from beside the first line to a dot on the area.
        dwg.add(dwg.polyline(leader, fill="none", stroke=pal.ink, stroke_width=1.2,
                             stroke_linejoin="round"))
        dwg.add(dwg.circle(leader[-1], r=3.2, fill=pal.ink))
    else:
        # The "front" marker: an arrow pointing to the front, left of the word.
        widest = max(theme.measure(line, callout.size, True) for line in callout.title)
        tip = text_x - widest - FRONT_ARROW
        dwg.add(dwg.line((tip + 6, mid_first_line), (tip + 28, mid_first_line), stroke=pal.ink,
                         stroke_width=1.8))
        dwg.add(dwg.polygon([(tip, mid_first_line), (tip + 9, mid_first_line - 5),
                             (tip + 9, mid_first_line + 5)], fill=pal.ink))


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "brain_regions")
    theme = remembering(theme)
    return first_that_fits("brain_regions", theme, (
        lambda: _with_leaders(labels, theme),
        lambda: _with_legend(labels, theme),
    ))


def _with_leaders(labels, theme: Theme):
    """Callouts in two columns beside the brain, with leader lines; None when a
    word would not fit its column or a callout would run to many lines."""
    if theme.label_size >= LEGEND_FROM:
        return None
    layout, leaders = _layout(labels, theme)
    # large type in narrow columns makes tall, ragged callouts: the legend reads better
    most = MAX_CALLOUT_LINES if theme.label_size < 20 else MAX_CALLOUT_LINES - 1
    if layout is None or max(len(c.title) + len(c.term) for c in layout["left"] + layout["right"]
                             if c.key != "front") > most:
        return None
    height = layout["height"]
    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, height), profile="full", debug=False)
    dwg.viewbox(0, 0, CANVAS_WIDTH, height)
    frame = layout["frame"]
    _draw_brain(dwg, frame, theme)
    _draw_network(dwg, frame, theme)
    _draw_wave_badge(dwg, frame(WAVE_CENTER), theme)
    for side in ("left", "right"):
        for callout in layout[side]:
            _draw_callout(dwg, callout, layout, side, theme, leaders.get(id(callout)))
    takeaway_x = layout["content_right"] if theme.rtl else layout["content_left"]
    dwg.add(text_block(dwg, layout["takeaway"], takeaway_x,
                       layout["takeaway_top"] + theme.note_size, theme, size=theme.note_size,
                       fill=theme.palette.muted))
    return dwg


# --- large print: the brain above a legend of swatches ----------------------------------

LEGEND = ("prefrontal", "hippocampus", "posteromedial", "network", "rhythm")
SWATCH = 46.0        # a legend swatch's width, with its gap
LEGEND_GAP = 8.0
MIN_LEGEND_SCALE = 0.5


def _with_legend(labels, theme: Theme):
    """The brain with its areas marked, then one legend row per area: a swatch in
    the area's own fill and pattern, the plain words in bold and the term. No
    leader lines, so the words can use the whole width."""
    width = CANVAS_WIDTH - 2 * MARGIN
    swatch = SWATCH * _swatch_scale(theme)
    rows = [rich_lines([(labels[key], True, None), (labels[key + "_term"], False, None)],
                       theme, width - swatch) for key in LEGEND]
    legend_h = sum(_row_height(lines, theme) for lines in rows) + LEGEND_GAP * (len(rows) - 1)
    takeaway = balanced_lines(labels["takeaway"], theme, width, size=theme.note_size)
    takeaway_h = block_height(takeaway, theme, theme.note_size)
    front = wrap_lines(labels["front"], theme, width / 3, size=theme.note_size, bold=True)
    room = theme.max_height - (2 * MARGIN + 16 + legend_h + 18 + takeaway_h)
    scale = max(MIN_LEGEND_SCALE, min(1.2, room / BRAIN_H))
    brain_w = BRAIN_W * scale
    # the "front" marker sits left of the brain's lower front, where the brain is empty
    front_w = max(theme.measure(line, theme.note_size, True) for line in front) + FRONT_ARROW
    group_w = brain_w + front_w * 0.6
    left = (CANVAS_WIDTH - group_w) / 2 + front_w * 0.6
    frame = Frame(left, MARGIN, scale)
    legend_top = MARGIN + BRAIN_H * scale + 16
    takeaway_top = legend_top + legend_h + 18
    height = round(takeaway_top + takeaway_h + MARGIN, 1)

    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, height), profile="full", debug=False)
    dwg.viewbox(0, 0, CANVAS_WIDTH, height)
    _draw_brain(dwg, frame, theme)
    _draw_network(dwg, frame, theme)
    _draw_wave_badge(dwg, frame(WAVE_CENTER), theme)
    _front_marker(dwg, theme, front, left - front_w * 0.6 + FRONT_ARROW,
                  MARGIN + BRAIN_H * scale - block_height(front, theme, theme.note_size))

    start = CANVAS_WIDTH - MARGIN if theme.rtl else MARGIN
    ahead = -1 if theme.rtl else 1
    y = legend_top
    for key, lines in zip(LEGEND, rows):
        row_h = _row_height(lines, theme)
        centre = (start + ahead * swatch / 2 - ahead * 4, y + min(row_h, theme.line_height) / 2)
        icon = dwg.g(transform=f"translate({centre[0]:.1f},{centre[1]:.1f}) "
                               f"scale({_swatch_scale(theme):.3f})")
        SWATCHES[key](dwg, icon, theme)
        dwg.add(icon)
        dwg.add(rich_block(dwg, lines, start + ahead * swatch, y + theme.label_size * 0.8, theme))
        y += row_h + LEGEND_GAP
    dwg.add(text_block(dwg, takeaway, start, takeaway_top + theme.note_size * 0.8, theme,
                       size=theme.note_size, fill=theme.palette.muted))
    return dwg


def _swatch_scale(theme: Theme) -> float:
    return max(1.0, theme.label_size / 24)


def _row_height(lines, theme: Theme) -> float:
    return max(block_height(lines, theme), 24 * _swatch_scale(theme))


def _front_marker(dwg, theme: Theme, lines, text_left: float, top: float) -> None:
    """"front" with an arrow pointing the way the brain faces (anatomy never mirrors)."""
    pal = theme.palette
    mid = top + theme.note_size * 0.45
    tip = text_left - FRONT_ARROW
    dwg.add(dwg.line((tip + 6, mid), (tip + 28, mid), stroke=pal.ink, stroke_width=1.8))
    dwg.add(dwg.polygon([(tip, mid), (tip + 9, mid - 5), (tip + 9, mid + 5)], fill=pal.ink))
    anchor = "end" if theme.rtl else "start"   # text_block swaps: "start" here is the left
    dwg.add(text_block(dwg, lines, text_left, top + theme.note_size * 0.8, theme,
                       size=theme.note_size, bold=True, anchor=anchor))


def _swatch_front(dwg, g, theme: Theme) -> None:
    pal = theme.palette
    box = [(-15, -10), (15, -10), (15, 10), (-15, 10)]
    g.add(dwg.polygon(box, fill=pal.blue_light, stroke=pal.blue, stroke_width=1.5))
    for seg in hatch_segments(box, 7, -45, inset=1.5):
        g.add(dwg.line(seg[0], seg[1], stroke=pal.blue, stroke_width=1.2))


def _swatch_hippocampus(dwg, g, theme: Theme) -> None:
    pal = theme.palette
    g.add(dwg.ellipse((0, 0), (16, 8), fill=pal.green_light, stroke=pal.green, stroke_width=2,
                      stroke_dasharray="5,3"))


def _swatch_pmc(dwg, g, theme: Theme) -> None:
    pal = theme.palette
    g.add(dwg.rect((-15, -10), (30, 20), rx=8, fill=pal.orange_light, stroke=pal.vermillion,
                   stroke_width=1.5))
    for x in (-7, 0, 7):
        for y in (-4, 4):
            g.add(dwg.circle((x + (2 if y > 0 else 0), y), 1.5, fill=pal.vermillion))


def _swatch_network(dwg, g, theme: Theme) -> None:
    pal = theme.palette
    g.add(dwg.line((-12, 0), (12, 0), stroke=pal.purple, stroke_width=2.6,
                   stroke_linecap="round", stroke_dasharray="0.1,6"))
    for x in (-13, 13):
        g.add(dwg.circle((x, 0), 5, fill=pal.purple_light, stroke=pal.purple, stroke_width=2))


def _swatch_rhythm(dwg, g, theme: Theme) -> None:
    _draw_wave_badge(dwg, (0, 0), theme, size=(32, 18), parent=g)


SWATCHES = {"prefrontal": _swatch_front, "hippocampus": _swatch_hippocampus,
            "posteromedial": _swatch_pmc, "network": _swatch_network, "rhythm": _swatch_rhythm}
