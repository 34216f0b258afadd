"""A session day with Spravato: before, during and after, on one time line.

Placeholder drawing (three panels of labels); the full figure replaces it.
"""
from __future__ import annotations

from typing import Mapping

import svgwrite

from ._common import CANVAS_WIDTH, Theme, block_height, require_labels, text_block, wrap_lines

# written out in full: content validation reads this tuple without importing the module
LABEL_KEYS = ("before_title", "during_title", "after_title", "footnote")

MARGIN = 16.0


def draw(labels: Mapping[str, str], theme: Theme) -> svgwrite.Drawing:
    require_labels(labels, LABEL_KEYS, "session_day")
    width = (CANVAS_WIDTH - 2 * MARGIN) / 3
    columns = [wrap_lines(labels[key], theme, width - 16, bold=True)
               for key in ("before_title", "during_title", "after_title")]
    top = MARGIN + theme.label_size
    body = max(block_height(lines, theme) for lines in columns)
    footnote = wrap_lines(labels["footnote"], theme, CANVAS_WIDTH - 2 * MARGIN)
    height = top + body + 2 * MARGIN + block_height(footnote, theme) + MARGIN
    dwg = svgwrite.Drawing(size=(CANVAS_WIDTH, height), profile="full", debug=False)
    dwg.viewbox(0, 0, CANVAS_WIDTH, height)
    order = range(3) if not theme.rtl else range(2, -1, -1)
    for slot, index in enumerate(order):
        x = MARGIN + slot * width
        dwg.add(dwg.rect((x + 4, MARGIN / 2), (width - 8, body + MARGIN + theme.label_size),
                         rx=8, fill=theme.palette.blue_light))
        dwg.add(text_block(dwg, columns[index], x + width / 2, top, theme, bold=True,
                           anchor="middle"))
    dwg.add(text_block(dwg, footnote, MARGIN, top + body + 2 * MARGIN, theme,
                       fill=theme.palette.muted))
    return dwg
