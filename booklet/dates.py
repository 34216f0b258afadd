"""Dates written the way each language writes them (Babel, CLDR data)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .languages import Language


@lru_cache(maxsize=64)
def format_date(date: dt.date, lang: Language, style: str = "long") -> str:
    from babel.core import UnknownLocaleError
    from babel.dates import format_date as babel_format_date

    try:
        return babel_format_date(date, format=style, locale=lang.locale)
    except (UnknownLocaleError, ValueError):
        return date.isoformat()
