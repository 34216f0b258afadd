"""Every single edition is a tagged PDF/UA-1 file that reads true.

Three independent checkers (pdfua, page-validation's PDF/UA-1 profile,
outloud) must find no error; the text read through the structure tree, and
the text that pdftotext (poppler) and pdfium extract, must hold each
paragraph's words in the content's order; fonts' text maps must suit every
reader (Ghostscript included); metadata, outline, links and tab order must be
there. The imposed booklet is a print file and is not checked here.
"""
from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import pikepdf
import pytest

from booklet import markup, model
from conftest import ROOT, SECTIONS, built_edition

LANGS = sorted(p.name for p in SECTIONS.iterdir() if (p / "handout.yaml").is_file())
EXAMPLE = ROOT / "clinics" / "example" / "clinic.yaml"
# every single edition: language x paper x print size x clinic
SINGLE = list(itertools.product(LANGS, ("letter", "a4"), (False, True), (None, EXAMPLE)))
# the quick run checks three scripts; every edition is checked in the slow run
QUICK = [("en", "letter", False, None), ("zh-Hans", "letter", False, None),
         ("ar", "a4", True, EXAMPLE)]
BIN = Path(sys.executable).parent


def _id(case) -> str:
    lang, paper, large, clinic = case
    return f"{lang}-{paper}-{'large' if large else 'normal'}-{'clinic' if clinic else 'none'}"


@lru_cache(maxsize=64)
def edition_pdf(lang, paper, large, clinic, folder) -> tuple[object, Path]:
    built = built_edition(lang, clinic, paper, large)
    path = Path(folder) / f"{_id((lang, paper, large, clinic))}.pdf"
    path.write_bytes(built.pdf)
    return built.edition, path


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return str(tmp_path_factory.mktemp("tagged"))


# --- the three checkers ---------------------------------------------------------------

def checker_errors(path: Path) -> dict[str, list[str]]:
    import page

    found = {}
    result = subprocess.run([str(BIN / "pdfua"), "check", str(path)], capture_output=True,
                            text=True)
    found["pdfua"] = [] if result.returncode in (0, 1) else \
        [line for line in result.stdout.splitlines() if "[ERROR]" in line or "[WARN" in line]
    report = page.validate_pdf(str(path), profile="ua1")
    found["page-validation"] = [f"{f.rule_id}: {f.message}" for f in report.failures]
    result = subprocess.run([str(BIN / "outloud"), "--fail-on", "error", str(path)],
                            capture_output=True, text=True)
    found["outloud"] = [] if result.returncode == 0 else \
        [line for line in result.stdout.splitlines() if "ERROR" in line]
    return {name: errors for name, errors in found.items() if errors}


@pytest.mark.parametrize("case", QUICK, ids=_id)
def test_checkers_find_nothing(case, folder):
    _, path = edition_pdf(*case, folder)
    assert checker_errors(path) == {}


@pytest.mark.slow
@pytest.mark.parametrize("case", SINGLE, ids=_id)
def test_checkers_find_nothing_in_every_single_edition(case, folder):
    _, path = edition_pdf(*case, folder)
    assert checker_errors(path) == {}


# --- the text layer -------------------------------------------------------------------------

_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"


def _normal(text: str) -> str:
    """Words as a reader compares them: NFC, no direction marks, one space between
    words, none beside Chinese characters (Chinese is written without spaces, and
    readers differ in where they put one between Chinese and a Latin word)."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", "", text)
    text = " ".join(text.split())
    # pdfium puts a space between a link and the full stop after it in a
    # right-to-left line (see booklet/pdf/reading.py); the words and their order
    # are what is compared
    text = re.sub(r" ([.,:;!?\u060c\u061b\u061f])", r"\1", text)
    return re.sub(rf"\s*([{_CJK}])\s*", r"\1", text)


def source_paragraphs(edition) -> list[str]:
    """What the handout prints as paragraphs and list items, placeholders filled."""
    out = []
    for section in edition.sections:
        for block in section.blocks:
            texts = []
            if isinstance(block, model.TextBlock) and block.kind == "paragraph":
                texts = [block.text]
            elif isinstance(block, model.ListBlock):
                texts = list(block.items)
            elif isinstance(block, model.BoxBlock):
                texts = [t for t in (block.text, *block.items) if t]
            for text in texts:
                plain = markup.plain(markup.fill_placeholders(text, edition.placeholders))
                out.append(_normal(plain))
    return [text for text in out if len(text.split()) >= 3]


def structure_text(path: Path) -> str:
    from booklet.pdf.read_structure import blocks, read

    return _normal(" ".join(blocks(read(str(path)))))


def pdftotext_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                            check=True)
    return _normal(result.stdout)


def pdfium_text(path: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    return _normal(" ".join(document[i].get_textpage().get_text_range()
                            for i in range(len(document))))


def _share_found(paragraphs: list[str], text: str) -> tuple[float, list[str]]:
    # a paragraph may break across lines and pages: compare without line breaks
    flat = text.replace("- ", "")
    missing = [p for p in paragraphs if p not in flat]
    return 1 - len(missing) / len(paragraphs), missing


READERS = {"structure tree": structure_text, "pdftotext": pdftotext_text,
           "pdfium": pdfium_text}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("lang", LANGS)
def test_text_reads_in_order_in_every_reader(lang, reader, folder):
    if reader == "pdftotext" and not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    edition, path = edition_pdf(lang, "letter", False, EXAMPLE, folder)
    paragraphs = source_paragraphs(edition)
    share, missing = _share_found(paragraphs, READERS[reader](path))
    assert share >= 0.95, (f"{reader}: {share:.0%} of {len(paragraphs)} paragraphs word for "
                           f"word; first missing: {missing[:3]}")


def test_figures_carry_their_alt_text_and_captions(folder):
    from booklet.pdf.read_structure import read

    edition, path = edition_pdf("en", "letter", False, None, folder)
    alts = []

    def visit(element):
        if element.role == "Figure" and element.alt:
            alts.append(_normal(element.alt))
        for kid in element.kids:
            visit(kid)

    visit(read(str(path)))
    expected = [_normal(markup.plain(block.alt)) for section in edition.sections
                for block in section.blocks if isinstance(block, model.FigureBlock)]
    assert expected and all(alt in alts for alt in expected)


def test_structure_follows_the_content(folder):
    from booklet.pdf.read_structure import read

    edition, path = edition_pdf("en", "letter", False, EXAMPLE, folder)
    tree = read(str(path))
    roles = []

    def visit(element, depth=0):
        roles.append(element.role)
        for kid in element.kids:
            visit(kid, depth + 1)

    visit(tree)
    sections = [kid for kid in tree.kids if kid.role == "Sect"]
    # the contents, then one Sect per handout section, each opening with its H1
    assert len(sections) == len(edition.sections) + 1
    assert all(section.kids[0].role == "H1" for section in sections)
    for role in ("TOC", "TOCI", "L", "LI", "Lbl", "LBody", "Figure", "Caption", "Link",
                 "Aside", "H2"):
        assert role in roles, role
    # headings in order: H1 before any H2 of its section
    for section in sections:
        kinds = [kid.role for kid in section.kids if kid.role in ("H1", "H2")]
        assert kinds[0] == "H1"


def test_page_furniture_is_artifact_and_draft_notice_is_read_once(folder):
    from booklet.pdf.read_structure import read, flatten

    edition, path = edition_pdf("es", "letter", False, None, folder)
    assert edition.is_draft
    text = _normal(flatten(read(str(path))))
    assert text.count("Draft translation, not yet reviewed by a medical translator") == 1
    assert text.startswith(_normal(edition.s("draft_mark")))       # read where it starts
    assert "Página 2 de" not in text
    assert text.count(edition.edition_id) == 1      # on the cover's edition line only
    tree = read(str(path))
    english = [kid for kid in tree.kids[0].kids if kid.lang == "en"]
    assert english, "the English line of the draft notice is marked as English"


# --- fonts, metadata, links -------------------------------------------------------------------

def _to_unicode_blocks(path: Path):
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            # items(), not values(): pikepdf 8 (our lowest version) has no values()
            for _name, font in (page.Resources.get("/Font") or {}).items():
                if "/ToUnicode" in font:
                    yield font.ToUnicode.read_bytes().decode("latin-1")


@pytest.mark.parametrize("lang", LANGS)
def test_text_maps_suit_every_reader(lang, folder):
    _, path = edition_pdf(lang, "letter", False, None, folder)
    for cmap in _to_unicode_blocks(path):
        for count in re.findall(r"(\d+) beginbfchar", cmap):
            assert int(count) <= 100
        assert not re.search(r"<[0-9A-F]{2}> <0000>", cmap)
        assert not re.search(r"<[0-9A-F]{2}> <(FEFF|FFFE)>", cmap)


@pytest.mark.skipif(not shutil.which("gs"), reason="Ghostscript is not installed")
@pytest.mark.parametrize("lang", ["es", "vi", "zh-Hans"])
def test_ghostscript_reads_the_text(lang, folder, tmp_path):
    edition, path = edition_pdf(lang, "letter", False, None, folder)
    result = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                             "-sDEVICE=txtwrite", "-sOutputFile=-", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    text = _normal(result.stdout)
    paragraphs = source_paragraphs(edition)
    found = sum(1 for p in paragraphs if " ".join(p.split()[:4]) in text)
    assert found / len(paragraphs) >= 0.8, text[:300]


def test_metadata_outline_tabs_and_links(folder):
    edition, path = edition_pdf("en", "letter", False, EXAMPLE, folder)
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert root.PageMode == "/UseOutlines"
        assert str(root.Lang) == "en"
        xmp = root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
        assert markup.plain(edition.manifest.title) in xmp
        for page in pdf.pages:
            assert page.Tabs == "/S"
            assert "/StructParents" in page
        uris, internal = [], []
        for page in pdf.pages:
            for annotation in page.get("/Annots") or []:
                assert str(annotation.Contents).strip()       # every link says where it goes
                assert "/StructParent" in annotation
                if "/A" in annotation:
                    uris.append(str(annotation.A.URI))
                else:
                    internal.append(annotation)
        clinic = edition.clinic
        assert clinic.website in uris and f"mailto:{clinic.email}" in uris
        assert "tel:988" in uris
        assert len(internal) >= len(edition.sections)      # the contents' links


def test_tags_cost_at_most_thirty_percent(folder):
    from booklet.build import EditionRequest, resolve_edition
    from booklet.pdf.writer import render

    for lang in ("en", "ar"):
        edition = resolve_edition(EditionRequest(SECTIONS, lang))
        tagged, _ = render(edition)
        untagged, _ = render(edition, tagged=False)
        assert len(tagged) <= 1.3 * len(untagged), (lang, len(tagged), len(untagged))
