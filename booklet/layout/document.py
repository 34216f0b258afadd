"""The whole handout as one story: cover, contents, sections, back page."""
from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate,
                                Paragraph, Spacer)

from .. import markup
from ..dates import format_date
from .blocks import BlockContext, section_flowables
from .flowables import (Box, ContentsLine, FloatingFigure, IconItem, KeepWithStart, Rule,
                        SectionHeading)
from .pages import HandoutCanvas, PageDecorator, draw_paragraph, notes_page
from . import rl_fixes  # noqa: F401  (patches applied on import)
from .styles import MUTED, Styles, make_styles, tint


DRAFT_MARK_EN = "Draft translation, not yet reviewed by a medical translator"
BACK_COVER = "__back_cover__"


class PageMark(Flowable):
    """Records the page it lands on (no outline entry), for the canvas."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv.section_pages[self.key] = len(self.canv._held_pages)


class Cover(Flowable):
    """The cover page, drawn directly: motif, title, audience, clinic, edition line."""

    def __init__(self, edition, styles: Styles, ctx: BlockContext, clinic_block):
        super().__init__()
        self.edition, self.styles, self.ctx, self.clinic_block = edition, styles, ctx, clinic_block

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, avail_height
        return avail_width, avail_height - 1

    def draw(self):
        canvas, edition, styles = self.canv, self.edition, self.styles
        width, height = self.width, self.height
        motif_height = height * 0.3
        _draw_motif(canvas, width, height - motif_height, motif_height, edition.accent,
                    edition.lang.rtl)
        top = height - motif_height - 26
        manifest = edition.manifest
        top -= draw_paragraph(canvas, self.ctx.para(manifest.title, styles.cover_title),
                              0, top, width) + 14
        top -= draw_paragraph(canvas, self.ctx.para(manifest.subtitle, styles.cover_subtitle),
                              0, top, width) + 16
        canvas.setFillColor(HexColor(edition.accent))
        canvas.rect(width - 60 if styles.rtl else 0, top, 60, 3, stroke=0, fill=1)
        top -= 14
        draw_paragraph(canvas, self.ctx.para(manifest.audience, styles.cover_text.clone(
            "aud", textColor=HexColor(MUTED))), 0, top, width)
        edition_line = edition.s("edition_line", version=manifest.version,
                                 date=format_date(edition.last_reviewed, edition.lang),
                                 language=edition.s("language_name"))
        line = self.ctx.plain_para(edition_line, styles.small.clone(
            "edline", alignment=2 if styles.rtl else 0))
        _, line_height = line.wrapOn(canvas, width, 100)
        line.drawOn(canvas, 0, 0)
        self.clinic_block(canvas, 0, line_height + 14, width)


def _draw_motif(canvas, width, y, height, accent, rtl):
    """A calm pattern of linked nerve cells: fixed points, so every build matches."""
    points = [(0.06, 0.55), (0.16, 0.82), (0.22, 0.35), (0.33, 0.62), (0.41, 0.2), (0.47, 0.86),
              (0.55, 0.48), (0.64, 0.75), (0.7, 0.25), (0.79, 0.58), (0.88, 0.84), (0.94, 0.38)]
    links = [(0, 1), (0, 2), (1, 3), (2, 3), (2, 4), (3, 5), (3, 6), (4, 6), (5, 7), (6, 7),
             (6, 8), (7, 9), (8, 9), (9, 10), (9, 11), (8, 11), (10, 11)]
    if rtl:
        points = [(1 - px, py) for px, py in points]
    xy = [(px * width, y + py * height) for px, py in points]
    canvas.saveState()
    canvas.setFillColor(HexColor(tint(accent, 0.94)))
    canvas.roundRect(0, y - 6, width, height + 6, 14, stroke=0, fill=1)
    canvas.setStrokeColor(HexColor(tint(accent, 0.55)))
    canvas.setLineWidth(2.2)
    canvas.setLineCap(1)
    for a, b in links:
        (x1, y1), (x2, y2) = xy[a], xy[b]
        path = canvas.beginPath()
        path.moveTo(x1, y1)
        middle_x, middle_y = (x1 + x2) / 2, (y1 + y2) / 2 + (8 if a % 2 else -8)
        path.curveTo(middle_x, middle_y, middle_x, middle_y, x2, y2)
        canvas.drawPath(path, stroke=1, fill=0)
    for index, (x, y_point) in enumerate(xy):
        radius = 9 if index % 3 == 0 else 6.5
        canvas.setFillColor(HexColor(accent if index % 3 == 0 else tint(accent, 0.35)))
        canvas.circle(x, y_point, radius, stroke=0, fill=1)
        canvas.setFillColor(HexColor("#ffffff"))
        canvas.circle(x, y_point, radius * 0.38, stroke=0, fill=1)
    canvas.restoreState()


class Story:
    """Builds the list of flowables for an edition."""

    def __init__(self, edition, clinic_block_factory):
        self.edition = edition
        self.styles = make_styles(edition)
        self.ctx = BlockContext(edition, self.styles)
        self.clinic_block_factory = clinic_block_factory

    def flowables(self) -> list:
        edition, styles, ctx = self.edition, self.styles, self.ctx
        story: list = [Cover(edition, styles, ctx, self.clinic_block_factory(self)), PageBreak()]
        story += self.contents()
        story.append(PageBreak())
        sections = edition.sections
        for number, section in enumerate(sections[:-1], 1):
            story += section_flowables(section, number, ctx)
        story.append(PageBreak())
        story += section_flowables(sections[-1], len(sections), ctx)
        if edition.page.booklet:
            # a folded booklet ends on a designed back cover; notes pages pad before it
            story += [PageBreak(), PageMark(BACK_COVER), self.help_now_box(), Spacer(1, 14)]
        story += self.clinic_contact()
        return story

    def contents(self) -> list:
        edition, styles, ctx = self.edition, self.styles, self.ctx
        out = [ctx.plain_para(edition.s("contents"), styles.h1),
               Rule(edition.accent, 56, 3.5, styles.rtl), Spacer(1, 8)]
        number_style = styles.toc.clone("tocnum", alignment=2 if styles.rtl else 0)
        for number, section in enumerate(edition.sections, 1):
            out.append(ContentsLine(str(number), ctx.para(section.title, styles.toc), section.id,
                                    number_style, styles.rtl, edition.accent))
        out.append(Spacer(1, styles.body.leading * 1.5))
        out.append(self.help_now_box())
        return out

    def help_now_box(self):
        """Safety first: how to get help now, on the page everyone opens."""
        edition, styles, ctx = self.edition, self.styles, self.ctx
        title = ctx.plain_para(edition.s("help_now_title"), styles.box_title)
        items = [IconItem(ctx.para(edition.s(key), styles.item), "alert", "#b3261e", styles.rtl,
                          indent=styles.item.fontSize * 1.9)
                 for key in ("help_now_emergency", "help_now_crisis", "help_now_clinic")]
        return Box([title, *items], "#fdf0ea", "#b3261e", styles.rtl, border=True)

    def clinic_contact(self) -> list:
        edition, styles, ctx = self.edition, self.styles, self.ctx
        clinic = edition.clinic
        lines = [ctx.plain_para(edition.s("from_your_clinic"), styles.box_title)]
        if clinic is None:
            lines.append(ctx.plain_para(edition.s("no_clinic_contact"), styles.item))
        else:
            lines.append(ctx.plain_para(clinic.name, styles.item.clone(
                "cname", fontName=styles.bold_font)))
            for key, value in (("address", clinic.address), ("phone", clinic.phone),
                               ("after_hours", clinic.after_hours), ("email", clinic.email),
                               ("website", clinic.display_website)):
                if value:
                    line = edition.labelled(key, value) if key != "address" else value
                    lines.append(ctx.plain_para(line, styles.item))
        return [Spacer(1, 6), Box(lines, tint(edition.accent, 0.92), edition.accent, styles.rtl)]


class HandoutDocument(BaseDocTemplate):
    def __init__(self, stream, edition, decorator, notes, back_section):
        page = edition.page
        manifest = edition.manifest
        super().__init__(
            stream, pagesize=(page.width, page.height), leftMargin=page.margin_x,
            rightMargin=page.margin_x, topMargin=page.margin_top,
            bottomMargin=page.margin_bottom, invariant=1, lang=edition.lang.pdf_lang,
            initialFontName=make_styles(edition).regular_font,
            title=markup.plain(manifest.title), author=edition.reviewer_line,
            subject=markup.plain(manifest.subtitle),
            keywords=", ".join(manifest.keywords),
            creator="booklet", producer="booklet (ReportLab)")
        frame = Frame(page.margin_x, page.margin_bottom, page.frame_width, page.frame_height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate("page", frames=[frame])])
        self.keepTogetherClass = KeepWithStart
        self.decorator, self.notes, self.back_section = decorator, notes, back_section
        self.pad_to = 4 if page.booklet else 1
        self.reviewed_date = edition.last_reviewed

    def handle_flowable(self, flowables):
        if flowables:
            flowables[0]._frame_height = self.edition_frame_height
        super().handle_flowable(flowables)

    def filterFlowables(self, flowables):
        """Let text flow past a figure that does not fit in what is left of a page.

        Instead of leaving a gap, the figure waits while the next few paragraphs
        fill the page, then opens the next one (as typesetters float figures).
        It never moves past a heading, another figure or a box.
        """
        figure = flowables[0]
        if not isinstance(figure, FloatingFigure) or len(flowables) < 2 or figure.waited >= 3:
            return
        frame = getattr(self, "frame", None)
        if frame is None or frame._atTop:
            return
        available = frame._y - frame._y1p
        _, height = figure.wrapOn(self.canv, frame._aW, frame._aH)
        following = flowables[1]
        if height <= available or not isinstance(following, (Paragraph, IconItem, Box)) \
                or getattr(following, "keepWithNext", False) \
                or isinstance(following, SectionHeading):
            return
        figure.waited += 1
        flowables[0], flowables[1] = following, figure

    def make_canvas(self, *args, **kwargs):
        canvas = HandoutCanvas(*args, **kwargs)
        canvas.finish_page = self.decorator
        canvas.notes_page = self.notes
        canvas.pad_to = self.pad_to
        canvas.back_section = self.back_section
        # dates come from the content (last reviewed), never from the clock
        reviewed = self.reviewed_date
        canvas.setDateFormatter(lambda *_: f"D:{reviewed:%Y%m%d}000000+00'00'")
        return canvas


def render(edition, clinic_block_factory) -> tuple[bytes, int]:
    """The edition's PDF, as bytes, and its page count."""
    story_builder = Story(edition, clinic_block_factory)
    stream = io.BytesIO()
    decorator = PageDecorator(edition, story_builder.styles, story_builder.ctx)
    notes = notes_page(edition, story_builder.styles, story_builder.ctx)
    back = BACK_COVER if edition.page.booklet else edition.sections[-1].id
    doc = HandoutDocument(stream, edition, decorator, notes, back)
    doc.edition_frame_height = edition.page.frame_height
    if edition.is_draft:  # the mark travels with the file, not only on paper
        mark = DRAFT_MARK_EN
        if edition.s("draft_mark") != mark:
            mark = f"{edition.s('draft_mark')} / {mark}"
        doc.subject = f"{mark}. {doc.subject}"
        doc.keywords = f"{doc.keywords}, draft translation, not reviewed"
    doc.build(story_builder.flowables(), canvasmaker=doc.make_canvas)
    return stream.getvalue(), doc.canv.page_total


__all__ = ["render"]
