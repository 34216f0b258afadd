"""The clinic's panel on the cover (logo, name, how to reach it, a QR code) and its
contact box on the back page (everything, address included).

The panel grows with what the profile holds: nothing is dropped for lack of
room. Without a profile the panel has lines for staff to write on.
"""
from __future__ import annotations

from functools import lru_cache

from ..structure import Node
from .elements import Element, Text
from .styles import RULE, restyle, tint

PADDING = 14.0
LOGO_BOX = 84.0
QR_BOX = 80.0
STACKED_LOGO = 44.0     # a logo's height above the text
GAP = 14.0


def contact_lines(edition, with_address: bool) -> list[tuple[str, str]]:
    """(field, printed line) for every field of the profile the page shows."""
    clinic = edition.clinic
    if clinic is None:
        return []
    lines = []
    if with_address and clinic.address:
        lines.append(("address", clinic.address))
    for key, value in (("phone", clinic.phone), ("after_hours", clinic.after_hours),
                       ("website", clinic.display_website), ("email", clinic.email)):
        if value:
            lines.append((key, edition.labelled(key, value)))
    return lines


class ClinicPanel(Element):
    """The cover's clinic panel: logo, text, QR code; mirrored right to left."""

    def __init__(self, ctx, node: Node, logo=None, qr=None):
        self.ctx = ctx
        self.edition = ctx.edition
        self.node = node
        self.logo, self.qr = logo, qr          # drawings, or None
        styles = ctx.styles
        clinic = self.edition.clinic
        self.rtl = styles.fonts.rtl
        size = min(styles.item.size, 12) if not self.edition.large_print else styles.item.size
        self.contact_style = restyle(styles.item, size=size, leading=size * 1.3,
                                     space_after=0)
        if clinic is None:
            self.texts = [ctx.para(ctx.s("from_your_clinic"), styles.box_title,
                                   node.add("P"), literal=True)]
        else:
            self.texts = [ctx.para(clinic.name, styles.box_title, node.add("P"), literal=True)]
            self.texts += [ctx.para(line, self.contact_style, node.add("P"), literal=True)
                           for _, line in contact_lines(self.edition, with_address=False)]
        self.write_on_lines = 3     # without a profile: lines for staff to write on
        self.qr_caption = ctx.para(ctx.s("scan_to_visit"), restyle(
            styles.small, align="center", size=min(styles.small.size, 9) if not
            self.edition.large_print else styles.small.size), None, literal=True)

    def shrink(self) -> bool:
        """Give up one thing for room on a crowded cover (the back page's contact
        box prints every field). False when nothing is left to give up."""
        if self.qr is not None:
            self.qr = None
        elif self.logo is not None:
            self.logo = None
        elif len(self.texts) > 2:     # the name and the first way to reach the clinic stay
            self.texts.pop()
        elif self.edition.clinic is None and self.write_on_lines > 2:
            self.write_on_lines -= 1
        else:
            return False
        return True

    def _slots(self, width, stacked: bool | None = None):
        """(logo, text, QR code) widths side by side; a stacked logo sits above the text."""
        clinic = self.edition.clinic
        has_logo = clinic is not None and self.logo is not None
        if stacked is None:
            stacked = self._stacked(width)
        logo = LOGO_BOX if has_logo and not stacked else 0.0
        qr = QR_BOX if clinic is not None and self.qr is not None else 0.0
        text = width - 2 * PADDING - logo - qr - (GAP if logo else 0) - (GAP if qr else 0)
        if text < 140:    # a narrow page: the QR code goes
            qr, text = 0.0, text + QR_BOX + GAP
        return logo, text, qr

    def _stacked(self, width) -> bool:
        """Whether the logo goes above the text: beside it, an address or a number,
        which must not break, would not fit the text's column."""
        if self.edition.clinic is None or self.logo is None:
            return False
        from ..text.shaping import width as text_width

        _, column, _ = self._slots(width, stacked=False)
        widest = max((text_width(run.text, run.font, text.style.size)
                      for text in self.texts for run in text.runs if run.link), default=0.0)
        return widest > column

    def _logo_height(self, width) -> float:
        return STACKED_LOGO + GAP / 2 if self._stacked(width) else 0.0

    def measure(self, width):
        logo, text_width, qr = self._slots(width)
        text_height = sum(t.measure(text_width) for t in self.texts) + 2
        if self.edition.clinic is None:
            text_height += self.write_on_lines * 24
        qr_height = qr + self.qr_caption.measure(qr + 10) + 6 if qr else 0.0
        return 2 * PADDING + self._logo_height(width) + \
            max(text_height, logo * 0.8 if logo else 0.0, qr_height)

    def draw(self, painter, x, top, width):
        height = self.measure(width)
        bottom = top - height
        with painter.artifact():
            painter.rect(x, bottom, width, height, fill=tint(self.edition.accent, 0.93),
                         radius=10)
        logo, text_width, qr = self._slots(width)
        above = self._logo_height(width)
        if above:
            box_x = x + width - PADDING - LOGO_BOX if self.rtl else x + PADDING
            self._draw_logo(painter, box_x, top - PADDING - STACKED_LOGO, LOGO_BOX, STACKED_LOGO,
                            align_start=True)
            top -= above
        slots = [("logo", logo), ("text", text_width), ("qr", qr)]
        if self.rtl:
            slots.reverse()
        cursor = x + PADDING
        for kind, slot in slots:
            if not slot:
                continue
            if kind == "logo":
                self._draw_logo(painter, cursor, bottom + PADDING, slot, height - 2 * PADDING)
            elif kind == "qr":
                self._draw_qr(painter, cursor, bottom + PADDING, slot)
            else:
                y = top - PADDING
                for text in self.texts:
                    text.draw(painter, cursor, y, slot)
                    y -= text.measure(slot)
                if self.edition.clinic is None:
                    with painter.artifact():
                        line_y = y - 24
                        for _ in range(self.write_on_lines):
                            painter.line(cursor, line_y, cursor + slot, line_y, RULE)
                            line_y -= 24
            cursor += slot + GAP

    def _draw_logo(self, painter, x, y, box, height, align_start=False):
        logo = self.logo
        scale = min(box / logo.width, height / logo.height)
        bottom = y + (height - logo.height * scale) / 2
        if align_start and self.rtl:     # a stacked logo keeps to the reading edge
            x += box - logo.width * scale
        figure = self.node.add("Figure", alt=self.edition.clinic.name)
        with painter.tagged(figure):
            if hasattr(logo, "items"):     # an SVG logo's drawing program
                painter.drawing(logo, x, bottom, scale, rtl=self.rtl,
                                fallback_font=self.ctx.styles.fonts.regular)
            else:
                painter.image(logo.png_bytes, x, bottom, logo.width * scale, logo.height * scale)

    def _draw_qr(self, painter, x, y, box):
        caption_height = self.qr_caption.measure(box + 10)
        code = box - 16
        bottom = y + caption_height + 4
        with painter.artifact():
            quiet = code * 0.1       # a white margin, so phones can read it
            painter.rect(x + 8 - quiet, bottom - quiet, code + 2 * quiet, code + 2 * quiet,
                         fill="#ffffff", radius=3)
        website = self.edition.clinic.display_website
        figure = self.node.add("Figure", alt=f"{self.edition.s('scan_to_visit')}: {website}")
        with painter.tagged(figure):
            painter.drawing(self.qr, x + 8, bottom, code / self.qr.width)
        with painter.artifact():
            self.qr_caption.draw(painter, x - 5, y + caption_height, box + 10)

    def text_sizes(self):
        sizes = [size for text in self.texts for size in text.text_sizes()]
        if self.qr is not None:
            sizes += self.qr_caption.text_sizes()
        return sizes


def contact_box(ctx, node: Node) -> list[Element]:
    """The back page's "From your care team" box: every field of the profile."""
    from .elements import Box, Spacer

    edition, styles = ctx.edition, ctx.styles
    aside = node.add("Aside")
    content: list[Element] = [ctx.para(ctx.s("from_your_clinic"), styles.box_title,
                                       aside.add("P"), literal=True)]
    clinic = edition.clinic
    if clinic is None:
        content.append(ctx.para(ctx.s("no_clinic_contact"), styles.item, aside.add("P"),
                                literal=True))
    else:
        content.append(ctx.para(clinic.name, restyle(styles.item, bold=True), aside.add("P"),
                                literal=True))
        content += [ctx.para(line, styles.item, aside.add("P"), literal=True)
                    for _, line in contact_lines(edition, with_address=True)]
    return [Spacer(6), Box(content, tint(edition.accent, 0.92), edition.accent, ctx.rtl)]


QR_FORMAT = "qr-1"


@lru_cache(maxsize=16)
def qr_program(url: str):
    """The website as a QR code (error correction M): a drawing program of dark
    modules, one unit each, made once per address and kept in the data cache
    (encoding a QR code costs more than laying out a page)."""
    import hashlib

    from .. import cache, fingerprint
    from ..drawings import Program, safe_operators

    key = hashlib.sha256(f"{QR_FORMAT}|{url}|{fingerprint.libraries()}".encode()).hexdigest()
    data = cache.get_json("qr", key)
    if isinstance(data, dict) and data.get("key") == key and isinstance(data.get("size"), int) \
            and isinstance(data.get("ops"), str) and safe_operators(data["ops"]):
        return Program(float(data["size"]), float(data["size"]), (data["ops"],))
    size, ops = _qr_operators(url)
    cache.put_json("qr", key, {"key": key, "size": size, "ops": ops})
    return Program(float(size), float(size), (ops,))


def _qr_operators(url: str) -> tuple[int, str]:
    """(modules per side, fill operators): each row's runs of dark modules as rectangles."""
    import segno

    matrix = segno.make_qr(url, error="m", boost_error=False).matrix
    size = len(matrix)
    rects = []
    for row_index, row in enumerate(matrix):
        y = size - 1 - row_index
        start = None
        for column, dark in enumerate(list(row) + [0]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                rects.append(f"{start} {y} {column - start} 1 re")
                start = None
    return size, "0 g " + " ".join(rects) + " f"


__all__ = ["ClinicPanel", "contact_box", "contact_lines", "qr_program", "Text"]
