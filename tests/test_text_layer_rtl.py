"""Arabic drawn by the painter reads back in order in pdftotext and pdfium.

Each test draws paragraphs with the real text stack and painter into a tagged
PDF, extracts the text with pdftotext (poppler) and pdfium, and checks that
every paragraph comes back word for word in reading order, marks on their
letters. Direction marks (LRM, RLM) are allowed extras; nothing else may be
added. The constructions are the ones where the two extractors' heuristics
disagree: punctuation next to a Latin word, brackets, guillemets, numbers,
vowel marks (shadda with its vowel is one glyph), a lam-alef ligature, Latin
phrases of several words.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (poppler-utils) is needed")

MARKS_AND_PUNCTUATION = [
    "هذه النشرة ليست وعدًا. الكيتامين ليس دواءً شافيًا، ولا يفيد كل الناس.",
    "يُتحمَّل الكيتامين جيدًا عندما يعطيك إياه طاقم مدرَّب ويراقبك. لكن له مخاطر.",
    "في دماغك خلايا تعمل مثل «المكابح». ويُطلق على كل خلية منها اسم العصبون البيني المثبِّط.",
    "لَا تقد السيارة في يوم العلاج، ولا تشغّل آلات خطرة؟ اسأل الطاقم!",
]
LATIN_AND_NUMBERS = [
    "أحد مواقع ارتباط الغلوتامات هو مستقبِل NMDA. يدخل الكيتامين في فتحة هذا المستقبِل ويسدها.",
    "أما دراسات القلق واضطراب ما بعد الصدمة (PTSD) والألم فهي أصغر، ونتائجها متباينة.",
    "معظم حبوب مضادات الاكتئاب، مثل أدوية SSRIs، تحتاج إلى وقت: بعد 2 إلى 6 أسابيع أو أكثر.",
    "1962. صنع العلماء الكيتامين في المختبر لأول مرة.",
    "وكان هذا الإيقاع ينبض نحو 3 مرات في الثانية (3 هرتز). وتحسن 50% من المرضى.",
]
BRACKETS = [
    "مركز الذاكرة (الحُصين). وهو يساعدك على تكوين الذكريات.",
    "مقدمة الدماغ (القشرة الجبهية الأمامية). تساعدك على التخطيط واتخاذ القرارات.",
    "الكيتامين عن طريق الوريد (IV). من الخطط الشائعة نحو 6 جلسات على مدى 2 إلى 3 أسابيع.",
]
LATIN_PHRASES = [
    # several Latin words in a row: pdfium would reverse their order (see reading.py)
    "وافقت US Food and Drug Administration على الدواء في عام 2019.",
    "يحتوي الدواء المسمى Spravato (esketamine) على الإسكيتامين، وهو رذاذ للأنف.",
    "زر الموقع https://988lifeline.org أو اكتب إلى info@clinic.org للمزيد من المعلومات.",
    # next to brackets, quotes and a full stop
    "اتصل بخط المساعدة في حالات الانتحار والأزمات (988 Suicide & Crisis Lifeline).",
    "هل قرأت «Spravato Medication Guide» قبل الجلسة؟ وأظهرت دراسة (Berman 2000).",
    # more Latin words than Arabic ones on a line
    "الجهة المختصة هي US Food and Drug Administration",
    # with vowel marks: written as drawn, the phrase's runs last to first
    "يُعطى الدواء المسمى Spravato Nasal Spray مرتين أسبوعيًا في العيادة.",
]
DIRECTION_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _draw(paragraphs: list, path, *, lang: str = "ar", width: float = 300) -> None:
    """Tagged PDF of ``paragraphs`` (text, or (text, font face, colour, link) runs),
    drawn line by line by the painter."""
    from reportlab.pdfgen.canvas import Canvas

    from booklet import fonts
    from booklet.pdf.painter import Painter
    from booklet.pdf.tags import Tagger
    from booklet.structure import Node
    from booklet.text.lines import Run, set_lines

    font_set = fonts.FONT_SETS["arabic" if lang == "ar" else "latin"]
    fonts.register(font_set)
    canvas = Canvas(str(path), invariant=1, pagesize=(612, 792))
    root = Node("Document", lang=lang)
    tagger = Tagger(root)
    painter = Painter(canvas, tagger, accent="#0b5e73")
    section = root.add("Sect")
    y = 740.0
    for paragraph in paragraphs:
        runs = [Run(paragraph, font_set.name("regular"), "#1b1f2a")] \
            if isinstance(paragraph, str) else \
            [Run(text, font_set.name(face), colour, link) for text, face, colour, link in paragraph]
        lines = set_lines(runs, 12, width, rtl_default=lang == "ar")
        with painter.tagged(section.add("P")):
            for line in lines:
                painter.text_line(line, 556 - line.width if line.rtl else 56, y, 12)
                y -= 17
        y -= 8
    canvas.showPage()
    tagger.write(canvas, lang)
    canvas.save()


def _poppler(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _pdfium(path) -> str:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _words(text: str) -> str:
    """Text as a reader compares it: composed, without direction marks, spaces normalised."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(f"[{DIRECTION_MARKS}]", "", text)
    return " ".join(text.split())


def _check(paragraphs: list, tmp_path, extractor, **draw) -> None:
    path = tmp_path / "text.pdf"
    _draw(paragraphs, path, **draw)
    raw = extractor(path)
    extracted = _words(raw)
    paragraphs = [p if isinstance(p, str) else "".join(run[0] for run in p) for p in paragraphs]
    missing = [p for p in paragraphs if _words(p) not in extracted]
    assert not missing, f"not read in order:\n{missing}\nextracted:\n{extracted}"
    # nothing invented: every character read back is in the source, or a direction mark
    allowed = set("".join(paragraphs)) | set(DIRECTION_MARKS) | set(" \n\r\t\f")
    invented = {c for c in unicodedata.normalize("NFC", raw) if c not in allowed}
    assert not invented, f"characters not in the text: {sorted(invented)}"


EXTRACTORS = [pytest.param(_poppler, id="pdftotext"), pytest.param(_pdfium, id="pdfium")]


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("paragraphs", [MARKS_AND_PUNCTUATION, LATIN_AND_NUMBERS, BRACKETS,
                                        LATIN_PHRASES],
                         ids=["marks-punctuation", "latin-numbers", "brackets", "latin-phrases"])
def test_arabic_reads_in_order(paragraphs, extractor, tmp_path):
    _check(paragraphs, tmp_path, extractor)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_arabic_reads_in_order_on_wide_lines(extractor, tmp_path):
    # the same text broken differently: islands at other places in their lines
    _check(LATIN_AND_NUMBERS + BRACKETS + LATIN_PHRASES, tmp_path, extractor, width=480)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_arabic_with_links_and_bold_reads_in_order(extractor, tmp_path):
    # runs in other fonts and colours, and links: a line written in several text operations
    paragraphs = [
        [("اتصل بالرقم ", "regular", "#1b1f2a", None), ("988", "bold", "#0b5e73", "tel:988"),
         (" الآن أو زر الموقع ", "regular", "#1b1f2a", None),
         ("https://988lifeline.org", "regular", "#0b5e73", "https://988lifeline.org"),
         (" للمزيد من المعلومات.", "regular", "#1b1f2a", None)],
        [("تواصل مع ", "regular", "#1b1f2a", None),
         ("Riverside Mental Health Clinic", "bold", "#1b1f2a", None),
         (" إذا استمرت الآثار بعد يوم العلاج.", "regular", "#1b1f2a", None)],
    ]
    _check(paragraphs, tmp_path, extractor, width=480)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_english_is_untouched(extractor, tmp_path):
    paragraphs = ["It does not cover every use (PTSD, pain). It focuses on depression: "
                  "about 2 to 6 weeks, “often” more.",
                  "Call 988 now. Ketamine is not a cure, and it does not help everyone."]
    _check(paragraphs, tmp_path, extractor, lang="en", width=480)


@pytest.mark.parametrize("text, drawn", [
    ("يحتوي Spravato (esketamine) على الإسكيتامين.", "Spravato (esketamine)"),
    ("وافقت FDA (2019) على الدواء.", "FDA (2019)"),
    ("دراسات اضطراب ما بعد الصدمة (PTSD) والألم.", "(PTSD)"),
    # the comma after a bracket resolved right to left goes with it, not with the
    # Latin name after it ("(MD), Riverside", not "Riverside Mood Clinic(MD ,")
    ("راجعها: Dana Okafor، طبيبة نفسية (MD)، Riverside Mood Clinic", "(MD)"),
    ("راجعها: Dana Okafor, طبيبة نفسية (MD), Riverside Mood Clinic", "(MD)"),
], ids=["after-latin", "number-inside", "after-arabic", "reviewer-arabic-comma",
        "reviewer-latin-comma"])
def test_brackets_of_a_pair_are_drawn_as_a_pair(text, drawn):
    # Unicode rule N0: both brackets take one direction, so one is never mirrored alone
    from booklet import fonts
    from booklet.text.lines import Run, set_lines

    font_set = fonts.FONT_SETS["arabic"]
    fonts.register(font_set)
    (line,) = set_lines([Run(text, font_set.name("regular"), "#000000")], 12, 500,
                        rtl_default=True)
    latin = "".join(piece.glyphs for piece in line.pieces
                    if not getattr(piece.glyphs, "__shapeData__", None))
    assert drawn in latin


def test_neutrals_beside_a_bracket_follow_its_direction():
    # visual order, left to right, of an Arabic line with "(MD), Riverside": the comma
    # sits between the bracket and the clinic's name, as a reader from the right expects
    from booklet.text import bidi

    text = "راجعها: Dana Okafor, طبيبة نفسية (MD), Riverside Mood Clinic"
    levels = bidi.paired_brackets(text, bidi.resolved_levels(text, 1), 1)
    order = bidi.visual_order(list(levels))
    drawn = "".join(bidi.mirrored(text[i]) if levels[i] % 2 else text[i] for i in order)
    assert drawn.startswith("Riverside Mood Clinic ,(MD) ")
    assert drawn.endswith(" ,Dana Okafor :" + "راجعها"[::-1])


def test_the_quick_right_to_left_check_knows_every_right_to_left_character():
    # has_rtl looks in a few Unicode blocks first; a character of class R, AL or AN
    # outside them (a newer Unicode version) would make Arabic text read as Latin
    from booklet.text.bidi import _RTL_BLOCKS

    missed = [hex(code) for code in range(0x110000)
              if unicodedata.bidirectional(chr(code)) in ("R", "AL", "AN")
              and not _RTL_BLOCKS.match(chr(code))]
    assert missed == []
