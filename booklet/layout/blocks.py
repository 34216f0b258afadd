"""One small function per block kind: a block of content in, page elements out."""
from __future__ import annotations

from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from .. import drawings, markup, model
from .flowables import (Box, DrawingFlowable, FloatingFigure, IconItem, Rule, SectionHeading,
                        TwoColumnList)
from .rtl import RTLParagraph, Run
from .styles import INK, tint


CANNOT_END = set("（《「『【〔〈“‘([{")


def _line_text(line) -> str:
    if isinstance(line, tuple):  # one style: (space left, [text])
        return "".join(str(part) for part in line[1])
    return "".join(getattr(word, "text", "") for word in getattr(line, "words", []))


class WrapOnceParagraph(Paragraph):
    """A Paragraph that breaks its lines once per width.

    Boxes, keep-together checks and frames each ask a paragraph its size, and
    ReportLab breaks the lines again every time; the answer only depends on
    the width.
    """

    def wrap(self, avail_width, avail_height):
        if getattr(self, "_wrapped_for", None) == avail_width:
            return self.width, self.height
        size = super().wrap(avail_width, avail_height)
        if self.style.wordWrap == "CJK":
            size = self._keep_openers_with_next(avail_width, avail_height, size)
        self._wrapped_for = avail_width
        return size

    def _keep_openers_with_next(self, avail_width, avail_height, size):
        """An opening bracket or quote must not end a Chinese line.

        ReportLab's Chinese line breaking keeps closing marks off the start of
        a line but not opening ones off the end; narrowing the measure a little
        moves the bracket down to the words it opens.
        """
        width = avail_width
        for _ in range(4):
            lines = getattr(self.blPara, "lines", [])
            if not any(_line_text(line).rstrip()[-1:] in CANNOT_END for line in lines[:-1]):
                break
            width -= self.style.fontSize
            size = super().wrap(width, avail_height)
        self.width = avail_width
        return avail_width, size[1]

    def split(self, avail_width, avail_height):
        self._wrapped_for = None  # splitting changes what was measured
        return super().split(avail_width, avail_height)


class BlockContext:
    """What block functions need: the edition, its styles, and running counters."""

    def __init__(self, edition, styles):
        self.edition = edition
        self.styles = styles
        self.figure_number = 0

    def para(self, text: str, style):
        spans = markup.parse(text)
        spans = [markup.Span(markup.fill_placeholders(s.text, self.edition.placeholders),
                             s.bold, s.italic, s.term) for s in spans]
        return self._paragraph(spans, style)

    def plain_para(self, text: str, style):
        """A paragraph of literal text (interface strings, clinic details)."""
        return self._paragraph([markup.Span(text)], style)

    def _paragraph(self, spans, style):
        if not self.styles.rtl:
            bold_colour = None if self.styles.has_bold else self.edition.accent
            return WrapOnceParagraph(markup.to_reportlab(spans, self.edition.accent, bold_colour),
                                     style)
        return RTLParagraph([self._run(span, style) for span in spans], style)

    def _run(self, span, style) -> Run:
        bold = span.bold or span.term or style.fontName == self.styles.bold_font
        font = self.styles.bold_font if bold else self.styles.regular_font
        colour = self.edition.accent if span.term else style.textColor
        return Run(span.text, font, colour)


def _paragraph(block: model.TextBlock, ctx: BlockContext):
    return [ctx.para(block.text, ctx.styles.body)]


def _heading(block: model.TextBlock, ctx: BlockContext):
    heading = ctx.para(block.text, ctx.styles.h2)
    heading.keepWithNext = True
    return [CondPageBreak(ctx.styles.body.leading * 5), heading]


def _items(items, ctx: BlockContext, icon: str, colour: str, numbered: bool = False):
    style = ctx.styles.item
    number_style = ctx.styles.item.clone("number", fontName=ctx.styles.bold_font,
                                         textColor=ctx.edition.accent)
    indent = style.fontSize * 1.9
    out = [IconItem(ctx.para(text, style), icon, colour, ctx.styles.rtl,
                    number=f"{index}." if numbered else None, number_style=number_style,
                    indent=indent)
           for index, text in enumerate(items, 1)]
    out.append(Spacer(1, ctx.styles.body.spaceAfter * 0.6))
    return out


def _bullets(block: model.ListBlock, ctx: BlockContext):
    return _items(block.items, ctx, "dot", ctx.edition.accent)


def _numbered(block: model.ListBlock, ctx: BlockContext):
    return _items(block.items, ctx, "number", ctx.edition.accent, numbered=True)


def _checklist(block: model.ListBlock, ctx: BlockContext):
    title = ctx.plain_para(ctx.edition.s("checklist"), ctx.styles.box_title)
    items = _items(block.items, ctx, "check", INK)[:-1]
    return [Box([title, *items], tint(ctx.edition.accent, 0.93), ctx.edition.accent,
                ctx.styles.rtl), Spacer(1, ctx.styles.body.spaceAfter)]


def _questions(block: model.ListBlock, ctx: BlockContext):
    return _items(block.items, ctx, "question", ctx.edition.accent)


def _references(block: model.ListBlock, ctx: BlockContext):
    style = ctx.styles.reference
    out = []
    for index, text in enumerate(block.items, 1):
        number_style = style.clone("refnum", textColor=ctx.edition.accent)
        out.append(IconItem(ctx.para(text, style), "number", INK, ctx.styles.rtl,
                            number=f"{index}.", number_style=number_style,
                            indent=style.fontSize * 2.2))
    out.append(Spacer(1, ctx.styles.body.spaceAfter))
    return out


def _box(block: model.BoxBlock, ctx: BlockContext):
    warning = block.kind == "warning"
    default_title = ctx.edition.s("warning" if warning else "key_point")
    content = [ctx.para(block.title, ctx.styles.box_title) if block.title
               else ctx.plain_para(default_title, ctx.styles.box_title)]
    if block.text:
        content.append(ctx.para(block.text, ctx.styles.item.clone(
            "boxtext", spaceAfter=ctx.styles.body.fontSize * 0.45)))
    if block.items:
        content.extend(_items(block.items, ctx, "alert" if warning else "dot",
                              "#b3261e" if warning else ctx.edition.accent)[:-1])
    if warning:
        box = Box(content, "#fdf0ea", "#b3261e", ctx.styles.rtl, border=True)
    else:
        box = Box(content, tint(ctx.edition.accent, 0.9), ctx.edition.accent, ctx.styles.rtl)
    return [box, Spacer(1, ctx.styles.body.spaceAfter * 1.2)]


def _figure(block: model.FigureBlock, ctx: BlockContext):
    ctx.figure_number += 1
    edition = ctx.edition
    labels = tuple(sorted(edition.figure_labels.get(block.name, {}).items()))
    drawing = drawings.figure_drawing(block.name, labels, edition.lang,
                                      round(edition.figure_label_units, 2))
    figure_label = edition.s("figure", number=ctx.figure_number)
    caption = ctx.para(f"**{_escape_markers(figure_label)}** {block.caption}", ctx.styles.caption)
    flowable = DrawingFlowable(drawing, edition.page.frame_height)
    flowable.alt_text = block.alt
    return [FloatingFigure([Spacer(1, 4), flowable, Spacer(1, 6), caption]),
            Spacer(1, ctx.styles.body.spaceAfter * 1.4)]


def _escape_markers(text: str) -> str:
    return text.replace("*", "")


def _glossary(block: model.GlossaryBlock, ctx: BlockContext):
    """Terms in two balanced columns (one on narrow pages), each term in colour."""
    style = ctx.styles.item.clone("glossary", spaceAfter=ctx.styles.item.fontSize * 0.55)
    entries = [ctx.para(f"[[{_escape_markers(entry.term)}]] {entry.meaning}", style)
               for entry in block.entries]
    if ctx.edition.page.frame_width < 420 or ctx.edition.large_print:
        return entries
    return [TwoColumnList(entries, rtl=ctx.styles.rtl), Spacer(1, style.fontSize)]


def _review_box(block: model.ReviewBoxBlock, ctx: BlockContext):
    edition = ctx.edition
    from ..dates import format_date

    # The clinic signs this box through its profile; without one it is left
    # for staff to fill in by hand, never pre-signed by the content team.
    clinic = edition.clinic
    signed = clinic is not None and clinic.reviewer
    blank = "_" * 28
    reviewed = format_date(edition.last_reviewed, edition.lang) if signed else blank
    lines = [ctx.plain_para(edition.s("review_box_title"), ctx.styles.box_title),
             ctx.plain_para(edition.labelled("last_reviewed", reviewed), ctx.styles.item),
             ctx.plain_para(edition.labelled("reviewed_by",
                                             edition.reviewer_line if signed else blank),
                            ctx.styles.item)]
    note = block.note
    lines.append(ctx.para(note, ctx.styles.small) if note
                 else ctx.plain_para(edition.s("review_note"), ctx.styles.small))
    for paragraph in lines[1:-1]:
        paragraph.style = paragraph.style.clone("reviewline", spaceAfter=3)
    return [Box(lines, "#f3f4f7", "#4a5263", ctx.styles.rtl),
            Spacer(1, ctx.styles.body.spaceAfter)]


CALL_COLOURS = {"emergency": "#b3261e", "crisis": "#6a3d9a", "clinic": None}


def _call_guide(block: model.CallGuideBlock, ctx: BlockContext):
    out = []
    for tier in block.tiers:
        edge = CALL_COLOURS[tier.level] or ctx.edition.accent
        content = [ctx.para(tier.title, ctx.styles.box_title)]
        if tier.text:
            content.append(ctx.para(tier.text, ctx.styles.item))
        if tier.items:
            content.extend(_items(tier.items, ctx, "dot", edge)[:-1])
        out += [Box(content, tint(edge, 0.92), edge, ctx.styles.rtl, border=True),
                Spacer(1, ctx.styles.body.spaceAfter * 0.6)]
    return out


BLOCK_LAYOUT = {
    "paragraph": _paragraph, "heading": _heading, "bullets": _bullets, "numbered": _numbered,
    "checklist": _checklist, "questions": _questions, "references": _references,
    "key_point": _box, "warning": _box, "figure": _figure, "glossary": _glossary,
    "review_box": _review_box, "call_guide": _call_guide,
}


def section_flowables(section: model.Section, number: int, ctx: BlockContext) -> list:
    """A section's title (which records where it starts) and its blocks."""
    styles = ctx.styles
    heading = SectionHeading(ctx.para(f"{number}. {section.title}", styles.h1), section.id,
                             markup.plain(section.title))
    out = [CondPageBreak(ctx.edition.page.frame_height * 0.14), heading,
           Rule(ctx.edition.accent, 56, 3.5, styles.rtl)]
    blocks = section.blocks
    for index, block in enumerate(blocks):
        flowables = BLOCK_LAYOUT[block.kind](block, ctx)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "paragraph" and following is not None and following.kind == "figure" \
                and len(markup.plain(block.text)) < 160:
            flowables[-1].keepWithNext = True  # a one-line lead-in introduces its figure
        out.extend(flowables)
    return out
