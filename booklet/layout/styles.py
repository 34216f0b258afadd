"""Text styles for one edition: sizes from its typography, fonts from its script."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .. import fonts

INK = "#1b1f2a"          # body text: 15.9:1 on white
MUTED = "#4a5263"        # secondary text: 7.9:1 on white
RULE = "#c9ced8"
WHITE = "#ffffff"
WARNING = "#b3261e"
WARNING_FILL = "#fdf0ea"
DRAFT = "#9b1c1c"
DRAFT_FILL = "#fdecec"
REVIEW_FILL = "#f3f4f7"
CRISIS = "#5b3a8c"       # the crisis-line row of the call guide: 8.6:1 on white


def tint(hex_colour: str, amount: float) -> str:
    """``hex_colour`` mixed with white; amount 0.9 is a pale background."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(v + (255 - v) * amount) for v in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


@dataclass(frozen=True)
class TextStyle:
    size: float
    leading: float
    colour: str = INK
    bold: bool = False
    space_before: float = 0.0
    space_after: float = 0.0
    align: str = "start"           # start | center | end, in the edition's direction


@dataclass(frozen=True)
class Fonts:
    """The registered font names of an edition's script, and what it lacks."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    has_bold: bool                 # False (Chinese): bold is shown in colour instead
    breaking: str                  # "words" or "chars"
    rtl: bool

    def face(self, bold: bool, italic: bool) -> str:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        return self.italic if italic else self.regular


@dataclass(frozen=True)
class Styles:
    body: TextStyle
    item: TextStyle
    h1: TextStyle
    h2: TextStyle
    box_title: TextStyle
    caption: TextStyle
    small: TextStyle
    reference: TextStyle
    toc: TextStyle
    header: TextStyle
    cover_title: TextStyle
    cover_subtitle: TextStyle
    cover_text: TextStyle
    fonts: Fonts
    accent: str


def make_styles(edition) -> Styles:
    font_set = fonts.FONT_SETS[edition.lang.font_set]
    fonts.register(font_set)
    t = edition.type
    accent = edition.accent
    return Styles(
        body=TextStyle(t.body, t.leading, space_after=t.body * 0.6),
        item=TextStyle(t.body, t.leading, space_after=t.body * 0.35),
        h1=TextStyle(t.h1, t.h1 * 1.2, accent, bold=True, space_before=t.leading * 0.9,
                     space_after=t.body * 0.6),
        h2=TextStyle(t.h2, t.h2 * 1.25, INK, bold=True, space_before=t.body * 0.7,
                     space_after=t.body * 0.35),
        box_title=TextStyle(t.body * 1.08, t.leading * 1.05, bold=True,
                            space_after=t.body * 0.3),
        caption=TextStyle(t.caption, t.caption * 1.35, MUTED),
        small=TextStyle(t.small, t.small * 1.35, MUTED),
        reference=TextStyle(t.small, t.small * 1.38, INK, space_after=t.small * 0.3),
        toc=TextStyle(t.body * 1.08, t.leading * 1.1),
        header=TextStyle(t.header, t.header * 1.2, MUTED),
        cover_title=TextStyle(t.title, t.title * 1.12, accent, bold=True),
        cover_subtitle=TextStyle(t.h2 * 1.05, t.h2 * 1.4, INK),
        cover_text=TextStyle(t.body, t.leading, MUTED),
        fonts=Fonts(font_set.name("regular"), font_set.name("bold"), font_set.name("italic"),
                    font_set.name("bolditalic"), font_set.has_bold,
                    "chars" if edition.lang.line_breaking == "chars" else "words",
                    edition.lang.rtl),
        accent=accent,
    )


def fonts_for(lang) -> Fonts:
    """The fonts of ``lang`` (a Language), registered: for text kept in another
    language than the edition's (English references in a Chinese handout)."""
    font_set = fonts.FONT_SETS[lang.font_set]
    fonts.register(font_set)
    return Fonts(font_set.name("regular"), font_set.name("bold"), font_set.name("italic"),
                 font_set.name("bolditalic"), font_set.has_bold,
                 "chars" if lang.line_breaking == "chars" else "words", lang.rtl)


def restyle(style: TextStyle, **changes) -> TextStyle:
    return replace(style, **changes)
