"""Paragraph styles for one edition: sizes from its typography, direction from its script."""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .. import fonts

INK = "#1b1f2a"          # body text: 15.9:1 on white
MUTED = "#4a5263"        # secondary text: 7.9:1 on white
RULE = "#c9ced8"


def tint(hex_colour: str, amount: float) -> str:
    """``hex_colour`` mixed with white; amount 0.9 is a pale background."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(v + (255 - v) * amount) for v in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    item: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    box_title: ParagraphStyle
    caption: ParagraphStyle
    small: ParagraphStyle
    reference: ParagraphStyle
    toc: ParagraphStyle
    header: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_text: ParagraphStyle
    centered: ParagraphStyle
    regular_font: str
    bold_font: str
    rtl: bool
    has_bold: bool


def make_styles(edition) -> Styles:
    font_set = fonts.FONT_SETS[edition.lang.font_set]
    fonts.register(font_set)
    regular, bold = font_set.name("regular"), font_set.name("bold")
    t = edition.type
    rtl = edition.lang.rtl
    align = TA_RIGHT if rtl else TA_LEFT
    wrap = "RTL" if rtl else ("CJK" if edition.lang.line_breaking == "chars" else None)
    common = dict(fontName=regular, textColor=INK, alignment=align, wordWrap=wrap,
                  shaping=1 if font_set.shaping else 0, allowWidows=0, allowOrphans=0,
                  splitLongWords=1)

    def style(name, **overrides):
        values = dict(common)
        values.update(overrides)
        return ParagraphStyle(name, **values)

    body = style("body", fontSize=t.body, leading=t.leading, spaceAfter=t.body * 0.6)
    return Styles(
        body=body,
        item=style("item", fontSize=t.body, leading=t.leading),
        h1=style("h1", fontName=bold, fontSize=t.h1, leading=t.h1 * 1.2,
                 textColor=edition.accent, spaceBefore=t.leading * 0.9,
                 spaceAfter=t.body * 0.6),
        h2=style("h2", fontName=bold, fontSize=t.h2, leading=t.h2 * 1.25,
                 textColor=INK, spaceBefore=t.body * 0.7, spaceAfter=t.body * 0.35),
        box_title=style("box_title", fontName=bold, fontSize=t.body * 1.08,
                        leading=t.leading * 1.05, spaceAfter=t.body * 0.3),
        caption=style("caption", fontSize=t.caption, leading=t.caption * 1.35,
                      textColor=MUTED),
        small=style("small", fontSize=t.small, leading=t.small * 1.35, textColor=MUTED),
        reference=style("reference", fontSize=t.small, leading=t.small * 1.38,
                        textColor=INK),
        toc=style("toc", fontSize=t.body * 1.08, leading=t.leading * 1.1),
        header=style("header", fontSize=t.small, leading=t.small * 1.2, textColor=MUTED),
        cover_title=style("cover_title", fontName=bold, fontSize=t.title,
                          leading=t.title * 1.12, textColor=edition.accent),
        cover_subtitle=style("cover_subtitle", fontSize=t.h2 * 1.05, leading=t.h2 * 1.4,
                             textColor=INK),
        cover_text=style("cover_text", fontSize=t.body, leading=t.leading, textColor=INK),
        centered=style("centered", fontSize=t.body, leading=t.leading, alignment=TA_CENTER,
                       textColor=MUTED),
        regular_font=regular, bold_font=bold, rtl=rtl, has_bold=font_set.has_bold,
    )
