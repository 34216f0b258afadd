"""One small function per block kind: a content block in, page elements out.

Each function also hangs the block's structure under the section's node:
paragraphs are P, lists L / LI / Lbl / LBody, boxes Aside (a Div) with their
title, figures Figure (with the content's alt text) and Caption.
"""
from __future__ import annotations

import re

from .. import markup, model
from ..errors import BuildError
from ..languages import language
from ..structure import Node
from .elements import (Box, Columns, Element, Figure, ListItem, Marker, Needs, Rule, Stack,
                       Text)
from .styles import CRISIS, INK, REVIEW_FILL, WARNING, WARNING_FILL, MUTED, restyle, tint

CALL_COLOURS = {"emergency": WARNING, "crisis": CRISIS, "clinic": None}
CALL_ICONS = {"emergency": "alert", "crisis": "dot", "clinic": "dot"}
# what a screen reader says for a list marker drawn as an icon
SPOKEN_MARKERS = {"dot": "\u2022", "check": "\u2610", "question": "?", "alert": "!"}


class BlockContext:
    """What block functions need: the edition, styles, text runs, counters."""

    def __init__(self, edition, styles, text, figures, frame_height: float):
        self.frame_height = frame_height
        self.lead_in_height = 0.0     # the paragraph introducing the next figure
        self.lead_in = None           # that paragraph
        self.edition = edition
        self.styles = styles
        self.text = text            # a runs.TextContext
        self.figures = figures      # name, labels -> a drawing program (drawings.py)
        self.figure_number = 0

    @property
    def rtl(self) -> bool:
        return self.styles.fonts.rtl

    def para(self, content: str, style, node: Node | None, *, literal=False,
             keep_with_next=False, colour=None, in_source_language=False) -> Text:
        """A paragraph in the edition's direction; one kept in the source's
        language (an untranslated reference) in that language's direction, fonts
        and line breaking."""
        if in_source_language and self.edition.source_lang:
            from dataclasses import replace

            from .styles import fonts_for

            source_fonts = fonts_for(language(self.edition.source_lang))
            text = replace(self.text, fonts=source_fonts)
            return Text(text.runs(content, style, literal=literal, colour=colour), style,
                        node, rtl=source_fonts.rtl, breaking=source_fonts.breaking,
                        keep_with_next=keep_with_next,
                        base_rtl=True if source_fonts.rtl else None)
        rtl = self.rtl
        return Text(self.text.runs(content, style, literal=literal, colour=colour), style,
                    node, rtl=rtl, breaking=self.styles.fonts.breaking,
                    keep_with_next=keep_with_next, base_rtl=True if rtl else None)

    @property
    def source_rtl(self) -> bool:
        return language(self.edition.source_lang).rtl if self.edition.source_lang else self.rtl

    def s(self, key: str, **values) -> str:
        return self.edition.s(key, **values)

    def items(self, parent: Node, items, icon: str, colour: str, numbered=False,
              style=None, in_source_language=frozenset()) -> list[Element]:
        """List items under a new L node; those in ``in_source_language`` are kept
        in the source's language (untranslated references)."""
        style = style or self.styles.item
        indent = style.size * (2.2 if numbered else 1.9)
        number_style = restyle(style, bold=True, colour=self.styles.accent, space_after=0)
        listing = parent.add("L")
        out: list[Element] = []
        for index, text in enumerate(items, 1):
            item = listing.add("LI")
            label = item.add("Lbl")
            body = item.add("LBody")
            if numbered:
                number = self.para(f"{index}.", number_style, label, literal=True,
                                   in_source_language=text in in_source_language)
                marker = Marker("number", colour, number)
            else:
                label.actual = SPOKEN_MARKERS.get(icon, "\u2022")
                marker = Marker(icon, colour)
            kept = text in in_source_language
            if kept:
                body.lang = self.edition.source_lang
            rtl = self.source_rtl if kept else self.rtl
            out.append(ListItem(marker, self.para(text, style, body, in_source_language=kept),
                                indent, rtl, label))
        return out


def _paragraph(block: model.TextBlock, ctx: BlockContext, parent: Node):
    return [ctx.para(block.text, ctx.styles.body, parent.add("P"))]


def _heading(block: model.TextBlock, ctx: BlockContext, parent: Node):
    return [Needs(ctx.styles.body.leading * 5),
            ctx.para(block.text, ctx.styles.h2, parent.add("H2"), keep_with_next=True)]


def _bullets(block: model.ListBlock, ctx: BlockContext, parent: Node):
    return _with_gap(ctx.items(parent, block.items, "dot", ctx.styles.accent), ctx)


def _numbered(block: model.ListBlock, ctx: BlockContext, parent: Node):
    return _with_gap(ctx.items(parent, block.items, "number", ctx.styles.accent,
                               numbered=True), ctx)


def _questions(block: model.ListBlock, ctx: BlockContext, parent: Node):
    return _with_gap(ctx.items(parent, block.items, "question", ctx.styles.accent), ctx)


def _references(block: model.ListBlock, ctx: BlockContext, parent: Node):
    edition = ctx.edition
    kept = frozenset(edition.source_texts) if edition.source_lang else frozenset()
    elements = ctx.items(parent, block.items, "number", INK, numbered=True,
                         style=ctx.styles.reference, in_source_language=kept)
    return _with_gap(elements, ctx)


def _spaced(element: Element, space_after: float) -> Element:
    """``element`` with room after it (as part of it, so it can wait or split as one)."""
    element.space_after = space_after
    return element


def _with_gap(elements: list[Element], ctx: BlockContext) -> list[Element]:
    if elements:
        elements[-1].space_after = ctx.styles.body.space_after
    return elements


def _box_title(ctx: BlockContext, aside: Node, text: str, literal: bool) -> Text:
    title = ctx.para(text, ctx.styles.box_title, aside.add("P"), literal=literal)
    return title


def _checklist(block: model.ListBlock, ctx: BlockContext, parent: Node):
    aside = parent.add("Aside")
    title = _box_title(ctx, aside, ctx.s("checklist"), literal=True)
    items = ctx.items(aside, block.items, "check", INK)
    return [_spaced(Box([title, *items], tint(ctx.styles.accent, 0.93), ctx.styles.accent,
                        ctx.rtl, splits=True), ctx.styles.body.space_after)]


def _box(block: model.BoxBlock, ctx: BlockContext, parent: Node):
    warning = block.kind == "warning"
    aside = parent.add("Aside")
    if block.title:
        content: list[Element] = [_box_title(ctx, aside, block.title, literal=False)]
    else:
        content = [_box_title(ctx, aside, ctx.s("warning" if warning else "key_point"),
                              literal=True)]
    if block.text:
        content.append(ctx.para(block.text, restyle(ctx.styles.item,
                                                    space_after=ctx.styles.body.size * 0.45),
                                aside.add("P")))
    if block.items:
        content += ctx.items(aside, block.items, "alert" if warning else "dot",
                             WARNING if warning else ctx.styles.accent)
    long_list = len(block.items) >= 5
    # a box's introduction stays with its title, and two items at least with both
    title_rows = 2 if block.text else 1
    if warning:
        box = Box(content, WARNING_FILL, WARNING, ctx.rtl, border=True, splits=long_list,
                  title_rows=title_rows)
    else:
        box = Box(content, tint(ctx.styles.accent, 0.9), ctx.styles.accent, ctx.rtl,
                  splits=long_list, title_rows=title_rows)
    return [_spaced(box, ctx.styles.body.space_after * 1.2)]


def after_hours_line(ctx: BlockContext, parent: Node) -> list[Element]:
    """The clinic's nights-and-weekends line, where the handout says when to call the
    clinic (a profile's field, printed as written); nothing without one."""
    clinic = ctx.edition.clinic
    if clinic is None or not clinic.after_hours:
        return []
    return [ctx.para(ctx.edition.labelled("after_hours", clinic.after_hours),
                     restyle(ctx.styles.item, bold=True), parent.add("P"), literal=True)]


def _call_guide(block: model.CallGuideBlock, ctx: BlockContext, parent: Node):
    """Who to call and when, one coloured row per tier, most urgent first.

    A row never splits (a reader must see every sign that means "call 911" together),
    and the rows stay together on one page when they fit one.
    """
    guide = parent.add("Div")
    out: list[Element] = []
    for tier in block.tiers:
        edge = CALL_COLOURS[tier.level] or ctx.styles.accent
        aside = guide.add("Aside")
        content: list[Element] = [ctx.para(tier.title, restyle(ctx.styles.box_title,
                                                               colour=edge), aside.add("P"))]
        if tier.text:
            content.append(ctx.para(tier.text, ctx.styles.item, aside.add("P")))
        if tier.items:
            content += ctx.items(aside, tier.items, CALL_ICONS[tier.level], edge)
        if tier.level == "clinic":
            content += after_hours_line(ctx, aside)
        out.append(_spaced(Box(content, tint(edge, 0.92), edge, ctx.rtl, border=True,
                               title_rows=2 if tier.text else 1),
                           ctx.styles.body.space_after))
    # together when the guide fits a page under its section's title (two lines of
    # heading and the rule); otherwise row by row, each row whole
    guide_stack = Stack(out)
    room = ctx.frame_height - 2 * ctx.styles.h1.leading - 2 * ctx.styles.body.leading
    if guide_stack.measure(ctx.edition.page.frame_width) <= room:
        return [guide_stack]
    return out


def _figure(block: model.FigureBlock, ctx: BlockContext, parent: Node):
    ctx.figure_number += 1
    edition = ctx.edition
    labels = tuple(sorted(edition.figure_labels.get(block.name, {}).items()))
    node = parent.add("Figure", alt=markup.plain(block.alt))
    label = ctx.s("figure", number=ctx.figure_number).replace("*", "")
    caption = ctx.para(f"**{label}** {block.caption}", ctx.styles.caption,
                       parent.add("Caption"))
    # drawn to fit one page with its caption and the lead-in that introduces it
    width = ctx.edition.page.frame_width
    room = ctx.frame_height - 4 - 6 - caption.measure(width) - 2
    try:
        program = ctx.figures(block.name, labels, room - ctx.lead_in_height)
        room -= ctx.lead_in_height
    except BuildError:
        # too tall to share a page with its lead-in: the lead-in stays in the flow
        # and the figure opens the next page, while what follows fills this one
        program = ctx.figures(block.name, labels, room)
        if ctx.lead_in is not None:
            ctx.lead_in.keep_with_next = False
    ctx.lead_in_height = 0.0
    ctx.lead_in = None
    least = edition.type.figure_label_min / edition.type.figure_label
    return [_spaced(Figure(program, caption, node, room, least_factor=least),
                    ctx.styles.body.space_after * 1.4)]


def _glossary(block: model.GlossaryBlock, ctx: BlockContext, parent: Node):
    """Terms in two balanced columns (one on narrow pages), each term in colour.

    Each entry is a list item: the term its label, the meaning its body, set
    as one paragraph so the meaning flows on from the term.
    """
    style = restyle(ctx.styles.item, space_after=ctx.styles.item.size * 0.55)
    listing = parent.add("L")
    entries: list[Element] = []
    for entry in block.entries:
        item = listing.add("LI")
        label, body = item.add("Lbl"), item.add("LBody")
        # the runs name their parts ("Lbl", "LBody"), the Text maps the names to this
        # entry's nodes: runs alike in every edition share their set lines
        runs = [run.__class__(run.text, run.font, run.colour, run.link, "Lbl")
                for run in ctx.text.runs(f"[[{entry.term.replace('*', '')}]]", style)]
        runs += [run.__class__(run.text, run.font, run.colour, run.link, "LBody")
                 for run in ctx.text.runs(" " + entry.meaning, style)]
        entries.append(Text(runs, style, body, rtl=ctx.rtl, breaking=ctx.styles.fonts.breaking,
                            direction_from=markup.plain(entry.meaning),
                            parts={"Lbl": label, "LBody": body}))
    if ctx.edition.page.frame_width < 420 or ctx.edition.large_print:
        return entries
    return [_spaced(Columns(entries, 16.0, ctx.rtl), style.size)]


def _review_box(block: model.ReviewBoxBlock, ctx: BlockContext, parent: Node):
    from ..dates import format_date

    edition = ctx.edition
    # The clinic signs this box through its profile; without one it is left
    # for staff to fill in by hand, never pre-signed by the content team.
    clinic = edition.clinic
    signed = clinic is not None and clinic.reviewer
    blank = "_" * 28
    reviewed = format_date(edition.last_reviewed, edition.lang) if signed else blank
    aside = parent.add("Aside")
    line_style = restyle(ctx.styles.item, space_after=3)
    content: list[Element] = [
        _box_title(ctx, aside, ctx.s("review_box_title"), literal=True),
        ctx.para(edition.labelled("last_reviewed", reviewed), line_style, aside.add("P"),
                 literal=True),
        ctx.para(edition.labelled("reviewed_by", edition.reviewer_line if signed else blank),
                 line_style, aside.add("P"), literal=True)]
    note = block.note
    content.append(ctx.para(note, ctx.styles.small, aside.add("P")) if note
                   else ctx.para(ctx.s("review_note"), ctx.styles.small, aside.add("P"),
                                 literal=True))
    return [_spaced(Box(content, REVIEW_FILL, MUTED, ctx.rtl), ctx.styles.body.space_after)]


BLOCK_LAYOUT = {
    "paragraph": _paragraph, "heading": _heading, "bullets": _bullets, "numbered": _numbered,
    "checklist": _checklist, "questions": _questions, "references": _references,
    "key_point": _box, "warning": _box, "figure": _figure, "glossary": _glossary,
    "review_box": _review_box, "call_guide": _call_guide,
}

LEAD_IN_CHARACTERS = 160     # a paragraph this short before a figure introduces it ...
LEAD_IN_SENTENCES = 2        # ... if it is a sentence or two: a longer one (as short as
                             # three Chinese sentences are) is a paragraph of its own
SENTENCE_END = re.compile(r"[.!?\u061f](?=\s|$)|[\u3002\uff01\uff1f]")


def introduces_figure(text: str) -> bool:
    """Whether a paragraph right before a figure is its lead-in (kept with it)."""
    plain = markup.plain(text).strip()
    if plain.endswith((":", "\uff1a")):
        return True
    return len(plain) < LEAD_IN_CHARACTERS and \
        len(SENTENCE_END.findall(plain)) <= LEAD_IN_SENTENCES


def section_elements(section: model.Section, number: int, ctx: BlockContext,
                     document: Node) -> list[Element]:
    """A section's title (which anchors where it starts) and its blocks."""
    styles = ctx.styles
    node = document.add("Sect", title=markup.plain(section.title))
    heading = ctx.para(f"{number}. {section.title}", styles.h1, node.add("H1"),
                       keep_with_next=True)
    heading.anchor = section.id
    out: list[Element] = [Needs(ctx.edition.page.frame_height * 0.14), heading,
                          Rule(styles.accent, 56, 3.5, ctx.rtl)]
    blocks = section.blocks
    for index, block in enumerate(blocks):
        elements = BLOCK_LAYOUT[block.kind](block, ctx, node)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "paragraph" and following is not None and following.kind == "figure" \
                and introduces_figure(block.text):
            elements[-1].keep_with_next = True  # a lead-in stays with its figure
            ctx.lead_in_height = elements[-1].measure(ctx.edition.page.frame_width) \
                + elements[-1].space_after
            ctx.lead_in = elements[-1]
        out.extend(elements)
    return out


__all__ = ["BLOCK_LAYOUT", "BlockContext", "after_hours_line", "section_elements", "Stack"]
