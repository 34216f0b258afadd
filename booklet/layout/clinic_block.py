"""The clinic's panel on the cover: logo, name, how to reach it, a QR code.

Without a clinic profile the panel has lines for staff to write on.
"""
from __future__ import annotations

from reportlab.lib.colors import HexColor

from .pages import draw_paragraph
from .styles import RULE, tint


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

    widget = QrCodeWidget(url, barLevel="M", barBorder=0)
    left, bottom, right, top = widget.getBounds()
    quiet = size * 0.1  # a white margin around the code, so phones can read it
    canvas.saveState()
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.roundRect(x - quiet, y - quiet, size + 2 * quiet, size + 2 * quiet, 3, stroke=0, fill=1)
    canvas.restoreState()
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
        panel_height = 132
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
        qr_size = 80 if clinic.website else 0
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
                code = slot_width - 16
                _qr(canvas, clinic.website, cursor + 8, y + padding + 16, code)
                caption = ctx.plain_para(edition.s("scan_to_visit"), styles.small.clone(
                    "qrcap", alignment=1, fontSize=8.5, leading=10))
                caption.wrapOn(canvas, slot_width + 10, 30)
                caption.drawOn(canvas, cursor - 5, y + 6)
            else:
                top = inner_top
                name = ctx.plain_para(clinic.name, styles.box_title)
                top -= draw_paragraph(canvas, name, cursor, top, slot_width) + 2
                contact = styles.item.clone("cl", fontSize=min(styles.item.fontSize, 12),
                                            leading=min(styles.item.fontSize, 12) * 1.3)
                for key, value in (("phone", clinic.phone), ("after_hours", clinic.after_hours),
                                   ("website", clinic.display_website),
                                   ("email", clinic.email)):
                    if value and top - contact.leading > y + padding - 4:
                        line = ctx.plain_para(edition.labelled(key, value), contact)
                        top -= draw_paragraph(canvas, line, cursor, top, slot_width)
            cursor += slot_width + 14

    return draw
