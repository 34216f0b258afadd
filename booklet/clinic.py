"""A clinic's profile: who it is, how to reach it, its colour and logo.

The logo must sit in the profile's own folder; a path that leads elsewhere
is refused. Colours too light to read on white are darkened, with a warning.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import Problems
from .languages import KNOWN as KNOWN_LANGUAGES
from .logo import Logo, LogoError, load_logo
from .schema import Checker
from .yamlsource import YMap, load_yaml

PROFILE_KEYS = {"name", "address", "phone", "after_hours", "website", "email", "logo",
                "brand_colour",
                "reviewer", "reviewer_credentials", "last_reviewed", "crisis_line",
                "emergency_number", "country", "language",
                "email_subject", "email_attachment"}   # read by email_wording (booklet.mail)
# printed free text: each may be one text, or a mapping of text by language code
LOCALIZED_KEYS = ("name", "address", "after_hours", "reviewer", "reviewer_credentials",
                  "crisis_line")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Clinic:
    """A clinic profile. The fields in LOCALIZED_KEYS hold one text, or a dict of text
    by language code until ``localized(lang)`` picks the edition's language."""

    name: str | dict
    source: str                      # the profile file, for messages and the manifest
    address: str | dict | None = None
    phone: str | None = None
    after_hours: str | dict | None = None   # a number or a line for nights and weekends
    website: str | None = None
    email: str | None = None
    logo: Path | None = None         # the file, for messages and the manifest
    brand_colour: str | None = None  # already checked for contrast
    reviewer: str | dict | None = None
    reviewer_credentials: str | dict | None = None
    last_reviewed: dt.date | None = None
    crisis_line: str | dict | None = None   # text, or text by language code
    emergency_number: str | None = None
    lines: tuple = ()                # (key, line) pairs, for messages
    language: str = "en"             # the language of the profile's own text
    language_warnings: tuple[str, ...] = ()   # fields localized() had to fall back for

    def localized(self, lang: str) -> "Clinic":
        """The profile with every printed field in ``lang``: plain text, no mappings.

        A field without ``lang`` falls back to the profile's own language (then to
        any text it has), with a warning naming the field, kept in
        ``language_warnings``.
        """
        values, warnings = {}, []
        for key in LOCALIZED_KEYS:
            value = getattr(self, key)
            if not isinstance(value, dict):
                continue
            if value.get(lang):
                values[key] = value[lang]
                continue
            fallback = self.language if value.get(self.language) else next(iter(value), None)
            values[key] = value.get(fallback) if fallback else None
            if fallback:
                warnings.append(f"{self.source}:{self.line_of(key)}: {key} has no {lang!r} "
                                f"text; printing the {fallback!r} text")
        return replace(self, **values, language_warnings=tuple(warnings))
    logo_image: Logo | None = None   # the checked logo, ready to draw (booklet.logo)

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, 1)

    def printed_texts(self, lang: str):
        """(key, text) of everything an edition in ``lang`` prints from this profile."""
        here = self.localized(lang)
        for key in ("name", "address", "phone", "after_hours", "website", "email", "reviewer",
                    "reviewer_credentials", "emergency_number", "crisis_line"):
            if getattr(here, key):
                yield key, getattr(here, key)

    @property
    def display_website(self) -> str | None:
        """The website as people type it: without https:// or a trailing slash."""
        if not self.website:
            return None
        return re.sub(r"^https?://", "", self.website).rstrip("/")

    def crisis_line_for(self, lang: str) -> str | None:
        if isinstance(self.crisis_line, dict):
            return self.localized(lang).crisis_line
        return self.crisis_line


# --- colour contrast (WCAG 2) -------------------------------------------------

def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_on_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(hex_colour) + 0.05)


def readable_colour(hex_colour: str, minimum: float = 4.5) -> str:
    """The colour, darkened in small steps until it reads on white."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    colour = hex_colour.lower()
    while contrast_on_white(colour) < minimum:
        r, g, b = (int(v * 0.92) for v in (r, g, b))
        colour = f"#{r:02x}{g:02x}{b:02x}"
    return colour


# --- loading ------------------------------------------------------------------

def _logo(value: str, profile: Path, line: int, check: Checker) -> tuple[Path, Logo] | None:
    """The logo named in a profile, checked (booklet.logo); problems at the logo: line."""
    path = _logo_path(value, profile, line, check)
    if path is None:
        return None
    try:
        return path, load_logo(path, profile.parent)
    except LogoError as error:
        check.error(line, f"the logo {value!r} {error}")
        return None


def _logo_path(value: str, profile: Path, line: int, check: Checker) -> Path | None:
    folder = profile.parent.resolve()
    if "\x00" in value:
        check.error(line, "the logo's file name holds a NUL character")
        return None
    candidate = (folder / value).resolve()
    if Path(value).is_absolute() or not candidate.is_relative_to(folder):
        check.error(line, f"the logo {value!r} must be a file in the profile's own folder "
                          f"({folder.name}/); paths that lead elsewhere are refused")
        return None
    if candidate.suffix.lower() not in (".svg", ".png"):
        check.error(line, f"the logo must be an .svg or .png file, not {candidate.suffix or value!r}")
        return None
    if not os.path.lexists(folder / value):
        check.error(line, f"the logo file {value!r} does not exist next to the profile")
        return None
    return candidate


def load_clinic(path: Path, problems: Problems, warnings: list[str]) -> Clinic | None:
    shown = str(path)
    data = load_yaml(path, problems, shown)
    check = Checker(shown, problems)
    if data is None or check.mapping(data, 1, "the clinic profile") is None:
        return None
    check.keys(data, PROFILE_KEYS, ("name",), "the clinic profile")

    def text(key):
        if key not in data:
            return None
        return check.text(data[key], data.line_of(key), f"'{key}'")

    email = text("email")
    if email and not _EMAIL.match(email):
        check.error(data.line_of("email"), f"{email!r} does not look like an email address")
    website = text("website")
    if website and not re.match(r"^https?://[^\s/$.?#].[^\s]*$", website):
        check.error(data.line_of("website"), "the website must start with https:// or http://")
        website = None
    colour = text("brand_colour")
    if colour is not None:
        if not _HEX.match(colour):
            check.error(data.line_of("brand_colour"),
                        f"brand_colour must be written like #1f6f8b, not {colour!r}")
            colour = None
        elif contrast_on_white(colour) < 4.5:
            darker = readable_colour(colour)
            warnings.append(f"{shown}:{data.line_of('brand_colour')}: brand colour {colour} has "
                            f"contrast {contrast_on_white(colour):.1f}:1 on white (below 4.5:1); "
                            f"using the darker {darker} for headings and rules")
            colour = darker
    logo = logo_image = None
    if "logo" in data:
        value = check.text(data["logo"], data.line_of("logo"), "'logo'")
        found = _logo(value, path, data.line_of("logo"), check) if value else None
        if found:
            logo, logo_image = found
    last_reviewed = None
    if "last_reviewed" in data:
        value = data["last_reviewed"]
        if isinstance(value, dt.date):
            last_reviewed = value
        else:
            check.error(data.line_of("last_reviewed"), "last_reviewed must be a date (YYYY-MM-DD)")
    language = text("language") or "en"
    if not _LANG_CODE.match(language):
        check.error(data.line_of("language"), f"language {language!r} is not a language code "
                    f"(like {', '.join(KNOWN_LANGUAGES)})")
        language = "en"
    localized = {key: _localizable(data, key, check) for key in LOCALIZED_KEYS}
    if localized["name"] is None:
        return None
    return Clinic(localized["name"], shown, localized["address"], text("phone"),
                  localized["after_hours"], website, email, logo, colour,
                  localized["reviewer"], localized["reviewer_credentials"], last_reviewed,
                  localized["crisis_line"], text("emergency_number"),
                  tuple(data.key_lines.items()), language,
                  logo_image=logo_image)


def _localizable(data: YMap, key: str, check: Checker) -> str | dict | None:
    """One text, or text by language code (``after_hours: {en: ..., es: ...}``)."""
    if key not in data:
        return None
    value = data[key]
    if not isinstance(value, YMap):
        return check.text(value, data.line_of(key), f"'{key}'")
    if not value:
        check.error(data.line_of(key), f"'{key}' gives no text for any language")
        return None
    by_lang = {}
    for lang, text in value.items():
        if not _LANG_CODE.match(str(lang)):
            check.error(value.line_of(lang), f"{key}.{lang}: {lang!r} is not a language code "
                                             f"(like en, es, vi, zh-Hans, ar)")
            continue
        checked = check.text(text, value.line_of(lang), f"{key}.{lang}")
        if checked is not None:
            by_lang[str(lang)] = checked
    return by_lang or None


def email_wording(path: Path, lang: str) -> dict[str, str]:
    """The profile's own email subject and attachment name for ``lang``, where it sets them,
    as text or as a mapping by language code: {"email_subject": ..., "email_attachment": ...}."""
    problems = Problems()
    data = load_yaml(path, problems, str(path))
    check = Checker(str(path), problems)
    wording = {}
    for key in ("email_subject", "email_attachment"):
        value = data.get(key) if isinstance(data, YMap) else None
        if isinstance(value, YMap):
            value = value.get(lang)
        if value is not None:
            text = check.text(value, data.line_of(key), f"'{key}'")
            if text:
                wording[key] = text
    problems.raise_if_any()
    return wording
