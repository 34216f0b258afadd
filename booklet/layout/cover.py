"""The cover: a calm motif, the title, who it is for, the clinic's panel, the edition.

Everything is measured first; the motif takes what room is left (down to
nothing), so a long title or a full clinic panel never overlaps the audience
line and nothing is dropped.
"""
from __future__ import annotations

from ..dates import format_date
from ..structure import Node
from .elements import Element, Stack
from .styles import restyle, tint

# A fixed pattern of linked nerve cells, so every build draws the same.
MOTIF_POINTS = [(0.06, 0.55), (0.16, 0.82), (0.22, 0.35), (0.33, 0.62), (0.41, 0.2),
                (0.47, 0.86), (0.55, 0.48), (0.64, 0.75), (0.7, 0.25), (0.79, 0.58),
                (0.88, 0.84), (0.94, 0.38)]
MOTIF_LINKS = [(0, 1), (0, 2), (1, 3), (2, 3), (2, 4), (3, 5), (3, 6), (4, 6), (5, 7), (6, 7),
               (6, 8), (7, 9), (8, 9), (9, 10), (9, 11), (8, 11), (10, 11)]


class Cover(Element):
    """The whole first page's frame."""

    def __init__(self, ctx, document: Node, panel):
        self.ctx = ctx
        edition, styles = ctx.edition, ctx.styles
        manifest = edition.manifest
        self.rtl = styles.fonts.rtl
        self.accent = edition.accent
        self.title = ctx.para(manifest.title, styles.cover_title, document.add("H1"))
        self.subtitle = ctx.para(manifest.subtitle, styles.cover_subtitle, document.add("P"))
        self._type_steps = self._smaller_type(styles)
        self.audience = ctx.para(manifest.audience, styles.cover_text, document.add("P"))
        self.panel = panel
        line = ctx.s("edition_line", version=manifest.version,
                     date=format_date(edition.last_reviewed, edition.lang),
                     language=ctx.s("language_name"))
        style = restyle(styles.small, align="end")
        self.edition_node = Node("Div")
        # the edition's id (which file this is, as the manifest lists it) on a line of
        # its own, and a paragraph of its own: read after the date, not run into it
        self.edition_line = Stack([
            ctx.para(line, style, self.edition_node.add("P"), literal=True),
            ctx.para(edition.edition_id, style, self.edition_node.add("P"), literal=True)])
        self.page_break = False
        self.gap = 1.0      # share of the usual space between the cover's parts

    def fit(self, width: float, height: float) -> bool:
        """Make the cover fit ``height``: the clinic panel gives up its QR code, then
        the title and subtitle step down in size (never below the body text's), the
        space between the cover's parts halves, then the panel gives up its logo,
        then the lines the back page prints anyway (or, with no clinic, one of the
        lines left to write on).
        False if it still does not fit."""
        while self._fixed(width) > height:
            if self.panel.qr is not None:
                self.panel.shrink()
            elif self._type_steps:
                title_style, subtitle_style = self._type_steps.pop(0)
                self.title = self._restyled(self.title, title_style)
                self.subtitle = self._restyled(self.subtitle, subtitle_style)
            elif self.gap > 0.5:
                self.gap = 0.5
            elif not self.panel.shrink():
                return False
        return True

    @staticmethod
    def _smaller_type(styles) -> list:
        """(title style, subtitle style) pairs, each a step smaller, down to the body
        size for the subtitle and the section headings' size for the title (a title
        smaller than the headings inside would not read as the title)."""
        title, subtitle, body = styles.cover_title, styles.cover_subtitle, styles.body.size
        least = max(body * 1.25, styles.h1.size)
        steps = []
        for scale in (0.9, 0.8, 0.7, 0.6):
            title_size = max(title.size * scale, least)
            subtitle_size = max(subtitle.size * scale, body)
            steps.append((restyle(title, size=title_size, leading=title_size * 1.12),
                          restyle(subtitle, size=subtitle_size, leading=subtitle_size * 1.3)))
            if title_size == least and subtitle_size == body:
                break
        return steps

    @staticmethod
    def _restyled(text, style):
        return text.__class__(list(text.runs), style, text.node, rtl=text.rtl,
                              breaking=text.breaking, base_rtl=text.base_rtl)

    def _fixed(self, width):
        gap = self.gap
        return (self.title.measure(width) + 14 * gap + self.subtitle.measure(width)
                + 16 * gap + 3 + 14 * gap + self.audience.measure(width) + 18 * gap
                + self.panel.measure(width) + 14 * gap + self.edition_line.measure(width))

    def measure(self, width):
        return self._fixed(width)

    def draw(self, painter, x, top, width, height=None):
        height = height if height is not None else self._fixed(width)
        motif = max(0.0, min(height * 0.3, height - self._fixed(width) - 26))
        if motif >= 40:
            self._motif(painter, x, top - motif, width, motif)
            y = top - motif - 26
        else:
            y = top
        gap = self.gap
        self.title.draw(painter, x, y, width)
        y -= self.title.measure(width) + 14 * gap
        self.subtitle.draw(painter, x, y, width)
        y -= self.subtitle.measure(width) + 16 * gap
        with painter.artifact():
            painter.rect(x + width - 60 if self.rtl else x, y - 3, 60, 3, fill=self.accent)
        y -= 3 + 14 * gap
        self.audience.draw(painter, x, y, width)
        bottom = top - height
        line_height = self.edition_line.measure(width)
        self.edition_line.draw(painter, x, bottom + line_height, width)
        self.panel.draw(painter, x, bottom + line_height + 14 * gap + self.panel.measure(width),
                        width)

    def _motif(self, painter, x, y, width, height):
        points = [(1 - px, py) if self.rtl else (px, py) for px, py in MOTIF_POINTS]
        xy = [(x + px * width, y + py * height) for px, py in points]
        with painter.artifact():
            painter.rect(x, y - 6, width, height + 6, fill=tint(self.accent, 0.94), radius=14)
            for a, b in MOTIF_LINKS:
                (x1, y1), (x2, y2) = xy[a], xy[b]
                middle = ((x1 + x2) / 2, (y1 + y2) / 2 + (8 if a % 2 else -8))
                painter.curve((x1, y1), middle, middle, (x2, y2), tint(self.accent, 0.55),
                              line_width=2.2, cap=1)
            for index, (px, py) in enumerate(xy):
                radius = 9 if index % 3 == 0 else 6.5
                painter.circle(px, py, radius, fill=self.accent if index % 3 == 0
                               else tint(self.accent, 0.35))
                painter.circle(px, py, radius * 0.38, fill="#ffffff")

    def text_sizes(self):
        return (self.title.text_sizes() + self.subtitle.text_sizes()
                + self.audience.text_sizes() + self.panel.text_sizes()
                + self.edition_line.text_sizes())
