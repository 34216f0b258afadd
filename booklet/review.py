"""Write translation records and translated text into the content files.

Every change goes through ruamel.yaml's round trip, so the comments, key order,
quoting and indentation of a file stay as its authors left them; each file is
written atomically. Three things write records:

* ``update``: a translator says a part now translates today's source. The
  source text is recorded and any sign-off is removed.
* ``sign_off``: a reviewer signs off parts that are current. Only this writes
  ``review``.
* ``set_targets`` (XLIFF import): new translated text; see booklet.xliff.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from . import model, translation
from .errors import Problem
from .output import write_atomic
from .translation import HANDOUT, PartReport

SOURCE_COMMENT = "the English each unit translates; `translation update` writes it"
REVIEW_COMMENT = "written only by `translation review`; void once the text changes"


# --- round-trip YAML ------------------------------------------------------------

@dataclass
class YamlFile:
    """One content file opened for a round trip."""

    path: Path
    data: object
    yaml: YAML
    original: str

    @classmethod
    def open(cls, path: Path) -> "YamlFile":
        text = path.read_text("utf-8")
        yaml = YAML()
        yaml.preserve_quotes = True
        yaml.width = 1_000_000          # never fold a long line of text
        mapping, sequence, offset = _indentation(text)
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        return cls(path, yaml.load(text), yaml, text)

    def text(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()

    def save(self) -> bool:
        """Write the file if it changed; True when it did."""
        text = self.text()
        if text == self.original:
            return False
        write_atomic(self.path, text.encode("utf-8"))
        self.original = text
        return True


def _indentation(text: str) -> tuple[int, int, int]:
    """The file's own indentation of mappings and lists (default: 2, 4, 2)."""
    mapping, sequence, offset = 2, 4, 2
    lines = text.splitlines()
    for index, line in enumerate(lines[:-1]):
        if re.match(r"^(\s*)[^\s#-][^:]*:\s*$", line):
            parent = len(line) - len(line.lstrip())
            child = lines[index + 1]
            depth = len(child) - len(child.lstrip())
            if child.lstrip().startswith("- "):
                offset = max(depth - parent, 0)
                sequence = offset + 2
                break
    for index, line in enumerate(lines[:-1]):
        if re.match(r"^(\s*)[^\s#-][^:]*:\s*$", line):
            child = lines[index + 1]
            if child.strip() and not child.lstrip().startswith("-"):
                step = (len(child) - len(child.lstrip())) - (len(line) - len(line.lstrip()))
                if step > 0:
                    mapping = step
                    break
    return mapping, sequence, offset


def lookup(data, path: str):
    """The value at a dotted key path (``blocks.2.bullets.0``), or KeyError."""
    node = data
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def assign(data, path: str, value: str) -> None:
    """Set the text at a dotted key path, keeping the scalar's quoting where it can."""
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    key = int(last) if isinstance(node, list) else last
    old = node[key]
    value = unicodedata.normalize("NFC", value)
    if type(old) is not str and isinstance(old, str):   # a quoted scalar: same quotes
        try:
            value = type(old)(value)
        except TypeError:
            pass
    node[key] = value


# --- the record -------------------------------------------------------------------

def record_of(data) -> CommentedMap:
    record = data.get("translation")
    if not isinstance(record, CommentedMap):
        record = CommentedMap()
        data["translation"] = record
    return record


def set_source(data, source: dict[str, str] | None) -> None:
    """Record the source text of each unit (None: leave it unknown)."""
    record = record_of(data)
    for legacy in ("source_hash", "reviewed"):
        record.pop(legacy, None)
    if source is None:
        record.pop("source", None)
        return
    mapping = CommentedMap((key, text) for key, text in source.items())
    had = "source" in record
    record["source"] = mapping
    if not had:
        record.yaml_add_eol_comment(SOURCE_COMMENT, "source")


def clear_review(data) -> bool:
    record = data.get("translation")
    if isinstance(record, CommentedMap) and "review" in record:
        del record["review"]
        return True
    return False


def set_review(data, reviewer: str, date: dt.date, covers: str) -> None:
    record = record_of(data)
    had = "review" in record
    record["review"] = CommentedMap([("reviewer", reviewer), ("date", date),
                                     ("covers", covers)])
    if not had:
        record.yaml_add_eol_comment(REVIEW_COMMENT, "review")


def drop_empty_record(data) -> None:
    record = data.get("translation")
    if isinstance(record, CommentedMap) and not record:
        del data["translation"]


# --- parts of a language folder -------------------------------------------------------

@dataclass
class Outcome:
    """What a command did and what it refused, for the person running it."""

    done: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def refuse(self, where: str, line: int, message: str) -> None:
        self.problems.append(Problem(where, line, message))


def part_file(folder: Path, part_id: str) -> Path:
    return folder / ("handout.yaml" if part_id == HANDOUT else f"{part_id}.yaml")


def updated_source(part: PartReport, loose_pairs: list[translation.Pair]) -> dict[str, str]:
    """The source record after ``update``: today's source for every paired unit."""
    source = {}
    for pair in loose_pairs:
        if pair.source is not None and pair.target is not None:
            source[pair.target.key] = pair.source.text
    return source


def structure_problems(part: PartReport, pairs: list[translation.Pair]) -> list[str]:
    """Why a section's translation does not line up unit by unit with the source."""
    out = []
    for pair in pairs:
        if part.id == HANDOUT:
            continue
        if pair.source is not None and pair.target is None:
            out.append(f"the source has {pair.source.key} ({_short(pair.source.text)}) and "
                       f"the translation has nothing for it")
        elif pair.target is not None and pair.source is None:
            out.append(f"the translation has {pair.target.key}, which the source no longer has")
        elif pair.source.key != pair.target.key and pair.source.glossary_entry is None:
            out.append(f"the source's {pair.source.key} is the translation's {pair.target.key}: "
                       f"blocks were added, removed or moved in the source")
        elif not pair.source.translatable and pair.source.text != pair.target.text:
            out.append(f"{pair.target.key} is {pair.target.text!r} but the source has "
                       f"{pair.source.text!r}")
    return out


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return f'"{text[:length]}{"..." if len(text) > length else ""}"'


def update(source: model.LanguageContent, target: model.LanguageContent, folder: Path,
           part_ids: list[str]) -> Outcome:
    """Record today's source as what each named part translates; remove its sign-off."""
    outcome = Outcome()
    files = []
    for part_id in part_ids:
        part = translation.part_report(source, target, part_id)
        if part.missing:
            outcome.refuse(f"{target.folder}/{part_id}.yaml", 1,
                           f"there is no translation of section {part_id!r} to update")
            continue
        pairs = translation.align(translation.part_units(source, part_id),
                                  part.target_units,
                                  part.recorded if part.record and part.record.source else None,
                                  loose=True)
        problems = structure_problems(part, pairs)
        if problems:
            outcome.refuse(part.file, part.record_line,
                           f"{part_id} does not line up with the source yet, so it cannot be "
                           f"recorded as translating it: " + "; ".join(problems[:3])
                           + (f"; and {len(problems) - 3} more" if len(problems) > 3 else ""))
            continue
        file = YamlFile.open(part_file(folder, part_id))
        set_source(file.data, updated_source(part, pairs))
        cleared = clear_review(file.data)
        files.append((part_id, file, cleared, part))
    if outcome.problems:
        return outcome
    for part_id, file, cleared, part in files:
        if file.save():
            note = "; its sign-off was removed" if cleared else ""
            outcome.done.append(f"{part.file}: {part_id} now records today's source "
                                f"(not reviewed){note}")
        else:
            outcome.done.append(f"{part.file}: {part_id} already records today's source")
    return outcome


def sign_off(source: model.LanguageContent, target: model.LanguageContent, folder: Path,
             part_ids: list[str], reviewer: str, date: dt.date) -> Outcome:
    """Record a reviewer's sign-off on each named part; refuse parts that are not current."""
    outcome = Outcome()
    files = []
    for part_id in part_ids:
        part = translation.part_report(source, target, part_id)
        if part.missing:
            outcome.refuse(f"{target.folder}/{part_id}.yaml", 1,
                           f"section {part_id!r} is not translated; there is nothing to review")
            continue
        if part.stale:
            why = ("the source it translates was never recorded" if not part.source_known
                   else "the source changed since it was translated")
            outcome.refuse(part.file, part.record_line,
                           f"{part_id} is stale ({why}); a stale translation cannot be signed "
                           f"off. Update the translation to today's source, run `translation "
                           f"update --lang {target.lang} --section {part_id}`, then review it")
            continue
        file = YamlFile.open(part_file(folder, part_id))
        set_review(file.data, reviewer, date,
                   translation.covers(part.recorded, part.target_units))
        files.append((part_id, file, part))
    if outcome.problems:
        return outcome
    for part_id, file, part in files:
        file.save()
        outcome.done.append(f"{part.file}: {part_id} reviewed by {reviewer} on "
                            f"{date.isoformat()}")
    return outcome


# --- migrating the old record ---------------------------------------------------------------

_LINK = re.compile(r"\[\[(.+?)\]\]")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def guess_glossary_pairs(source: model.LanguageContent, target: model.LanguageContent,
                         s_terms: list[str], t_terms: list[str]) -> dict[int, int]:
    """Which translated glossary entry translates which source entry (old records kept
    no pairing; translations sort their glossary in their own alphabet).

    The [[links]] at the same place in both languages name pairs of terms; then
    identical terms, a shared Latin word, close spelling, and a last one left.
    Returns translated index -> source index; entries it cannot pair are left out.
    """
    linked: dict[str, str] = {}
    for section in source.sections:
        other = target.section(section.id)
        if other is None or section.id == "glossary":
            continue
        theirs = {u.key: u.text for u in translation.section_units(other)}
        for unit in translation.section_units(section):
            a, b = _LINK.findall(unit.text), _LINK.findall(theirs.get(unit.key, ""))
            if len(a) == len(b):
                for s_word, t_word in zip(a, b):
                    linked.setdefault(_fold(s_word), _fold(t_word))
    s_left, t_left = dict(enumerate(s_terms)), dict(enumerate(t_terms))
    pairs: dict[int, int] = {}

    def take(ti, si):
        pairs[ti] = si
        del t_left[ti], s_left[si]

    if all(linked.get(_fold(s)) in (None, _fold(t_terms[i]) if i < len(t_terms) else None)
           for i, s in enumerate(s_terms)) and len(s_terms) == len(t_terms):
        return {i: i for i in range(len(t_terms))}        # the same order as the source
    for si, s_word in list(s_left.items()):
        match = [ti for ti, t_word in t_left.items() if linked.get(_fold(s_word)) == _fold(t_word)
                 or _fold(s_word) == _fold(t_word)]
        if len(match) == 1:
            take(match[0], si)
    for si, s_word in list(s_left.items()):
        match = [ti for ti, t_word in t_left.items() if _share_latin_word(s_word, t_word)]
        if len(match) == 1:
            take(match[0], si)
    for si, s_word in list(s_left.items()):
        scored = sorted(((difflib_ratio(_fold(s_word), _fold(t_word)), ti)
                         for ti, t_word in t_left.items()), reverse=True)
        if scored and scored[0][0] >= 0.75 and (len(scored) == 1 or scored[1][0] < 0.6):
            take(scored[0][1], si)
    if len(s_left) == 1 and len(t_left) == 1:
        take(next(iter(t_left)), next(iter(s_left)))
    return pairs


def _share_latin_word(a: str, b: str) -> bool:
    """"AMPA receptor" and "Receptor AMPA"; "Synaptogenesis" and "Hình thành synap"."""
    words = re.compile(r"[a-z][a-z-]{2,}")
    ours, theirs = words.findall(_fold(a)), words.findall(_fold(b))
    return any(x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x)))
               for x in ours for y in theirs)


def difflib_ratio(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio()


def migrate(source: model.LanguageContent, target: model.LanguageContent,
            folder: Path) -> Outcome:
    """Convert old records (source_hash, reviewed) into records of the source text.

    A section whose source_hash matches today's source records today's source;
    one whose hash does not is stale with its source unknown. Old ``reviewed``
    flags are dropped: only ``translation review`` signs off. The handout part
    (title page text, strings, labels) never had a record; today's source is
    recorded for the units the translation has, unreviewed.
    """
    outcome = Outcome()
    for section in source.sections:
        other = target.section(section.id)
        if other is None or other.translation is None:
            continue
        record = other.translation
        if record.legacy_hash is None and record.source is not None:
            continue   # already migrated
        file = YamlFile.open(folder / f"{section.id}.yaml")
        if record.legacy_hash == translation.section_hash(section):
            source_map = _migrated_source(source, target, section, other, outcome)
            set_source(file.data, source_map)
            note = "records today's source"
        else:
            set_source(file.data, None)
            note = "stale: its source_hash does not match today's source, so what it " \
                   "translates is unknown"
        clear_review(file.data)
        drop_empty_record(file.data)
        if file.save():
            outcome.done.append(f"{other.where.path}: {note}")
    manifest = target.manifest.translation
    if manifest is None or manifest.source is None:
        file = YamlFile.open(folder / "handout.yaml")
        pairs = translation.align(translation.handout_units(source),
                                  translation.handout_units(target), None)
        set_source(file.data, {p.target.key: p.source.text for p in pairs
                               if p.source is not None and p.target is not None})
        clear_review(file.data)
        if file.save():
            outcome.done.append(f"{target.folder}/handout.yaml: the title page text, "
                                f"interface strings and figure labels record today's source")
    return outcome


def _migrated_source(source, target, section, other, outcome) -> dict[str, str]:
    s_units = translation.section_units(section)
    t_units = translation.section_units(other)
    s_by_key = {u.key: u for u in s_units}
    result = {}
    for unit in t_units:
        if unit.glossary_entry is None and unit.key in s_by_key:
            result[unit.key] = s_by_key[unit.key].text
    for s_block, t_block in zip((i for i, b in enumerate(section.blocks)
                                 if isinstance(b, model.GlossaryBlock)),
                                (i for i, b in enumerate(other.blocks)
                                 if isinstance(b, model.GlossaryBlock))):
        s_entries = section.blocks[s_block].entries
        t_entries = other.blocks[t_block].entries
        pairs = guess_glossary_pairs(source, target, [e.term for e in s_entries],
                                     [e.term for e in t_entries])
        for ti, si in sorted(pairs.items()):
            base = f"blocks.{t_block}.glossary.{ti}"
            result[f"{base}.term"] = s_entries[si].term
            result[f"{base}.meaning"] = s_entries[si].meaning
        unpaired = [t_entries[i].term for i in range(len(t_entries)) if i not in pairs]
        if unpaired:
            outcome.notes.append(f"{other.where.path}: could not tell which source entry "
                                 f"these glossary entries translate: {', '.join(unpaired)}; "
                                 f"they stay stale until `translation update`")
    ordered = {u.key: result[u.key] for u in t_units if u.key in result}
    return ordered
