"""Dates written the way each language writes them (Babel, CLDR data).

Loading Babel and its locale data takes longer than laying out a page, and an
edition needs one or two dates, so formatted dates are also remembered in the
cache (booklet.cache: a pure function's results, date, locale and style in,
text out, kept as checked JSON).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from . import cache
from .languages import Language


@lru_cache(maxsize=64)
def format_date(date: dt.date, lang: Language, style: str = "long") -> str:
    from . import fingerprint

    key = f"{fingerprint.libraries()}|{lang.locale}|{style}|{date.isoformat()}"
    remembered = cache.get_json("dates", key)
    if isinstance(remembered, str):
        return remembered
    from babel.core import UnknownLocaleError
    from babel.dates import format_date as babel_format_date

    try:
        text = babel_format_date(date, format=style, locale=lang.locale)
    except (UnknownLocaleError, ValueError):
        text = date.isoformat()
    cache.put_json("dates", key, text)
    return text
