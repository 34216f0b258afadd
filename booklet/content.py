"""Load one language folder of content into the validated model.

Every problem in every file is collected and raised together as a
ContentError, each as ``path:line: message``.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from . import model
from .errors import Problems
from .schema import Checker, did_you_mean
from .yamlsource import YList, YMap, load_yaml

MANIFEST = "handout.yaml"
STRINGS = "strings.yaml"
FIGURE_LABELS = "figures.yaml"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")

MANIFEST_KEYS = {"title", "subtitle", "audience", "version", "last_reviewed", "reviewer",
                 "source_language", "reading_grade_max", "smog_max", "keywords", "sections",
                 "translation"}
MANIFEST_REQUIRED = MANIFEST_KEYS - {"keywords", "translation", "smog_max"}
SECTION_KEYS = {"id", "title", "blocks", "translation"}
TRANSLATION_KEYS = {"source", "review", "translator"}
REVIEW_KEYS = {"reviewer", "date", "covers"}
LEGACY_TRANSLATION_KEYS = {"source_hash", "reviewed"}


# --- blocks: one small function per kind -----------------------------------

def _text_block(kind, value, line, check, where):
    text = check.text(value, line, f"the {kind}")
    return model.TextBlock(kind, where, text) if text is not None else None


def _list_block(kind, value, line, check, where):
    items = check.text_list(value, line, f"the {kind} list")
    return model.ListBlock(kind, where, items) if items else None


def _box_block(kind, value, line, check, where):
    box = check.mapping(value, line, f"the {kind} box")
    if box is None:
        return None
    check.keys(box, {"title", "text", "items"}, (), f"the {kind} box")
    title = check.text(box["title"], box.line_of("title"), "the box title") \
        if "title" in box else None
    text = check.text(box["text"], box.line_of("text"), "the box text") if "text" in box else None
    items = check.text_list(box["items"], box.line_of("items"), "the box items") \
        if "items" in box else ()
    if "text" not in box and "items" not in box:
        check.error(box.line, f"the {kind} box needs 'text', 'items' or both")
        return None
    return model.BoxBlock(kind, where, title, text, items)


def _figure_block(kind, value, line, check, where):
    from figures import FIGURE_NAMES

    figure = check.mapping(value, line, "the figure")
    if figure is None:
        return None
    check.keys(figure, {"name", "caption", "alt"}, ("name", "caption", "alt"), "the figure")
    name = check.text(figure.get("name"), figure.line_of("name"), "the figure name") \
        if "name" in figure else None
    if name is not None and name not in FIGURE_NAMES:
        check.error(figure.line_of("name"), f"there is no figure named {name!r}"
                    f"{did_you_mean(name, FIGURE_NAMES)} (figures: {', '.join(FIGURE_NAMES)})")
        name = None
    caption = check.text(figure.get("caption"), figure.line_of("caption"), "the caption") \
        if "caption" in figure else None
    alt = check.text(figure.get("alt"), figure.line_of("alt"), "the alt text") \
        if "alt" in figure else None
    if name and caption and alt:
        return model.FigureBlock(kind, where, name, caption, alt)
    return None


def _glossary_block(kind, value, line, check, where):
    if not isinstance(value, YList) or not value:
        check.error(getattr(value, "line", line), "the glossary must be a list of "
                    "'- term: ...' / '  meaning: ...' entries")
        return None
    entries = []
    for index, entry in enumerate(value):
        entry_line = value.line_of(index)
        entry = check.mapping(entry, entry_line, f"glossary entry {index + 1}")
        if entry is None:
            continue
        check.keys(entry, {"term", "meaning"}, ("term", "meaning"), f"glossary entry {index + 1}")
        term = check.text(entry.get("term"), entry.line_of("term"), "the term") \
            if "term" in entry else None
        meaning = check.text(entry.get("meaning"), entry.line_of("meaning"), "the meaning") \
            if "meaning" in entry else None
        if term and meaning:
            entries.append(model.GlossaryEntry(term, meaning))
    return model.GlossaryBlock(kind, where, tuple(entries)) if entries else None


def _call_guide(kind, value, line, check, where):
    if not isinstance(value, YList) or not value:
        check.error(getattr(value, "line", line), "the call guide must be a list of tiers, "
                    "each with 'level', 'title' and 'items' or 'text'")
        return None
    tiers = []
    for index, tier in enumerate(value):
        what = f"call guide tier {index + 1}"
        tier = check.mapping(tier, value.line_of(index), what)
        if tier is None:
            continue
        check.keys(tier, {"level", "title", "text", "items"}, ("level", "title"), what)
        level = check.text(tier["level"], tier.line_of("level"), "the level") \
            if "level" in tier else None
        if level is not None and level not in model.CALL_LEVELS:
            check.error(tier.line_of("level"), f"unknown level {level!r}"
                        f"{did_you_mean(level, model.CALL_LEVELS)} "
                        f"(levels: {', '.join(model.CALL_LEVELS)})")
            level = None
        title = check.text(tier["title"], tier.line_of("title"), "the tier title") \
            if "title" in tier else None
        text = check.text(tier["text"], tier.line_of("text"), "the tier text") \
            if "text" in tier else None
        items = check.text_list(tier["items"], tier.line_of("items"), "the tier items") \
            if "items" in tier else ()
        if "text" not in tier and "items" not in tier:
            check.error(tier.line, f"{what} needs 'text', 'items' or both")
            continue
        if level and title:
            tiers.append(model.CallTier(level, title, text, items))
    return model.CallGuideBlock(kind, where, tuple(tiers)) if tiers else None


def _review_box(kind, value, line, check, where):
    if value is None:
        return model.ReviewBoxBlock(kind, where)
    box = check.mapping(value, line, "the review box")
    if box is None:
        return None
    check.keys(box, {"note"}, (), "the review box")
    note = check.text(box["note"], box.line_of("note"), "the note") if "note" in box else None
    return model.ReviewBoxBlock(kind, where, note)


BLOCK_KINDS = {
    "paragraph": _text_block, "heading": _text_block,
    "bullets": _list_block, "numbered": _list_block, "checklist": _list_block,
    "questions": _list_block, "references": _list_block,
    "key_point": _box_block, "warning": _box_block,
    "figure": _figure_block, "glossary": _glossary_block, "review_box": _review_box,
    "call_guide": _call_guide,
}


def _blocks(value, line, check: Checker) -> tuple[model.Block, ...]:
    if not isinstance(value, YList):
        check.error(getattr(value, "line", line), "'blocks' must be a list of blocks, "
                    "each written as '- kind: ...'")
        return ()
    blocks = []
    for index, item in enumerate(value):
        item_line = value.line_of(index)
        if not isinstance(item, YMap) or len(item) != 1:
            shown = f"a mapping with {len(item)} keys" if isinstance(item, YMap) else "that"
            check.error(item_line, f"block {index + 1} must be one 'kind: content' pair, "
                        f"not {shown} (block kinds: {', '.join(BLOCK_KINDS)})")
            continue
        kind, content = next(iter(item.items()))
        if kind not in BLOCK_KINDS:
            check.error(item.line_of(kind), f"unknown block kind {kind!r}"
                        f"{did_you_mean(kind, BLOCK_KINDS)}")
            continue
        where = model.Where(check.path, item.line_of(kind))
        block = BLOCK_KINDS[kind](kind, content, item.line_of(kind), check, where)
        if block is not None:
            blocks.append(block)
    return tuple(blocks)


# --- files --------------------------------------------------------------------

def _translation(value, line, check: Checker) -> model.Translation | None:
    """The ``translation:`` record: the source each unit translates and its sign-off."""
    record = check.mapping(value, line, "'translation'")
    if record is None:
        return None
    # the old record (a hash of the source and a reviewed flag) still loads, as a
    # translation of an unknown source that nobody reviewed; `translation migrate`
    # converts it
    check.keys(record, TRANSLATION_KEYS | LEGACY_TRANSLATION_KEYS, (), "'translation'")
    legacy_hash = check.text(record["source_hash"], record.line_of("source_hash"),
                             "the source_hash") if "source_hash" in record else None
    source = None
    if "source" in record:
        mapping = check.mapping(record["source"], record.line_of("source"),
                                "translation.source")
        if mapping is not None:
            pairs = []
            for key, text in mapping.items():
                # interface strings keep their spaces; so does the source recorded for them
                checked = check.text(text, mapping.line_of(key), f"translation.source.{key}",
                                     strip=False)
                if checked is not None:
                    pairs.append((str(key), checked))
            source = tuple(pairs)
    review = _sign_off(record["review"], record.line_of("review"), check) \
        if "review" in record else None
    translator = check.text(record["translator"], record.line_of("translator"),
                            "the translator") if "translator" in record else None
    return model.Translation(source, review, translator, model.Where(check.path, record.line),
                             legacy_hash)


def _sign_off(value, line, check: Checker) -> model.SignOff | None:
    review = check.mapping(value, line, "translation.review")
    if review is None:
        return None
    check.keys(review, REVIEW_KEYS, REVIEW_KEYS, "translation.review")
    reviewer = check.text(review["reviewer"], review.line_of("reviewer"),
                          "translation.review.reviewer") if "reviewer" in review else None
    date = _date(review["date"], review.line_of("date"), check, "translation.review.date") \
        if "date" in review else None
    covers = check.text(review["covers"], review.line_of("covers"),
                        "translation.review.covers") if "covers" in review else None
    if reviewer and date and covers:
        return model.SignOff(reviewer, date, covers, model.Where(check.path, review.line))
    return None


def _date(value, line, check: Checker, what: str = "last_reviewed") -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    check.error(line, f"{what} must be a date written as YYYY-MM-DD, not {value!r}")
    return None


def load_manifest(folder: Path, display: str, problems: Problems) -> model.Manifest | None:
    path = folder / MANIFEST
    shown = f"{display}/{MANIFEST}"
    if not path.exists():
        problems.add(shown, 1, f"the language folder has no {MANIFEST} (the handout manifest)")
        return None
    data = load_yaml(path, problems, shown)
    if data is None:
        return None
    check = Checker(shown, problems)
    data = check.mapping(data, 1, "the manifest")
    if data is None:
        return None
    check.keys(data, MANIFEST_KEYS, MANIFEST_REQUIRED, "the manifest")

    def text(key):
        return check.text(data[key], data.line_of(key), f"'{key}'") if key in data else None

    reviewed = _date(data["last_reviewed"], data.line_of("last_reviewed"), check) \
        if "last_reviewed" in data else None
    grade = _grade_limit(data, "reading_grade_max", check)
    smog = _grade_limit(data, "smog_max", check)
    keywords = check.text_list(data["keywords"], data.line_of("keywords"), "the keywords") \
        if "keywords" in data else ()
    section_ids: tuple[str, ...] = ()
    if "sections" in data:
        section_ids = check.text_list(data["sections"], data.line_of("sections"),
                                      "the sections list")
        seen = set()
        for index, section_id in enumerate(section_ids):
            line = data["sections"].line_of(index)
            if not _ID.match(section_id):
                check.error(line, f"section id {section_id!r} must be lowercase letters, "
                                  f"digits and dashes")
            if section_id in seen:
                check.error(line, f"section {section_id!r} is listed twice")
            seen.add(section_id)
    translation = _translation(data["translation"], data.line_of("translation"), check) \
        if "translation" in data else None
    values = [text("title"), text("subtitle"), text("audience"), text("version"), reviewed,
              text("reviewer"), text("source_language"), grade]
    if any(value is None for value in values) or not section_ids:
        return None
    lines = tuple(data["sections"].line_of(i) for i in range(len(section_ids)))
    return model.Manifest(*values, keywords, section_ids, model.Where(shown, 1), translation,
                          lines, smog_max=smog)


def _grade_limit(data: YMap, key: str, check: Checker) -> float | None:
    """A reading-grade limit: a number above 0 (a limit of 0 or less fails every section)."""
    if key not in data:
        return None
    limit = check.number(data[key], data.line_of(key), key)
    if limit is not None and limit <= 0:
        check.error(data.line_of(key), f"{key} must be a grade above 0, not {limit:g}")
        return None
    return limit


def load_section(folder: Path, display: str, section_id: str, problems: Problems,
                 listed_at: int) -> model.Section | None:
    path = folder / f"{section_id}.yaml"
    shown = f"{display}/{section_id}.yaml"
    if not path.exists():
        problems.add(f"{display}/{MANIFEST}", listed_at,
                     f"section {section_id!r} is listed but {shown} does not exist")
        return None
    data = load_yaml(path, problems, shown)
    check = Checker(shown, problems)
    data = check.mapping(data, 1, "a section file") if data is not None else None
    if data is None:
        return None
    check.keys(data, SECTION_KEYS, ("id", "title", "blocks"), "the section")
    if "id" in data and data["id"] != section_id:
        check.error(data.line_of("id"), f"the id {data['id']!r} does not match the file "
                                        f"name; it should be {section_id!r}")
    title = check.text(data["title"], data.line_of("title"), "the section title") \
        if "title" in data else None
    blocks = _blocks(data["blocks"], data.line_of("blocks"), check) if "blocks" in data else ()
    translation = _translation(data["translation"], data.line_of("translation"), check) \
        if "translation" in data else None
    if title is None:
        return None
    return model.Section(section_id, title, blocks, model.Where(shown, data.line), translation)


def load_string_table(path: Path, shown: str, problems: Problems, depth: int):
    """``strings.yaml`` (depth 1) or ``figures.yaml`` (depth 2): text by key."""
    if not path.exists():
        return {}, {}
    data = load_yaml(path, problems, shown)
    check = Checker(shown, problems)
    if data is None or check.mapping(data, 1, shown.rsplit("/", 1)[-1]) is None:
        return {}, {}
    table, lines = {}, {}
    for key, value in data.items():
        line = data.line_of(key)
        if depth == 2:
            inner = check.mapping(value, line, f"the labels of {key!r}")
            if inner is None:
                continue
            table[key] = {}
            for label, text in inner.items():
                checked = check.text(text, inner.line_of(label), f"label {key}.{label}")
                if checked is not None:
                    table[key][label] = checked
                    lines[(key, label)] = model.Where(shown, inner.line_of(label))
        else:
            # interface strings keep their spaces: ": " is a colon and a space
            checked = check.text(value, line, f"string {key!r}", strip=False)
            if checked is not None:
                _check_interface_string(key, checked, line, check)
                table[key] = checked
                lines[key] = model.Where(shown, line)
    return table, lines


def _check_interface_string(key: str, text: str, line: int, check: Checker) -> None:
    """Only the placeholders documented for ``key`` (booklet.interface) may appear."""
    from .interface import placeholder_problems

    for problem in placeholder_problems(key, text):
        check.error(line, f"string {key!r}: {problem}")


def load_language(sections_root: Path, lang: str, problems: Problems) -> model.LanguageContent | None:
    """Load ``sections_root/lang``; problems are added, not raised."""
    folder = sections_root / lang
    display = f"{sections_root.name}/{lang}"
    manifest = load_manifest(folder, display, problems)
    strings, string_lines = load_string_table(folder / STRINGS, f"{display}/{STRINGS}",
                                              problems, 1)
    labels, label_lines = load_string_table(folder / FIGURE_LABELS,
                                            f"{display}/{FIGURE_LABELS}", problems, 2)
    if manifest is None:
        return None
    sections = []
    for index, section_id in enumerate(manifest.section_ids):
        section = load_section(folder, display, section_id, problems,
                               manifest.section_lines[index])
        if section is not None:
            sections.append(section)
    lines = dict(string_lines)
    lines.update({f"{f}.{k}": w for (f, k), w in label_lines.items()})
    return model.LanguageContent(lang, display, manifest, tuple(sections), strings, labels, lines)


def languages(sections_root: Path) -> list[str]:
    """Language folders under ``sections_root`` that hold a manifest, sorted."""
    if not sections_root.is_dir():
        return []
    return sorted(p.name for p in sections_root.iterdir()
                  if p.is_dir() and (p / MANIFEST).is_file())
