"""Small drawing pieces shared by the figures, and a balanced line wrapper.

The ketamine marker (a vermillion hexagon) is the same shape wherever ketamine
appears, so readers can follow it from one figure to the next.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ._common import Theme, wrap_lines

# the hexagon's corners, flat top and bottom, on a unit circle
_HEXAGON = [(math.cos(math.radians(a)), math.sin(math.radians(a)))
            for a in range(0, 360, 60)]


def physical_anchor(anchor: str, theme: Theme) -> str:
    """The anchor to hand to ``text_block`` so text aligns to the same *side*.

    ``text_block`` swaps start and end in right-to-left editions; labels that sit
    in a column beside a picture must hug the picture whatever the script, so
    they ask for a physical side and undo the swap here.
    """
    if theme.rtl and anchor in ("start", "end"):
        return "end" if anchor == "start" else "start"
    return anchor


def ketamine_marker(drawing, cx: float, cy: float, radius: float, theme: Theme):
    """The ketamine marker: a filled hexagon with a dark outline."""
    points = [(cx + radius * x, cy + radius * y) for x, y in _HEXAGON]
    return drawing.polygon(points, fill=theme.palette.vermillion,
                           stroke=theme.palette.ink, stroke_width=1.5,
                           stroke_linejoin="round")


def arrow(drawing, x1: float, y1: float, x2: float, y2: float, theme: Theme, *,
          colour: str | None = None, width: float | None = None, head: float = 9.0,
          dashed: bool = False):
    """A straight arrow from (x1, y1) to (x2, y2); the head is a polygon."""
    colour = colour or theme.palette.ink
    width = width or theme.stroke
    group = drawing.g()
    angle = math.atan2(y2 - y1, x2 - x1)
    # stop the shaft inside the head so its square end never pokes out
    shaft_end = (x2 - math.cos(angle) * head * 0.8, y2 - math.sin(angle) * head * 0.8)
    line = drawing.line((x1, y1), shaft_end, stroke=colour, stroke_width=width,
                        stroke_linecap="round")
    if dashed:
        line["stroke-dasharray"] = "5,4"
    group.add(line)
    group.add(arrow_head(drawing, x2, y2, angle, head, colour))
    return group


def arrow_head(drawing, x: float, y: float, angle: float, size: float, colour: str):
    """A triangular head whose tip is at (x, y), pointing along ``angle``."""
    back = (x - math.cos(angle) * size, y - math.sin(angle) * size)
    side = (-math.sin(angle) * size * 0.55, math.cos(angle) * size * 0.55)
    return drawing.polygon([(x, y), (back[0] + side[0], back[1] + side[1]),
                            (back[0] - side[0], back[1] - side[1])], fill=colour)


@dataclass
class Placed:
    """A label block stacked in a column: where it wants to be and where it is."""

    target: float      # the y its centre would ideally sit at
    height: float
    top: float = 0.0

    @property
    def centre(self) -> float:
        return self.top + self.height / 2

    @property
    def bottom(self) -> float:
        return self.top + self.height


def stack_labels(blocks: list[Placed], gap: float, top_limit: float) -> None:
    """Place blocks (in target order) as near their targets as they can go.

    Overlapping blocks are merged into clusters centred on their targets'
    mean, never above ``top_limit``; the column may grow downwards freely.
    """
    clusters: list[list[Placed]] = []

    def place(cluster: list[Placed]) -> None:
        offsets, running = [], 0.0
        for block in cluster:
            offsets.append(running)
            running += block.height + gap
        ideal = sum(b.target - o - b.height / 2 for b, o in zip(cluster, offsets)) / len(cluster)
        start = max(ideal, top_limit)
        for block, offset in zip(cluster, offsets):
            block.top = start + offset

    for block in blocks:
        clusters.append([block])
        place(clusters[-1])
        while len(clusters) > 1 and clusters[-2][-1].bottom + gap > clusters[-1][0].top:
            last = clusters.pop()
            clusters[-1].extend(last)
            place(clusters[-1])


def balanced_lines(text: str, theme: Theme, width: float, size: float | None = None,
                   bold: bool = False) -> list[str]:
    """``wrap_lines``, without a lone short last line where a better break fits.

    When the last line is one word (one character in Chinese) or much shorter
    than the widest, narrower widths are tried; the most even wrapping with the
    same number of lines wins ("build switch / turns on", not "build switch
    turns / on"). No word is ever broken to get there.
    """
    size = size or theme.label_size
    lines = wrap_lines(text, theme, width, size=size, bold=bold)
    if len(lines) < 2:
        return lines

    def widths(candidate):
        return [theme.measure(line, size, bold) for line in candidate]

    last = lines[-1] if theme.line_breaking == "chars" else lines[-1].split()
    if len(last) >= 2 and widths(lines)[-1] >= 0.4 * max(widths(lines)):
        return lines
    floor = width * 0.55
    if theme.line_breaking != "chars":
        floor = max(floor, max(theme.measure(w, size, bold) for w in text.split()))
    best, best_spread = lines, max(widths(lines)) - widths(lines)[-1]
    step = max(2.0, size * 0.2)
    trial = width - step
    while trial >= floor:
        candidate = wrap_lines(text, theme, trial, size=size, bold=bold)
        if len(candidate) != len(lines):
            break
        spread = max(widths(candidate)) - min(widths(candidate))
        if spread < best_spread:
            best, best_spread = candidate, spread
        trial -= step
    return best
