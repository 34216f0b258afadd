"""What is drawn around the text on every page: header, footer, draft banner, notes.

All of it is page furniture a screen reader skips (artifacts), except the
draft notice on the first page: it is read once, as real content, where the
document starts.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..structure import Node
from .elements import Text
from .styles import DRAFT, DRAFT_FILL, RULE, restyle

DRAFT_MARK_EN = "Draft translation, not yet reviewed by a medical translator"
EDGE = 24.0    # the draft banner's top, from the page edge: inside every printer's reach
FOOT = 20.0    # the footer's lowest point, from the page edge


@dataclass(frozen=True)
class Geometry:
    """Where the text frame and the running header and footer sit on a page."""

    left: float
    width: float
    frame_top: float       # y of the frame's top edge
    frame_bottom: float
    header_top: float
    footer_top: float

    @property
    def frame_height(self) -> float:
        return self.frame_top - self.frame_bottom


class Furniture:
    def __init__(self, edition, styles, text):
        self.edition, self.styles, self.text = edition, styles, text
        self.page = edition.page
        self.rtl = styles.fonts.rtl

    def _para(self, content: str, style, node=None, align="start") -> Text:
        style = restyle(style, align=align)
        return Text(self.text.runs(content, style, literal=True), style, node, rtl=self.rtl,
                    breaking=self.styles.fonts.breaking, base_rtl=True if self.rtl else None)

    # --- the draft banner ---------------------------------------------------------------
    def draft_texts(self) -> list[str]:
        texts = [self.edition.s("draft_mark")]
        if DRAFT_MARK_EN not in texts:
            texts.append(DRAFT_MARK_EN)
        return texts

    def draft_banner(self, painter, node: Node | None) -> None:
        """Printed on every page of a stale or unreviewed translation: one line in the
        edition's language, one in English. ``node``: read it here (first page)."""
        page = self.page
        style = restyle(self.styles.header, bold=True, colour=DRAFT, align="center")
        width = page.frame_width
        paragraphs = []
        for index, text in enumerate(self.draft_texts()):
            child = None
            if node is not None:
                child = node.add("P", lang="en" if index else None)
            paragraphs.append(self._para(text, style, child, align="center"))
        height = sum(p.measure(width - 12) for p in paragraphs) + 6
        top = page.height - EDGE
        with painter.artifact():
            painter.rect(page.margin_x, top - height, width, height, fill=DRAFT_FILL,
                         stroke=DRAFT, line_width=0.8, radius=3)
        y = top - 3
        for paragraph in paragraphs:
            if node is None:
                with painter.artifact("Pagination", "Header"):
                    paragraph.draw(painter, page.margin_x + 6, y, width - 12)
            else:
                paragraph.draw(painter, page.margin_x + 6, y, width - 12)
            y -= paragraph.measure(width - 12)

    def banner_height(self) -> float:
        width = self.page.frame_width - 12
        style = restyle(self.styles.header, bold=True)
        return sum(self._para(t, style).measure(width) for t in self.draft_texts()) + 6

    # --- header and footer --------------------------------------------------------------
    def _header(self) -> Text | None:
        """The running title; a draft's banner stands in its place (the warning
        matters more than the title, and the page keeps its room for the text)."""
        if self.edition.is_draft:
            return None
        return self._para(self.edition.manifest.title, self.styles.header)

    def _footer(self, number: int, total: int) -> tuple[Text, Text | None, bool]:
        """The page number and the edition's id, and whether they share one line.
        A booklet whose footer has no room for the id on one line prints its short
        form (language, version, fingerprint), else leaves it to the cover (its pages
        stay together); a loose page keeps the whole id on a second line."""
        styles = self.styles
        page_text = self._para(self.edition.s("page_of", page=number, pages=total),
                               styles.header, align="end")
        width = self.page.frame_width
        # the id chosen for the widest page number, so every page prints the same one
        page_width = max(page_text.last_line_width(width), self._para(
            self.edition.s("page_of", page=total, pages=total), styles.header,
            align="end").last_line_width(width))
        ids = [self.edition.edition_id]
        if self.page.booklet:     # the paper and format are in the reader's hands
            ids.append(self.edition.short_edition_id)
        for text in ids:
            edition_id = self._para(text, styles.header)
            one_line = page_width + edition_id.last_line_width(width) + 16 <= width
            if one_line:
                return page_text, edition_id, True
        if self.page.booklet:
            return page_text, None, True
        return page_text, edition_id, False

    def _footer_height(self) -> float:
        page_text, edition_id, one_line = self._footer(999, 999)
        width = self.page.frame_width
        if edition_id is None or one_line:
            return page_text.measure(width)
        return max(page_text.measure(width / 2), edition_id.measure(width / 2))

    def geometry(self) -> Geometry:
        """The frame, below the banner and header and above the footer, never
        closer to the edge than the edition's margins."""
        page = self.page
        width = page.frame_width
        header = self._header()
        if self.edition.is_draft:
            header_top = page.height - EDGE - self.banner_height()
            frame_top = min(page.height - page.margin_top, header_top - 14)
        else:
            header_top = page.height - EDGE
            frame_top = min(page.height - page.margin_top,
                            header_top - header.measure(width) - 14)
        footer_height = self._footer_height()
        frame_bottom = max(page.margin_bottom, FOOT + footer_height + 14)
        return Geometry(page.margin_x, width, frame_top, frame_bottom, header_top,
                        FOOT + footer_height)

    def header_footer(self, painter, geometry: Geometry, number: int, total: int) -> None:
        left, width = geometry.left, geometry.width
        header = self._header()
        if header is not None:
            with painter.artifact("Pagination", "Header"):
                header.draw(painter, left, geometry.header_top, width)
                rule_y = geometry.header_top - header.measure(width) - 4
                painter.line(left, rule_y, left + width, rule_y, RULE, line_width=0.6)
        page_text, edition_id, one_line = self._footer(number, total)
        part = width if one_line else width / 2
        with painter.artifact("Pagination", "Footer"):
            painter.line(left, geometry.footer_top + 5, left + width, geometry.footer_top + 5,
                         RULE, line_width=0.6)
            page_text.draw(painter, left + (0 if self.rtl or one_line else width - part),
                           geometry.footer_top, part)
            if edition_id is not None:
                edition_id.draw(painter, left + (width - part if self.rtl else 0),
                                geometry.footer_top, part)

    # --- notes pages (booklet padding) -------------------------------------------------
    def notes_page(self, painter, geometry: Geometry) -> None:
        page, styles = self.page, self.styles
        top = geometry.frame_top
        title = self._para(self.edition.s("notes"), styles.h1)
        with painter.artifact():
            title.draw(painter, page.margin_x, top, page.frame_width)
            y = top - title.measure(page.frame_width) - styles.body.leading * 1.6
            while y > geometry.frame_bottom + 10:
                painter.line(page.margin_x, y, page.width - page.margin_x, y, RULE,
                             line_width=0.6)
                y -= styles.body.leading * 1.6
