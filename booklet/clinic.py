"""A clinic's profile: who it is, how to reach it, its colour and logo.

The logo must sit in the profile's own folder; a path that leads elsewhere
is refused. Colours too light to read on white are darkened, with a warning.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Problems
from .schema import Checker
from .yamlsource import YMap, load_yaml

PROFILE_KEYS = {"name", "address", "phone", "after_hours", "website", "email", "logo",
                "brand_colour",
                "reviewer", "reviewer_credentials", "last_reviewed", "crisis_line",
                "emergency_number", "country",
                "email_subject", "email_attachment"}   # read by email_wording (booklet.mail)
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 4096
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Clinic:
    name: str
    source: str                      # the profile file, for messages and the manifest
    address: str | None = None
    phone: str | None = None
    after_hours: str | None = None   # a number or a line for nights and weekends
    website: str | None = None
    email: str | None = None
    logo: Path | None = None
    brand_colour: str | None = None  # already checked for contrast
    reviewer: str | None = None
    reviewer_credentials: str | None = None
    last_reviewed: dt.date | None = None
    crisis_line: str | dict | None = None   # text, or text by language code
    emergency_number: str | None = None
    lines: tuple = ()                # (key, line) pairs, for messages

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, 1)

    def printed_texts(self, lang: str):
        """(key, text) of everything an edition prints from this profile."""
        for key in ("name", "address", "phone", "after_hours", "website", "email", "reviewer",
                    "reviewer_credentials", "emergency_number"):
            if getattr(self, key):
                yield key, getattr(self, key)
        if self.crisis_line_for(lang):
            yield "crisis_line", self.crisis_line_for(lang)

    @property
    def display_website(self) -> str | None:
        """The website as people type it: without https:// or a trailing slash."""
        if not self.website:
            return None
        return re.sub(r"^https?://", "", self.website).rstrip("/")

    def crisis_line_for(self, lang: str) -> str | None:
        if isinstance(self.crisis_line, dict):
            return self.crisis_line.get(lang) or self.crisis_line.get("en")
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

def _logo_path(value: str, profile: Path, line: int, check: Checker) -> Path | None:
    folder = profile.parent.resolve()
    candidate = (folder / value).resolve()
    if Path(value).is_absolute() or not candidate.is_relative_to(folder):
        check.error(line, f"the logo {value!r} must be a file in the profile's own folder "
                          f"({folder.name}/); paths that lead elsewhere are refused")
        return None
    if candidate.suffix.lower() not in (".svg", ".png"):
        check.error(line, f"the logo must be an .svg or .png file, not {candidate.suffix or value!r}")
        return None
    if not candidate.is_file():
        check.error(line, f"the logo file {value!r} does not exist next to the profile")
        return None
    size = candidate.stat().st_size
    if size > MAX_LOGO_BYTES:
        check.error(line, f"the logo is {size:,} bytes; the limit is {MAX_LOGO_BYTES:,}")
        return None
    if candidate.suffix.lower() == ".png":
        problem = _png_problem(candidate.read_bytes()[:32])
        if problem:
            check.error(line, f"the logo {value!r} {problem}")
            return None
    return candidate


def _png_problem(head: bytes) -> str | None:
    """Read a PNG's size from its header, before any decoder sees the file."""
    if not head.startswith(b"\x89PNG\r\n\x1a\n") or head[12:16] != b"IHDR":
        return "is not a PNG image"
    width = int.from_bytes(head[16:20], "big")
    height = int.from_bytes(head[20:24], "big")
    if not width or not height or width > MAX_LOGO_PIXELS or height > MAX_LOGO_PIXELS:
        return (f"is {width} x {height} pixels; the limit is {MAX_LOGO_PIXELS} pixels "
                f"on each side")
    return None


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

    name = text("name")
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
    logo = None
    if "logo" in data:
        value = check.text(data["logo"], data.line_of("logo"), "'logo'")
        if value:
            logo = _logo_path(value, path, data.line_of("logo"), check)
    last_reviewed = None
    if "last_reviewed" in data:
        value = data["last_reviewed"]
        if isinstance(value, dt.date):
            last_reviewed = value
        else:
            check.error(data.line_of("last_reviewed"), "last_reviewed must be a date (YYYY-MM-DD)")
    crisis = None
    if "crisis_line" in data:
        value = data["crisis_line"]
        if isinstance(value, YMap):
            crisis = {lang: check.text(text_, value.line_of(lang), f"crisis_line.{lang}")
                      for lang, text_ in value.items()}
        else:
            crisis = check.text(value, data.line_of("crisis_line"), "'crisis_line'")
    if name is None:
        return None
    return Clinic(name, shown, text("address"), text("phone"), text("after_hours"), website,
                  email, logo, colour,
                  text("reviewer"), text("reviewer_credentials"), last_reviewed, crisis,
                  text("emergency_number"), tuple(data.key_lines.items()))


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
