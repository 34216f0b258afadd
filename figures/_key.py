"""Numbered callouts on a picture, and the key that says what each number is.

When the labels, at the size an edition prints them, would leave a picture too
small beside them, a figure draws the picture large instead, puts a small
numbered marker on or next to each part, and prints the labels in a numbered
key: first in a column beside the picture (where the width left there holds a
few words a line), then under it in one or two columns. A number is text at
the label size like every other word (large print sets every glyph at 16 pt or
more), and the picture's marker and the key's marker look the same, so the eye
matches them. Right-to-left editions mirror the key: the picture on the right,
the first column on the right, each number on the right of its words.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ._common import Theme, baseline, block_height, text_block
from ._marks import balanced_lines

MARKER_RADIUS = 0.58   # of the label size: a circle just round one digit
MARKER_PAD = 0.3       # of the label size: either side of a number of two digits
HALO = 1.5             # a white ring, so a marker stands clear of the lines under it
ENTRY_GAP = 0.35       # of the label size: between two entries of the key
TEXT_GAP = 0.35        # of the label size: between a key entry's number and its words
GUTTER = 1.0           # of the label size: between key columns, and the picture and the key
MIN_COLUMN = 8.0       # of the label size: a narrower column breaks labels into scraps


def marker_extent(number: int, theme: Theme) -> tuple[float, float]:
    """Half the width and half the height of a number's marker, in canvas units."""
    size = theme.label_size
    radius = size * MARKER_RADIUS
    half_text = theme.measure(str(number), size, True) / 2
    return max(radius, half_text + size * MARKER_PAD), radius


def marker_reach(number: int, theme: Theme, direction: tuple[float, float]) -> float:
    """How far from the point it touches a marker's centre sits, along ``direction``
    (a unit vector): a round-ended marker's extent that way, and its white ring."""
    half_width, radius = marker_extent(number, theme)
    return (half_width - radius) * abs(direction[0]) + radius + HALO


def unit(direction: tuple[float, float]) -> tuple[float, float]:
    length = math.hypot(*direction)
    return direction[0] / length, direction[1] / length


def draw_marker(drawing, cx: float, cy: float, number: int, theme: Theme):
    """A dark round marker with its number in white, bold, at the label size."""
    size = theme.label_size
    half_width, radius = marker_extent(number, theme)
    group = drawing.g()
    group.add(drawing.rect((cx - half_width, cy - radius), (2 * half_width, 2 * radius),
                           rx=radius, ry=radius, fill=theme.palette.ink,
                           stroke=theme.palette.paper, stroke_width=2 * HALO))
    # digits are about 0.7 of the size tall: a baseline 0.35 below the centre centres them
    group.add(text_block(drawing, [str(number)], cx, cy + size * 0.35, theme, bold=True,
                         anchor="middle", fill=theme.palette.paper))
    return group


def marker_box(cx: float, cy: float, number: int, theme: Theme):
    """(x0, y0, x1, y1) a marker covers, its white ring included."""
    half_width, radius = marker_extent(number, theme)
    return (cx - half_width - HALO, cy - radius - HALO, cx + half_width + HALO,
            cy + radius + HALO)


def boxes_overlap(a, b, clearance: float = 0.0) -> bool:
    return (a[0] < b[2] + clearance and b[0] < a[2] + clearance
            and a[1] < b[3] + clearance and b[1] < a[3] + clearance)


def markers_clash(first, second, theme: Theme, clearance: float = 2.0) -> bool:
    """Whether two markers, each (number, x, y), come closer than ``clearance``:
    each is a capsule (a circle drawn out sideways for two digits)."""
    (n1, x1, y1), (n2, x2, y2) = first, second
    (w1, r1), (w2, r2) = marker_extent(n1, theme), marker_extent(n2, theme)
    dx = max(0.0, abs(x1 - x2) - (w1 - r1) - (w2 - r2))
    return math.hypot(dx, y1 - y2) < r1 + r2 + 2 * HALO + clearance


# --- the key -------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One entry of the key set as a column: its number and wrapped words between x0
    and x1 (physical edges), its marker's top at ``top``."""

    number: int
    lines: tuple[str, ...]
    x0: float
    x1: float
    top: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class KeyPlan:
    entries: tuple[Entry, ...]
    bottom: float


def _number_column(numbers, theme: Theme) -> float:
    """The width the key's markers take: the widest, so words line up in a column."""
    return 2 * max(marker_extent(number, theme)[0] for number in numbers)


def _text_lift(theme: Theme) -> float:
    """How far below the entry's top its words start: the marker, centred on the
    first line, reaches this much above the line's ink."""
    return max(0.0, theme.label_size * (MARKER_RADIUS - 0.45))


def _entry(number: int, text: str, theme: Theme, x0: float, x1: float, top: float,
           number_width: float) -> Entry:
    size = theme.label_size
    width = x1 - x0 - number_width - size * TEXT_GAP
    lines = tuple(balanced_lines(text, theme, width))
    height = max(2 * size * MARKER_RADIUS, _text_lift(theme) + block_height(list(lines), theme))
    return Entry(number, lines, x0, x1, top, height)


def _stack(entries, theme: Theme, x0: float, x1: float, top: float, number_width: float):
    placed, y = [], top
    for number, text in entries:
        entry = _entry(number, text, theme, x0, x1, y, number_width)
        placed.append(entry)
        y = entry.bottom + theme.label_size * ENTRY_GAP
    return placed


def _columns(entries, theme: Theme, left: float, right: float, top: float,
             number_width: float) -> list[Entry]:
    """Entries in one column, or two when both are wide enough and that is shorter."""
    size = theme.label_size
    options = [_stack(entries, theme, left, right, top, number_width)]
    half = (right - left - GUTTER * size) / 2
    if half >= MIN_COLUMN * size and len(entries) > 1:
        first, second = ((right - half, right), (left, left + half)) if theme.rtl else \
            ((left, left + half), (right - half, right))
        for split in range(1, len(entries)):
            options.append(_stack(entries[:split], theme, *first, top, number_width)
                           + _stack(entries[split:], theme, *second, top, number_width))
    # the shortest; on a tie, one column, then the split with the longer first column
    return min(options, key=lambda option: (round(max(e.bottom for e in option), 1),
                                            option is not options[0]))


def plan_key(entries, theme: Theme, left: float, right: float, top: float,
             beside: tuple[float, float, float] | None = None) -> KeyPlan:
    """Place the key's entries, a list of (number, text) in order, as columns.

    ``beside`` is a column (x0, x1, bottom) next to the picture, from ``top`` down
    to ``bottom``: entries fill it in order while they fit. The rest go under both,
    from ``left`` to ``right``, in one column or two.
    """
    size = theme.label_size
    number_width = _number_column([number for number, _ in entries], theme)
    entries = list(entries)
    placed: list[Entry] = []
    below_top = top
    if beside is not None:
        x0, x1, bottom = beside
        y = top
        while entries and x1 - x0 >= MIN_COLUMN * size:
            entry = _entry(*entries[0], theme, x0, x1, y, number_width)
            # an entry may end a little below the picture, never a line or more
            if entry.bottom > bottom + size * 0.4:
                break
            placed.append(entry)
            entries.pop(0)
            y = entry.bottom + size * ENTRY_GAP
        below_top = max([bottom] + [entry.bottom for entry in placed]) + size * ENTRY_GAP * 1.6
    if entries:
        placed += _columns(entries, theme, left, right, below_top, number_width)
    return KeyPlan(tuple(placed), max(entry.bottom for entry in placed))


def draw_key(drawing, plan: KeyPlan, theme: Theme) -> None:
    """Each entry: its marker at the reading start, its words after it."""
    size = theme.label_size
    number_width = _number_column([entry.number for entry in plan.entries], theme)
    for entry in plan.entries:
        if theme.rtl:
            marker_x, text_x = entry.x1 - number_width / 2, entry.x1 - number_width - size * TEXT_GAP
        else:
            marker_x, text_x = entry.x0 + number_width / 2, entry.x0 + number_width + size * TEXT_GAP
        drawing.add(draw_marker(drawing, marker_x, entry.top + size * MARKER_RADIUS,
                                entry.number, theme))
        drawing.add(text_block(drawing, list(entry.lines), text_x,
                               baseline(entry.top + _text_lift(theme), size), theme))


# --- the key as running text, flowing round the picture ------------------------------

@dataclass(frozen=True)
class Token:
    """What a line may hold: a marker (``number``) or a word; ``before`` is the space
    before it when it does not start a line; ``glued`` keeps it with the next token
    (a number with its first word). Words of one ``run`` on a line are drawn as one text."""

    width: float
    before: float
    text: str = ""
    number: int | None = None
    run: object = None
    bold: bool = False
    fill: str | None = None
    glued: bool = False


@dataclass(frozen=True)
class FlowLine:
    x0: float
    x1: float
    top: float
    pitch: float
    pieces: tuple      # (Token, offset from the line's reading start)


def key_tokens(entries, theme: Theme) -> list[Token]:
    """The key as one running paragraph: each number stays with its first word, and a
    space as wide as a marker goes before every number but a line's first, so two
    entries never read as one."""
    size = theme.label_size
    tokens: list[Token] = []
    for number, text in entries:
        tokens.append(Token(2 * marker_extent(number, theme)[0], size * GUTTER, number=number,
                            glued=True))
        tokens += word_tokens(text, theme, run=number, first_before=size * TEXT_GAP)
    return tokens


def word_tokens(text: str, theme: Theme, run=None, bold: bool = False, fill: str | None = None,
                first_before: float | None = None) -> list[Token]:
    from ._common import _tokens

    size = theme.label_size
    chars = theme.line_breaking == "chars"
    space = 0.0 if chars else theme.measure(" ", size, bold)
    tokens = []
    for paragraph in text.split("\n"):
        for word in _tokens(paragraph, theme.line_breaking):
            word = word if chars else word.strip()
            before = space if tokens or first_before is None else first_before
            tokens.append(Token(theme.measure(word.strip(), size, bold), before, word, run=run,
                                bold=bold, fill=fill))
    return tokens


def flow(paragraphs, theme: Theme, top: float, box, gap: float) -> list[FlowLine]:
    """Set ``paragraphs`` (each (tokens, pitch)) line by line from ``top``; ``box(y)``
    gives the (x0, x1) a line whose top is at y may use, so lines beside the picture
    are shorter than those under it. ``gap`` goes between paragraphs."""
    lines: list[FlowLine] = []
    y = top
    for index, (tokens, pitch) in enumerate(paragraphs):
        if index:
            y += gap
        tokens = _break_long_words(tokens, theme, min(x1 - x0 for x0, x1 in
                                                      (box(y), box(1e9))))
        i = 0
        while i < len(tokens):
            x0, x1 = box(y)
            width, used, pieces = x1 - x0, 0.0, []
            while i < len(tokens):
                # a token glued to the next goes onto the line only with it
                j = i
                while tokens[j].glued and j + 1 < len(tokens):
                    j += 1
                group = tokens[i:j + 1]
                extra = sum(t.width + t.before for t in group) - (group[0].before if not pieces
                                                                   else 0.0)
                if pieces and used + extra > width + 1e-6:
                    break
                for token in group:
                    if pieces:
                        used += token.before
                    pieces.append((token, used))
                    used += token.width
                i = j + 1
            lines.append(FlowLine(x0, x1, y, pitch, tuple(pieces)))
            y += pitch
    return lines


def _break_long_words(tokens, theme: Theme, width: float) -> list[Token]:
    """A word wider than the narrowest line is broken by characters (as labels are)."""
    from ._common import wrap_lines

    out = []
    for token in tokens:
        if token.number is None and token.width > width:
            pieces = wrap_lines(token.text, theme, width, bold=token.bold)
            for k, piece in enumerate(pieces):
                out.append(Token(theme.measure(piece, theme.label_size, token.bold),
                                 token.before if k == 0 else 0.0, piece, run=token.run,
                                 bold=token.bold, fill=token.fill))
        else:
            out.append(token)
    return out


def marker_pitch(theme: Theme) -> float:
    """Line pitch of running text with markers in it: markers on two lines never touch."""
    return max(theme.line_height, 2 * (theme.label_size * MARKER_RADIUS + HALO) + 1.0)


def flow_bottom(lines: list[FlowLine]) -> float:
    return lines[-1].top + lines[-1].pitch if lines else 0.0


def draw_flow(drawing, lines: list[FlowLine], theme: Theme) -> None:
    """Each line's pieces from its reading start (its right edge in right-to-left
    editions); words of one run that share a line are drawn as one text, so the
    handout's text stack shapes and orders them as a phrase."""
    size = theme.label_size
    chars = theme.line_breaking == "chars"
    for line in lines:
        # markers and words centred on the line: digits 0.7 of the size tall, so a
        # baseline 0.35 of it below the middle
        base = line.top + line.pitch / 2 + size * 0.35
        merged = []
        for token, offset in line.pieces:
            if (merged and token.number is None and merged[-1][0].number is None
                    and merged[-1][0].run == token.run and token.run is not None):
                first, start, text = merged[-1]
                merged[-1] = (first, start, text + ("" if chars else " ") + token.text)
            else:
                merged.append((token, offset, token.text))
        for token, offset, text in merged:
            if token.number is not None:
                centre = line.x1 - offset - token.width / 2 if theme.rtl else \
                    line.x0 + offset + token.width / 2
                drawing.add(draw_marker(drawing, centre, line.top + line.pitch / 2, token.number,
                                        theme))
            else:
                x = line.x1 - offset if theme.rtl else line.x0 + offset
                drawing.add(text_block(drawing, [text.strip()], x, base, theme, bold=token.bold,
                                       fill=token.fill))
