"""Dates written the way each language writes them (Babel, CLDR data).

Loading Babel and its locale data takes longer than laying out a page, and an
edition needs one or two dates, so formatted dates are also remembered in the
cache folder (a pure function's results: date, locale and style in, text out).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from functools import lru_cache

from .languages import Language

_remembered: dict | None = None


def _cache_file():
    from .fonts import cache_root

    return None if os.environ.get("BOOKLET_NO_CACHE") else cache_root() / "dates.json"


def _load() -> dict:
    global _remembered
    if _remembered is None:
        path = _cache_file()
        try:
            _remembered = json.loads(path.read_text("utf-8")) if path and path.exists() else {}
        except (OSError, ValueError):
            _remembered = {}
    return _remembered


def _remember(key: str, text: str) -> None:
    remembered = _load()
    remembered[key] = text
    path = _cache_file()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(remembered, out, ensure_ascii=False, sort_keys=True)
        os.replace(tmp, path)
    except OSError:
        pass


@lru_cache(maxsize=64)
def format_date(date: dt.date, lang: Language, style: str = "long") -> str:
    from importlib.metadata import version

    key = f"{version('babel')}|{lang.locale}|{style}|{date.isoformat()}"
    if key in _load():
        return _load()[key]
    from babel.core import UnknownLocaleError
    from babel.dates import format_date as babel_format_date

    try:
        text = babel_format_date(date, format=style, locale=lang.locale)
    except (UnknownLocaleError, ValueError):
        text = date.isoformat()
    _remember(key, text)
    return text
