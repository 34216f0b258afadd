"""Figure (a): ketamine at one connection between brain cells (a synapse).

Top: the sending end drops messenger (glutamate) into the gap; on the
receiving side ketamine plugs one door (NMDA receptor) while glutamate opens
another (AMPA receptor), which sets off a growth signal (BDNF) and new contact
points (dendritic spines). Labels stand in two columns beside the picture with
leader lines. Below, a framed inset shows why more glutamate is released: the
"brake" cell's door is blocked, so the brakes ease.
"""
from __future__ import annotations

import math
from typing import Mapping

import svgwrite

from ._common import (CANVAS_WIDTH, Theme, block_height, require_labels, text_block,
                      wrap_lines)
from ._marks import Placed, arrow, arrow_head, ketamine_marker, physical_anchor, stack_labels

LABEL_KEYS = (
    "sending_end", "vesicles", "glutamate", "cleft", "receiving_end", "nmda",
    "ketamine", "ampa", "bdnf", "spines", "inset_title", "brake_cell",
    "brakes_ease", "more_glutamate", "takeaway", "footnote",
)

MARGIN = 14.0
ART_HALF_WIDTH = 160.0     # the synapse picture spans centre +- this
ART_BOTTOM = 306.0         # lowest spine head
COLUMN_GAP = 14.0          # between a label column and the picture
LABEL_GAP = 10.0           # between stacked labels
INSET_ICON_HEIGHT = 64.0
INSET_ARROW_GAP = 48.0

# Picture coordinates: x from the centre line, y down; the axon starts at y = -14.
MEMBRANE_PRE = 128.0       # bottom of the sending end
MEMBRANE_POST = 172.0      # top of the receiving branch
NMDA_X, AMPA_X = 55.0, -55.0

# Where each label's leader line ends, per column, in picture coordinates.
LEFT_LABELS = (("sending_end", -40, 24), ("vesicles", -75, 76), ("cleft", -92, 150),
               ("ampa", -67, 178), ("bdnf", -30, 226))
RIGHT_LABELS = (("glutamate", 80, 146), ("ketamine", 64, 156), ("nmda", 67, 180),
                ("receiving_end", 145, 222), ("spines", 117, 282))


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "synapse")
    drawing = svgwrite.Drawing(size=(CANVAS_WIDTH, 100), profile="full", debug=False)
    centre = CANVAS_WIDTH / 2
    # big labels get wider columns: the picture gives up to a fifth of its size
    scale = min(1.0, max(0.8, 15.0 / theme.label_size))
    art_y = MARGIN * scale      # the axon's cut end touches the top edge

    art = drawing.g(transform=f"translate({centre},{art_y}) scale({scale})")
    _draw_synapse(drawing, art, theme)
    drawing.add(art)

    def to_canvas(x: float, y: float) -> tuple[float, float]:
        return centre + x * scale, art_y + y * scale

    column_width = centre - ART_HALF_WIDTH * scale - COLUMN_GAP - MARGIN
    bottom = to_canvas(0, ART_BOTTOM)[1]
    for side, entries in ((-1, LEFT_LABELS), (1, RIGHT_LABELS)):
        bottom = max(bottom, _label_column(drawing, labels, theme, side, entries,
                                           column_width, to_canvas))

    bottom = _draw_inset(drawing, labels, theme, bottom + 16)
    bottom = _draw_footer(drawing, labels, theme, bottom + 12)

    height = round(bottom + MARGIN, 1)
    drawing["height"] = height
    drawing.viewbox(0, 0, CANVAS_WIDTH, height)
    return drawing


# --- the synapse picture --------------------------------------------------------

def _draw_synapse(drawing, art, theme: Theme) -> None:
    pal = theme.palette
    outline = {"stroke": pal.ink, "stroke_width": theme.stroke}

    # sending end: filled closed, outlined open at the top so the axon runs on
    outline_path = ("M -22 -14 L -22 16 C -22 42 -105 34 -105 66 L -105 114 "
                    "Q -105 128 -91 128 L 91 128 Q 105 128 105 114 L 105 66 "
                    "C 105 34 22 42 22 16 L 22 -14")
    art.add(drawing.path(d=outline_path + " Z", fill=pal.blue_light))
    art.add(drawing.path(d=outline_path, fill="none", stroke_linejoin="round", **outline))

    for x, y in ((-64, 76), (-22, 62), (20, 66), (62, 80), (-28, 100), (76, 108)):
        _vesicle(drawing, art, theme, x, y)
    for x in (-40, 14):
        _fusing_vesicle(drawing, art, theme, x)

    # glutamate in the gap; one sits in the open door, none gets past the plug
    for x, y in ((-44, 138), (-33, 147), (-68, 146), (8, 140), (21, 146), (33, 151),
                 (28, 159), (-10, 152), (80, 146)):
        _glutamate(drawing, art, theme, x, y)

    # new contact points sprout below the branch (drawn first, the branch covers their base)
    for x in (40, 100):
        _spine(drawing, art, theme, x)
    art.add(drawing.rect((-155, MEMBRANE_POST), (310, 86), rx=30, fill=pal.purple_light,
                         **outline))

    _gap_bracket(drawing, art, theme, -92)
    _door(drawing, art, theme, NMDA_X, pal.grey_light)
    art.add(ketamine_marker(drawing, NMDA_X, 156, 9.5, theme))
    _door(drawing, art, theme, AMPA_X, pal.green_light)
    _glutamate(drawing, art, theme, AMPA_X, 153)
    art.add(arrow(drawing, AMPA_X, 168, AMPA_X, 196, theme, width=2, head=8))

    # the growth signal travels from the open door towards the new contact points
    art.add(drawing.path(d="M -50 202 C -42 236, 20 226, 62 244", fill="none",
                         stroke=pal.muted, stroke_width=1.5, stroke_dasharray="4,4"))
    art.add(arrow_head(drawing, 70, 248, 0.45, 8, pal.muted))
    for x, y in ((-34, 224), (-4, 230), (26, 230), (52, 240)):
        _growth_signal(drawing, art, theme, x, y)


def _vesicle(drawing, art, theme: Theme, x: float, y: float) -> None:
    pal = theme.palette
    art.add(drawing.circle((x, y), 11, fill=pal.paper, stroke=pal.blue, stroke_width=1.5))
    for dx, dy in ((-4, -3), (4, -2), (0, 4)):
        art.add(drawing.circle((x + dx, y + dy), 2.4, fill=pal.orange))


def _fusing_vesicle(drawing, art, theme: Theme, x: float) -> None:
    """A bubble merged with the membrane, open towards the gap."""
    pal = theme.palette
    art.add(drawing.path(d=f"M {x - 11} {MEMBRANE_PRE} A 11 11 0 0 1 {x + 11} {MEMBRANE_PRE}",
                         fill=pal.paper, stroke=pal.blue, stroke_width=1.5))
    # open the membrane where the bubble has merged with it
    art.add(drawing.line((x - 9, MEMBRANE_PRE), (x + 9, MEMBRANE_PRE), stroke=pal.paper,
                         stroke_width=theme.stroke + 1.5))


def _glutamate(drawing, art, theme: Theme, x: float, y: float) -> None:
    art.add(drawing.circle((x, y), 4.5, fill=theme.palette.orange,
                           stroke=theme.palette.ink, stroke_width=1.3))


def _growth_signal(drawing, art, theme: Theme, x: float, y: float) -> None:
    """BDNF: a small diamond, so it differs from glutamate by shape too."""
    art.add(drawing.polygon([(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)],
                            fill=theme.palette.green, stroke=theme.palette.ink,
                            stroke_width=1.3))


def _door(drawing, art, theme: Theme, x: float, fill: str) -> None:
    """A receptor: two pillars through the membrane with a channel between."""
    for left in (x - 16, x + 5):
        art.add(drawing.rect((left, 158), (11, 30), rx=4, fill=fill,
                             stroke=theme.palette.ink, stroke_width=1.5))


def _spine(drawing, art, theme: Theme, x: float) -> None:
    """A new contact point (spine): a neck and a round head below the branch.

    Green with a dashed outline and sprout marks, so "new" never rests on
    colour alone.
    """
    pal = theme.palette
    art.add(drawing.path(
        d=(f"M {x - 5} 250 L {x - 5} 270 C {x - 17} 272 {x - 17} 293 {x} 293 "
           f"C {x + 17} 293 {x + 17} 272 {x + 5} 270 L {x + 5} 250"),
        stroke_width=1.8, fill=pal.green_light, stroke=pal.green, stroke_dasharray="4,3"))
    for x1, y1, x2, y2 in ((x - 19, 291, x - 25, 297), (x, 298, x, 305),
                           (x + 19, 291, x + 25, 297)):
        art.add(drawing.line((x1, y1), (x2, y2), stroke=pal.green, stroke_width=1.6,
                             stroke_linecap="round"))


def _gap_bracket(drawing, art, theme: Theme, x: float) -> None:
    """A dimension mark spanning the gap between the two membranes."""
    pal = theme.palette
    top, bottom = MEMBRANE_PRE + 3, MEMBRANE_POST - 3
    art.add(drawing.line((x, top + 6), (x, bottom - 6), stroke=pal.muted, stroke_width=1.3))
    art.add(arrow_head(drawing, x, top, -1.5708, 6, pal.muted))
    art.add(arrow_head(drawing, x, bottom, 1.5708, 6, pal.muted))


# --- labels beside the picture ---------------------------------------------------

def _label_column(drawing, labels, theme: Theme, side: int, entries, width: float,
                  to_canvas) -> float:
    """Stack one column of labels near their parts; returns its bottom."""
    # the column's side facing the picture
    edge = to_canvas(side * ART_HALF_WIDTH, 0)[0] + side * COLUMN_GAP
    blocks = []
    for key, _, y in entries:
        lines = wrap_lines(labels[key], theme, width)
        blocks.append((key, lines, Placed(to_canvas(0, y)[1], block_height(lines, theme))))
    stack_labels([b for _, _, b in blocks], LABEL_GAP, MARGIN)

    anchor = physical_anchor("end" if side < 0 else "start", theme)
    for (key, lines, block), (_, part_x, part_y) in zip(blocks, entries):
        drawing.add(text_block(drawing, lines, edge, block.top + theme.label_size * 0.8,
                               theme, anchor=anchor))
        # keep leader lines as level as the block allows
        end = to_canvas(part_x, part_y)
        start_y = min(max(end[1], block.top + theme.label_size * 0.5),
                      block.bottom - theme.label_size * 0.4)
        start = (edge + 5 if side < 0 else edge - 5, start_y)
        drawing.add(drawing.line(start, end, stroke=theme.palette.ink, stroke_width=1.2))
        drawing.add(drawing.circle(end, 2.6, fill=theme.palette.ink))
    return max(b.bottom for _, _, b in blocks)


# --- the inset: why more glutamate --------------------------------------------------

def _draw_inset(drawing, labels, theme: Theme, top: float) -> float:
    pal = theme.palette
    left, right = MARGIN, CANVAS_WIDTH - MARGIN
    pad = 16.0
    inner = right - left - 2 * pad
    title_lines = wrap_lines(labels["inset_title"], theme, inner, bold=True)
    icons_top = top + pad + block_height(title_lines, theme) + 10
    column = (inner - 2 * INSET_ARROW_GAP) / 3
    keys = ("brake_cell", "brakes_ease", "more_glutamate")
    wrapped = [wrap_lines(labels[k], theme, column) for k in keys]
    labels_top = icons_top + INSET_ICON_HEIGHT + 10
    bottom = labels_top + max(block_height(lines, theme) for lines in wrapped) + pad

    drawing.add(drawing.rect((left, top), (right - left, bottom - top), rx=10,
                             fill=pal.paper, stroke=pal.line, stroke_width=1.5))
    title_x = right - pad if theme.rtl else left + pad
    drawing.add(text_block(drawing, title_lines, title_x, top + pad + theme.label_size * 0.8,
                           theme, bold=True))

    # column centres read in the text's direction
    centres = [left + pad + column / 2 + i * (column + INSET_ARROW_GAP) for i in range(3)]
    if theme.rtl:
        centres = [CANVAS_WIDTH - c for c in centres]
    icon_y = icons_top + INSET_ICON_HEIGHT / 2
    _brake_cell_icon(drawing, theme, centres[0], icon_y)
    _brakes_icon(drawing, theme, centres[1], icon_y)
    _release_icon(drawing, theme, centres[2], icon_y)
    for a, b in zip(centres, centres[1:]):
        step = 1 if b > a else -1
        drawing.add(arrow(drawing, a + step * 62, icon_y, b - step * 62, icon_y, theme,
                          head=11))
    for centre, lines in zip(centres, wrapped):
        drawing.add(text_block(drawing, lines, centre, labels_top + theme.label_size * 0.8,
                               theme, anchor="middle"))
    return bottom


def _brake_cell_icon(drawing, theme: Theme, cx: float, cy: float) -> None:
    pal = theme.palette
    # branches all round (the door keeps the top) make it read as a nerve cell
    soma_y = cy + 6
    for angle, length in ((205, 30), (150, 20), (38, 26), (-15, 22)):
        a = math.radians(angle)
        x0, y0 = cx + 22 * math.cos(a), soma_y + 16 * math.sin(a)
        x1, y1 = x0 + length * math.cos(a), y0 + length * math.sin(a) * 0.7
        drawing.add(drawing.line((x0, y0), (x1, y1), stroke=pal.ink, stroke_width=2.4,
                                 stroke_linecap="round"))
        for fork in (-35, 35):   # a small fork at the tip
            f = math.radians(angle + fork)
            drawing.add(drawing.line((x1, y1), (x1 + 9 * math.cos(f), y1 + 9 * math.sin(f) * 0.7),
                                     stroke=pal.ink, stroke_width=1.8, stroke_linecap="round"))
    drawing.add(drawing.ellipse((cx, soma_y), (25, 18), fill=pal.yellow_light,
                                stroke=pal.ink, stroke_width=theme.stroke))
    for left in (cx - 11, cx + 3):
        drawing.add(drawing.rect((left, cy - 19), (8, 18), rx=3, fill=pal.grey_light,
                                 stroke=pal.ink, stroke_width=1.3))
    drawing.add(ketamine_marker(drawing, cx, cy - 20, 7.5, theme))


def _brakes_icon(drawing, theme: Theme, cx: float, cy: float) -> None:
    """A wheel with its brake pads pulled away: the brakes ease."""
    pal = theme.palette
    drawing.add(drawing.circle((cx, cy), 22, fill=pal.grey_light, stroke=pal.ink,
                               stroke_width=theme.stroke))
    drawing.add(drawing.circle((cx, cy), 6, fill=pal.paper, stroke=pal.ink, stroke_width=1.5))
    for side in (-1, 1):
        pad_x = cx + side * 31 - (10 if side < 0 else 0)
        drawing.add(drawing.rect((pad_x, cy - 15), (10, 30), rx=3, fill=pal.yellow_light,
                                 stroke=pal.ink, stroke_width=1.5))
        drawing.add(arrow(drawing, cx + side * 45, cy, cx + side * 58, cy, theme,
                          width=1.5, head=6))


def _release_icon(drawing, theme: Theme, cx: float, cy: float) -> None:
    """A small sending end releasing many glutamate dots."""
    pal = theme.palette
    path = (f"M {cx - 8} {cy - 32} L {cx - 8} {cy - 24} C {cx - 8} {cy - 16} {cx - 34} {cy - 18} "
            f"{cx - 34} {cy - 6} L {cx - 34} {cy} Q {cx - 34} {cy + 6} {cx - 28} {cy + 6} "
            f"L {cx + 28} {cy + 6} Q {cx + 34} {cy + 6} {cx + 34} {cy} L {cx + 34} {cy - 6} "
            f"C {cx + 34} {cy - 18} {cx + 8} {cy - 16} {cx + 8} {cy - 24} L {cx + 8} {cy - 32}")
    drawing.add(drawing.path(d=path + " Z", fill=pal.blue_light))
    drawing.add(drawing.path(d=path, fill="none", stroke=pal.ink, stroke_width=theme.stroke))
    for dx, dy in ((-26, 14), (-14, 20), (-2, 13), (10, 22), (22, 14), (32, 23),
                   (-30, 27), (-6, 29), (18, 30), (-19, 33)):
        drawing.add(drawing.circle((cx + dx, cy + dy), 3.8, fill=pal.orange,
                                   stroke=pal.ink, stroke_width=1))


# --- takeaway and footnote ---------------------------------------------------------

def _draw_footer(drawing, labels, theme: Theme, top: float) -> float:
    # takeaway and footnote start at the content's left edge (its right edge in RTL)
    width = CANVAS_WIDTH - 2 * MARGIN
    text_x = CANVAS_WIDTH - MARGIN if theme.rtl else MARGIN
    takeaway = wrap_lines(labels["takeaway"], theme, width, bold=True)
    drawing.add(text_block(drawing, takeaway, text_x, top + theme.label_size * 0.8,
                           theme, bold=True))
    top += block_height(takeaway, theme) + 6
    note = wrap_lines(labels["footnote"], theme, width, size=theme.small_size)
    drawing.add(text_block(drawing, note, text_x, top + theme.small_size * 0.8,
                           theme, size=theme.small_size, fill=theme.palette.muted))
    return top + block_height(note, theme, size=theme.small_size)
