"""The English handout as a patient reads it: plain, complete on safety, honest, original.

Every check reads the real content (or the PDF built from it), so a wording change that
drops a safety fact, adds an overclaim or pushes a section above the reading limits fails.
"""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from booklet import markup, model
from booklet.build import EditionRequest, build_edition, load_language_pair, resolve_edition
from booklet.readability import grade_sections
from conftest import SECTIONS, run_cli

SEEDS = Path("/work/shared/seeds")
PAGE_LIMIT = 16


@pytest.fixture(scope="module")
def english():
    content, _ = load_language_pair(SECTIONS, "en")
    return content


@pytest.fixture(scope="module")
def placeholders():
    """The values the default (US) edition fills in: 988, 911, "your clinic"."""
    return resolve_edition(EditionRequest(SECTIONS, "en")).placeholders


def block_texts(block: model.Block) -> list[str]:
    if isinstance(block, model.TextBlock):
        return [block.text]
    if isinstance(block, model.ListBlock):
        return list(block.items)
    if isinstance(block, model.BoxBlock):
        return [t for t in (block.title, block.text, *block.items) if t]
    if isinstance(block, model.FigureBlock):
        return [block.caption, block.alt]
    if isinstance(block, model.GlossaryBlock):
        return [f"{e.term}: {e.meaning}" for e in block.entries]
    if isinstance(block, model.CallGuideBlock):
        return [t for tier in block.tiers for t in (tier.title, tier.text, *tier.items) if t]
    return []


def printed(text: str, placeholders: dict) -> str:
    return " ".join(markup.plain(markup.fill_placeholders(text, placeholders)).split())


def section_plain(section: model.Section, placeholders: dict) -> str:
    parts = [section.title] + [t for block in section.blocks for t in block_texts(block)]
    return " ".join(printed(part, placeholders) for part in parts)


def all_english_text(content, placeholders) -> list[tuple[str, str]]:
    """(where, text) for everything the English edition can print, labels included."""
    out = [(str(s.where), section_plain(s, placeholders)) for s in content.sections]
    out += [(f"strings.yaml:{key}", printed(value, placeholders))
            for key, value in content.strings.items() if not key.startswith("email")]
    out += [(f"figures.yaml:{figure}.{key}", printed(value, placeholders))
            for figure, labels in content.figure_labels.items() for key, value in labels.items()]
    out += [("handout.yaml", printed(content.manifest.title + ". " + content.manifest.subtitle,
                                     placeholders))]
    return out


def blocks_of(content, kind: str):
    return [(s, b) for s in content.sections for b in s.blocks if b.kind == kind]


# --- reading level ------------------------------------------------------------

def test_every_section_is_within_the_manifest_reading_limits(english, placeholders):
    manifest = english.manifest
    assert manifest.reading_grade_max <= 6.5 and manifest.smog_max is not None \
        and manifest.smog_max <= 9
    grades = grade_sections(english, placeholders)
    assert [g.section_id for g in grades] == [s.id for s in english.sections]
    over = {g.section_id: g.over(manifest.reading_grade_max, manifest.smog_max) for g in grades}
    assert not {k: v for k, v in over.items() if v}, over


def test_most_sentences_are_15_words_or_fewer(english, placeholders):
    grades = [g for g in grade_sections(english, placeholders) if g.section_id != "sources"]
    long = sum(g.long_sentences for g in grades)
    total = sum(g.sentences for g in grades)
    assert long / total <= 0.1, f"{long} of {total} sentences are over 15 words"
    for grade in grades:
        assert grade.long_share <= 0.25, grade


def test_check_reports_fk_smog_words_sentences_and_long_share(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("--sections", SECTIONS, "--check")
    assert result.code == 0, result.err
    line = next(l for l in result.out.splitlines() if l.split()[:1] == ["session-day"])
    assert re.search(r"FK +\d+\.\d +SMOG +\d+\.\d +\d+ words +\d+ sentences +\d+% long +ok",
                     line), line


def test_grades_are_kept_in_the_cache_and_made_again_when_damaged(english, placeholders,
                                                                  tmp_path, monkeypatch):
    from booklet import cache, readability

    monkeypatch.setenv("BOOKLET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("BOOKLET_NO_CACHE", raising=False)
    cache._reset()
    first = grade_sections(english, placeholders)

    def no_textstat():
        raise AssertionError("graded again although the grades are in the cache")

    monkeypatch.setattr(readability, "_textstat", no_textstat)
    assert grade_sections(english, placeholders) == first
    entries = [entry for entry in (tmp_path / "cache").rglob("*")
               if entry.is_file() and "grades" in entry.parts]
    assert entries
    for entry in entries:
        entry.write_bytes(b"damaged")
    monkeypatch.undo()
    monkeypatch.setenv("BOOKLET_CACHE_DIR", str(tmp_path / "cache"))
    assert grade_sections(english, placeholders) == first
    cache._reset()


def test_check_fails_with_path_and_line_when_smog_is_above_the_limit(sections_copy):
    manifest = sections_copy / "en" / "handout.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("smog_max: 9", "smog_max: 5"),
                        "utf-8")
    result = run_cli("--sections", sections_copy, "--check")
    assert result.code == 1
    assert re.search(r"sections/en/\S+\.yaml:\d+: section '[a-z-]+' reads at SMOG grade "
                     r"\d+(\.\d)?, above the limit of 5", result.err), result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("value, message", [
    ('"nine"', "smog_max must be a number"),
    ("0", "smog_max must be a grade above 0"),
])
def test_a_bad_smog_limit_is_a_content_error(sections_copy, value, message):
    manifest = sections_copy / "en" / "handout.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("smog_max: 9", f"smog_max: {value}"),
                        "utf-8")
    result = run_cli("--sections", sections_copy, "--check")
    assert result.code == 1
    assert re.search(rf"en/handout\.yaml:\d+: {message}", result.err), result.err


# --- safety facts ---------------------------------------------------------------

def test_do_not_receive_box_names_every_contraindication(english, placeholders):
    boxes = [b for _, b in blocks_of(english, "warning")
             if (b.title or "").lower().startswith("do not receive spravato")]
    assert len(boxes) == 1, "one 'Do not receive Spravato if ...' warning box"
    text = " ".join(printed(t, placeholders) for t in block_texts(boxes[0])).lower()
    for fact in ("aneurysm", "arteriovenous malformation", "bleeding in the brain", "allergic",
                 "pregnant", "breastfeed"):
        assert fact in text, fact
    # "talk with your clinician first" stays a separate list, after the box
    assert any(b.kind == "heading" and "talk with your clinician first" in b.text.lower()
               for s in english.sections for b in s.blocks)


def test_session_day_rules_are_stated(english, placeholders):
    section = english.section("session-day")
    text = section_plain(section, placeholders).lower()
    assert "no food for 2 hours" in text
    assert "nothing to drink for 30 minutes" in text
    assert re.search(r"nasal steroid or decongestant spray .*at least 1 hour before", text)
    assert "at least 2 hours" in text
    assert "when a clinician says you may" in text
    assert "spray the medicine into your nose yourself" in text
    assert "until the next day, after a night’s sleep" in text
    assert "do not stop it on your own" in text
    figures = [b for b in section.blocks if b.kind == "figure"]
    assert [f.name for f in figures] == ["session_day"]
    alt = figures[0].alt.lower()
    for fact in ("2 hours", "30 minutes", "1 hour", "blood pressure", "until a clinician says",
                 "drives you home", "night’s sleep"):
        assert fact in alt, fact


def test_boxed_warning_says_what_families_watch_for(english, placeholders):
    text = section_plain(english.section("safety"), placeholders).lower()
    assert "boxed warning" in text and "under 25" in text
    for risk in ("sleepy", "pass out", "detached", "breathing", "misuse"):
        assert risk in text, risk
    assert "watch for new or worse depression" in text and "right away" in text
    # bladder symptoms to report during treatment: named in the call guide's clinic row
    guide = section_plain(english.section("when-to-call"), placeholders).lower()
    assert "bladder problems" in text and "peeing often" in guide


def test_call_guide_spells_out_911_988_and_the_clinic(english, placeholders):
    guides = [b for _, b in blocks_of(english, "call_guide")]
    assert len(guides) == 1
    levels = {tier.level: tier for tier in guides[0].tiers}
    assert set(levels) == {"emergency", "crisis", "clinic"}

    def tier_text(level):
        tier = levels[level]
        return " ".join(printed(t, placeholders) for t in (tier.title, tier.text, *tier.items)
                        if t).lower()

    emergency = tier_text("emergency")
    assert "call 911" in emergency
    for sign in ("drooping face", "weak arm or leg", "trouble speaking"):
        assert sign in emergency, sign
    crisis = tier_text("crisis")
    for fact in ("988", "calls, texts and chats", "988lifeline.org", "press 1", "veterans",
                 "spanish by call, text and chat", "interpreter"):
        assert fact in crisis, fact
    assert "your clinic" in tier_text("clinic")


def test_approval_statements_match_the_label(english, placeholders):
    text = " ".join(section_plain(s, placeholders) for s in english.sections)
    assert "only the Spravato nasal spray is FDA-approved, and only for some adults" in text
    assert "approved only to put people to sleep for surgery" in text
    assert "has not been shown to prevent suicide" in text
    assert "does not replace a hospital stay" in text
    assert "it still needs an antidepressant pill" in text  # the 2020 use, after 2025
    assert "22 in 100" in text and "8 in 100" in text  # benefit, with the placebo rate
    assert "1 to 3 beats a second" in text and "3 Hz" not in text


# --- honesty and originality -----------------------------------------------------

OVERCLAIMS = re.compile(r"\b(cur(e|es|ed|ing)|heal(s|ed|ing)?|rewir\w*|resets?|resetting|"
                        r"revolutionar\w*|breakthroughs?|permanent(ly)?|safe)\b", re.I)
ALLOWED = re.compile(r"\bnot a cure\b|\bstay safe\b", re.I)


def test_no_overclaims_anywhere(english, placeholders):
    found = []
    for where, text in all_english_text(english, placeholders):
        for match in OVERCLAIMS.finditer(ALLOWED.sub("", text)):
            found.append((where, match.group(0)))
    assert not found, found


def test_not_a_cure_is_said(english, placeholders):
    assert "It is not a cure." in section_plain(english.section("about"), placeholders)


def _term_key(term: str) -> str:
    key = term.lower().strip()
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key


def test_every_marked_term_has_a_glossary_entry(english):
    glossary = {_term_key(e.term) for _, b in blocks_of(english, "glossary") for e in b.entries}
    assert glossary
    missing = set()
    for section in english.sections:
        for block in section.blocks:
            for text in block_texts(block):
                for span in markup.parse(text):
                    if span.term and _term_key(span.text) not in glossary:
                        missing.add((section.id, span.text))
    assert not missing, missing


def test_brain_areas_and_synapse_have_one_name_each(english, placeholders):
    text = " ".join(section_plain(s, placeholders) for s in english.sections).lower()
    for name in ("planning area (prefrontal cortex)", "memory hub (hippocampus)",
                 "inner-thought hub (posteromedial cortex)", "inner-thought network"):
        assert name in text, name
    for old in ("front area", "back-middle", "daydream network", "front of the brain) (",
                "called a synapse. the tiny gap"):
        assert old not in text, old
    assert "the place where two neurons meet is a synapse" in text
    assert "fewer or weaker connections (synapses)" in text


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.lower().replace("’", "'"))


def test_no_run_of_8_words_is_shared_with_a_seed(english, placeholders):
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles ({SEEDS}) are not on this machine, e.g. in CI")
    seed_runs = set()
    for seed in sorted(SEEDS.glob("*.txt")):
        words = _words(seed.read_text("utf-8"))
        seed_runs.update(tuple(words[i:i + 8]) for i in range(len(words) - 7))
    assert seed_runs
    shared = []
    for where, text in all_english_text(english, placeholders):
        words = _words(text)
        shared += [(where, " ".join(words[i:i + 8])) for i in range(len(words) - 7)
                   if tuple(words[i:i + 8]) in seed_runs]
    assert not shared, shared


# --- the printed edition ------------------------------------------------------------

def _body_bottoms(pdf_bytes: bytes, path: Path) -> list[float]:
    """For each page, how much of the body area (below the header, above the footer) is used."""
    path.write_bytes(pdf_bytes)
    shares = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            top, bottom = 62, page.height - 62  # running header and footer sit outside this
            marks = [c["bottom"] for c in page.chars if top < c["top"] and c["bottom"] < bottom]
            marks += [o["bottom"] for o in page.rects + page.curves + page.lines
                      if top < o["top"] and o["bottom"] < bottom]
            shares.append((max(marks, default=top) - top) / (bottom - top))
    return shares


def test_english_letter_edition_fits_and_has_no_half_empty_page(tmp_path):
    built = build_edition(EditionRequest(SECTIONS, "en"))
    assert built.pages <= PAGE_LIMIT
    used = _body_bottoms(built.pdf, tmp_path / "en.pdf")
    assert len(used) == built.pages
    half_empty = [number for number, share in enumerate(used[:-1], 1) if share < 0.5]
    assert not half_empty, {n: f"{used[n - 1]:.0%} used" for n in half_empty}
