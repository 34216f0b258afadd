"""Pages: the canvas that finishes pages last, and what is drawn around the text.

Laying out a handout with a table of contents usually takes two passes: one
to learn where sections start, one to print the numbers. Here the canvas
keeps every laid-out page open instead, and draws what depends on the final
count (contents page numbers, "Page X of Y", bookmarks, links, booklet notes
pages) when the document is saved. One pass; every figure is drawn once.
"""
from __future__ import annotations

from collections import defaultdict

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .styles import RULE


class HandoutCanvas(Canvas):
    """A canvas that holds pages back until save, then finishes each one."""

    finish_page = None      # set by the document: finish_page(canvas, number, total, kind)
    notes_page = None       # draws an intentional notes page (booklet padding)
    pad_to = 1              # the page count is padded to a multiple of this
    back_section = None     # id of the section that opens the back page

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict] = []
        self._late: dict[int, list] = defaultdict(list)
        self.section_pages: dict[str, int] = {}

    # --- during layout -------------------------------------------------------
    def showPage(self):
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def _absolute(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self._currentMatrix
        return a * x + c * y + e, b * x + d * y + f

    def mark_section(self, section_id: str, title: str) -> None:
        index = len(self._held_pages)
        self.section_pages[section_id] = index
        self._late[index].append(("bookmark", section_id, title))

    def late_page_number(self, section_id, x, y, font, size, align, rect) -> None:
        ax, ay = self._absolute(x, y)
        x1, y1 = self._absolute(rect[0], rect[1])
        x2, y2 = self._absolute(rect[2], rect[3])
        self._late[len(self._held_pages)].append(
            ("number", section_id, ax, ay, font, size, align, (x1, y1, x2, y2)))

    # --- at save ---------------------------------------------------------------
    def final_number(self, index: int, padding: int, back_index: int | None) -> int:
        shift = padding if back_index is not None and index >= back_index else 0
        return index + 1 + shift

    def save(self):
        held = self._held_pages
        back_index = self.section_pages.get(self.back_section) if self.back_section else None
        padding = (-len(held)) % self.pad_to
        if back_index is None and padding:
            back_index = len(held)  # no back page: pad at the end
        total = len(held) + padding
        self.page_total = total
        for index, state in enumerate(held):
            if index == back_index:
                for extra in range(padding):
                    self.__dict__.update(state)
                    self._code = []  # a fresh page in the back page's state
                    number = index + 1 + extra
                    self.notes_page(self, number, total)
                    self.finish_page(self, number, total, "notes")
                    Canvas.showPage(self)
            self.__dict__.update(state)
            number = self.final_number(index, padding, back_index)
            for action in self._late.get(index, []):
                self._do_late(action, padding, back_index)
            kind = "cover" if index == 0 else ("back" if index == back_index else "body")
            self.finish_page(self, number, total, kind)
            Canvas.showPage(self)
        if back_index == len(held):
            for extra in range(padding):
                self.notes_page(self, len(held) + extra + 1, total)
                self.finish_page(self, len(held) + extra + 1, total, "notes")
                Canvas.showPage(self)
        Canvas.save(self)

    def _do_late(self, action, padding, back_index):
        if action[0] == "bookmark":
            _, key, title = action
            self.bookmarkPage(key, fit="XYZ", top=self._pagesize[1], left=0)
            self.addOutlineEntry(title, key, level=0)
        elif action[0] == "number":
            _, key, x, y, font, size, align, rect = action
            if key not in self.section_pages:
                return
            number = str(self.final_number(self.section_pages[key], padding, back_index))
            self.saveState()
            self.setFont(font, size)
            self.setFillColor(HexColor("#1b1f2a"))
            if align == "right":
                self.drawRightString(x, y, number)
            else:
                self.drawString(x, y, number)
            self.restoreState()
            self.linkRect("", key, rect, relative=0, thickness=0)


def draw_paragraph(canvas, paragraph: Paragraph, x: float, top: float, width: float) -> float:
    """Draw ``paragraph`` with its top at ``top``; returns its height."""
    _, height = paragraph.wrapOn(canvas, width, 10_000)
    paragraph.drawOn(canvas, x, top - height)
    return height


class PageDecorator:
    """Header, footer and draft banner for every page but the cover."""

    def __init__(self, edition, styles, ctx):
        self.edition, self.styles, self.ctx = edition, styles, ctx

    def __call__(self, canvas, number: int, total: int, kind: str) -> None:
        edition, page = self.edition, self.edition.page
        if edition.is_draft:
            self.draft_banner(canvas)
        if kind == "cover":
            return
        left, right = page.margin_x, page.width - page.margin_x
        width = right - left
        header_top = page.height - page.margin_top + 30
        canvas.saveState()
        header = self.ctx.plain_para(edition.manifest.title, self.styles.header)
        height = draw_paragraph(canvas, header, left, header_top, width)
        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(0.6)
        rule_y = header_top - height - 4
        canvas.line(left, rule_y, right, rule_y)
        footer_y = page.margin_bottom * 0.42
        canvas.line(left, footer_y + self.styles.header.fontSize + 6, right,
                    footer_y + self.styles.header.fontSize + 6)
        page_text = self.ctx.plain_para(edition.s("page_of", page=number, pages=total),
                                        self.styles.header.clone("pageno", alignment=0 if
                                                                 self.styles.rtl else 2))
        edition_id = self.ctx.plain_para(edition.edition_id, self.styles.header.clone(
            "edid", alignment=2 if self.styles.rtl else 0, fontSize=self.styles.header.fontSize * 0.9))
        half = width / 2
        draw_paragraph(canvas, page_text, left + (0 if self.styles.rtl else half),
                       footer_y + self.styles.header.leading, half)
        draw_paragraph(canvas, edition_id, left + (half if self.styles.rtl else 0),
                       footer_y + self.styles.header.leading, half)
        canvas.restoreState()

    def draft_banner(self, canvas) -> None:
        """Printed on every page of a stale or unreviewed translation.

        One line in the edition's language, one in English, inside the area
        every office printer prints (a third of an inch from the edge).
        """
        from .document import DRAFT_MARK_EN

        edition, page = self.edition, self.edition.page
        style = self.styles.header.clone("draft", textColor=HexColor("#9b1c1c"),
                                         fontName=self.styles.bold_font, alignment=1)
        texts = [edition.s("draft_mark")]
        if DRAFT_MARK_EN not in texts:
            texts.append(DRAFT_MARK_EN)
        paragraphs = [self.ctx.plain_para(text, style) for text in texts]
        width = page.width - 2 * page.margin_x
        heights = [p.wrapOn(canvas, width - 12, 200)[1] for p in paragraphs]
        top = page.height - 24
        height = sum(heights) + 6
        canvas.saveState()
        canvas.setFillColor(HexColor("#fdecec"))
        canvas.setStrokeColor(HexColor("#9b1c1c"))
        canvas.setLineWidth(0.8)
        canvas.roundRect(page.margin_x, top - height, width, height, 3, stroke=1, fill=1)
        canvas.restoreState()
        y = top - 3
        for paragraph, paragraph_height in zip(paragraphs, heights):
            y -= paragraph_height
            paragraph.drawOn(canvas, page.margin_x + 6, y)


def notes_page(edition, styles, ctx):
    """An intentional page for the reader's notes (pads a folded booklet)."""

    def draw(canvas, number, total):
        page = edition.page
        title = ctx.plain_para(edition.s("notes"), styles.h1)
        top = page.height - page.margin_top
        height = draw_paragraph(canvas, title, page.margin_x, top, page.frame_width)
        canvas.saveState()
        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(0.6)
        y = top - height - styles.body.leading * 1.6
        while y > page.margin_bottom + 10:
            canvas.line(page.margin_x, y, page.width - page.margin_x, y)
            y -= styles.body.leading * 1.6
        canvas.restoreState()
        del number, total

    return draw


__all__ = ["HandoutCanvas", "PageDecorator", "draw_paragraph", "notes_page"]
