"""Translated editions: real glyphs, their own script in the PDF, and honest draft marks."""
from __future__ import annotations

import re
from functools import lru_cache

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from booklet import fonts, markup
from booklet.build import load_language_pair
from booklet.languages import language
from booklet.translation import section_hash
from conftest import SECTIONS, built_edition, run_cli
from small_handout import (ABOUT_PARAGRAPH_ES, COST, INSURANCE_NOW, INSURANCE_WAS, NEW_DRUG,
                           small_handout, write_small_handout)

LANGS = ["es", "zh-Hans", "vi", "ar"]
DRAFT_EN = "Draft translation, not yet reviewed"


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """Every language's PDF, built once."""
    out = tmp_path_factory.mktemp("editions")
    built = {}
    for lang in ["en", *LANGS]:
        result = built_edition(lang)
        path = out / f"{lang}.pdf"
        path.write_bytes(result.pdf)
        built[lang] = (path, result)
    return built


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def edition_texts(content):
    """Every piece of text an edition prints, with where it comes from."""
    for section in content.sections:
        yield section.where, section.title
        for block in section.blocks:
            for value in vars(block).values():
                if isinstance(value, str):
                    yield block.where, value
                elif isinstance(value, tuple):
                    for item in value:
                        if isinstance(item, str):
                            yield block.where, item
                        elif hasattr(item, "term"):
                            yield block.where, item.term
                            yield block.where, item.meaning
    for key, value in content.strings.items():
        yield f"strings.yaml:{key}", value
    for figure, labels in content.figure_labels.items():
        for key, value in labels.items():
            yield f"figures.yaml:{figure}.{key}", value


@pytest.mark.parametrize("lang", ["en", *LANGS])
def test_every_character_has_a_glyph_in_its_font(lang):
    content, _ = load_language_pair(SECTIONS, lang)
    font_set = fonts.FONT_SETS[language(lang).font_set]
    missing = {}
    for face in ("regular", "bold"):
        source = font_set.regular if face == "regular" else font_set.bold
        path = fonts.font_file(source)
        cmap = TTFont(path, fontNumber=source.subfont, lazy=True).getBestCmap()
        for where, text in edition_texts(content):
            for char in markup.plain(text):
                if char in "\n\t" or ord(char) in cmap:
                    continue
                missing.setdefault(char, str(where))
    assert not missing, {f"U+{ord(c):04X} {c}": w for c, w in missing.items()}


@pytest.mark.parametrize("lang", LANGS)
def test_each_edition_builds_with_its_own_fonts(editions, lang):
    path, built = editions[lang]
    reader = PdfReader(path)
    assert built.pages == len(reader.pages) >= 8
    family = fonts.FONT_SETS[language(lang).font_set].regular.filename.split("[")[0][:8]
    names = set()
    for page in reader.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    assert names and not any("Helvetica" in n or "Times" in n for n in names)
    assert reader.trailer["/Root"]["/Lang"] == lang
    del family


def _page_texts(path):
    """Each page's text as pdfplumber reads it: left to right, as printed."""
    return list(_read_pages(str(path)))


@lru_cache(maxsize=16)
def _read_pages(path: str) -> tuple[str, ...]:
    with pdfplumber.open(path) as pdf:
        return tuple(page.extract_text() or "" for page in pdf.pages)


def _logical(text: str) -> str:
    """Right-to-left lines read back in reading order (what a PDF reader's bidi does),
    without the invisible direction marks the text layer carries for other readers."""
    text = re.sub(r"[\u200e\u200f]", "", text)
    return "\n".join(line[::-1] if re.search(r"[\u0600-\u06ff]", line) else line
                     for line in text.splitlines())


@pytest.mark.parametrize("lang, sample", [
    ("es", "¿"), ("vi", "ệ"), ("zh-Hans", "氯胺酮"), ("ar", "الكيتامين"),
])
def test_pdf_text_holds_the_language(editions, lang, sample):
    path, _ = editions[lang]
    text = " ".join(_page_texts(path))
    if lang == "ar":
        text = _logical(text)
    assert sample in text
    content, _ = load_language_pair(SECTIONS, lang)
    if lang != "ar":  # right-to-left lines are checked word by word below
        body = squash(text)
        for section in content.sections:
            assert squash(markup.plain(section.title)) in body, section.title


def _bare(text: str) -> str:
    import unicodedata

    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def _rtl_lines(page):
    """Lines of a right-to-left page, words read from right to left."""
    rows: list[list[dict]] = []
    for word in sorted(page.extract_words(), key=lambda w: w["bottom"]):
        if rows and abs(rows[-1][0]["bottom"] - word["bottom"]) < 2:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [(" ".join(_logical(w["text"]) for w in sorted(row, key=lambda w: -w["x1"])), row)
            for row in rows]


def test_arabic_keeps_numbers_and_latin_terms_readable(editions):
    path, _ = editions["ar"]
    text = " ".join(_page_texts(path))
    for token in ("NMDA", "Spravato", "2019", "988"):
        assert token in text


CLOSING = "，。、；：！？）》」』】"


def test_chinese_lines_never_start_with_closing_punctuation(editions):
    path, _ = editions["zh-Hans"]
    for page_text in _page_texts(path):
        for line in page_text.splitlines():
            assert not line[:1] or line[0] not in CLOSING, line


def test_chinese_lines_never_end_with_an_opening_bracket(editions):
    path, _ = editions["zh-Hans"]
    for page_text in _page_texts(path):
        for line in page_text.splitlines():
            assert line.rstrip()[-1:] not in "（《「『【“", line


@pytest.mark.parametrize("lang", LANGS)
def test_unreviewed_translations_print_a_draft_mark(editions, lang):
    path, built = editions[lang]
    assert built.edition.is_draft
    mark_words = built.edition.s("draft_mark").split()
    for text in _page_texts(path):
        text = _logical(text) if lang == "ar" else text
        assert all(word in text for word in DRAFT_EN.split())
        if lang == "ar":  # word by word: extraction lists right-to-left words left to right
            assert all(word in text for word in mark_words)
        else:
            assert squash(built.edition.s("draft_mark")) in squash(text)
    assert DRAFT_EN in PdfReader(path).metadata.subject


def squash_spaces(text: str) -> str:
    return " ".join(text.split())


def test_the_english_source_prints_no_draft_mark(editions):
    path, built = editions["en"]
    assert not built.edition.is_draft
    assert "Draft" not in " ".join(_page_texts(path))


@pytest.fixture
def two_languages(tmp_path):
    """A small handout written by the test, its Spanish translation current (unreviewed)."""
    return small_handout(tmp_path / "sections")


REVIEWER = "Ana Ruiz, CMI-Spanish, medical translator"


def _review_all(root, lang="es", date="2026-11-20"):
    """Sign off every part of a translation, as a reviewer would."""
    result = run_cli("translation", "review", "--sections", root, "--lang", lang,
                     "--reviewer", REVIEWER, "--date", date)
    assert result.code == 0, result.err
    return result


def _edit_english(root, old, new, section="treatment"):
    path = root / "en" / f"{section}.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def _status(root, lang="es"):
    content, source = load_language_pair(root, lang)
    from booklet.edition import resolve

    return resolve(content, source, None).status


def test_a_reviewed_current_translation_prints_no_mark(two_languages, tmp_path):
    _review_all(two_languages)
    check = run_cli("--sections", two_languages, "--check", "--lang", "es")
    assert "translation status: reviewed" in check.out, check.out + check.err
    assert part_line(check.out, "about", "reviewed", f"{REVIEWER} · 2026-11-20"), check.out
    status = _status(two_languages)
    assert status.state == "reviewed" and not status.is_draft and status.warning() is None
    out = tmp_path / "es.pdf"
    result = run_cli("--sections", two_languages, "--lang", "es", "--out", out)
    assert result.code == 0, result.err
    text = " ".join(_page_texts(out))
    assert "Draft" not in text and "Borrador" not in text


def part_line(out: str, part: str, state: str, who: str) -> bool:
    """Whether --check lists ``part`` with this state and reviewer (columns vary in width)."""
    return re.search(rf"(?m)^\s+{re.escape(part)}\s+{state}\s+{re.escape(who)}", out) is not None


def test_an_english_sentence_edit_shows_old_and_new_beside_the_translation(two_languages,
                                                                           tmp_path):
    # the English once said "may pay"; the translation was brought up to date and reviewed
    _edit_english(two_languages, INSURANCE_NOW, INSURANCE_WAS)
    update = run_cli("translation", "update", "--sections", two_languages, "--lang", "es",
                     "--section", "treatment")
    assert update.code == 0, update.err
    _review_all(two_languages)
    assert _status(two_languages).state == "reviewed"
    # then one word changes the meaning
    _edit_english(two_languages, INSURANCE_WAS, INSURANCE_NOW)
    check = run_cli("--sections", two_languages, "--check", "--lang", "es")
    assert check.code == 0, check.err
    lines = check.out.splitlines()
    was = next(i for i, line in enumerate(lines) if line.strip() == f"was:  {INSURANCE_WAS}")
    assert lines[was + 1].strip() == f"now:  {INSURANCE_NOW}"
    assert lines[was + 2].strip().startswith("es:   Es posible que su seguro no lo pague")
    assert COST in lines[was - 1]
    assert part_line(check.out, "treatment", "stale", "source changed"), check.out
    assert f"the sign-off by {REVIEWER} on 2026-11-20 was for the earlier text" in check.out
    assert "translation status: stale" in check.out
    assert "source_hash" not in check.out   # nothing to paste
    status = _status(two_languages)
    assert status.state == "stale" and status.stale == ("treatment",) and status.is_draft
    assert "treatment" in status.warning() and "stale" in status.warning()
    out = tmp_path / "es.pdf"
    result = run_cli("--sections", two_languages, "--lang", "es", "--out", out)
    assert result.code == 0, result.err
    assert all(DRAFT_EN in squash_spaces(page) for page in _page_texts(out))


def test_review_signs_off_exactly_the_named_sections_and_keeps_comments(two_languages):
    about = two_languages / "es" / "about.yaml"
    about.write_text("# revisado por el equipo de Springfield\n" + about.read_text("utf-8"),
                     "utf-8")
    result = run_cli("translation", "review", "--sections", two_languages, "--lang", "es",
                     "--section", "about", "--section", "safety",
                     "--reviewer", REVIEWER, "--date", "2026-11-19")
    assert result.code == 0, result.err
    text = about.read_text("utf-8")
    assert text.startswith("# revisado por el equipo de Springfield\n")
    assert f"reviewer: {REVIEWER}" in text and "date: 2026-11-19" in text
    status = _status(two_languages)
    assert "about" not in status.unreviewed and "safety" not in status.unreviewed
    assert "history" in status.unreviewed and "handout" in status.unreviewed
    assert status.state == "draft"
    check = run_cli("--sections", two_languages, "--check", "--lang", "es")
    assert part_line(check.out, "safety", "reviewed", f"{REVIEWER} · 2026-11-19"), check.out
    assert part_line(check.out, "history", "translated", "not reviewed"), check.out
    # the text of the section is untouched
    content, _ = load_language_pair(two_languages, "es")
    assert content.section("about").blocks[0].text == ABOUT_PARAGRAPH_ES


def test_review_refuses_a_stale_section_and_a_reviewer_without_credentials(two_languages):
    _edit_english(two_languages, INSURANCE_NOW, INSURANCE_WAS)
    before = (two_languages / "es" / "about.yaml").read_text("utf-8")
    result = run_cli("translation", "review", "--sections", two_languages, "--lang", "es",
                     "--reviewer", REVIEWER)
    assert result.code == 1
    assert re.search(r"es/treatment\.yaml:\d+: treatment is stale", result.err), result.err
    assert "Traceback" not in result.err
    # all or nothing: the current sections were not signed off either
    assert (two_languages / "es" / "about.yaml").read_text("utf-8") == before
    bad = run_cli("translation", "review", "--sections", two_languages, "--lang", "es",
                  "--section", "about", "--reviewer", "Ana Ruiz")
    assert bad.code == 2 and "NAME, CREDENTIALS" in bad.err
    unknown = run_cli("translation", "review", "--sections", two_languages, "--lang", "es",
                      "--section", "abuot", "--reviewer", REVIEWER)
    assert unknown.code == 2 and "did you mean 'about'" in unknown.err


def test_editing_the_record_by_hand_never_marks_reviewed(two_languages):
    _review_all(two_languages)
    path = two_languages / "es" / "history.yaml"
    signed = path.read_text("utf-8")
    # a made-up fingerprint, as someone pasting a hash would write
    path.write_text(re.sub(r"covers: \w+", "covers: 0123456789abcdef", signed), "utf-8")
    check = run_cli("--sections", two_languages, "--check", "--lang", "es")
    assert "does not match the text" in check.out
    assert _status(two_languages).unreviewed == ("history",)
    # a hand-written review record on a section that never had one
    about = two_languages / "es" / "about.yaml"
    run_cli("translation", "update", "--sections", two_languages, "--lang", "es",
            "--section", "about")
    about.write_text(about.read_text("utf-8") + "  review: {reviewer: 'Someone, MD', date: 2026-11-01, "
                     "covers: abcdefabcdefabcd}\n", "utf-8")
    assert "about" in _status(two_languages).unreviewed
    # the lazy fix for a stale section: make the recorded source match today's English
    path.write_text(signed, "utf-8")
    _edit_english(two_languages, NEW_DRUG, "Ketamine is not a new medicine.",
                  section="history")
    assert _status(two_languages).stale == ("history",)
    path.write_text(signed.replace(NEW_DRUG, "Ketamine is not a new medicine."), "utf-8")
    status = _status(two_languages)
    assert "history" not in status.stale and "history" in status.unreviewed
    # a changed translation voids the sign-off too
    _review_all(two_languages, date="2026-11-21")
    path.write_text(path.read_text("utf-8").replace("La ketamina", "La Ketamina", 1), "utf-8")
    assert "history" in _status(two_languages).unreviewed


def test_update_records_todays_english_and_keeps_it_unreviewed(two_languages):
    _review_all(two_languages)
    _edit_english(two_languages, INSURANCE_NOW, INSURANCE_WAS)
    assert _status(two_languages).stale == ("treatment",)
    result = run_cli("translation", "update", "--sections", two_languages, "--lang", "es",
                     "--section", "treatment")
    assert result.code == 0, result.err
    assert "not reviewed" in result.out and "sign-off was removed" in result.out
    status = _status(two_languages)
    assert status.stale == () and status.unreviewed == ("treatment",)
    assert status.state == "draft"
    record = (two_languages / "es" / "treatment.yaml").read_text("utf-8")
    assert f"{COST}: Ketamine treatment can cost a lot. {INSURANCE_WAS}" in record
    assert "review:" not in record
    # a section whose blocks no longer line up with the English cannot be updated
    _edit_english(two_languages, "  - heading: Your treatment day\n",
                  "  - paragraph: A new paragraph.\n  - heading: Your treatment day\n")
    refused = run_cli("translation", "update", "--sections", two_languages, "--lang", "es",
                      "--section", "treatment")
    assert refused.code == 1 and "does not line up" in refused.err, refused.err


def test_changing_english_makes_the_translation_stale(two_languages, tmp_path):
    _review_all(two_languages)
    about = two_languages / "en" / "about.yaml"
    about.write_text(about.read_text("utf-8") + "  - paragraph: A new sentence in English.\n",
                     "utf-8")
    check = run_cli("--sections", two_languages, "--check", "--lang", "es")
    assert check.code == 0
    assert part_line(check.out, "about", "stale", "source changed"), check.out
    assert "now:  A new sentence in English." in check.out
    assert "es:   (not translated yet)" in check.out
    out = tmp_path / "es.pdf"
    result = run_cli("--sections", two_languages, "--lang", "es", "--out", out)
    assert result.code == 0, result.err
    pages = _page_texts(out)
    assert all(DRAFT_EN in squash_spaces(page) for page in pages)


def test_old_records_still_load_as_stale_and_migrate(two_languages):
    """A clinic's own content in the old format: readable, never reviewed, convertible."""
    path = two_languages / "es" / "history.yaml"
    content, _ = load_language_pair(two_languages, "en")
    text = re.sub(r"(?s)\ntranslation:.*", "\n", path.read_text("utf-8"))
    path.write_text(text + f"translation:\n  source_hash: "
                    f"{section_hash(content.section('history'))}\n  reviewed: true\n", "utf-8")
    status = _status(two_languages)
    assert "history" in status.stale
    result = run_cli("translation", "migrate", "--sections", two_languages, "--lang", "es")
    assert result.code == 0, result.err
    assert "history.yaml: records today's source" in result.out
    status = _status(two_languages)
    assert "history" not in status.stale and "history" in status.unreviewed


def test_a_missing_string_falls_back_with_a_warning(two_languages, tmp_path):
    strings = two_languages / "es" / "strings.yaml"
    text = strings.read_text("utf-8")
    strings.write_text(re.sub(r"(?m)^contents:.*\n", "", text), "utf-8")
    out = tmp_path / "es.pdf"
    result = run_cli("--sections", two_languages, "--lang", "es", "--out", out)
    assert result.code == 0, result.err
    assert "strings.yaml: 1 interface string missing (contents)" in result.err
    assert "Contents" in _page_texts(out)[1]
    check = run_cli("--sections", two_languages, "--check", "--lang", "es")
    assert "es: missing interface strings: contents" in check.out


def test_lang_all_builds_every_language(tmp_path):
    result = run_cli("--lang", "all", "--out-dir", tmp_path, "--jobs", "2")
    assert result.code == 0, result.err
    built = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert built == sorted(f"handout-{lang}-letter.pdf" for lang in ["en", *LANGS])


PROFILE = """\
# A clinic whose staff write in Spanish first.
name: Clínica del Río
language: es
address:
  es: Calle Mayor 5, Springfield
  en: 5 Main Street, Springfield
phone: (217) 555-0142
after_hours:
  es: (217) 555-0199 (noches y fines de semana)
  en: (217) 555-0199 (nights and weekends)
reviewer: Dana Okafor
reviewer_credentials:
  es: médica psiquiatra
  en: MD, psychiatrist
last_reviewed: 2026-10-15
crisis_line:
  es: llame o envíe un mensaje de texto al 988
  en: call or text 988
"""


@pytest.fixture
def three_languages(tmp_path):
    """The small handout in English, Spanish and Vietnamese, and a profile in es and en."""
    root = write_small_handout(tmp_path / "sections", ("en", "es", "vi"))
    profile = tmp_path / "clinic" / "clinic.yaml"
    profile.parent.mkdir()
    profile.write_text(PROFILE, "utf-8")
    return root, profile


@pytest.mark.slow
def test_profile_fields_print_in_the_editions_language(three_languages, tmp_path):
    root, profile = three_languages
    texts = {}
    for lang in ("en", "es", "vi"):
        out = tmp_path / f"{lang}.pdf"
        result = run_cli("--sections", root, "--lang", lang, "--clinic", profile, "--out", out)
        assert result.code == 0, result.err
        texts[lang] = squash_spaces(" ".join(_page_texts(out)))
        texts[lang + "-err"] = result.err
    assert "nights and weekends" in texts["en"] and "noches" not in texts["en"]
    assert "MD, psychiatrist" in texts["en"]
    assert "noches y fines de semana" in texts["es"] and "nights and weekends" not in texts["es"]
    assert "médica psiquiatra" in texts["es"] and "Calle Mayor 5" in texts["es"]
    # Vietnamese is not in the profile: the profile's own language (es), with a warning
    assert "noches y fines de semana" in texts["vi"]
    for field in ("address", "after_hours", "reviewer_credentials", "crisis_line"):
        assert re.search(rf"clinic\.yaml:\d+: {field} has no 'vi' text; printing the 'es' text",
                         texts["vi-err"]), texts["vi-err"]
    assert "has no" not in texts["es-err"] and "has no" not in texts["en-err"]


def test_profile_language_mappings_are_checked(three_languages):
    from booklet.build import load_clinic_profile
    from booklet.errors import ContentError

    _, profile = three_languages
    profile.write_text(PROFILE.replace("  es: médica psiquiatra", "  espanol: médica psiquiatra"),
                       "utf-8")
    with pytest.raises(ContentError, match=r"clinic\.yaml:13: reviewer_credentials\.espanol: "
                                           r"'espanol' is not a language code"):
        load_clinic_profile(profile)
    profile.write_text(PROFILE, "utf-8")
    clinic, _ = load_clinic_profile(profile)
    assert clinic.localized("es").after_hours == "(217) 555-0199 (noches y fines de semana)"
    assert clinic.localized("en").reviewer_credentials == "MD, psychiatrist"
    assert clinic.localized("ar").language_warnings
