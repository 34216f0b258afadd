"""The clinic's panel on the cover: logo, name, how to reach it, a QR code.

Without a clinic profile the panel has lines for staff to write on.
"""
from __future__ import annotations

from reportlab.lib.colors import HexColor

from .pages import draw_paragraph
from .styles import RULE, tint

MAX_LOGO_PIXELS = 4096


def _logo(canvas, path, x, y, max_width, max_height) -> float:
    """Draw the logo inside the box; returns the width used."""
    if path is None:
        return 0
    if path.suffix.lower() == ".svg":
        from ..drawings import draw_vector, logo_drawing

        drawing = logo_drawing(path, canvas._fontname)
        scale = min(max_width / drawing.width, max_height / drawing.height)
        canvas.saveState()
        canvas.translate(x, y + (max_height - drawing.height * scale) / 2)
        canvas.scale(scale, scale)
        draw_vector(drawing, canvas, 0, 0)
        canvas.restoreState()
        return drawing.width * scale
    from reportlab.lib.utils import ImageReader

    image = ImageReader(str(path))
    width, height = image.getSize()
    scale = min(max_width / width, max_height / height)
    canvas.drawImage(image, x, y + (max_height - height * scale) / 2, width * scale,
                     height * scale, mask="auto")
    return width * scale


def _qr(canvas, url: str, x: float, y: float, size: float) -> None:
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0,
                                             size / (top - bottom), 0, 0])
    drawing.add(widget)
    from ..drawings import draw_vector

    draw_vector(drawing, canvas, x, y)


def clinic_block_factory(story):
    """A function that draws the panel with its bottom edge at ``y``."""
    edition, styles, ctx = story.edition, story.styles, story.ctx
    clinic = edition.clinic
    rtl = styles.rtl

    def draw(canvas, x, y, width):
        panel_height = 118
        padding = 14
        canvas.saveState()
        canvas.setFillColor(HexColor(tint(edition.accent, 0.93)))
        canvas.roundRect(x, y, width, panel_height, 10, stroke=0, fill=1)
        canvas.restoreState()
        inner_top = y + panel_height - padding
        if clinic is None:
            title = ctx.plain_para(edition.s("from_your_clinic"), styles.box_title)
            height = draw_paragraph(canvas, title, x + padding, inner_top, width - 2 * padding)
            canvas.saveState()
            canvas.setStrokeColor(HexColor(RULE))
            line_y = inner_top - height - 24
            for _ in range(3):
                canvas.line(x + padding, line_y, x + width - padding, line_y)
                line_y -= 24
            canvas.restoreState()
            return
        qr_size = 84 if clinic.website else 0
        logo_box = 84 if clinic.logo else 0
        text_width = width - 2 * padding - qr_size - logo_box - (14 if qr_size else 0) \
            - (14 if logo_box else 0)
        # left to right: logo, text, QR; mirrored for right-to-left editions
        slots = [("logo", logo_box), ("text", text_width), ("qr", qr_size)]
        if rtl:
            slots.reverse()
        cursor = x + padding
        for kind, slot_width in slots:
            if not slot_width:
                continue
            if kind == "logo":
                _logo(canvas, clinic.logo, cursor, y + padding, slot_width,
                      panel_height - 2 * padding)
            elif kind == "qr":
                _qr(canvas, clinic.website, cursor, y + padding + 6, slot_width - 6)
                caption = ctx.plain_para(edition.s("scan_to_visit"), styles.small.clone(
                    "qrcap", alignment=1, fontSize=7.5, leading=9))
                caption.wrapOn(canvas, slot_width + 8, 30)
                caption.drawOn(canvas, cursor - 4, y + 4)
            else:
                top = inner_top
                name = ctx.plain_para(clinic.name, styles.box_title)
                top -= draw_paragraph(canvas, name, cursor, top, slot_width) + 2
                for key, value in (("phone", clinic.phone), ("website", clinic.website),
                                   ("email", clinic.email)):
                    if value and top > y + padding:
                        line = ctx.plain_para(edition.labelled(key, value), styles.small.clone(
                            "cl", textColor=HexColor("#1b1f2a"), fontSize=styles.small.fontSize))
                        top -= draw_paragraph(canvas, line, cursor, top, slot_width)
            cursor += slot_width + 14

    return draw
