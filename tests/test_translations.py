"""Translated editions: real glyphs, their own script in the PDF, and honest draft marks."""
from __future__ import annotations

import re
import shutil

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from booklet import fonts, markup
from booklet.build import EditionRequest, build_edition, load_language_pair
from booklet.languages import language
from booklet.translation import section_hash
from conftest import SECTIONS, run_cli

LANGS = ["es", "zh-Hans", "vi", "ar"]
DRAFT_EN = "Draft translation, not yet reviewed"


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """Every language's PDF, built once."""
    out = tmp_path_factory.mktemp("editions")
    built = {}
    for lang in ["en", *LANGS]:
        result = build_edition(EditionRequest(SECTIONS, lang))
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
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _logical(text: str) -> str:
    """Right-to-left lines read back in reading order (what a PDF reader's bidi does)."""
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


def test_arabic_reads_right_to_left(editions):
    path, built = editions["ar"]
    content, _ = load_language_pair(SECTIONS, "ar")
    page_width = built.edition.page.width
    margin = built.edition.page.margin_x
    with pdfplumber.open(path) as pdf:
        lines = [line for page in pdf.pages[2:] for line in _rtl_lines(page)]
        contents = _rtl_lines(pdf.pages[1])
    # compared without diacritics (shadda, tanween): their order against the letter
    # in a copied right-to-left run is up to the reader
    read = _bare(squash(" ".join(text for text, _ in lines)))
    for section in content.sections[:-1]:
        assert _bare(squash(markup.plain(section.title))) in read, section.title
    # paragraphs are set flush right
    body = [row for text, row in lines if re.search(r"[\u0600-\u06ff]", text) and len(row) > 4]
    flush_right = [row for row in body if abs(max(w["x1"] for w in row) - (page_width - margin))
                   < 25]
    assert len(flush_right) > 0.6 * len(body)
    # the contents page is mirrored: titles on the right, page numbers on the left
    entries = [row for text, row in contents if re.search(r"[\u0600-\u06ff]", text)
               and re.fullmatch(r"\d+", min(row, key=lambda w: w["x0"])["text"])]
    assert len(entries) >= len(content.sections) - 1


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
    root = tmp_path / "sections"
    for lang in ("en", "es"):
        shutil.copytree(SECTIONS / lang, root / lang)
    _add_missing_sections(root)
    return root


def _add_missing_sections(root, lang="es"):
    """Give the translation every section of the current English, as a translator would
    (sections new in English are copied over, with a translation record to review)."""
    source, _ = load_language_pair(root, "en")
    folder = root / lang
    for section in source.sections:
        path = folder / f"{section.id}.yaml"
        if not path.exists():
            text = (root / "en" / path.name).read_text("utf-8")
            path.write_text(text + "translation:\n  source_hash: none\n  reviewed: false\n",
                            "utf-8")
    manifest = folder / "handout.yaml"
    listed = "sections:\n" + "".join(f"  - {section.id}\n" for section in source.sections)
    manifest.write_text(re.sub(r"(?m)^sections:\n(?:  - .*\n)+", listed,
                               manifest.read_text("utf-8")), "utf-8")


def _mark_reviewed(root, lang="es"):
    """Make a translation current and reviewed, as a reviewer would."""
    source, _ = load_language_pair(root, "en")
    folder = root / lang
    manifest = folder / "handout.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("reviewed: false", "reviewed: true"),
                        "utf-8")
    for section in source.sections:
        path = folder / f"{section.id}.yaml"
        text = re.sub(r"source_hash: \S+", f"source_hash: {section_hash(section)}",
                      path.read_text("utf-8"))
        path.write_text(text.replace("reviewed: false", "reviewed: true"), "utf-8")


def test_a_reviewed_current_translation_prints_no_mark(two_languages, tmp_path):
    _mark_reviewed(two_languages)
    check = run_cli("--sections", two_languages, "--check", "--lang", "es")
    assert "complete, current and reviewed" in check.out, check.out + check.err
    out = tmp_path / "es.pdf"
    result = run_cli("--sections", two_languages, "--lang", "es", "--out", out)
    assert result.code == 0, result.err
    assert "Draft" not in " ".join(_page_texts(out))
    assert "Borrador" not in " ".join(_page_texts(out))


def test_changing_english_makes_the_translation_stale(two_languages, tmp_path):
    _mark_reviewed(two_languages)
    about = two_languages / "en" / "about.yaml"
    about.write_text(about.read_text("utf-8") + "  - paragraph: A new sentence in English.\n",
                     "utf-8")
    check = run_cli("--sections", two_languages, "--check", "--lang", "es")
    assert check.code == 0
    assert "es: stale sections (the source changed since): about" in check.out
    assert "set translation.source_hash to" in check.out
    out = tmp_path / "es.pdf"
    result = run_cli("--sections", two_languages, "--lang", "es", "--out", out)
    assert result.code == 0, result.err
    pages = _page_texts(out)
    assert all(DRAFT_EN in squash_spaces(page) for page in pages)


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


def test_arabic_is_shaped_joined_and_in_visual_order():
    """Letters take their joined forms and run right to left (HarfBuzz, not ReportLab's
    optional bidi layer, which needs a package that is not on PyPI)."""
    from booklet.layout.rtl import shaped

    font_set = fonts.FONT_SETS["arabic"]
    fonts.register(font_set)
    word = "كيف"
    result, width = shaped(word, font_set.name("regular"), 12)
    clusters = [glyph.cluster for glyph in result.__shapeData__]
    assert clusters == sorted(clusters, reverse=True)  # visual order: last letter leftmost
    assert str(result) != word and width > 0
