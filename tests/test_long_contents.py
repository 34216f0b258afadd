"""A handout of 30 sections: the contents runs onto a second page, and every entry's
printed page number and link lead to the page where its section starts (#10.2), in a
left-to-right and a right-to-left edition."""
from __future__ import annotations

import re
import shutil

import pdfplumber
import pytest
from pypdf import PdfReader

from booklet.build import EditionRequest, build_edition
from conftest import SECTIONS

COUNT = 30
# lines as pdfplumber reads them back: a contents entry (number, title, page) and a
# section's title ("12. Topic number 12"); Arabic lines read in visual order
LINES = {
    "en": (re.compile(r"(?P<n>\d+) Topic number (?P=n) (?P<page>\d+)"),
           re.compile(r"(?P<n>\d+)\. Topic number (?P=n)")),
    "ar": (re.compile(r"(?P<page>\d+) (?P<n>\d+) مقر عوضوملا (?P=n)"),
           re.compile(r"(?P<n>\d+) مقر عوضوملا \.(?P=n)")),
}
TITLES = {"en": "Topic number {n}", "ar": "الموضوع رقم {n}"}
TEXT = {"en": "This is section {n}. It has a few short sentences. " * 6,
        "ar": "هذا هو القسم {n}. فيه بعض الجمل القصيرة. " * 6}


def _handout(root, lang: str):
    folder = root / lang
    folder.mkdir(parents=True)
    for name in ("strings.yaml", "figures.yaml"):
        shutil.copy(SECTIONS / lang / name, folder / name)
    manifest = (SECTIONS / lang / "handout.yaml").read_text("utf-8")
    head = manifest[:manifest.index("sections:")]
    ids = [f"part-{n}" for n in range(1, COUNT + 1)]
    (folder / "handout.yaml").write_text(
        head + "sections:\n" + "".join(f"  - {i}\n" for i in ids), "utf-8")
    for n, part in enumerate(ids, 1):
        blocks = "".join(f'  - paragraph: "{TEXT[lang].format(n=n)}"\n'
                         for _ in range(1 + n % 4))
        (folder / f"{part}.yaml").write_text(
            f"id: {part}\ntitle: \"{TITLES[lang].format(n=n)}\"\nblocks:\n{blocks}", "utf-8")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_thirty_sections_fill_two_contents_pages_with_true_numbers_and_links(tmp_path,
                                                                             lang):
    root = tmp_path / "sections"
    _handout(root, "en")
    if lang != "en":
        _handout(root, lang)
    built = build_edition(EditionRequest(root, lang))
    path = tmp_path / "long.pdf"
    path.write_bytes(built.pdf)
    starts = {}              # section number -> the page (1-based) its title opens
    entries = {}             # section number -> the page number its contents entry prints
    entry_pages = set()
    entry, start = LINES[lang]
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            text = (page.extract_text() or "").replace("\u200e", "").replace("\u200f", "")
            for line in text.splitlines():
                line = " ".join(line.split())
                found = entry.fullmatch(line)
                if found:
                    entries[int(found["n"])] = int(found["page"])
                    entry_pages.add(index + 1)
                found = start.fullmatch(line)
                if found:
                    starts.setdefault(int(found["n"]), index + 1)
    assert sorted(entries) == list(range(1, COUNT + 1)), "every section has a contents entry"
    assert len(entry_pages) >= 2, "the contents continues onto a second page"
    assert sorted(starts) == list(range(1, COUNT + 1))
    assert entries == starts, "each entry prints the page its section starts on"
    # each entry's link goes to that page
    reader = PdfReader(path)
    targets = []
    for page_number in sorted(entry_pages):
        for annotation in reader.pages[page_number - 1].get("/Annots") or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                destination = annotation["/Dest"]
                targets.append(reader.get_page_number(destination[0].get_object()) + 1)
            elif "/A" in annotation and annotation["/A"].get("/S") == "/GoTo":
                destination = annotation["/A"]["/D"]
                targets.append(reader.get_page_number(destination[0].get_object()) + 1)
    assert sorted(targets) == sorted(starts.values())
