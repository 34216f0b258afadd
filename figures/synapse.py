"""Figure (a): ketamine at one connection between brain cells (a synapse).

The sending cell drops messenger (glutamate) across a tiny gap onto the
receiving cell. Ketamine (the hexagon, as in every figure) plugs one door (NMDA
receptor) there and on a brake cell beside the sending cell, so the brakes
ease; glutamate opens another door (AMPA receptor), which sets off a growth
signal (BDNF) and new contact points (dendritic spines). Labels stand in two
columns beside the picture with leader lines. When that would leave the picture
or the columns too narrow (16 pt labels on a half page), the picture is drawn at
its own size or larger with a numbered marker on each part, and the labels form
a numbered key (figures._key): a list beside and under it, or running text round
it when a list would not fit the page.
"""
from __future__ import annotations

import math
from typing import Mapping

import svgwrite

from ._common import (CANVAS_WIDTH, Theme, baseline, block_height, first_that_fits,
                      remembering, require_labels, rich_block, rich_lines, text_block)
from ._key import (MARKER_RADIUS, MIN_COLUMN, draw_flow, draw_key, draw_marker, flow, flow_bottom,
                   key_tokens, marker_box, marker_pitch, marker_reach, markers_clash, plan_key,
                   unit, word_tokens)
from ._marks import Placed, arrow, arrow_head, balanced_lines, ketamine_marker, \
    physical_anchor, stack_labels

# written out in full: content validation reads this tuple without importing the module
LABEL_KEYS = (
    "sending_end", "glutamate", "receiving_end", "nmda", "ketamine", "ampa", "bdnf",
    "spines", "brake_cell", "brakes_ease", "takeaway", "footnote",
)

MARGIN = 14.0
ART_HALF_WIDTH = 136.0     # the picture spans centre +- this
ART_TOP = -40.0            # highest point of the picture (the brake cell's door)
ART_BOTTOM = 306.0         # lowest spine head
COLUMN_GAP = 14.0          # between a label column and the picture
LABEL_GAP = 8.0            # between stacked labels
MAX_LABEL_LINES = 3        # a picture that leaves a label more lines is drawn smaller
SCALES = (1.12, 1.0, 0.9, 0.8, 0.72, 0.64, 0.56, 0.5)
# Labels beside the picture only while the picture stays this many label sizes wide and
# so does each label column (a few words a line; 5 Chinese characters is not a line):
# else numbered markers and a key. Ordinary and large-print pages (labels up to about
# 24 canvas units) keep their labels beside the picture; half-page large print cannot.
PICTURE_EMS = 7.0
COLUMN_EMS = 7.0

# Picture coordinates: x from the centre line, y down.
MEMBRANE_PRE = 128.0       # bottom of the sending end
MEMBRANE_POST = 172.0      # top of the receiving branch
NMDA_X, AMPA_X = 55.0, -55.0
BRAKE = (-98.0, 0.0)       # the brake cell's body

# Where each label's leader line ends, per column, in picture coordinates.
LEFT_LABELS = (("brake_cell", -123, 1), ("brakes_ease", -56, 4), ("ampa", -67, 178),
               ("bdnf", -30, 226))
RIGHT_LABELS = (("sending_end", 96, 74), ("glutamate", 80, 146), ("ketamine", 64, 156),
                ("nmda", 67, 180), ("receiving_end", 124, 222), ("spines", 117, 282))


# Large print: each labelled part gets a numbered marker, in the key's order (the
# story's: top of the picture to the bottom, ketamine beside the door it blocks).
# A marker touches ``anchor`` (picture units) from the side ``direction`` points to,
# or sits on the anchor when there is no direction.
CALLOUTS = (
    ("brake_cell", (-130, -16), (-0.6, -0.8)),
    ("brakes_ease", (-52, -3), (0, -1)),
    ("sending_end", (70, 37), (0, -1)),
    ("glutamate", (-14, 150), None),
    ("ketamine", (66, 152), (1, 0)),
    ("nmda", (55, 190), (0, 1)),
    ("ampa", (-72, 170), (-0.8, -0.6)),
    ("receiving_end", (-133, 215), (-1, 0)),
    ("bdnf", (-44, 214), (-1, 0.3)),
    ("spines", (21, 282), (-1, 0)),
)
ART_BOX = (-137.0, -41.0, 133.0, 306.0)   # the picture's ink, in picture units
KEY_SCALES = (1.6, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9)
GAP_ROOM = 27.0            # half the gap between the cells: a marker there must fit in it
LIST_SCALE = 1.0          # a keyed list never takes a picture smaller than this; running text may
PICTURE_GAP = 0.6         # label sizes between the picture (with its markers) and the key


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "synapse")
    theme = remembering(theme)
    last = len(SCALES) - 1
    return first_that_fits("synapse", theme, [
        # labels beside the picture, while that leaves both readable
        *[(lambda scale=scale: _layout(labels, theme, scale, strict=True, readable=True))
          for scale in SCALES],
        # else numbered markers and a key: a list while the picture keeps at least its
        # own size, then running text (fewer lines), then a list by a smaller picture
        *[(lambda scale=scale: _key_layout(labels, theme, scale)) for scale in KEY_SCALES
          if scale >= LIST_SCALE],
        *[(lambda scale=scale: _key_layout(labels, theme, scale, flowing=True))
          for scale in KEY_SCALES],
        *[(lambda scale=scale: _key_layout(labels, theme, scale)) for scale in KEY_SCALES
          if scale < LIST_SCALE],
        # the last resort on a page too short for the key: labels beside a small picture
        *[(lambda scale=scale, strict=index < last: _layout(labels, theme, scale, strict))
          for index, scale in enumerate(SCALES)]])


def _layout(labels, theme: Theme, scale: float, strict: bool, readable: bool = False):
    """The figure with the picture at ``scale``; None when ``strict`` and a label
    would wrap to more than MAX_LABEL_LINES lines (a smaller picture is better), or
    when ``readable`` and the label columns would be too narrow for a few words a line."""
    centre = CANVAS_WIDTH / 2
    column_width = centre - ART_HALF_WIDTH * scale - COLUMN_GAP - MARGIN
    if readable and (column_width < COLUMN_EMS * theme.label_size
                     or 2 * ART_HALF_WIDTH * scale < PICTURE_EMS * theme.label_size):
        return None
    wrapped = {key: balanced_lines(labels[key], theme, column_width)
               for key, _, _ in LEFT_LABELS + RIGHT_LABELS}
    if strict and max(len(lines) for lines in wrapped.values()) > MAX_LABEL_LINES:
        return None
    picture_height = (ART_BOTTOM - ART_TOP) * scale
    art_y = MARGIN - ART_TOP * scale
    columns = _stack_columns(wrapped, theme, centre, art_y, scale)
    # labels that need more height than the picture: the picture moves down to
    # the middle of them, so leader lines fan out both ways, not all downwards
    extent = max(c[-1][2].bottom for c in columns) - MARGIN
    if extent > picture_height:
        art_y += (extent - picture_height) / 2

    def to_canvas(x: float, y: float) -> tuple[float, float]:
        return centre + x * scale, art_y + y * scale

    drawing = svgwrite.Drawing(size=(CANVAS_WIDTH, 100), profile="full", debug=False)
    art = drawing.g(transform=f"translate({centre},{art_y:.2f}) scale({scale})")
    _draw_synapse(drawing, art, theme)
    drawing.add(art)
    bottom = to_canvas(0, ART_BOTTOM)[1]
    for side, blocks in zip((-1, 1), columns):
        _draw_column(drawing, theme, side, blocks, to_canvas)
        bottom = max(bottom, blocks[-1][2].bottom)
    bottom = _draw_footer(drawing, labels, theme, bottom + 14)
    height = round(bottom + MARGIN, 1)
    drawing["height"] = height
    drawing.viewbox(0, 0, CANVAS_WIDTH, height)
    return drawing


# --- the synapse picture --------------------------------------------------------

def _draw_synapse(drawing, art, theme: Theme) -> None:
    pal = theme.palette
    outline = {"stroke": pal.ink, "stroke_width": theme.stroke}

    # sending end: filled closed, outlined open at the top so the axon runs on
    outline_path = ("M -22 -40 L -22 16 C -22 42 -105 34 -105 66 L -105 114 "
                    "Q -105 128 -91 128 L 91 128 Q 105 128 105 114 L 105 66 "
                    "C 105 34 22 42 22 16 L 22 -40")
    art.add(drawing.path(d=outline_path + " Z", fill=pal.blue_light))
    art.add(drawing.path(d=outline_path, fill="none", stroke_linejoin="round", **outline))
    _brake_cell(drawing, art, theme)

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
    art.add(drawing.rect((-132, MEMBRANE_POST), (264, 86), rx=30, fill=pal.purple_light,
                         **outline))

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


def _brake_cell(drawing, art, theme: Theme) -> None:
    """A brake cell beside the sending cell: its own door plugged by ketamine,
    its branch ending on the sending cell's stem (where it would hold it back)."""
    pal = theme.palette
    bx, by = BRAKE
    for angle, length in ((212, 13), (250, 10), (145, 11)):
        a = math.radians(angle)
        x0, y0 = bx + 24 * math.cos(a), by + 14 * math.sin(a)
        x1, y1 = x0 + length * math.cos(a), y0 + length * math.sin(a) * 0.7
        art.add(drawing.line((x0, y0), (x1, y1), stroke=pal.ink, stroke_width=2.2,
                             stroke_linecap="round"))
        for fork in (-35, 35):   # a small fork at the tip
            f = math.radians(angle + fork)
            art.add(drawing.line((x1, y1), (x1 + 7 * math.cos(f), y1 + 7 * math.sin(f) * 0.7),
                                 stroke=pal.ink, stroke_width=1.6, stroke_linecap="round"))
    # its branch to the sending cell, ending in a small knob against the stem
    art.add(drawing.line((bx + 24, by + 2), (-36, by + 2), stroke=pal.ink, stroke_width=3,
                         stroke_linecap="round"))
    art.add(drawing.circle((-29, by + 2), 7, fill=pal.yellow_light, stroke=pal.ink,
                           stroke_width=1.6))
    art.add(drawing.ellipse((bx, by), (26, 17), fill=pal.yellow_light,
                            stroke=pal.ink, stroke_width=theme.stroke))
    for left in (bx - 11, bx + 3):
        art.add(drawing.rect((left, by - 27), (8, 17), rx=3, fill=pal.grey_light,
                             stroke=pal.ink, stroke_width=1.3))
    art.add(ketamine_marker(drawing, bx, by - 28, 8, theme))


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


# --- labels beside the picture ---------------------------------------------------

def _stack_columns(wrapped, theme: Theme, centre: float, art_y: float, scale: float):
    """Both columns' label blocks, each stacked as near its part as it can go."""
    columns = []
    for entries in (LEFT_LABELS, RIGHT_LABELS):
        blocks = [(key, part, Placed(art_y + part[1] * scale, block_height(wrapped[key], theme)))
                  for key, *part in entries]
        stack_labels([b for _, _, b in blocks], LABEL_GAP, MARGIN)
        columns.append([(key, wrapped[key], block, part) for key, part, block in blocks])
    return [[(key, lines, block, part) for key, lines, block, part in column]
            for column in columns]


def _draw_column(drawing, theme: Theme, side: int, blocks, to_canvas) -> None:
    """One column of labels, each with a leader line to its part."""
    # the column's side facing the picture
    edge = to_canvas(side * ART_HALF_WIDTH, 0)[0] + side * COLUMN_GAP
    anchor = physical_anchor("end" if side < 0 else "start", theme)
    for key, lines, block, (part_x, part_y) in blocks:
        drawing.add(text_block(drawing, lines, edge, baseline(block.top, theme.label_size),
                               theme, anchor=anchor))
        # keep leader lines as level as the block allows
        end = to_canvas(part_x, part_y)
        start_y = min(max(end[1], block.top + theme.label_size * 0.5),
                      block.bottom - theme.label_size * 0.4)
        start = (edge + 5 if side < 0 else edge - 5, start_y)
        drawing.add(drawing.line(start, end, stroke=theme.palette.ink, stroke_width=1.2))
        drawing.add(drawing.circle(end, 2.6, fill=theme.palette.ink))


# --- takeaway and footnote ---------------------------------------------------------

def _draw_footer(drawing, labels, theme: Theme, top: float) -> float:
    """The takeaway in bold, running on into the footnote's hedge in grey, from the
    content's left edge (its right edge in RTL)."""
    pal = theme.palette
    size = theme.note_size
    lines = rich_lines([(labels["takeaway"], True, pal.ink), (labels["footnote"], False, pal.muted)],
                       theme, CANVAS_WIDTH - 2 * MARGIN, size=size)
    text_x = CANVAS_WIDTH - MARGIN if theme.rtl else MARGIN
    drawing.add(rich_block(drawing, lines, text_x, baseline(top, size), theme, size=size))
    return top + block_height(lines, theme, size=size)


# --- large print: numbered markers on the picture, the words in a key -----------------

def _key_layout(labels, theme: Theme, scale: float, flowing: bool = False):
    """The picture at ``scale`` with a numbered marker on each part and the key beside
    and under it: as columns, or (``flowing``) as running text round the picture,
    which takes fewer lines. None when the markers would crowd one another or the
    picture."""
    size = theme.label_size
    if size * MARKER_RADIUS / scale > GAP_ROOM:   # a marker in the gap would cover both cells' edges
        return None
    markers = []   # (number, key, x, y): the marker's centre from the picture's origin
    for number, (key, anchor, direction) in enumerate(CALLOUTS, 1):
        x, y = anchor[0] * scale, anchor[1] * scale
        if direction is not None:
            u = unit(direction)
            reach = marker_reach(number, theme, u)
            x, y = x + u[0] * reach, y + u[1] * reach
        markers.append((number, key, x, y))
    centres = [(number, x, y) for number, _, x, y in markers]
    if any(markers_clash(a, b, theme) for i, a in enumerate(centres) for b in centres[i + 1:]):
        return None
    boxes = [marker_box(x, y, number, theme) for number, _, x, y in markers]
    left = min(ART_BOX[0] * scale, *(box[0] for box in boxes))
    top = min(ART_BOX[1] * scale, *(box[1] for box in boxes))
    right = max(ART_BOX[2] * scale, *(box[2] for box in boxes))
    bottom = max(ART_BOX[3] * scale, *(box[3] for box in boxes))
    width, height = right - left, bottom - top
    if width > CANVAS_WIDTH - 2 * MARGIN:
        return None
    gutter = PICTURE_GAP * size
    picture_bottom = MARGIN + height
    # the picture at the reading start, the key beside it where a column of words fits
    if theme.rtl:
        origin_x = CANVAS_WIDTH - MARGIN - right
        beside = (MARGIN, CANVAS_WIDTH - MARGIN - width - gutter)
    else:
        origin_x = MARGIN - left
        beside = (MARGIN + width + gutter, CANVAS_WIDTH - MARGIN)
    if beside[1] - beside[0] < MIN_COLUMN * size:
        origin_x, beside = CANVAS_WIDTH / 2 - (left + right) / 2, None
    origin_y = MARGIN - top
    entries = [(number, labels[key]) for number, key, _, _ in markers]

    drawing = svgwrite.Drawing(size=(CANVAS_WIDTH, 100), profile="full", debug=False)
    art = drawing.g(id="picture",
                    transform=f"translate({origin_x:.2f},{origin_y:.2f}) scale({scale})")
    _draw_synapse(drawing, art, theme)
    drawing.add(art)
    for number, _, x, y in markers:
        drawing.add(draw_marker(drawing, origin_x + x, origin_y + y, number, theme))
    if flowing:
        full = (MARGIN, CANVAS_WIDTH - MARGIN)
        pal = theme.palette
        footer = (word_tokens(labels["takeaway"], theme, run="takeaway", bold=True)
                  + word_tokens(labels["footnote"], theme, run="footnote", fill=pal.muted))
        start = MARGIN if beside else picture_bottom + size * 0.6
        lines = flow([(key_tokens(entries, theme), marker_pitch(theme)),
                      (footer, theme.line_height)], theme, start,
                     lambda y: beside if beside and y < picture_bottom else full, size * 0.35)
        draw_flow(drawing, lines, theme)
        bottom = max(picture_bottom, flow_bottom(lines))
    else:
        key = plan_key(entries, theme, MARGIN, CANVAS_WIDTH - MARGIN,
                       MARGIN if beside else picture_bottom + size * 0.6,
                       beside and (*beside, picture_bottom))
        draw_key(drawing, key, theme)
        bottom = _draw_footer(drawing, labels, theme, max(picture_bottom, key.bottom) + size * 0.8)
    height = round(bottom + MARGIN, 1)
    drawing["height"] = height
    drawing.viewbox(0, 0, CANVAS_WIDTH, height)
    return drawing
