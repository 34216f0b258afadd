"""The page elements ReportLab lacks: boxes, icon lists, figures, contents lines.

Each mirrors itself for right-to-left editions. Anything that depends on the
final page numbers registers a late mark with the canvas (see pages.py).
"""
from __future__ import annotations

import math

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from .styles import MUTED


class SectionHeading(Flowable):
    """A section title that records, when drawn, where its section starts."""

    def __init__(self, paragraph, section_id: str, title: str):
        super().__init__()
        self.paragraph, self.section_id, self.title = paragraph, section_id, title
        self.keepWithNext = True

    def wrap(self, avail_width, avail_height):
        self.width, self.height = self.paragraph.wrapOn(self.canv, avail_width, avail_height)
        return self.width, self.height

    def getSpaceBefore(self):
        return self.paragraph.getSpaceBefore()

    def getSpaceAfter(self):
        return self.paragraph.getSpaceAfter()

    def draw(self):
        self.canv.mark_section(self.section_id, self.title)
        self.paragraph.drawOn(self.canv, 0, 0)


class Rule(Flowable):
    """A short coloured rule under a section title."""

    def __init__(self, colour: str, width: float, thickness: float, rtl: bool):
        super().__init__()
        self.colour, self.rule_width, self.thickness, self.rtl = colour, width, thickness, rtl
        self.keepWithNext = True

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.thickness + 8

    def draw(self):
        x = self.avail - self.rule_width if self.rtl else 0
        self.canv.setFillColor(HexColor(self.colour))
        self.canv.roundRect(x, 6, self.rule_width, self.thickness, self.thickness / 2,
                            stroke=0, fill=1)


class Box(Flowable):
    """A tinted box around flowables: key points and warnings.

    A box of a few lines moves to the next page whole; a long one (a checklist
    of many items) may split between its elements, keeping its title and at
    least two items together and leaving at least two for the next page.
    """

    def __init__(self, content: list, fill: str, edge: str, rtl: bool, icon=None,
                 padding: float = 11, border: bool = False):
        super().__init__()
        self.content, self.fill, self.edge, self.rtl = content, fill, edge, rtl
        self.icon, self.padding, self.border = icon, padding, border
        self.bar = 5

    def _inner_width(self, avail_width):
        return avail_width - 2 * self.padding - self.bar

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        inner = self._inner_width(avail_width)
        self.sizes = [f.wrapOn(self.canv, inner, 10_000) for f in self.content]
        gaps = sum(f.getSpaceAfter() for f in self.content[:-1])
        self.height = sum(h for _, h in self.sizes) + gaps + 2 * self.padding
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        frame_height = getattr(self, "_frame_height", 600)
        if self.height < frame_height * 0.3 or len(self.content) < 5:
            return []
        used, cut = 2 * self.padding, 0
        for index, (_, height) in enumerate(self.sizes):
            if used + height > avail_height:
                break
            used += height + self.content[index].getSpaceAfter()
            cut = index + 1
        if cut < 3 or len(self.content) - cut < 2:
            return []
        first = Box(self.content[:cut], self.fill, self.edge, self.rtl, self.icon, self.padding,
                    self.border)
        rest = Box(self.content[cut:], self.fill, self.edge, self.rtl, None, self.padding,
                   self.border)
        return [first, rest]

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(HexColor(self.fill))
        if self.border:
            canvas.setStrokeColor(HexColor(self.edge))
            canvas.setLineWidth(1.2)
        canvas.roundRect(0, 0, self.width, self.height, 6, stroke=1 if self.border else 0, fill=1)
        canvas.setFillColor(HexColor(self.edge))
        bar_x = self.width - self.bar if self.rtl else 0
        canvas.rect(bar_x, 0, self.bar, self.height, stroke=0, fill=1)
        canvas.restoreState()
        x = self.padding + (0 if self.rtl else self.bar)
        y = self.height - self.padding
        for flowable, (_, height) in zip(self.content, self.sizes):
            y -= height
            flowable.drawOn(canvas, x, y)
            y -= flowable.getSpaceAfter()


def draw_icon(canvas, kind: str, x: float, y: float, size: float, colour: str, label: str = ""):
    """Small vector icons drawn beside list items; (x, y) is the icon's centre."""
    canvas.saveState()
    colour_obj = HexColor(colour)
    canvas.setFillColor(colour_obj)
    canvas.setStrokeColor(colour_obj)
    if kind == "dot":
        canvas.circle(x, y, size * 0.16, stroke=0, fill=1)
    elif kind == "check":
        half = size * 0.36
        canvas.setLineWidth(1.3)
        canvas.roundRect(x - half, y - half, 2 * half, 2 * half, 2, stroke=1, fill=0)
    elif kind == "question":
        canvas.circle(x, y, size * 0.42, stroke=0, fill=1)
    elif kind == "alert":
        half = size * 0.5
        path = canvas.beginPath()
        path.moveTo(x, y + half)
        path.lineTo(x + half * 1.1, y - half * 0.8)
        path.lineTo(x - half * 1.1, y - half * 0.8)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class IconItem(Flowable):
    """A list item: an icon or number in the margin column, then a paragraph."""

    def __init__(self, paragraph: Paragraph, icon: str, colour: str, rtl: bool,
                 number: str | None = None, number_style=None, indent: float = 22):
        super().__init__()
        self.paragraph, self.icon, self.colour, self.rtl = paragraph, icon, colour, rtl
        self.number, self.number_style, self.indent = number, number_style, indent

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        _, self.height = self.paragraph.wrapOn(self.canv, avail_width - self.indent, avail_height)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        parts = self.paragraph.split(avail_width - self.indent, avail_height)
        if len(parts) < 2:
            return []
        return [IconItem(parts[0], self.icon, self.colour, self.rtl, self.number,
                         self.number_style, self.indent),
                IconItem(parts[1], "none", self.colour, self.rtl, None, None, self.indent)]

    def getSpaceAfter(self):
        return self.paragraph.style.fontSize * 0.35

    def draw(self):
        style = self.paragraph.style
        text_x = 0 if self.rtl else self.indent
        self.paragraph.drawOn(self.canv, text_x, 0)
        first_line_middle = self.height - style.leading + (style.leading - style.fontSize) / 2 \
            + style.fontSize * 0.36
        icon_x = self.width - self.indent / 2 if self.rtl else self.indent / 2 - 2
        if self.number is not None:
            number = Paragraph(self.number, self.number_style)
            width, height = number.wrapOn(self.canv, self.indent, style.leading * 2)
            number.drawOn(self.canv, (self.width - self.indent) if self.rtl else 0,
                          self.height - height)
        elif self.icon == "question":
            draw_icon(self.canv, "question", icon_x, first_line_middle, style.fontSize, self.colour)
            self.canv.setFillColor(HexColor("#ffffff"))
            self.canv.setFont(style.fontName, style.fontSize * 0.62)
            mark = "\u061f" if self.rtl else "?"  # the Arabic question mark faces the other way
            self.canv.drawCentredString(icon_x, first_line_middle - style.fontSize * 0.22, mark)
        elif self.icon != "none":
            draw_icon(self.canv, self.icon, icon_x, first_line_middle, style.fontSize, self.colour)


class TwoColumnList(Flowable):
    """Short entries (a glossary) in two balanced columns; splits between entries.

    Each entry is measured once; ReportLab's BalancedColumns searches for its
    split by laying the entries out again and again, which cost more than the
    rest of the handout together.
    """

    def __init__(self, entries: list, gap: float = 16, rtl: bool = False,
                 cut: int | None = None):
        super().__init__()
        self.entries, self.gap, self.rtl = entries, gap, rtl
        self.fixed_cut = cut  # a page's share keeps the columns it was split with

    def _measure(self, avail_width):
        self.column_width = (avail_width - self.gap) / 2
        self.heights = [e.wrapOn(self.canv, self.column_width, 10_000)[1] + e.getSpaceAfter()
                        for e in self.entries]

    def _balance(self, heights):
        total, running = sum(heights), 0.0
        for index, height in enumerate(heights):
            if running + height / 2 >= total / 2:
                return index + (1 if running + height <= total - running - height else 0)
            running += height
        return len(heights)

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._measure(avail_width)
        self.cut = self.fixed_cut if self.fixed_cut is not None else \
            max(1, self._balance(self.heights))
        self.height = max(sum(self.heights[:self.cut]), sum(self.heights[self.cut:]))
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self._measure(avail_width)
        fitted, column, used, left = 0, 0, 0.0, None
        for height in self.heights:
            if height > avail_height:
                break
            if used + height > avail_height:  # this column is full: the next one
                if column == 1:
                    break
                column, used, left = 1, 0.0, fitted
            used += height
            fitted += 1
        if left is None:
            left = fitted
        if fitted == 0 or fitted >= len(self.entries):
            return []
        return [TwoColumnList(self.entries[:fitted], self.gap, self.rtl, cut=left),
                TwoColumnList(self.entries[fitted:], self.gap, self.rtl)]

    def draw(self):
        for column, entries in enumerate((self.entries[:self.cut], self.entries[self.cut:])):
            if self.rtl:  # the first column is the right-hand one
                column = 1 - column
            x = column * (self.column_width + self.gap)
            y = self.height
            for entry in entries:
                y -= entry.height
                entry.drawOn(self.canv, x, y)
                y -= entry.getSpaceAfter()


class KeepWithStart(KeepTogether):
    """Keeps a heading with the start of what follows, not with all of it.

    ReportLab's KeepTogether moves a heading and the whole next element to the
    next page unless both fit, leaving half a page empty before a long list.
    Here it is enough that the next element can begin on this page.
    """

    def split(self, avail_width, avail_height):
        content = self._content[:]
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return content
        used = 0.0
        for flowable in content[:-1]:
            used += flowable.wrapOn(self.canv, avail_width, avail_height)[1] \
                + flowable.getSpaceAfter() + flowable.getSpaceBefore()
        rest = avail_height - used
        last = content[-1]
        if rest > 0:
            height = last.wrapOn(self.canv, avail_width, rest)[1]
            # a kept-together group only "splits" by moving whole, which would
            # strand what introduces it
            splits = not isinstance(last, KeepTogether) and \
                bool(last.splitOn(self.canv, avail_width, rest))
            if height <= rest or splits:
                return content
        return [self.FrameBreak(), *content]


class FloatingFigure(Flowable):
    """A figure with its caption, never split; the document may let text flow
    before it (see HandoutDocument.filterFlowables).

    Not a KeepTogether: ReportLab will not keep a heading "with next" when the
    next is a container, which stranded headings above figures.
    """

    def __init__(self, parts: list):
        super().__init__()
        self.parts = parts
        self.waited = 0

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.sizes = [part.wrapOn(self.canv, avail_width, avail_height) for part in self.parts]
        self.height = sum(height for _, height in self.sizes)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return []

    def draw(self):
        y = self.height
        for part, (_, height) in zip(self.parts, self.sizes):
            y -= height
            part.drawOn(self.canv, 0, y)


class DrawingFlowable(Flowable):
    """A vector Drawing scaled to the frame width (or down to fit its height)."""

    def __init__(self, drawing, frame_height: float, max_height_share: float = 0.72):
        super().__init__()
        self.drawing = drawing
        self.frame_height = frame_height  # the page's, not what is left of it
        self.max_height_share = max_height_share

    def wrap(self, avail_width, avail_height):
        frame_height = self.frame_height
        scale = avail_width / self.drawing.width
        if self.drawing.height * scale > frame_height * self.max_height_share:
            scale = frame_height * self.max_height_share / self.drawing.height
        self.scale = scale
        self.width = avail_width
        self.height = self.drawing.height * scale
        return self.width, self.height

    def draw(self):
        from ..drawings import draw_vector

        drawn_width = self.drawing.width * self.scale
        self.canv.saveState()
        self.canv.translate((self.width - drawn_width) / 2, 0)
        self.canv.scale(self.scale, self.scale)
        draw_vector(self.drawing, self.canv, 0, 0)
        self.canv.restoreState()


class ContentsLine(Flowable):
    """One line of the contents: number, title, dotted leader, page number.

    The page number is not known until every page is laid out, so the line
    asks the canvas to draw it (and a link) once the layout is finished.
    """

    def __init__(self, number: str, title: Paragraph, section_id: str, number_style, rtl: bool,
                 accent: str):
        super().__init__()
        self.number, self.title, self.section_id = number, title, section_id
        self.number_style, self.rtl, self.accent = number_style, rtl, accent
        self.number_width = 30
        self.page_width = 36

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        text_width = avail_width - self.number_width - self.page_width - 10
        _, height = self.title.wrapOn(self.canv, text_width, avail_height)
        self.height = height + 9
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        style = self.title.style
        title_x = (self.page_width + 10) if self.rtl else self.number_width
        title_y = self.height - 9 - self.title.height
        number = Paragraph(f'<font color="{self.accent}"><b>{self.number}</b></font>',
                           self.number_style)
        number.wrapOn(canvas, self.number_width, self.height)
        number.drawOn(canvas, self.width - self.number_width if self.rtl else 0,
                      self.height - 9 - number.height)
        self.title.drawOn(canvas, title_x, title_y)
        baseline = title_y + (style.leading - style.fontSize)
        last_line_width = self._last_line_width()
        canvas.saveState()
        canvas.setFillColor(HexColor(MUTED))
        dots_from = title_x + last_line_width + 6 if not self.rtl else self.page_width + 4
        dots_to = self.width - self.page_width - 4 if not self.rtl else \
            self.width - self.number_width - last_line_width - 6
        # one dotted line (round caps on a near-zero dash) instead of a circle per
        # dot; starting on a shared grid lines the dots up down the page
        start = math.ceil(dots_from / 5) * 5
        end = start + math.floor((dots_to - start) / 5) * 5
        if end > start:
            canvas.setStrokeColor(HexColor(MUTED))
            canvas.setLineWidth(1.4)
            canvas.setLineCap(1)
            canvas.setDash([0.01, 5])
            canvas.line(start, baseline + 1, end, baseline + 1)
        canvas.restoreState()
        page_x = 0 if self.rtl else self.width
        canvas.late_page_number(self.section_id, page_x, baseline,
                                style.fontName, style.fontSize, "left" if self.rtl else "right",
                                (0, title_y - 2, self.width, self.height - 4))

    def _last_line_width(self) -> float:
        if hasattr(self.title, "last_line_width"):
            return self.title.last_line_width()
        blines = getattr(self.title, "blPara", None)
        if blines is None or not blines.lines:
            return 0
        last = blines.lines[-1]
        if hasattr(last, "extraSpace"):
            return self.title.width - last.extraSpace if self.title.width else 0
        return self.title.width - last[0]


__all__ = ["KeepWithStart", "TwoColumnList", "FloatingFigure", "SectionHeading", "Rule", "Box", "IconItem", "DrawingFlowable",
           "ContentsLine", "draw_icon"]
