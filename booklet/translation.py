"""Is a translation complete, current and reviewed? One report per language.

A translated edition is made of *parts*: one per section file, and ``handout``
(the manifest's own text, the interface strings and the figure labels, whose
record lives in ``handout.yaml``). A part's ``translation:`` record pairs each
translated unit (a title, a paragraph, a list item, a label...) with the source
text it was translated from, and may hold a reviewer's sign-off.

* stale: the source text recorded for some unit differs from today's source
  (or was never recorded, or the source gained or lost units);
* reviewed: the sign-off covers exactly today's recorded source and today's
  translation (its ``covers`` fingerprint matches) and the part is not stale.

A sign-off is bound to the text it was given for: editing the translation or
its recorded source by hand, or ``translation update``, voids it. There is no
hash to copy from ``--check`` output.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field

from . import model

HANDOUT = "handout"   # the part that is not a section: title page text, strings, labels
# Figure labels are drawn inside fixed shapes and wrap; Spanish and Vietnamese
# labels run up to about half again as long as English before they crowd.
LABEL_LENGTH_FACTOR = 1.6
LABEL_LENGTH_MIN = 16


# --- units: the translatable pieces of a part -----------------------------------

@dataclass(frozen=True)
class Unit:
    """One piece of text, addressed by its key path in its part's record."""

    key: str                 # "blocks.2.bullets.0", "title", "strings.contents"
    text: str
    file: str                # the file in the language folder that holds it
    path: str                # the key path inside that file
    line: int
    translatable: bool = True

    @property
    def shape(self) -> str:
        """The key without block and entry numbers: what kind of place it is."""
        return re.sub(r"\.\d+(?=\.|$)", ".#", self.key)

    @property
    def glossary_entry(self) -> tuple[int, int] | None:
        match = re.match(r"blocks\.(\d+)\.glossary\.(\d+)\.", self.key)
        return (int(match[1]), int(match[2])) if match else None

    @property
    def max_length(self) -> int | None:
        """For figure labels (English units): the longest a translation should be."""
        if not self.key.startswith("figures."):
            return None
        return max(LABEL_LENGTH_MIN, round(len(self.text) * LABEL_LENGTH_FACTOR))


def section_file(section: model.Section) -> str:
    return section.where.path.rsplit("/", 1)[-1]


def section_units(section: model.Section) -> list[Unit]:
    """Every unit of a section, in reading order, keyed by its YAML path."""
    file = section_file(section)
    units = [Unit("title", section.title, file, "title", section.where.line)]

    def add(key: str, text: str | None, line: int, translatable: bool = True) -> None:
        if text is not None:
            units.append(Unit(key, text, file, key, line, translatable))

    for index, block in enumerate(section.blocks):
        base, line = f"blocks.{index}.{block.kind}", block.where.line
        if isinstance(block, model.TextBlock):
            add(base, block.text, line)
        elif isinstance(block, model.ListBlock):
            for j, item in enumerate(block.items):
                add(f"{base}.{j}", item, line)
        elif isinstance(block, model.BoxBlock):
            add(f"{base}.title", block.title, line)
            add(f"{base}.text", block.text, line)
            for j, item in enumerate(block.items):
                add(f"{base}.items.{j}", item, line)
        elif isinstance(block, model.FigureBlock):
            add(f"{base}.name", block.name, line, translatable=False)
            add(f"{base}.caption", block.caption, line)
            add(f"{base}.alt", block.alt, line)
        elif isinstance(block, model.GlossaryBlock):
            for j, entry in enumerate(block.entries):
                add(f"{base}.{j}.term", entry.term, line)
                add(f"{base}.{j}.meaning", entry.meaning, line)
        elif isinstance(block, model.CallGuideBlock):
            for j, tier in enumerate(block.tiers):
                add(f"{base}.{j}.level", tier.level, line, translatable=False)
                add(f"{base}.{j}.title", tier.title, line)
                add(f"{base}.{j}.text", tier.text, line)
                for k, item in enumerate(tier.items):
                    add(f"{base}.{j}.items.{k}", item, line)
        elif isinstance(block, model.ReviewBoxBlock):
            add(f"{base}.note", block.note, line)
    return units


def handout_units(content: model.LanguageContent) -> list[Unit]:
    """The ``handout`` part: title page text, interface strings and figure labels."""
    manifest = content.manifest
    line = manifest.where.line
    units = [Unit(key, getattr(manifest, key), "handout.yaml", key, line)
             for key in ("title", "subtitle", "audience", "reviewer")]
    units += [Unit(f"keywords.{j}", word, "handout.yaml", f"keywords.{j}", line)
              for j, word in enumerate(manifest.keywords)]
    for key, text in content.strings.items():
        where = content.string_lines.get(key)
        units.append(Unit(f"strings.{key}", text, "strings.yaml", key,
                          where.line if where else 1))
    for figure, labels in content.figure_labels.items():
        for key, text in labels.items():
            where = content.string_lines.get(f"{figure}.{key}")
            units.append(Unit(f"figures.{figure}.{key}", text, "figures.yaml",
                              f"{figure}.{key}", where.line if where else 1))
    return units


def part_units(content: model.LanguageContent, part_id: str) -> list[Unit]:
    if part_id == HANDOUT:
        return handout_units(content)
    section = content.section(part_id)
    return section_units(section) if section else []


def part_record(content: model.LanguageContent, part_id: str) -> model.Translation | None:
    if part_id == HANDOUT:
        return content.manifest.translation
    section = content.section(part_id)
    return section.translation if section else None


def part_ids(source: model.LanguageContent) -> list[str]:
    return [section.id for section in source.sections] + [HANDOUT]


# --- pairing source units with translated units ---------------------------------

@dataclass(frozen=True)
class Pair:
    """A source unit and the translated unit that translates it (either may be None)."""

    source: Unit | None
    target: Unit | None


def align(source: list[Unit], target: list[Unit], recorded: dict[str, str] | None,
          loose: bool = False) -> list[Pair]:
    """Pair today's source units with the translated units.

    Glossary entries pair by the source term recorded for them (translations
    sort their glossary in their own alphabet). Everything else pairs by the
    recorded source text in reading order, so a paragraph added to the source
    shifts nothing; without a record, units pair by key. ``loose`` also pairs
    leftover glossary entries in order (``translation update``: the translator
    says the translation now matches the source).
    """
    pairs: list[Pair] = []
    flow_s = [u for u in source if u.glossary_entry is None]
    flow_t = [u for u in target if u.glossary_entry is None]
    if recorded is None:
        by_key = {u.key: u for u in flow_t}
        pairs += [Pair(u, by_key.pop(u.key, None)) for u in flow_s]
        pairs += [Pair(None, u) for u in by_key.values()]
    else:
        pairs += _align_flow(flow_s, flow_t, recorded)
    pairs += _align_glossary([u for u in source if u.glossary_entry],
                             [u for u in target if u.glossary_entry], recorded, loose)
    return pairs


def _align_flow(source: list[Unit], target: list[Unit], recorded: dict) -> list[Pair]:
    a = [(u.shape, recorded.get(u.key, f"\x00unrecorded {u.key}")) for u in target]
    b = [(u.shape, u.text) for u in source]
    pairs = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = target[i1:i2], source[j1:j2]
        while olds and news and olds[0].shape == news[0].shape:
            pairs.append(Pair(news.pop(0), olds.pop(0)))
        pairs += [Pair(u, None) for u in news] + [Pair(None, u) for u in olds]
    order = {u.key: i for i, u in enumerate(source)}
    return sorted(pairs, key=lambda p: order.get(p.source.key, 1e9) if p.source else 1e9)


def _entries(units: list[Unit]) -> dict[tuple[int, int], dict[str, Unit]]:
    entries: dict = {}
    for unit in units:
        entries.setdefault(unit.glossary_entry, {})[unit.key.rsplit(".", 1)[1]] = unit
    return entries


def _align_glossary(source: list[Unit], target: list[Unit], recorded: dict | None,
                    loose: bool) -> list[Pair]:
    s_entries, t_entries = _entries(source), _entries(target)
    s_blocks = sorted({b for b, _ in s_entries})
    t_blocks = sorted({b for b, _ in t_entries})
    matched: list[tuple[tuple, tuple]] = []
    for s_block, t_block in zip(s_blocks, t_blocks):   # the n-th glossary with the n-th
        s_left = [k for k in s_entries if k[0] == s_block]
        t_left = [k for k in t_entries if k[0] == t_block]
        if recorded is None:
            matched += list(zip(s_left, t_left))
        else:
            for field_name in ("term", "meaning"):
                for t_key in list(t_left):
                    said = recorded.get(t_entries[t_key].get(field_name, _NO_UNIT).key)
                    hit = next((s for s in s_left
                                if s_entries[s].get(field_name, _NO_UNIT).text == said), None)
                    if said is not None and hit is not None:
                        matched.append((hit, t_key))
                        s_left.remove(hit)
                        t_left.remove(t_key)
            if loose and len(s_left) == len(t_left):
                matched += list(zip(s_left, t_left))
                s_left, t_left = [], []
    pairs = []
    used_t = set()
    for s_key, t_key in matched:
        used_t.add(t_key)
        for name, unit in s_entries[s_key].items():
            pairs.append(Pair(unit, t_entries[t_key].get(name)))
    matched_s = {s for s, _ in matched}
    for s_key in sorted(s_entries):
        if s_key not in matched_s:
            pairs += [Pair(unit, None) for unit in s_entries[s_key].values()]
    for t_key in sorted(t_entries):
        if t_key not in used_t:
            pairs += [Pair(None, unit) for unit in t_entries[t_key].values()]
    return pairs


_NO_UNIT = Unit("", "\x00", "", "", 0)


# --- one part's state -------------------------------------------------------------

def covers(recorded: dict[str, str], target: list[Unit]) -> str:
    """The fingerprint a sign-off stores: this recorded source and this translation."""
    keys = {u.key for u in target}
    payload = json.dumps([sorted((k, v) for k, v in recorded.items() if k in keys),
                          sorted((u.key, u.text) for u in target)], ensure_ascii=False)
    return hashlib.sha256(("booklet sign-off 1\n" + payload).encode("utf-8")).hexdigest()[:16]


@dataclass
class PartReport:
    id: str
    file: str                          # the file that holds the record, for messages
    pairs: list[Pair]
    record: model.Translation | None
    missing: bool = False              # a section the translation does not have
    source_known: bool = True
    stale: bool = False
    sign_off: model.SignOff | None = None        # a sign-off that counts
    void_sign_off: model.SignOff | None = None   # one that no longer matches the text

    @property
    def recorded(self) -> dict[str, str]:
        return self.record.source_map if self.record else {}

    @property
    def reviewed(self) -> bool:
        return self.sign_off is not None

    @property
    def target_units(self) -> list[Unit]:
        return [p.target for p in self.pairs if p.target is not None]

    @property
    def record_line(self) -> int:
        return self.record.where.line if self.record and self.record.where else 1


def part_report(source: model.LanguageContent, target: model.LanguageContent,
                part_id: str) -> PartReport:
    folder = target.folder
    file = "handout.yaml" if part_id == HANDOUT else f"{part_id}.yaml"
    t_units = part_units(target, part_id)
    s_units = part_units(source, part_id)
    if part_id != HANDOUT and target.section(part_id) is None:
        return PartReport(part_id, f"{folder}/{file}", [Pair(u, None) for u in s_units],
                          None, missing=True, source_known=False, stale=False)
    record = part_record(target, part_id)
    recorded = record.source_map if record and record.source is not None else None
    pairs = align(s_units, t_units, recorded)
    report = PartReport(part_id, f"{folder}/{file}", pairs, record)
    report.source_known = recorded is not None and all(
        p.target.key in recorded for p in pairs if p.target is not None)
    report.stale = not report.source_known or any(
        _out_of_date(p, recorded or {}, part_id) for p in pairs)
    review = record.review if record else None
    if review is not None:
        if not report.stale and review.covers == covers(recorded or {}, t_units):
            report.sign_off = review
        else:
            report.void_sign_off = review
    return report


def _out_of_date(pair: Pair, recorded: dict, part_id: str) -> bool:
    if pair.source is not None and pair.target is not None:
        return recorded.get(pair.target.key) != pair.source.text
    if part_id == HANDOUT:   # a string or label missing or left over: not stale, see missing
        return False
    return True              # the source gained a unit, or the translation has one it lost


# --- what changed, sentence by sentence ----------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?;])[\"'”’)\]*]*\s+(?=\S)|(?<=[。！？；؟])")


def sentences(text: str) -> list[str]:
    """A text cut into sentences (list items are units of their own already)."""
    return [s.strip() for s in _SENTENCE.split(text.strip()) if s and s.strip()]


@dataclass(frozen=True)
class Change:
    """One changed source sentence: what it was, what it is now, what the translation says."""

    key: str                   # the unit's key path in the translation (or in the source)
    line: int
    old: str | None            # None: added to the source
    new: str | None            # None: removed from the source
    translation: str | None    # the current translation of the old sentence or unit


def changes(part: PartReport) -> list[Change]:
    """Each changed source sentence of a stale part, beside its current translation."""
    out: list[Change] = []
    recorded = part.recorded
    for pair in part.pairs:
        s, t = pair.source, pair.target
        if t is not None and s is not None:
            old = recorded.get(t.key)
            if old is None or old == s.text:
                continue
            out += _sentence_changes(t.key, t.line, old, s.text, t.text)
        elif s is not None and part.id != HANDOUT:
            out.append(Change(s.key, s.line, None, s.text, None))
        elif t is not None and part.id != HANDOUT:
            out.append(Change(t.key, t.line, recorded.get(t.key), None, t.text))
    return out


def _sentence_changes(key: str, line: int, old: str, new: str, translated: str) -> list[Change]:
    olds, news, ours = sentences(old), sentences(new), sentences(translated)
    # the translation sentence that matches an old one, when both have as many
    beside = (lambda i: ours[i]) if len(ours) == len(olds) else (lambda i: translated)
    if olds == news:   # only spacing changed
        return [Change(key, line, old, new, translated)]
    out = []
    matcher = difflib.SequenceMatcher(None, olds, news, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for n in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + n, j1 + n
            was = olds[i] if i < i2 else None
            now = news[j] if j < j2 else None
            near = i if i < i2 else max(i1 - 1, 0) if olds else None
            out.append(Change(key, line, was, now,
                              beside(near) if near is not None and olds else translated))
    return out


# --- the whole language ----------------------------------------------------------------

@dataclass
class TranslationReport:
    lang: str
    parts: list[PartReport] = field(default_factory=list)
    missing_strings: list[str] = field(default_factory=list)
    missing_labels: list[str] = field(default_factory=list)

    @property
    def missing_sections(self) -> list[str]:
        return [p.id for p in self.parts if p.missing]

    @property
    def stale_sections(self) -> list[str]:
        return [p.id for p in self.parts if not p.missing and p.stale]

    @property
    def unreviewed_sections(self) -> list[str]:
        """Current parts without a sign-off that counts (stale ones are listed as stale)."""
        return [p.id for p in self.parts if not p.missing and not p.stale and not p.reviewed]

    def part(self, part_id: str) -> PartReport | None:
        return next((p for p in self.parts if p.id == part_id), None)

    @property
    def is_draft(self) -> bool:
        return bool(self.missing_sections or self.stale_sections or self.unreviewed_sections
                    or self.missing_strings or self.missing_labels)


def compare(source: model.LanguageContent, target: model.LanguageContent,
            needed_labels: dict[str, tuple[str, ...]]) -> TranslationReport:
    report = TranslationReport(target.lang)
    report.parts = [part_report(source, target, part_id) for part_id in part_ids(source)]
    report.missing_strings = sorted(set(source.strings) - set(target.strings))
    for figure, keys in needed_labels.items():
        have = target.figure_labels.get(figure, {})
        report.missing_labels.extend(f"{figure}.{key}" for key in keys if key not in have)
    return report


@dataclass(frozen=True)
class EditionStatus:
    """Whether an edition's text may be handed out as reviewed, and why not.

    state: "source" (the source language), "reviewed" (complete, current and
    every part signed off), "stale" (the source changed since some part was
    translated), or "draft" (anything else: missing or unreviewed parts).
    ``stale`` lists parts whose source changed, ``unreviewed`` current parts
    without a sign-off, ``missing`` sections, interface strings and figure
    labels the translation does not have. Part ids are section ids, and
    ``handout`` for the title page text, interface strings and figure labels.
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
                f"run `booklet check --lang {self.lang}` for details")

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


# --- the old record, kept to migrate it --------------------------------------------------

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
    """A short, stable fingerprint of what a section says (the old ``source_hash``)."""
    parts = [section.title]
    for block in section.blocks:
        parts.append(block.kind)
        parts.extend(_block_text(block))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
