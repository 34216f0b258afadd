"""Resolve an edition: content in one language, a clinic, a paper and print options.

Everything the layout needs is decided here, once: page size and margins,
type sizes, colours, the interface strings with their fallbacks, the figure
labels, the placeholder values and whether the edition prints as a draft.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from reportlab.lib.pagesizes import A4, LETTER

from . import model, translation
from .clinic import Clinic
from .languages import Language, language

DEFAULT_ACCENT = "#0b5e73"     # deep teal: 7.4:1 on white
# A folded booklet's page is half a landscape sheet of the user's paper: half
# Letter, or half of A4 (148.5 x 210 mm; ReportLab's A5 is 148 mm wide, which
# would print on 296 mm sheets).
HALF_SHEET = {"letter": (LETTER[1] / 2, LETTER[0]), "a4": (A4[1] / 2, A4[0])}
PAPERS = {"letter": LETTER, "a4": A4}
FIGURE_CANVAS_WIDTH = 720.0


@dataclass(frozen=True)
class Typography:
    """Type sizes in points for one print format."""

    body: float
    leading: float
    h1: float
    h2: float
    small: float
    caption: float
    title: float
    figure_label: float           # figure labels' printed size
    header: float                 # running header and footer
    figure_label_min: float = 10  # the least a figure drawn a little smaller may print at


# Large print sets every glyph at 16 pt or more, figure labels, header and
# footer included; normal print keeps figure labels at 10 pt or more.
NORMAL = Typography(body=12, leading=16.9, h1=22, h2=16, small=10, caption=11,
                    title=32, figure_label=10.5, header=9.5)
LARGE = Typography(body=16, leading=23.5, h1=28, h2=20, small=16, caption=16,
                   title=38, figure_label=16, header=16, figure_label_min=16)
BOOKLET = Typography(body=12, leading=17, h1=19, h2=16, small=10, caption=10.5,
                     title=25, figure_label=10.5, header=9)
LARGE_BOOKLET = Typography(body=16, leading=22.5, h1=23, h2=19, small=16, caption=16,
                           title=29, figure_label=16, header=16, figure_label_min=16)


def typography(large_print: bool, booklet: bool) -> Typography:
    if large_print:
        return LARGE_BOOKLET if booklet else LARGE
    return BOOKLET if booklet else NORMAL


@dataclass(frozen=True)
class PageFormat:
    paper: str                    # "letter" or "a4": the sheet the user prints on
    width: float                  # the page the content is laid out on
    height: float
    margin_x: float
    margin_top: float
    margin_bottom: float
    booklet: bool = False

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.margin_x

    @property
    def frame_height(self) -> float:
        return self.height - self.margin_top - self.margin_bottom


DRAFT_BANNER_ROOM = 30   # the draft banner sits above the running header


def page_format(paper: str, booklet: bool, draft: bool = False) -> PageFormat:
    extra_top = DRAFT_BANNER_ROOM if draft else 0
    if booklet:  # half of a landscape sheet: reflowed, never shrunk
        width, height = HALF_SHEET[paper]
        return PageFormat(paper, width, height, 38, 58 + extra_top, 52, booklet=True)
    width, height = PAPERS[paper]
    return PageFormat(paper, width, height, 56, 66 + extra_top, 60)


@dataclass(frozen=True)
class Edition:
    lang: Language
    content: model.LanguageContent
    sections: tuple[model.Section, ...]
    strings: dict
    figure_labels: dict
    placeholders: dict
    clinic: Clinic | None
    page: PageFormat
    type: Typography
    large_print: bool
    accent: str
    report: translation.TranslationReport | None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # texts printed as the source language wrote them (references kept in English),
    # so a screen reader is told to read them in that language
    source_lang: str | None = None
    source_texts: frozenset = field(default_factory=frozenset)

    @property
    def manifest(self) -> model.Manifest:
        return self.content.manifest

    @property
    def is_draft(self) -> bool:
        return bool(self.report and self.report.is_draft)

    @property
    def status(self) -> translation.EditionStatus:
        """Reviewed, draft or stale, with the sections that make it so."""
        return translation.edition_status(self.report, self.lang.code)

    @property
    def figure_label_units(self) -> float:
        """Label size in figure canvas units that prints at ``type.figure_label``."""
        return self.type.figure_label * FIGURE_CANVAS_WIDTH / self.page.frame_width

    @property
    def edition_id(self) -> str:
        parts = [self.lang.code, f"v{self.manifest.version}", self.page.paper]
        if self.large_print:
            parts.append("lp")
        if self.page.booklet:
            parts.append("bk")
        parts.append(self.fingerprint[:6])
        return "-".join(parts)

    @property
    def short_edition_id(self) -> str:
        """The id without paper and format: enough to find the edition in a manifest
        when the page itself shows its paper and format."""
        return "-".join([self.lang.code, f"v{self.manifest.version}", self.fingerprint[:6]])

    @cached_property      # every page's footer asks for it
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for section in self.sections:
            digest.update(translation.section_hash(section).encode())
        digest.update(repr(sorted(self.strings.items())).encode("utf-8"))
        digest.update(repr(self.clinic).encode("utf-8"))
        return digest.hexdigest()

    def s(self, key: str, **values) -> str:
        """An interface string, filled with ``values``."""
        from .interface import fill

        return fill(self.strings.get(key, key), values)

    def labelled(self, key: str, value: str) -> str:
        """'Phone: 555-0100', with the language's own colon."""
        return f"{self.s(key)}{self.strings.get('colon', ': ')}{value}"

    @property
    def reviewer_line(self) -> str:
        clinic = self.clinic
        if clinic and clinic.reviewer:
            parts = (clinic.reviewer, clinic.reviewer_credentials, clinic.name)
            return self.lang.comma.join(part for part in parts if part)
        return self.manifest.reviewer

    @property
    def last_reviewed(self):
        if self.clinic and self.clinic.last_reviewed:
            return self.clinic.last_reviewed
        return self.manifest.last_reviewed


def _reference_texts(content: model.LanguageContent) -> frozenset:
    return frozenset(item for section in content.sections for block in section.blocks
                     if block.kind == "references" for item in block.items)


def _count(items) -> str:
    return f"{len(items)} interface string{'s' if len(items) != 1 else ''}"


def _missing_contact(clinic: Clinic, strings: dict) -> list[str]:
    """What a profile without a phone or an after-hours line makes the handout print."""
    out = []
    if not clinic.phone:
        out.append(f"{clinic.source}: the profile has no 'phone': where the clinic's number "
                   f"belongs the handout says \"{strings.get('clinic_phone_default', '')}\", "
                   f"and the cover and back page print no phone")
    if not clinic.after_hours:
        out.append(f"{clinic.source}: the profile has no 'after_hours': the cover and back "
                   f"page print no line for nights and weekends; the handout still sends "
                   f"urgent needs to the emergency number and the crisis line")
    return out


def resolve(content: model.LanguageContent, source: model.LanguageContent | None,
            clinic: Clinic | None, paper: str = "letter", large_print: bool = False,
            booklet: bool = False, needed_labels: dict | None = None,
            clinic_warnings: tuple[str, ...] = ()) -> Edition:
    """Combine content (and its source language, for fallbacks) into an edition."""
    warnings = list(clinic_warnings)
    strings = dict(content.strings)
    labels = {figure: dict(keys) for figure, keys in content.figure_labels.items()}
    sections = list(content.sections)
    report = None
    if source is not None and source.lang != content.lang:
        report = translation.compare(source, content, needed_labels or {})
        for key in report.missing_strings:
            strings[key] = source.strings[key]
        if report.missing_strings:
            warnings.append(f"{content.folder}/strings.yaml: {_count(report.missing_strings)} "
                            f"missing ({', '.join(report.missing_strings[:4])}"
                            f"{', ...' if len(report.missing_strings) > 4 else ''}); "
                            f"using the {source.lang} text")
        for figure_key in report.missing_labels:
            figure, key = figure_key.split(".", 1)
            labels.setdefault(figure, {})[key] = source.figure_labels[figure][key]
        if report.missing_labels:
            warnings.append(f"{content.folder}/figures.yaml: {len(report.missing_labels)} figure "
                            f"labels missing ({', '.join(report.missing_labels[:3])}"
                            f"{', ...' if len(report.missing_labels) > 3 else ''}); using the "
                            f"{source.lang} text; `booklet check --lang {content.lang}` lists them all")
        by_id = {s.id: s for s in sections}
        sections = [by_id.get(s.id) or s for s in source.sections]
        for section_id in report.missing_sections:
            warnings.append(f"{content.folder}/{section_id}.yaml: missing; "
                            f"using the {source.lang} section")
    if clinic is None and paper == "a4":
        warnings.append("no clinic profile: the handout prints the United States' emergency "
                        "(911) and crisis (988) numbers; for another country give --clinic "
                        "with a profile that sets emergency_number and crisis_line")
    if clinic is not None:  # profile fields given per language: this edition's language
        clinic = clinic.localized(content.lang)
        warnings.extend(clinic.language_warnings)
        warnings.extend(_missing_contact(clinic, strings))
    lang = language(content.lang)
    placeholders = {
        "crisis_line": (clinic.crisis_line_for(lang.code) if clinic else None)
        or strings.get("crisis_line_us", ""),
        "emergency_number": (clinic.emergency_number if clinic else None)
        or strings.get("emergency_number_us", ""),
        "clinic_name": clinic.name if clinic else strings.get("clinic_name_default", ""),
        "clinic_phone": (clinic.phone if clinic else None)
        or strings.get("clinic_phone_default", ""),
    }
    return Edition(
        lang=lang, content=content, sections=tuple(sections), strings=strings,
        figure_labels=labels, placeholders=placeholders, clinic=clinic,
        page=page_format(paper, booklet, draft=bool(report and report.is_draft)),
        type=typography(large_print, booklet),
        large_print=large_print,
        accent=(clinic.brand_colour if clinic and clinic.brand_colour else DEFAULT_ACCENT),
        report=report, warnings=tuple(warnings),
        source_lang=source.lang if source is not None and source.lang != content.lang else None,
        source_texts=_reference_texts(source) if source is not None else frozenset())
