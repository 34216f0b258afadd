"""Measured page elements: what the paginator places and the writer draws.

Every element answers ``measure(width)`` (its height), may ``split`` to fit
what is left of a page, and ``draw(painter, x, top, width)`` through the
writer's painter. Each holds the structure node its content belongs to, so
what a screen reader reads is decided here, next to what is drawn.
Right-to-left editions mirror what reads in a direction (list markers, bars).
"""
from __future__ import annotations

from functools import lru_cache

from ..structure import Node
from ..text.lines import Line, Run, set_lines
from .styles import MUTED, TextStyle

# text at least this many lines long may be split, leaving two lines on each side
MIN_SPLIT_LINES = 2


class Element:
    keep_with_next = False        # must start on the page where the next one starts
    space_before = 0.0
    space_after = 0.0
    anchor: str | None = None     # a section id whose page the paginator records
    can_wait = False              # may let text flow ahead of it (figures)
    page_break = False            # starts a new page
    needs = 0.0                   # starts a new page unless this much room is left

    def measure(self, width: float) -> float:
        raise NotImplementedError

    def split(self, width: float, available: float):
        """(part that fits in ``available``, the rest), or None."""
        return None

    def split_at_top(self, width: float, available: float):
        """Like :meth:`split`, for an element that does not fit even a whole page."""
        return self.split(width, available)

    def min_start(self, width: float) -> float:
        """The least room this element needs to begin on a page."""
        return self.measure(width)

    def draw(self, painter, x: float, top: float, width: float) -> None:
        raise NotImplementedError

    def text_sizes(self):
        """(size, what) of every text this element sets, for checks of type size."""
        return []


class PageBreak(Element):
    page_break = True

    def measure(self, width):
        return 0.0

    def draw(self, painter, x, top, width):
        pass


class Spacer(Element):
    def __init__(self, height: float):
        self.height = height

    def measure(self, width):
        return self.height

    def draw(self, painter, x, top, width):
        pass


class Needs(Element):
    """Start a new page unless ``height`` is left (before a section title)."""

    def __init__(self, height: float):
        self.needs = height

    def measure(self, width):
        return 0.0

    def draw(self, painter, x, top, width):
        pass


@lru_cache(maxsize=4096)
def _set(runs: tuple, size: float, width: float, rtl: bool, breaking: str,
         direction_from: str | None, base_rtl: bool | None) -> tuple[Line, ...]:
    return tuple(set_lines(list(runs), size, width, rtl_default=rtl, breaking=breaking,
                           direction_from=direction_from, base_rtl=base_rtl))


class Text(Element):
    """A paragraph of runs in one style: a paragraph, heading, caption, title..."""

    def __init__(self, runs: list[Run], style: TextStyle, node: Node | None, *, rtl: bool,
                 breaking: str = "words", lines: tuple | None = None, keep_with_next=False,
                 direction_from: str | None = None, base_rtl: bool | None = None,
                 parts: dict | None = None):
        self.direction_from = direction_from
        self.parts = parts            # a run's tag by name -> its structure node
        self.base_rtl = base_rtl      # None: the paragraph's direction from its text
        self.runs = tuple(runs)
        if node is not None and any(run.link for run in runs):
            node.links_inside = True
        self.style = style
        self.node = node
        self.rtl = rtl
        self.breaking = breaking
        self._fixed = lines           # a split part keeps the lines it was given
        self.keep_with_next = keep_with_next
        self.space_before = style.space_before
        self.space_after = style.space_after

    def lines(self, width: float) -> tuple[Line, ...]:
        if self._fixed is not None:
            return self._fixed
        return _set(self.runs, self.style.size, round(width, 3), self.rtl, self.breaking,
                    self.direction_from, self.base_rtl)

    def measure(self, width):
        return len(self.lines(width)) * self.style.leading

    def min_start(self, width):
        lines = self.lines(width)
        if len(lines) >= 2 * MIN_SPLIT_LINES:
            return MIN_SPLIT_LINES * self.style.leading
        return len(lines) * self.style.leading

    def split(self, width, available):
        lines = self.lines(width)
        fit = int(available // self.style.leading)
        if len(lines) < 2 * MIN_SPLIT_LINES or fit < MIN_SPLIT_LINES:
            return None
        fit = min(fit, len(lines) - MIN_SPLIT_LINES)
        first = self.part(lines[:fit])
        rest = self.part(lines[fit:])
        first.space_after = 0.0
        rest.space_before = 0.0
        return first, rest

    def part(self, lines) -> "Text":
        part = Text(list(self.runs), self.style, self.node, rtl=self.rtl,
                    breaking=self.breaking, lines=tuple(lines),
                    direction_from=self.direction_from, base_rtl=self.base_rtl,
                    parts=self.parts)
        part.space_before, part.space_after = self.space_before, self.space_after
        return part

    def last_line_width(self, width: float) -> float:
        lines = self.lines(width)
        return lines[-1].width if lines else 0.0

    def line_x(self, line: Line, x: float, width: float) -> float:
        align = self.style.align
        if align == "center":
            return x + (width - line.width) / 2
        at_end = (align == "end") != self.rtl
        return x + width - line.width if at_end else x

    def baseline(self, top: float) -> float:
        """The first line's baseline for a block whose top is ``top``."""
        style = self.style
        return top - (style.leading - style.size) / 2 - style.size * 0.8

    def draw(self, painter, x, top, width):
        style = self.style
        y = self.baseline(top)
        with painter.tagged(self.node), painter.parts(self.parts):
            for line in self.lines(width):
                painter.text_line(line, self.line_x(line, x, width), y, style.size)
                y -= style.leading

    def text_sizes(self):
        return [(self.style.size, "".join(r.text for r in self.runs)[:40])]


class Rule(Element):
    """A short coloured bar under a section title."""

    keep_with_next = True

    def __init__(self, colour: str, length: float, thickness: float, rtl: bool):
        self.colour, self.length, self.thickness, self.rtl = colour, length, thickness, rtl

    def measure(self, width):
        return self.thickness + 8

    def draw(self, painter, x, top, width):
        left = x + width - self.length if self.rtl else x
        with painter.artifact():
            painter.rect(left, top - 2 - self.thickness, self.length, self.thickness,
                         fill=self.colour, radius=self.thickness / 2)


# --- list items -------------------------------------------------------------------

def draw_icon(painter, kind: str, x: float, y: float, size: float, colour: str) -> None:
    """Small vector icons beside list items; (x, y) is the icon's centre."""
    if kind == "dot":
        painter.circle(x, y, size * 0.16, fill=colour)
    elif kind == "check":
        half = size * 0.36
        painter.rect(x - half, y - half, 2 * half, 2 * half, stroke=colour, line_width=1.3,
                     radius=2)
    elif kind == "question":
        painter.circle(x, y, size * 0.42, fill=colour)
    elif kind == "alert":
        half = size * 0.5
        painter.polygon([(x, y + half), (x + half * 1.1, y - half * 0.8),
                         (x - half * 1.1, y - half * 0.8)], fill=colour)


class Marker:
    """What stands in a list item's margin: an icon, or a number drawn as text."""

    def __init__(self, icon: str, colour: str, number: Text | None = None,
                 spoken: str = ""):
        self.icon, self.colour, self.number, self.spoken = icon, colour, number, spoken


class ListItem(Element):
    """A marker in the margin column, then the item's text (LI / Lbl / LBody)."""

    def __init__(self, marker: Marker | None, body: Text, indent: float, rtl: bool,
                 label: Node | None, first: bool = True):
        self.marker, self.body, self.indent, self.rtl = marker, body, indent, rtl
        self.label, self.first = label, first
        self.space_after = body.style.space_after

    def measure(self, width):
        return self.body.measure(width - self.indent)

    def min_start(self, width):
        return self.body.min_start(width - self.indent)

    def split(self, width, available):
        parts = self.body.split(width - self.indent, available)
        if parts is None:
            return None
        first = ListItem(self.marker, parts[0], self.indent, self.rtl, self.label, self.first)
        rest = ListItem(self.marker, parts[1], self.indent, self.rtl, self.label, False)
        first.space_after = 0.0
        return first, rest

    def draw(self, painter, x, top, width):
        body_x = x if self.rtl else x + self.indent
        if self.first and self.marker is not None:   # the label reads before the body
            self._draw_marker(painter, x, top, width)
        self.body.draw(painter, body_x, top, width - self.indent)

    def _draw_marker(self, painter, x, top, width):
        style = self.body.style
        middle = self.body.baseline(top) + style.size * 0.33
        centre = x + width - self.indent / 2 if self.rtl else x + self.indent / 2 - 2
        with painter.tagged(self.label):
            if self.marker.number is not None:
                number = self.marker.number
                number_x = x + width - self.indent if self.rtl else x
                number.draw(painter, number_x, top, self.indent - 4)
            elif self.marker.icon == "question":
                draw_icon(painter, "question", centre, middle, style.size, self.marker.colour)
            elif self.marker.icon != "none":
                draw_icon(painter, self.marker.icon, centre, middle, style.size,
                          self.marker.colour)

    def text_sizes(self):
        sizes = self.body.text_sizes()
        if self.marker and self.marker.number is not None:
            sizes += self.marker.number.text_sizes()
        return sizes


# --- boxes ---------------------------------------------------------------------------

class Box(Element):
    """A tinted box around elements: key points, warnings, checklists, call-guide rows.

    A box of a few lines moves to the next page whole; a long one (a checklist
    of many items) may split between its elements, keeping its title and at
    least two items together and leaving at least two for the next page.
    """

    BAR = 5.0

    def __init__(self, content: list[Element], fill: str, edge: str, rtl: bool,
                 padding: float = 11.0, border: bool = False, title_rows: int = 1,
                 continued: bool = False, splits: bool = False):
        self.content, self.fill, self.edge, self.rtl = content, fill, edge, rtl
        self.padding, self.border, self.title_rows = padding, border, title_rows
        self.continued = continued
        self.splits = splits          # a long list in a box may go on over the page
        self.heading: Text | None = None    # a continued box repeats its title (unread)

    def inner(self, width):
        return width - 2 * self.padding - self.BAR

    def _heights(self, width):
        inner = self.inner(width)
        return [element.measure(inner) for element in self.content]

    def measure(self, width):
        heights = self._heights(width)
        gaps = sum(e.space_after for e in self.content[:-1])
        return sum(heights) + gaps + 2 * self.padding + self._heading_height(width)

    def _heading_height(self, width):
        if self.heading is None:
            return 0.0
        return self.heading.measure(self.inner(width)) + self.heading.space_after

    def split(self, width, available):
        if not self.splits or len(self.content) < self.title_rows + 4:
            return None
        return self._split(width, available, self.title_rows + 2, 2)

    def split_at_top(self, width, available):
        """A box taller than a whole page splits even where it would rather not:
        its title and a row stay together, and at least one row goes on."""
        return self.split(width, available) or \
            self._split(width, available, self.title_rows + 1, 1)

    def _split(self, width, available, least_first: int, least_rest: int):
        if len(self.content) < least_first + least_rest:
            return None
        heights = self._heights(width)
        used, cut = 2 * self.padding + self._heading_height(width), 0
        for index, height in enumerate(heights):
            if used + height > available:
                break
            used += height + self.content[index].space_after
            cut = index + 1
        cut = min(cut, len(self.content) - least_rest)
        if cut < least_first:
            return None
        first = Box(self.content[:cut], self.fill, self.edge, self.rtl, self.padding,
                    self.border, self.title_rows, self.continued, True)
        rest = Box(self.content[cut:], self.fill, self.edge, self.rtl, self.padding,
                   self.border, 0, continued=True, splits=True)
        rest.space_after = self.space_after
        first.heading = self.heading
        title = self.content[0] if self.title_rows else None
        if isinstance(title, Text):
            rest.heading = Text(list(title.runs), title.style, None, rtl=title.rtl,
                                breaking=title.breaking, base_rtl=title.base_rtl)
        else:
            rest.heading = self.heading
        return first, rest

    def min_start(self, width):
        if not self.splits or len(self.content) < self.title_rows + 4:
            return self.measure(width)
        heights = self._heights(width)
        first = self.title_rows + 2
        return 2 * self.padding + self._heading_height(width) + sum(heights[:first]) + \
            sum(e.space_after for e in self.content[:first])

    def draw(self, painter, x, top, width):
        height = self.measure(width)
        with painter.artifact():
            painter.rect(x, top - height, width, height, fill=self.fill,
                         stroke=self.edge if self.border else None, line_width=1.2, radius=6)
            bar_x = x + width - self.BAR if self.rtl else x
            painter.rect(bar_x, top - height, self.BAR, height, fill=self.edge)
        inner_x = x + self.padding + (0 if self.rtl else self.BAR)
        y = top - self.padding
        inner = self.inner(width)
        if self.heading is not None:     # the title again, for the eye only
            with painter.artifact():
                self.heading.draw(painter, inner_x, y, inner)
            y -= self._heading_height(width)
        for element in self.content:
            element.draw(painter, inner_x, y, inner)
            y -= element.measure(inner) + element.space_after

    def text_sizes(self):
        return [size for element in self.content for size in element.text_sizes()]


class Stack(Element):
    """Elements kept together on one page, drawn one under another."""

    def __init__(self, content: list[Element], keep_with_next: bool = False):
        self.content = content
        self.keep_with_next = keep_with_next
        self.space_after = content[-1].space_after if content else 0.0

    def measure(self, width):
        return sum(e.measure(width) for e in self.content) + \
            sum(e.space_after for e in self.content[:-1])

    def draw(self, painter, x, top, width):
        y = top
        for element in self.content:
            element.draw(painter, x, y, width)
            y -= element.measure(width) + element.space_after

    def text_sizes(self):
        return [size for element in self.content for size in element.text_sizes()]


# --- two columns -------------------------------------------------------------------------

class Columns(Element):
    """Short entries (a glossary) in two balanced columns; splits between entries."""

    def __init__(self, entries: list[Element], gap: float, rtl: bool, cut: int | None = None):
        self.entries, self.gap, self.rtl, self.fixed_cut = entries, gap, rtl, cut

    def _heights(self, width):
        column = (width - self.gap) / 2
        return [e.measure(column) + e.space_after for e in self.entries]

    @staticmethod
    def _balance(heights):
        total, running = sum(heights), 0.0
        for index, height in enumerate(heights):
            if running + height / 2 >= total / 2:
                return index + (1 if running + height <= total - running - height else 0)
            running += height
        return len(heights)

    def _cut(self, heights):
        return self.fixed_cut if self.fixed_cut is not None else max(1, self._balance(heights))

    def measure(self, width):
        heights = self._heights(width)
        cut = self._cut(heights)
        return max(sum(heights[:cut]), sum(heights[cut:]))

    def min_start(self, width):
        heights = self._heights(width)
        return heights[0] if heights else 0.0

    def split(self, width, available):
        heights = self._heights(width)
        fitted, column, used, left = 0, 0, 0.0, None
        for height in heights:
            if height > available:
                break
            if used + height > available:
                if column == 1:
                    break
                column, used, left = 1, 0.0, fitted
            used += height
            fitted += 1
        if left is None:
            left = fitted
        if fitted == 0 or fitted >= len(self.entries):
            return None
        rest = Columns(self.entries[fitted:], self.gap, self.rtl)
        rest.space_after = self.space_after
        return Columns(self.entries[:fitted], self.gap, self.rtl, cut=left), rest

    def draw(self, painter, x, top, width):
        column_width = (width - self.gap) / 2
        heights = self._heights(width)
        cut = self._cut(heights)
        for column, entries in enumerate((self.entries[:cut], self.entries[cut:])):
            slot = 1 - column if self.rtl else column    # the first column reads first
            left = x + slot * (column_width + self.gap)
            y = top
            for entry in entries:
                entry.draw(painter, left, y, column_width)
                y -= entry.measure(column_width) + entry.space_after

    def text_sizes(self):
        return [size for entry in self.entries for size in entry.text_sizes()]


# --- figures ----------------------------------------------------------------------------

class Figure(Element):
    """A figure drawn from its recorded program, with its caption; never split.

    The drawing is scaled to the frame width and never down: it was drawn for
    the edition's label size and the page's height (see drawings.py). It may
    wait while the next few paragraphs fill the page, as typesetters float
    figures, rather than leave a gap.
    """

    can_wait = True

    def __init__(self, program, caption: Text, node: Node, max_drawing_height: float,
                 gap: float = 6.0, least_factor: float = 1.0, factor: float = 1.0):
        self.program, self.caption, self.node, self.gap = program, caption, node, gap
        self.max_drawing_height = max_drawing_height
        self.least_factor = least_factor   # how much smaller its labels may print
        self.factor = factor

    def scale(self, width):
        """The frame width; only a drawing taller than a page allows is made smaller
        (its labels then print below their size, which the checks report)."""
        scale = width / self.program.width
        room = self.max_drawing_height
        if self.program.height * scale > room > 0:
            scale = room / self.program.height
        return scale * self.factor

    def squeezed(self, width, available):
        """This figure drawn a little smaller to fit ``available`` (its labels no
        smaller than the edition allows), or None: a figure a few points too tall
        for the page's end would otherwise leave half a page empty."""
        fixed = 4 + self.gap + self.caption.measure(width)
        full = self.program.height * self.scale(width) / self.factor
        factor = (available - fixed) / full if full else 0.0
        if factor >= 1.0 or factor < self.least_factor:
            return None
        return self.__class__(self.program, self.caption, self.node, self.max_drawing_height,
                              self.gap, self.least_factor, factor * 0.999)

    def drawing_height(self, width):
        return self.program.height * self.scale(width)

    def measure(self, width):
        return 4 + self.drawing_height(width) + self.gap + self.caption.measure(width)

    def draw(self, painter, x, top, width):
        scale = self.scale(width)
        drawn_width = self.program.width * scale
        bottom = top - 4 - self.drawing_height(width)
        with painter.tagged(self.node):
            painter.drawing(self.program, x + (width - drawn_width) / 2, bottom, scale,
                            rtl=self.caption.rtl, breaking=self.caption.breaking,
                            fallback_font=self.caption.runs[0].font)
        self.caption.draw(painter, x, bottom - self.gap, width)

    def text_sizes(self):
        return self.caption.text_sizes() + [
            (size * self.scale_hint, "figure label") for size in self.program.text_sizes()]

    scale_hint = 1.0


# --- the contents --------------------------------------------------------------------

class ContentsEntry(Element):
    """One line of the contents: number, title, dotted leader, page number, link.

    The page number is known once every page is laid out; the paginator's
    result supplies it when the entry is drawn (``pages`` maps section ids).
    """

    NUMBER_WIDTH = 30.0

    def __init__(self, number: Text, title: Text, section_id: str, page_style: TextStyle,
                 node: Node, rtl: bool, number_runs_factory):
        self.number, self.title, self.section_id = number, title, section_id
        self.page_style, self.node, self.rtl = page_style, node, rtl
        self.make_number_runs = number_runs_factory
        self.pages: dict = {}
        self.space_after = 9.0

    def page_width(self):
        return self.page_style.size * 3

    def _title_width(self, width):
        return width - self.NUMBER_WIDTH - self.page_width() - 10

    def measure(self, width):
        return self.title.measure(self._title_width(width))

    def draw(self, painter, x, top, width):
        title_width = self._title_width(width)
        lines = self.title.lines(title_width)
        last_top = top - (len(lines) - 1) * self.title.style.leading
        number_x = x + width - self.NUMBER_WIDTH if self.rtl else x
        title_x = x + self.page_width() + 10 if self.rtl else x + self.NUMBER_WIDTH
        page_x = x if self.rtl else x + width - self.page_width()
        page = self.pages.get(self.section_id, 0)
        page_text = Text(self.make_number_runs(str(page)), self.page_style, None,
                         rtl=self.rtl)
        link = self.node.add("Link")
        for text in (self.number, self.title, page_text):
            text.node = link
        self.number.draw(painter, number_x, top, self.NUMBER_WIDTH - 6)
        self._space(painter, link, self.number, top,
                    title_x + title_width if self.rtl else title_x - 4)
        self.title.draw(painter, title_x, top, title_width)
        last_width = lines[-1].width if lines else 0.0
        self._space(painter, link, self.title, last_top,
                    title_x + title_width - last_width - 4 if self.rtl
                    else title_x + last_width)
        page_text.draw(painter, page_x, last_top, self.page_width())
        # the dotted leader, from the end of the title's last line to the number
        baseline = self.title.baseline(last_top)
        last_width = lines[-1].width if lines else 0.0
        if self.rtl:
            start, end = page_x + self.page_width() + 4, title_x + title_width - last_width - 6
        else:
            start, end = title_x + last_width + 6, page_x - 4
        first = -(-start // 5) * 5           # on a shared grid, so dots line up down the page
        last_dot = first + ((end - first) // 5) * 5
        if last_dot > first:
            with painter.artifact():
                painter.line(first, baseline + 1, last_dot, baseline + 1, MUTED,
                             line_width=1.4, dash=[0.01, 5], cap=1)
        height = self.measure(width)
        painter.link((x, top - height - 2, x + width, top + 2), page=page - 1,
                     description=self.link_description(), node=link)

    @staticmethod
    def _space(painter, node, text, top, x) -> None:
        """A space between the entry's parts, drawn where nothing else is."""
        lines = text.lines(1e6)
        if lines and lines[-1].pieces:
            with painter.tagged(node):
                painter.word_space(lines[-1].pieces[-1], x, text.baseline(top),
                                   text.style.size)

    def link_description(self) -> str:
        return "".join(run.text for run in self.title.runs)

    def text_sizes(self):
        return self.title.text_sizes() + self.number.text_sizes() + [
            (self.page_style.size, "page number")]
