"""XLIFF 1.2 round trip for CAT tools (Trados, memoQ, Phrase, Weblate), via translate-toolkit.

Export writes one ``<file>`` per content file (``original="es/about.yaml"``),
one ``<trans-unit>`` per translatable unit: its id is the unit's key path
(``blocks.3.key_point.text``, ``strings.contents``, ``figures.synapse.neuron``,
``clinic.after_hours``), its ``<source>`` today's English, its ``<target>``
today's translation with a state:

    new                       no translation yet
    needs-review-translation  the English changed since it was translated (stale)
    translated                current, not signed off
    signed-off                current and signed off (the phase names the reviewer)
    final                     signed off, and the whole edition is reviewed

Import writes targets back into the YAML and records the English each one
translates. A unit counts as reviewed only when its state is signed-off or
final *and* its target's ``phase-name`` points at a ``<phase>`` with
``process-name="review"`` and a ``contact-name`` (the reviewer); a section is
signed off only when all its units are. Units whose ``<source>`` is no longer
today's English are reported and not imported.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from translate.storage.xliff import Xliff1File, Xliff1Unit

from . import model, translation
from .errors import Problems
from .output import write_atomic
from .review import Outcome, YamlFile, assign, clear_review, set_review, set_source
from .schema import Checker
from .translation import HANDOUT, Pair, PartReport, Unit

NS = "urn:oasis:names:tc:xliff:document:1.2"
MAX_XLIFF_BYTES = 20 * 1024 * 1024
CLINIC_FILE = "clinic-profile"
STATES = ("new", "needs-review-translation", "translated", "signed-off", "final")
REVIEWED_STATES = {"signed-off", "final"}
# states that say "this target translates this source": the source is recorded
CONFIRMED_STATES = {"translated", "signed-off", "final"}
_PLACEHOLDER = re.compile(r"\{\{\s*\w+\s*\}\}|\{\w+\}")
_WHAT = {"title": "section title", "heading": "heading", "paragraph": "paragraph",
         "bullets": "bullet item", "numbered": "numbered step", "checklist": "checklist item",
         "questions": "question", "references": "reference", "caption": "figure caption",
         "alt": "figure alt text (read aloud by screen readers)", "term": "glossary term",
         "meaning": "glossary meaning", "note": "review box note"}


class Unit12(Xliff1Unit):
    namespace = NS


class File12(Xliff1File):
    """translate-toolkit's XLIFF store, writing the 1.2 namespace."""

    UnitClass = Unit12
    namespace = NS
    XMLskeleton = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                   f'xmlns="{NS}">\n<file original="NoName" source-language="en" '
                   f'datatype="plaintext"><body></body></file>\n</xliff>')


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


# --- export -----------------------------------------------------------------------------

def export(source: model.LanguageContent, content: model.LanguageContent, out: Path,
           clinic=None) -> str:
    report = translation.compare(source, content, {})
    final = not report.is_draft
    store = File12()
    store.setsourcelanguage(source.lang)
    counts = dict.fromkeys(STATES, 0)
    for part in report.parts:
        for file, pairs in _by_file(part):
            original = f"{content.lang}/{file}"
            store.switchfile(original, createifmissing=True)
            filenode = store.getfilenode(original)
            phase = _add_phase(store, filenode, part.sign_off) if part.sign_off else None
            for pair in pairs:
                state = _state(part, pair, final)
                counts[state] += 1
                _add_unit(store, original, part, pair, state, phase)
    if clinic is not None:
        _export_clinic(store, clinic, content.lang, counts)
    store.settargetlanguage(content.lang)
    write_atomic(out, bytes(store))
    summary = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
    return f"{out}: {sum(counts.values())} units for {content.lang} ({summary})"


def _by_file(part: PartReport):
    files: dict[str, list[Pair]] = {}
    for pair in part.pairs:
        if pair.source is not None and pair.source.translatable:
            files.setdefault(pair.source.file, []).append(pair)
    return files.items()


def _state(part: PartReport, pair: Pair, final: bool) -> str:
    if pair.target is None:
        return "new"
    if pair.target.key not in part.recorded or part.recorded[pair.target.key] != pair.source.text:
        return "needs-review-translation"
    if part.reviewed:
        return "final" if final else "signed-off"
    return "translated"


def _add_phase(store, filenode, sign_off: model.SignOff) -> str:
    header = store.getheadernode(filenode, createifmissing=True)
    filenode.remove(header)
    filenode.insert(0, header)     # <header> comes before <body>
    group = header.find(_q("phase-group"))
    if group is None:
        group = etree.SubElement(header, _q("phase-group"))
    name = f"review-{len(group) + 1}"
    etree.SubElement(group, _q("phase"), {
        "phase-name": name, "process-name": "review", "contact-name": sign_off.reviewer,
        "date": f"{sign_off.date.isoformat()}T00:00:00Z"})
    return name


def _add_unit(store, original: str, part: PartReport, pair: Pair, state: str,
              phase: str | None) -> None:
    english = pair.source
    unit = store.addsourceunit(english.text, original)
    unit.setid(english.key)
    element = unit.xmlelement
    element.set("resname", english.key)
    target = pair.target
    unit.settarget(target.text if target else "")
    node = element.find(_q("target"))
    if node is None:
        node = etree.SubElement(element, _q("target"))
    node.set("state", state)
    if state in REVIEWED_STATES and phase:
        node.set("phase-name", phase)
        element.set("approved", "yes")
    elif "approved" in element.attrib:
        del element.attrib["approved"]
    where = f"{original}, {target.path if target else english.path}"
    if target:
        where += f" (line {target.line})"
    unit.addnote(f"Used in {where}: {_describe(english)}.", origin="booklet")
    if english.max_length:
        element.set("maxwidth", str(english.max_length))
        element.set("size-unit", "char")
        unit.addnote(f"Figure label, drawn inside the figure: at most {english.max_length} "
                     f"characters (the English has {len(english.text)}).", origin="booklet")
    markup = _markup_note(english.text)
    if markup:
        unit.addnote(markup, origin="booklet")
    if state == "needs-review-translation" and target is not None:
        was = part.recorded.get(target.key)
        unit.addnote("The English changed since this was translated." +
                     (f" It was: {was}" if was else " What it said before was not recorded."),
                     origin="booklet")


def _describe(unit: Unit) -> str:
    if unit.key.startswith("strings."):
        return "interface text"
    if unit.key.startswith("figures."):
        return f"label in the {unit.key.split('.')[1]} figure"
    if unit.key.startswith("keywords."):
        return "keyword (PDF metadata)"
    if unit.key in ("title", "subtitle", "audience", "reviewer") and unit.file == "handout.yaml":
        return f"title page {unit.key}"
    words = [_WHAT[p] for p in unit.key.split(".") if p in _WHAT]
    if ".items." in unit.key:
        return "box item" if "call_guide" not in unit.key else "call guide item"
    if "call_guide" in unit.key:
        return f"call guide {unit.key.rsplit('.', 1)[1]}"
    if re.search(r"\.(key_point|warning)\.title$", unit.key):
        return "box title"
    if re.search(r"\.(key_point|warning)\.text$", unit.key):
        return "box text"
    return words[-1] if words else "text"


def _markup_note(text: str) -> str | None:
    kept = []
    if "**" in text:
        kept.append("**bold**")
    if "[[" in text:
        kept.append("[[glossary term]] (spelled as in this language's glossary)")
    if _PLACEHOLDER.search(text):
        kept.append(", ".join(sorted(set(_PLACEHOLDER.findall(text)))) + " unchanged")
    return f"Keep the markup: {'; '.join(kept)}." if kept else None


def _export_clinic(store, clinic, lang: str, counts: dict) -> None:
    from .clinic import LOCALIZED_KEYS

    original = CLINIC_FILE
    store.switchfile(original, createifmissing=True)
    for key in LOCALIZED_KEYS:
        value = getattr(clinic, key)
        if not value:
            continue
        own = value.get(clinic.language) if isinstance(value, dict) else value
        if not own:
            continue
        target = value.get(lang) if isinstance(value, dict) else None
        state = "translated" if target else "new"
        counts[state] += 1
        unit = store.addsourceunit(own, original)
        unit.setid(f"clinic.{key}")
        unit.xmlelement.set("resname", key)
        unit.settarget(target or "")
        node = unit.xmlelement.find(_q("target"))
        if node is None:
            node = etree.SubElement(unit.xmlelement, _q("target"))
        node.set("state", state)
        unit.xmlelement.attrib.pop("approved", None)
        unit.addnote(f"Clinic profile {Path(clinic.source).name}, {key} (line "
                     f"{clinic.line_of(key)}), printed on the cover or back page; import "
                     f"with --clinic to write it into the profile.", origin="booklet")


# --- reading a file safely ----------------------------------------------------------------

@dataclass
class FileUnit:
    """One trans-unit as read back."""

    id: str
    source: str
    target: str
    state: str
    reviewer: str | None
    date: dt.date | None
    line: int


def read_xliff(path: Path, problems: Problems) -> tuple[object, dict] | None:
    """(translate-toolkit store, {original: [FileUnit]}), or None with problems added.

    The XML is parsed without a DTD, entities or network first: a file that
    declares any (an XXE or entity-expansion attack, or just a stray DOCTYPE)
    is refused before translate-toolkit sees it.
    """
    shown = str(path)
    data = path.read_bytes()
    if len(data) > MAX_XLIFF_BYTES:
        problems.add(shown, 1, f"the file is {len(data):,} bytes; the limit is "
                               f"{MAX_XLIFF_BYTES:,}")
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        problems.add(shown, line, f"this is not well-formed XML ({error.msg}); is it the "
                                  f"XLIFF file your CAT tool exported?")
        return None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None or \
            any(isinstance(node, etree._Entity) for node in root.iter()):
        problems.add(shown, 1, "the file declares a DOCTYPE or entities; XLIFF needs neither, "
                               "and booklet refuses them so that no outside file is read and "
                               "nothing expands (export the file again from your CAT tool)")
        return None
    if etree.QName(root).localname != "xliff" or not root.get("version", "").startswith("1."):
        problems.add(shown, root.sourceline or 1,
                     f"this is not an XLIFF 1.x file (root <{etree.QName(root).localname}> "
                     f"version {root.get('version')!r}); booklet reads XLIFF 1.2")
        return None
    try:
        store = File12.parsestring(data)
    except Exception as error:  # noqa: BLE001 - the library's own complaint, reported plainly
        problems.add(shown, 1, f"translate-toolkit cannot read this XLIFF file: {error}")
        return None
    files: dict[str, list[FileUnit]] = {}
    for filenode in root.iter(f"{{{root.nsmap.get(None, NS)}}}file"):
        ns = etree.QName(filenode).namespace
        phases = {}
        for phase in filenode.iter(f"{{{ns}}}phase"):
            phases[phase.get("phase-name")] = phase
        units = files.setdefault(filenode.get("original", ""), [])
        for element in filenode.iter(f"{{{ns}}}trans-unit"):
            unit = store.UnitClass.createfromxmlElement(element)
            target = element.find(f"{{{ns}}}target")
            state = (target.get("state") if target is not None else None) or "new"
            reviewer, date = None, None
            phase = phases.get(target.get("phase-name")) if target is not None else None
            if phase is not None and phase.get("process-name") == "review" and \
                    (phase.get("contact-name") or "").strip():
                reviewer = " ".join(phase.get("contact-name").split())
                date = _phase_date(phase.get("date"))
            units.append(FileUnit(element.get("id", ""), unit.source or "",
                                  unit.target or "", state, reviewer, date,
                                  element.sourceline or 1))
    return store, files


def _phase_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- import ---------------------------------------------------------------------------------

def import_file(path: Path, sections_root: Path, clinic_path: Path | None = None) -> Outcome:
    from .build import load_language_pair
    from .errors import UsageError

    outcome = Outcome()
    problems = Problems()
    read = read_xliff(path, problems)
    if read is None:
        outcome.problems += problems.items
        return outcome
    store, files = read
    lang = store.gettargetlanguage()
    if not lang or not (sections_root / lang / "handout.yaml").is_file():
        raise UsageError(f"{path}: the file is for target-language {lang!r}, which has no "
                         f"folder in {sections_root}")
    content, source = load_language_pair(sections_root, lang)
    if content.lang == source.lang:
        raise UsageError(f"{path}: {lang} is the source language; nothing to import")
    report = translation.compare(source, content, {})
    by_file = {}
    for part in report.parts:
        for unit in translation.part_units(source, part.id):
            by_file.setdefault(f"{lang}/{unit.file}", {})[unit.key] = (part, unit)
    plans: dict[str, _PartPlan] = {}
    for original, units in files.items():
        if original == CLINIC_FILE:
            _import_clinic(path, units, clinic_path, lang, outcome)
            continue
        known = by_file.get(original)
        if known is None:
            outcome.refuse(str(path), units[0].line if units else 1,
                           f"the file names {original!r}, which is not a content file of "
                           f"{lang} in {sections_root}; nothing from it was imported")
            continue
        for unit in units:
            if unit.id not in known:
                outcome.refuse(str(path), unit.line, f"unit {unit.id!r} ({original}) is no "
                                                     f"longer in the English; not imported")
                continue
            part, english = known[unit.id]
            plan = plans.setdefault(part.id, _PartPlan(part))
            plan.take(path, unit, english, outcome)
    _apply(plans, source, content, sections_root / lang, outcome)
    return outcome


class _PartPlan:
    """What an import does to one part: new texts, confirmed sources, sign-offs."""

    def __init__(self, part: PartReport):
        self.part = part
        self.texts: dict[str, str] = {}          # translation key -> new text
        self.new_units: dict[str, tuple[Unit, str]] = {}   # English key -> (unit, text)
        self.confirmed: dict[str, str] = {}      # translation key -> English it translates
        self.reviewed: dict[str, tuple[str, dt.date | None]] = {}   # English key -> reviewer
        self.unsigned: list[str] = []            # signed-off without a reviewer
        self.paired = {p.source.key: p.target for p in part.pairs if p.source is not None}

    def take(self, path: Path, unit: FileUnit, english: Unit, outcome: Outcome) -> None:
        where = (str(path), unit.line)
        if unit.source.strip() != english.text.strip():
            outcome.refuse(*where, f"{self.part.id} {unit.id}: the English changed since this "
                                   f"file was exported, so this translation is of old text and "
                                   f"was not imported. It was: {unit.source!r}; it is now: "
                                   f"{english.text!r}. Export again and translate the new text")
            return
        if unit.state == "new" or not unit.target.strip():
            return
        if unit.state not in STATES and not unit.state.startswith("needs-"):
            outcome.notes.append(f"{path}:{unit.line}: {unit.id}: unknown state "
                                 f"{unit.state!r}; read as needs-review-translation")
        problems = Problems()
        # interface strings keep their spaces (": " is a colon and a space); text is trimmed
        text = Checker(str(path), problems).text(unit.target, unit.line,
                                                 f"the target of {unit.id}",
                                                 strip=not english.key.startswith("strings."))
        missing = set(_PLACEHOLDER.findall(english.text)) ^ set(_PLACEHOLDER.findall(unit.target))
        if problems or text is None:
            outcome.problems += problems.items
            return
        if missing:
            outcome.refuse(*where, f"{self.part.id} {unit.id}: the translation must keep "
                                   f"{', '.join(sorted(missing))} exactly as the English has "
                                   f"them; not imported")
            return
        target = self.paired.get(english.key)
        changed = target is None or target.text != text
        if changed and english.max_length and len(text) > english.max_length:
            outcome.notes.append(f"{path}:{unit.line}: {unit.id}: the label has {len(text)} "
                                 f"characters, more than {english.max_length}; it may crowd "
                                 f"the figure")
        if target is None:
            self.new_units[english.key] = (english, text)
            key = english.key
        else:
            key = target.key
            if target.text != text:
                self.texts[key] = text
        if unit.state in CONFIRMED_STATES:
            self.confirmed[key] = english.text
        if unit.state in REVIEWED_STATES:
            if unit.reviewer:
                self.reviewed[english.key] = (unit.reviewer, unit.date)
            else:
                self.unsigned.append(unit.id)


def _apply(plans: dict, source, content, folder: Path, outcome: Outcome) -> None:
    if outcome.problems and not any(p.texts or p.confirmed or p.new_units
                                    for p in plans.values()):
        return
    files: dict[str, YamlFile] = {}

    def opened(name: str) -> YamlFile:
        if name not in files:
            files[name] = YamlFile.open(folder / name)
        return files[name]

    for part_id, plan in plans.items():
        part = plan.part
        if part.missing:
            outcome.refuse(part.file, 1, f"{lang_of(content)} has no {part_id}.yaml; "
                                         f"copy the English section there first")
            continue
        structural = [key for key in plan.new_units if part_id != HANDOUT]
        if structural:
            outcome.refuse(part.file, part.record_line,
                           f"{part_id}: the English has units the translation has no place "
                           f"for yet ({', '.join(structural[:3])}); add those blocks to "
                           f"{part.file} (any text), then export and import again")
            continue
        record_file = opened("handout.yaml" if part_id == HANDOUT else f"{part_id}.yaml")
        by_key = {u.key: u for u in part.target_units}
        for key, text in plan.texts.items():
            unit = by_key[key]
            assign(opened(unit.file).data, unit.path, text)
        for english_key, (english, text) in plan.new_units.items():   # a string or a label
            data = opened(english.file).data
            if english.file == "figures.yaml":
                figure, label = english.path.split(".", 1)
                data.setdefault(figure, type(data)())[label] = text
            else:
                data[english.path] = text
        recorded = dict(part.recorded)
        recorded.update(plan.confirmed)
        for english_key, (english, text) in plan.new_units.items():
            if english_key in plan.confirmed:
                recorded[english_key] = english.text
        changed = bool(plan.texts or plan.new_units or recorded != part.recorded)
        if changed:
            order = [u.key for u in part.target_units] + list(plan.new_units)
            set_source(record_file.data, {k: recorded[k] for k in order if k in recorded})
        # the part after this import: is it current, and did the file sign all of it off?
        after = [Unit(u.key, plan.texts.get(u.key, u.text), u.file, u.path, u.line,
                      u.translatable) for u in part.target_units]
        after += [Unit(k, t, e.file, e.path, 0) for k, (e, t) in plan.new_units.items()]
        english_units = [p.source for p in part.pairs if p.source is not None]
        current = not part.stale or all(_current(plan, e, recorded, part_id)
                                        for e in english_units)
        wanted = [e.key for e in english_units if e.translatable]
        signed = [k for k in wanted if k in plan.reviewed]
        label = "the title page text, strings and labels" if part_id == HANDOUT else part_id
        if plan.unsigned:
            outcome.notes.append(f"{part.file}: {len(plan.unsigned)} unit(s) of {label} are "
                                 f"marked signed-off but name no reviewer (a <phase> with "
                                 f"process-name=\"review\" and contact-name); they were "
                                 f"imported as translated, not reviewed")
        if signed and len(signed) == len(wanted) and current:
            reviewers = sorted({plan.reviewed[k][0] for k in signed})
            dates = [plan.reviewed[k][1] for k in signed if plan.reviewed[k][1]]
            date = max(dates) if dates else dt.date.today()
            set_review(record_file.data, "; ".join(reviewers), date,
                       translation.covers(recorded, after))
            outcome.done.append(f"{part.file}: {label} signed off by {'; '.join(reviewers)} "
                                f"on {date.isoformat()}")
        else:
            if signed:
                outcome.notes.append(f"{part.file}: {len(signed)} of {len(wanted)} units of "
                                     f"{label} are signed off with a reviewer; a part is "
                                     f"marked reviewed only when all its units are and it is "
                                     f"current")
            if changed and clear_review(record_file.data):
                outcome.notes.append(f"{part.file}: {label} changed, so its earlier sign-off "
                                     f"was removed")
        if plan.texts or plan.new_units:
            outcome.done.append(f"{part.file}: {len(plan.texts) + len(plan.new_units)} "
                                f"unit(s) of {label} written"
                                f"{'' if current else '; still stale'}")
    for file in files.values():
        file.save()


def _current(plan: _PartPlan, english: Unit, recorded: dict, part_id: str) -> bool:
    """Whether, after the import, the translation of ``english`` records it as its source."""
    target = plan.paired.get(english.key)
    key = target.key if target is not None else \
        english.key if english.key in plan.new_units else None
    if key is None:
        return part_id == HANDOUT    # a missing string or label is missing, not stale
    return recorded.get(key) == english.text


def lang_of(content) -> str:
    return content.lang


def _import_clinic(path: Path, units: list[FileUnit], clinic_path: Path | None, lang: str,
                   outcome: Outcome) -> None:
    from ruamel.yaml.comments import CommentedMap

    wanted = [u for u in units if u.state != "new" and u.target.strip()]
    if not wanted:
        return
    if clinic_path is None:
        outcome.notes.append(f"{path}: {len(wanted)} clinic profile unit(s) not written; "
                             f"import with --clinic PROFILE to write them into the profile")
        return
    file = YamlFile.open(clinic_path)
    own = file.data.get("language", "en")
    for unit in wanted:
        key = unit.id.removeprefix("clinic.")
        if key not in file.data:
            outcome.refuse(str(path), unit.line, f"{unit.id}: the profile has no {key!r}")
            continue
        value = file.data[key]
        if isinstance(value, dict):
            value[lang] = unit.target
        else:
            file.data[key] = CommentedMap([(own, value), (lang, unit.target)])
    if file.save():
        outcome.done.append(f"{clinic_path}: {len(wanted)} field(s) written for {lang}")
