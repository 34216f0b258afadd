"""The validated handout: frozen values that remember where they came from."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Where:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Block:
    """One block of a section. ``kind`` picks how it is laid out."""

    kind: str
    where: Where


@dataclass(frozen=True)
class TextBlock(Block):          # paragraph, heading
    text: str = ""


@dataclass(frozen=True)
class ListBlock(Block):          # bullets, numbered, checklist, questions, references
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoxBlock(Block):           # key_point, warning
    title: str | None = None
    text: str | None = None
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class FigureBlock(Block):
    name: str = ""
    caption: str = ""
    alt: str = ""


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    meaning: str


@dataclass(frozen=True)
class GlossaryBlock(Block):
    entries: tuple[GlossaryEntry, ...] = ()


CALL_LEVELS = ("emergency", "crisis", "clinic")


@dataclass(frozen=True)
class CallTier:
    """One row of a call guide: who to call, and when."""

    level: str                   # one of CALL_LEVELS: sets its colour and icon
    title: str
    text: str | None = None
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallGuideBlock(Block):
    """When to call the clinic, the crisis line or the emergency number, at a glance."""

    tiers: tuple[CallTier, ...] = ()


@dataclass(frozen=True)
class ReviewBoxBlock(Block):
    note: str | None = None


@dataclass(frozen=True)
class SignOff:
    """Who reviewed a translated part, when, and the text the review covers."""

    reviewer: str                # "NAME, CREDENTIALS"
    date: dt.date
    covers: str                  # fingerprint of the source record and the translation
    where: Where


@dataclass(frozen=True)
class Translation:
    """What a translated file says about itself: the source it translates, its review.

    ``source`` pairs each translated unit (by its key path in the file, such as
    ``blocks.2.bullets.0``) with the source-language text it was translated
    from; None when that was never recorded.
    """

    source: tuple[tuple[str, str], ...] | None = None
    review: SignOff | None = None
    translator: str | None = None
    where: Where | None = None
    legacy_hash: str | None = None   # the old record's source_hash, kept to migrate it

    @property
    def source_map(self) -> dict[str, str]:
        return dict(self.source or ())


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]
    where: Where
    translation: Translation | None = None


@dataclass(frozen=True)
class Manifest:
    title: str
    subtitle: str
    audience: str
    version: str
    last_reviewed: dt.date
    reviewer: str
    source_language: str
    reading_grade_max: float
    keywords: tuple[str, ...]
    section_ids: tuple[str, ...]
    where: Where
    translation: Translation | None = None
    section_lines: tuple[int, ...] = ()      # where each id is listed, for messages
    smog_max: float | None = None            # SMOG limit of --check; None: reported only


@dataclass(frozen=True)
class LanguageContent:
    """Everything one language folder holds, validated."""

    lang: str
    folder: str
    manifest: Manifest
    sections: tuple[Section, ...]
    strings: dict = field(default_factory=dict)          # interface strings
    figure_labels: dict = field(default_factory=dict)    # figure -> key -> text
    string_lines: dict = field(default_factory=dict)     # key -> Where, for messages

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)
