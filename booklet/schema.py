"""Checks on loaded YAML values: types, known keys, did-you-mean suggestions.

Each check records a problem with the file and line and returns a usable
value (or None), so validation goes on and reports every problem at once.
"""
from __future__ import annotations

import difflib
import re
import unicodedata

from .errors import Problems
from .markup import PLACEHOLDERS, unknown_placeholders
from .yamlsource import YList, YMap

MAX_TEXT = 4000        # characters in any text value not listed in FIELD_LIMITS
MAX_ITEMS = 200        # items in one list

# The longest text each field may hold, in characters: far beyond what a real
# handout needs, short enough that layout can always place it (an 850-character
# crisis line or a 2,300-character website cannot be laid out on a cover or a
# call card). Keyed by how the loaders name a field in messages, digits as N;
# the second value is the field's name in the README (docs/readme/limits.md).
FIELD_LIMITS: dict[str, tuple[int, str]] = {
    # handout.yaml (the manifest)
    "'title'": (120, "handout title"),
    "'subtitle'": (200, "handout subtitle"),
    "'audience'": (200, "audience line"),
    "'version'": (20, "version"),
    "'reviewer'": (120, "reviewer (manifest and clinic profile)"),
    "'source_language'": (16, "source language code"),
    "item N of the keywords": (60, "keyword"),
    "item N of the sections list": (64, "section id in the sections list"),
    "the source_hash": (128, "translation source_hash"),
    "the translator": (120, "translator"),
    # section files
    "the section title": (100, "section title"),
    "the heading": (120, "heading"),
    "the paragraph": (1500, "paragraph"),
    "item N of the bullets list": (400, "bullet item"),
    "item N of the numbered list": (400, "numbered item"),
    "item N of the checklist list": (400, "checklist item"),
    "item N of the questions list": (400, "question"),
    "item N of the references list": (600, "reference"),
    "the box title": (80, "key point or warning title"),
    "the box text": (800, "key point or warning text"),
    "item N of the box items": (400, "key point or warning item"),
    "the figure name": (40, "figure name"),
    "the caption": (300, "figure caption"),
    "the alt text": (600, "figure alt text"),
    "the term": (60, "glossary term"),
    "the meaning": (400, "glossary meaning"),
    "the level": (16, "call guide level"),
    "the tier title": (80, "call guide tier title"),
    "the tier text": (400, "call guide tier text"),
    "item N of the tier items": (200, "call guide tier item"),
    "the note": (400, "review box note"),
    # strings.yaml and figures.yaml
    "string": (300, "interface string (strings.yaml)"),
    "label": (400, "figure label (figures.yaml)"),
    # clinic profile
    "'name'": (80, "clinic name"),
    "'address'": (200, "clinic address"),
    "'phone'": (40, "clinic phone"),
    "'after_hours'": (120, "after-hours line"),
    "'website'": (200, "clinic website"),
    "'email'": (254, "clinic email"),
    "'logo'": (255, "logo file name"),
    "'brand_colour'": (16, "brand colour"),
    "'reviewer_credentials'": (120, "reviewer credentials"),
    "'crisis_line'": (200, "crisis line (each language)"),
    "'emergency_number'": (40, "emergency number"),
    # translation records: the source text each part translates, and its sign-off
    "translation source": (1500, "source text in a translation record (as its field)"),
}


def field_key(what: str) -> str:
    """How FIELD_LIMITS names the field a message calls ``what``."""
    key = re.sub(r"\d+", "N", what)
    if key.startswith("string '"):
        return "string"
    if key.startswith("label "):
        return "label"
    base = key.split(".", 1)[0]
    if "." in key and f"'{base}'" in FIELD_LIMITS:       # per-language profile fields
        return f"'{base}'"
    if key.startswith("translation.source."):
        return "translation source"
    return key


def text_limit(what: str) -> int:
    return FIELD_LIMITS.get(field_key(what), (MAX_TEXT, ""))[0]

# Characters that would make printed text differ from what the file shows:
# direction overrides (used to disguise text) and control characters.
_FORBIDDEN = {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)}


# zero-width (non-)joiners shape Arabic and other scripts; other format
# characters (zero-width spaces, marks, BOMs) are invisible litter from the web
_JOINERS = {"\u200c", "\u200d"}


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class Checker:
    """Validation helpers bound to one file."""

    def __init__(self, path: str, problems: Problems):
        self.path = path
        self.problems = problems

    def error(self, line: int, message: str) -> None:
        self.problems.add(self.path, line, message)

    def mapping(self, value, line: int, what: str) -> YMap | None:
        if isinstance(value, YMap):
            return value
        self.error(getattr(value, "line", line),
                   f"{what} must be a mapping of keys and values, not {_kind(value)}")
        return None

    def keys(self, mapping: YMap, allowed, required, what: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.error(mapping.line_of(key), f"unknown key {key!r} in {what}"
                           f"{did_you_mean(key, allowed)}")
        for key in required:
            if key not in mapping:
                self.error(mapping.line, f"{what} is missing the key {key!r}")

    def text(self, value, line: int, what: str, *, allow_empty: bool = False,
             strip: bool = True) -> str | None:
        if isinstance(value, bool) or value is None or isinstance(value, (YMap, YList)):
            if value is None and allow_empty:
                return None
            self.error(getattr(value, "line", line), f"{what} must be text, not {_kind(value)}")
            return None
        if not isinstance(value, str):
            value = str(value)  # numbers and dates written where text is meant
        # one spelling for one text: decomposed accents (from some editors and
        # Macs) would print as loose marks beside their letters
        value = unicodedata.normalize("NFC", value)
        if not value.strip() and not allow_empty:
            self.error(line, f"{what} is empty")
            return None
        limit = text_limit(what)
        if len(value) > limit:
            self.error(line, f"{what} is {len(value):,} characters long; the limit is {limit:,}")
            return None
        bad = sorted({c for c in value if c in _FORBIDDEN or
                      (unicodedata.category(c) == "Cc" and c not in "\n\t") or
                      (unicodedata.category(c) == "Cf" and c not in _JOINERS)})
        if bad:
            names = ", ".join(f"U+{ord(c):04X}" for c in bad)
            self.error(line, f"{what} contains invisible control characters ({names}); "
                             f"delete them (they often come from copying text from the web)")
            return None
        for name in unknown_placeholders(value):
            self.error(line, f"unknown placeholder {{{{{name}}}}}{did_you_mean(name, PLACEHOLDERS)}"
                             f" (known: {', '.join(PLACEHOLDERS)})")
        return value.strip() if strip else value

    def text_list(self, value, line: int, what: str) -> tuple[str, ...]:
        if not isinstance(value, YList):
            self.error(getattr(value, "line", line),
                       f"{what} must be a list of items (lines starting with '- '), not {_kind(value)}")
            return ()
        if not value:
            self.error(value.line, f"{what} has no items")
        if len(value) > MAX_ITEMS:
            self.error(value.line, f"{what} has {len(value)} items; the limit is {MAX_ITEMS}")
            return ()
        items = (self.text(item, value.line_of(i), f"item {i + 1} of {what}")
                 for i, item in enumerate(value))
        return tuple(item for item in items if item is not None)

    def number(self, value, line: int, what: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(line, f"{what} must be a number, not {_kind(value)}")
            return None
        return float(value)

    def boolean(self, value, line: int, what: str) -> bool:
        if not isinstance(value, bool):
            self.error(line, f"{what} must be true or false, not {_kind(value)}")
            return False
        return value


def _kind(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"{type(value).__name__} {value!r}"[:60]
