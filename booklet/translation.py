"""Is a translation complete, current and reviewed? One report per language.

Each translated section records ``source_hash``: the hash of the source
section it translates. When the source changes, the hashes differ and the
section is stale. An edition with anything missing, stale or unreviewed
prints as a draft.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from . import model


def _block_text(block: model.Block) -> list[str]:
    if isinstance(block, model.TextBlock):
        return [block.text]
    if isinstance(block, model.ListBlock):
        return list(block.items)
    if isinstance(block, model.BoxBlock):
        return [block.title or "", block.text or "", *block.items]
    if isinstance(block, model.FigureBlock):
        return [block.name, block.caption, block.alt]
    if isinstance(block, model.GlossaryBlock):
        return [f"{e.term}\t{e.meaning}" for e in block.entries]
    if isinstance(block, model.CallGuideBlock):
        return [part for tier in block.tiers
                for part in (tier.level, tier.title, tier.text or "", *tier.items)]
    if isinstance(block, model.ReviewBoxBlock):
        return [block.note or ""]
    return []


def section_hash(section: model.Section) -> str:
    """A short, stable fingerprint of what a section says (not how it is laid out)."""
    parts = [section.title]
    for block in section.blocks:
        parts.append(block.kind)
        parts.extend(_block_text(block))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


@dataclass
class TranslationReport:
    lang: str
    missing_sections: list[str] = field(default_factory=list)
    stale_sections: list[str] = field(default_factory=list)
    unreviewed_sections: list[str] = field(default_factory=list)
    missing_strings: list[str] = field(default_factory=list)
    missing_labels: list[str] = field(default_factory=list)
    manifest_reviewed: bool = True
    expected_hashes: dict = field(default_factory=dict)   # section id -> current source hash

    @property
    def is_draft(self) -> bool:
        return bool(self.missing_sections or self.stale_sections or self.unreviewed_sections
                    or self.missing_strings or self.missing_labels or not self.manifest_reviewed)

    def lines(self) -> list[str]:
        out = []
        for section_id in self.stale_sections:
            out.append(f"{self.lang}: {section_id}: once the translation matches the current "
                       f"source, set translation.source_hash to "
                       f"{self.expected_hashes.get(section_id)}")
        for label, items in (("missing sections", self.missing_sections),
                             ("stale sections (the source changed since)", self.stale_sections),
                             ("unreviewed sections", self.unreviewed_sections),
                             ("missing interface strings", self.missing_strings),
                             ("missing figure labels", self.missing_labels)):
            if items:
                out.append(f"{self.lang}: {label}: {', '.join(items)}")
        if not self.manifest_reviewed:
            out.append(f"{self.lang}: the translation as a whole is marked not reviewed "
                       f"(handout.yaml: translation.reviewed)")
        return out


def compare(source: model.LanguageContent, target: model.LanguageContent,
            needed_labels: dict[str, tuple[str, ...]]) -> TranslationReport:
    report = TranslationReport(target.lang)
    translation = target.manifest.translation
    report.manifest_reviewed = bool(translation and translation.reviewed)
    for section in source.sections:
        translated = target.section(section.id)
        if translated is None:
            report.missing_sections.append(section.id)
            continue
        record = translated.translation
        report.expected_hashes[section.id] = section_hash(section)
        if record is None or record.source_hash != section_hash(section):
            report.stale_sections.append(section.id)
        if record is None or not record.reviewed:
            report.unreviewed_sections.append(section.id)
    report.missing_strings = sorted(set(source.strings) - set(target.strings))
    for figure, keys in needed_labels.items():
        have = target.figure_labels.get(figure, {})
        report.missing_labels.extend(f"{figure}.{key}" for key in keys if key not in have)
    return report


@dataclass(frozen=True)
class EditionStatus:
    """Whether an edition's text may be handed out as reviewed, and why not.

    state: "source" (the source language), "reviewed" (complete, current and
    signed off), "stale" (the source changed since), or "draft" (anything
    else: missing or unreviewed parts).
    """

    lang: str
    state: str
    stale: tuple[str, ...] = ()
    unreviewed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.state in ("draft", "stale")

    def warning(self) -> str | None:
        """One line for the person building or sending the edition, or None."""
        if not self.is_draft:
            return None
        parts = []
        for label, ids in (("stale (the English changed since)", self.stale),
                           ("missing", self.missing), ("not reviewed", self.unreviewed)):
            if ids:
                parts.append(f"{label}: {', '.join(ids)}")
        detail = "; ".join(parts) or "the translation as a whole is not reviewed"
        return (f"the {self.lang} edition is a DRAFT translation ({detail}); "
                f"run `--check --lang {self.lang}` for details")

    def as_dict(self) -> dict:
        return {"state": self.state, "stale": list(self.stale),
                "unreviewed": list(self.unreviewed), "missing": list(self.missing)}


def edition_status(report: TranslationReport | None, lang: str) -> EditionStatus:
    """The status of an edition from its translation report (None: the source)."""
    if report is None:
        return EditionStatus(lang, "source")
    state = "stale" if report.stale_sections else ("draft" if report.is_draft else "reviewed")
    missing = tuple(report.missing_sections) + tuple(report.missing_strings) \
        + tuple(report.missing_labels)
    return EditionStatus(lang, state, tuple(report.stale_sections),
                         tuple(report.unreviewed_sections), missing)
