"""Work-arounds for ReportLab bugs met by real content; each says what and why."""
from __future__ import annotations

from reportlab.pdfgen.textobject import PDFTextObject

_original_set_rise = PDFTextObject.setRise


def _set_rise(self, rise):
    # ReportLab 4-5 reads self._code[-1] without checking that a text object has
    # code yet; HarfBuzz-shaped Arabic whose first glyph is raised (a dot mark)
    # hits that with an IndexError.
    if not self._code:
        self._rise = rise
        self._y -= rise
        self._code.append(f"{rise:g} Ts")
        return
    _original_set_rise(self, rise)


PDFTextObject.setRise = _set_rise


def _extend_cannot_start() -> None:
    # ReportLab's line-start rules come from Japanese typesetting and miss the
    # full-width punctuation of Chinese (，；：！？》 and the like), so a comma
    # could open a line. Add them to both copies of the table.
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extra = "\uff0c\uff1b\uff1a\uff01\uff1f\u300b\u3009\u201d\u2019\u2026\u00b7\u30fb"
    table = textsplit.ALL_CANNOT_START + "".join(c for c in extra
                                                 if c not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START = table
    if hasattr(paragraph, "ALL_CANNOT_START"):
        paragraph.ALL_CANNOT_START = table


_extend_cannot_start()


def _readable_to_unicode() -> None:
    # A shaped Arabic glyph maps to a presentation form (U+FExx) or to a
    # private-use code; copied or searched, that is not the letter a reader
    # sees. Map each to the letters it stands for.
    import unicodedata

    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap

    def make_to_unicode_cmap(fontname, subset):
        from .rtl import GLYPH_LETTERS

        face = fontname.split("+", 1)[-1]
        cmap = original(fontname, subset)
        lines = []
        for line in cmap.split("\n"):
            parts = line.split(" ")
            if len(parts) == 2 and parts[1].startswith("<") and len(parts[1]) == 6:
                code = int(parts[1][1:5], 16)
                letters = GLYPH_LETTERS.get((face, code))
                if letters is None and (0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF):
                    # reversed like the glyphs' other letters (see rtl.GLYPH_LETTERS)
                    letters = unicodedata.normalize("NFKC", chr(code))[::-1]
                if letters:
                    hex_letters = "".join(f"{u:04X}" for u in
                                          _utf16(letters))
                    line = f"{parts[0]} <{hex_letters}>"
            lines.append(line)
        return "\n".join(lines)

    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


def _utf16(text: str) -> list[int]:
    data = text.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


_readable_to_unicode()
