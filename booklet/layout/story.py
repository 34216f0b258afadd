"""The handout as pages: cover, contents, sections, back matter.

    compose(edition, figures) -> Composition

The cover fills the first page. The contents (with "Need help now?") come
next, then the sections flow one after another; the last ends with the
clinic's contact box. A folded booklet ends on a designed back cover (help and
contact), with pages for notes before it to make a multiple of four.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import markup
from ..errors import BuildError
from ..structure import Node
from .blocks import BlockContext, section_elements
from .clinic_panel import ClinicPanel, contact_box, qr_program
from .cover import Cover
from .elements import Box, ContentsEntry, Element, Rule, Spacer
from .furniture import Furniture, Geometry
from .paginate import PageLayout, paginate
from .runs import TextContext, phone_uri
from .styles import WARNING, WARNING_FILL, make_styles, restyle


@dataclass
class Page:
    kind: str                       # "cover", "body", "notes" or "back"
    layout: PageLayout | None = None


@dataclass
class Composition:
    """Everything the writer needs to draw the edition."""

    edition: object
    styles: object
    geometry: Geometry
    furniture: Furniture
    document: Node                  # the structure tree's root
    pages: list[Page]
    section_pages: dict             # section id -> page number (1-based)
    outline: list = field(default_factory=list)    # (title, section id)
    cover: Cover | None = None
    draft_node: Node | None = None


def text_context(edition, styles) -> TextContext:
    phones = {}
    clinic = edition.clinic
    for printed in (clinic.phone, clinic.after_hours) if clinic else ():
        if printed:
            for number in _phone_numbers(printed):
                uri = phone_uri(number)
                if uri:
                    phones[number] = uri
    crisis = edition.placeholders.get("crisis_line", "")
    if "988" in crisis or "988" in edition.strings.get("crisis_line_us", ""):
        phones.setdefault("988", "tel:988")
    if clinic is not None and clinic.website:
        phones[clinic.display_website] = clinic.website   # printed without https://
    return TextContext(styles.fonts, styles.accent, edition.placeholders, phones)


def _phone_numbers(text: str) -> list[str]:
    import re

    return [m.group(0).strip() for m in re.finditer(r"\+?\(?\d[\d\s().-]{5,}\d", text)]


def compose(edition, figure_program) -> Composition:
    """Lay the edition out; ``figure_program(name, labels, max_height)`` draws a figure."""
    styles = make_styles(edition)
    text = text_context(edition, styles)
    furniture = Furniture(edition, styles, text)
    geometry = furniture.geometry()
    width = geometry.width

    def figures(name, labels, room_points):
        from ..drawings import CANVAS_WIDTH

        return figure_program(name, labels, room_points * CANVAS_WIDTH / width)

    ctx = BlockContext(edition, styles, text, figures, geometry.frame_height)
    document = Node("Document", lang=edition.lang.pdf_lang)
    draft_node = document.add("Div") if edition.is_draft else None

    clinic = edition.clinic
    panel_node = Node("Aside")
    qr = qr_program(clinic.website) \
        if clinic is not None and clinic.website else None
    panel = ClinicPanel(ctx, panel_node, logo=_logo(clinic, styles.fonts.regular), qr=qr)
    cover = Cover(ctx, document, panel)
    panel_node.parent = document
    document.kids.append(panel_node)
    cover.edition_node.parent = document     # read after the panel, as printed
    document.kids.append(cover.edition_node)
    if not cover.fit(width, geometry.frame_height):
        raise BuildError(_cover_too_full(edition))

    body: list[Element] = _contents(ctx, document)
    sections = edition.sections
    for number, section in enumerate(sections, 1):
        body += section_elements(section, number, ctx, document)
    back: list[Element] = []
    if edition.page.booklet:
        back_node = document.add("Sect")
        # the clinic's contact last: when the two need two pages, every field of the
        # profile is on the outside of the back cover
        back = [_help_box(ctx, back_node), Spacer(14), *contact_box(ctx, back_node)]
    else:
        body += contact_box(ctx, document)

    layouts = paginate(body, width, geometry.frame_height)
    pages = [Page("cover")] + [Page("body", layout) for layout in layouts]
    if back:
        # in large print the help and contact boxes may need the inside back cover too
        back_layouts = paginate(back, width, geometry.frame_height)
        notes = (-(len(pages) + len(back_layouts))) % 4
        pages += [Page("notes") for _ in range(notes)]
        pages += [Page("back", layout) for layout in back_layouts]
    section_pages = {}
    for number, page in enumerate(pages, 1):
        if page.layout is not None:
            for anchor in page.layout.anchors:
                section_pages.setdefault(anchor, number)
    for page in pages:
        for placement in (page.layout.placements if page.layout else ()):
            if isinstance(placement.element, ContentsEntry):
                placement.element.pages = section_pages
    outline = [(markup.plain(s.title), s.id) for s in sections]
    return Composition(edition, styles, geometry, furniture, document, pages, section_pages,
                       outline, cover, draft_node)


def _contents(ctx: BlockContext, document: Node) -> list[Element]:
    edition, styles = ctx.edition, ctx.styles
    toc_sect = document.add("Sect")
    heading = ctx.para(ctx.s("contents"), styles.h1, toc_sect.add("H1"), literal=True,
                       keep_with_next=True)
    toc = toc_sect.add("TOC")
    out: list[Element] = [heading, Rule(styles.accent, 56, 3.5, ctx.rtl), Spacer(8)]
    number_style = restyle(styles.toc, bold=True, colour=styles.accent)
    page_style = restyle(styles.toc, align="end")

    def number_runs(value: str):
        # a space before the number keeps it apart from the title when read
        return ctx.text.runs(" " + value, page_style, literal=True)

    for number, section in enumerate(edition.sections, 1):
        item = toc.add("TOCI")
        out.append(ContentsEntry(ctx.para(f"{number} ", number_style, None, literal=True),
                                 ctx.para(section.title, styles.toc, None),
                                 section.id, page_style, item, ctx.rtl, number_runs))
    out.append(Spacer(styles.body.leading * 1.5))
    out.append(_help_box(ctx, toc_sect))
    out.append(Spacer(styles.body.leading))
    return out


def _help_box(ctx: BlockContext, parent: Node) -> Element:
    """Safety first: how to get help now, on the page everyone opens."""
    aside = parent.add("Aside")
    title = ctx.para(ctx.s("help_now_title"), ctx.styles.box_title, aside.add("P"),
                     literal=True)
    items = ctx.items(aside, [ctx.s(key) for key in ("help_now_emergency", "help_now_crisis",
                                                     "help_now_clinic")], "alert", WARNING)
    return Box([title, *items], WARNING_FILL, WARNING, ctx.rtl, border=True)


def _logo(clinic, font: str):
    """The clinic's logo, checked when the profile was loaded (booklet.logo): a drawing
    program for an SVG, the logo itself (PNG bytes) for a PNG, or None."""
    if clinic is None or clinic.logo_image is None:
        return None
    from ..drawings import record

    logo = clinic.logo_image
    return record(logo.drawing(font), font) if logo.kind == "svg" else logo


def _cover_too_full(edition) -> str:
    clinic = edition.clinic
    if clinic is None:
        return "the cover's title, subtitle and audience do not fit on one page; shorten them"
    longest = max(((key, getattr(clinic, key) or "") for key in
                   ("name", "phone", "after_hours", "website", "email")),
                  key=lambda item: len(item[1]))
    return (f"{clinic.source}:{clinic.line_of(longest[0])}: the clinic's details do not fit "
            f"on the cover of a {edition.page.paper} "
            f"{'booklet' if edition.page.booklet else 'page'}; shorten "
            f"'{longest[0]}' ({len(longest[1])} characters)")
