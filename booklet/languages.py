"""What booklet knows about each language: script, direction, locale, fonts."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str               # folder name under sections/, e.g. "zh-Hans"
    locale: str             # Babel locale for dates and names
    font_set: str           # key of booklet.fonts.FONT_SETS
    direction: str = "ltr"
    line_breaking: str = "words"   # "chars": break anywhere (Chinese)
    english_name: str = ""
    comma: str = ", "       # between the parts of a line of names (CLDR's list pattern)

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def pdf_lang(self) -> str:
        """The BCP 47 tag written to the PDF's /Lang."""
        return self.code


KNOWN = {
    "en": Language("en", "en_US", "latin", english_name="English"),
    "es": Language("es", "es", "latin", english_name="Spanish"),
    "vi": Language("vi", "vi", "vietnamese", english_name="Vietnamese"),
    "zh-Hans": Language("zh-Hans", "zh_Hans_CN", "cjk", line_breaking="chars",
                        english_name="Simplified Chinese", comma="，"),
    "ar": Language("ar", "ar", "arabic", direction="rtl", english_name="Arabic",
                   comma="، "),
}


def language(code: str) -> Language:
    """Settings for ``code``; an unlisted language gets Latin defaults."""
    if code in KNOWN:
        return KNOWN[code]
    return Language(code, code.replace("-", "_"), "latin", english_name=code)
