"""What the shipped translations say: the English's markup kept, the review's findings
fixed, crisis help that works in each language, and Arabic in the house style.

Figure labels (figures.yaml) carry no markup or placeholders, so the markup tests leave
them out; the review's findings and the Arabic house style cover them too.
"""
from __future__ import annotations

import re

import pytest

from booklet import markup, translation
from booklet.build import load_language_pair
from conftest import SECTIONS

LANGS = ["es", "vi", "zh-Hans", "ar"]
PLACEHOLDER = re.compile(r"\{\{\s*\w+\s*\}\}|\{\w+\}")


def pairs(lang):
    """(English unit, translated unit) for every translatable unit but figure labels."""
    content, source = load_language_pair(SECTIONS, lang)
    for part in translation.part_ids(source):
        report = translation.part_report(source, content, part)
        for pair in report.pairs:
            if pair.source is None or pair.target is None or not pair.source.translatable:
                continue
            if pair.source.key.startswith("figures."):
                continue
            yield pair.source, pair.target


def figure_labels(lang):
    """(English label, translated label) for every figure label."""
    content, source = load_language_pair(SECTIONS, lang)
    report = translation.part_report(source, content, translation.HANDOUT)
    for pair in report.pairs:
        if pair.source is not None and pair.target is not None \
                and pair.target.key.startswith("figures."):
            yield pair.source, pair.target


def printed(content, section_id):
    section = content.section(section_id)
    texts = [section.title]
    for block in section.blocks:
        for value in vars(block).values():
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, str):
                        texts.append(item)
                    for name in ("term", "meaning", "title", "text"):
                        if isinstance(getattr(item, name, None), str):
                            texts.append(getattr(item, name))
                    texts.extend(getattr(item, "items", ()))
    return " ".join(markup.plain(t) for t in texts)


@pytest.mark.parametrize("lang", LANGS)
def test_every_unit_keeps_the_placeholders_and_bold_of_the_english(lang):
    problems = []
    for english, ours in pairs(lang):
        if sorted(PLACEHOLDER.findall(english.text)) != sorted(PLACEHOLDER.findall(ours.text)):
            problems.append(f"{ours.file}:{ours.line}: {ours.key}: placeholders differ")
        if english.text.count("**") != ours.text.count("**"):
            problems.append(f"{ours.file}:{ours.line}: {ours.key}: **bold** differs")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_every_translation_is_version_1_1_and_complete(lang):
    content, source = load_language_pair(SECTIONS, lang)
    assert content.manifest.version == source.manifest.version == "1.1"
    assert content.manifest.last_reviewed == source.manifest.last_reviewed
    assert [s.id for s in content.sections] == [s.id for s in source.sections]
    assert set(content.strings) == set(source.strings)


# --- crisis help that works in the language ------------------------------------------

INTERPRETER = {"vi": "thông dịch viên tiếng Việt", "zh-Hans": "普通话或粤语翻译",
               "ar": "مترجما للعربية"}
TEXTING = {"vi": "nhắn tin", "zh-Hans": "短信", "ar": "رسالة نصية"}


def test_spanish_988_help_by_call_text_and_chat():
    content, _ = load_language_pair(SECTIONS, "es")
    assert "mensaje de texto al 988" in content.strings["crisis_line_us"]
    assert "con ayuda en español" in content.strings["crisis_line_us"]
    assert "en español por llamada, mensaje de texto y chat" in printed(content, "when-to-call")


@pytest.mark.parametrize("lang", ["vi", "zh-Hans", "ar"])
def test_988_is_offered_by_phone_with_an_interpreter_never_by_text(lang):
    content, _ = load_language_pair(SECTIONS, lang)
    crisis_line = content.strings["crisis_line_us"]
    assert "988" in crisis_line and INTERPRETER[lang] in crisis_line
    assert TEXTING[lang] not in crisis_line
    guide = next(b for b in content.section("when-to-call").blocks if b.kind == "call_guide")
    crisis = next(t for t in guide.tiers if t.level == "crisis")
    items = [markup.plain(item) for item in crisis.items]
    assert any(INTERPRETER[lang] in item or "مترجما للعربية" in item for item in items)
    # texting may only be named as not available in the language
    for item in items:
        if TEXTING[lang] in item or "الرسائل النصية" in item:
            assert re.search(r"không có tiếng Việt|不提供中文|لا تتوفر", item), item


def test_review_findings_are_fixed():
    vi, _ = load_language_pair(SECTIONS, "vi")
    assert "Đường dây Phòng chống Tự tử và Hỗ trợ Khủng hoảng 988" in \
        vi.strings["crisis_line_us"]
    assert "Hỗ trợ Tự tử" not in " ".join(printed(vi, s.id) for s in vi.sections)
    assert "không thuộc nhóm chất gây ảo giác cổ điển như LSD; đây là thuốc gây mê phân ly" \
        in printed(vi, "history")
    zh, _ = load_language_pair(SECTIONS, "zh-Hans")
    everything = " ".join(printed(zh, s.id) for s in zh.sections)
    assert "反应" not in everything and "兴奋剂" not in everything
    zh_labels = {ours.key: ours.text for _, ours in figure_labels("zh-Hans")}
    assert not [key for key, text in zh_labels.items() if "反应" in text], \
        "figure labels: benefit is 见效, session effects 治疗时的感受"
    assert "并不是每个人都会见效" in zh_labels["figures.timeline.footnote"]
    assert zh_labels["figures.timeline.ket_session"].startswith("治疗时的感受")
    vi_labels = {ours.key: ours.text for _, ours in figure_labels("vi")}
    assert "gai sợi nhánh" in vi_labels["figures.synapse.spines"]
    assert not [key for key, text in vi_labels.items() if "đuôi gai" in text]
    assert "见效" in printed(zh, "timing")
    assert "中枢兴奋药" in printed(zh, "safety") and "治疗多动症的药" in printed(zh, "safety")
    assert "不属于LSD那样的经典迷幻药，而是一种解离性麻醉药" in printed(zh, "history")
    ar, _ = load_language_pair(SECTIONS, "ar")
    assert "ليس من المهلوسات التقليدية مثل LSD، بل هو دواء تخدير تفارقي" in printed(ar, "history")
    safety = printed(ar, "safety")
    assert "مثبطات أكسيداز أحادي الأمين (MAOI)" in safety
    assert "مسكنات الألم القوية، وهي الأدوية الأفيونية" in safety
    assert "المواد الأفيونية" not in safety
    assert "مثبطات استرداد السيروتونين الانتقائية (SSRI)" in printed(ar, "timing")


# --- Arabic house style ----------------------------------------------------------------

VOWEL_MARKS = re.compile("[\u064B-\u0650\u0652\u0653\u0655\u0670]")   # harakat, tanwin, sukun
ARABIC = re.compile("[\u0600-\u06FF]")


def test_arabic_is_unvocalized_with_parentheses_only_around_latin():
    """Most Arabic patient materials are unvocalized, and so is this edition: vowel marks
    also break some readers' text layer. A Latin word at a sentence end is avoided where
    a natural wording allows (its full stop lands on the wrong side in some readers)."""
    from booklet.build import EditionRequest, resolve_edition

    edition = resolve_edition(EditionRequest(SECTIONS, "ar"))
    problems = []
    for english, ours in pairs("ar"):
        if ours.file == "sources.yaml" and ".references." in ours.key:
            continue          # the sources stay in English
        text = markup.fill_placeholders(ours.text, edition.placeholders)
        text = re.sub(r"\{\w+\}", edition.manifest.title, text)
        problems += arabic_style_problems(ours.key, text)
    assert not problems, "\n".join(problems)


def test_arabic_figure_labels_follow_the_house_style():
    """The labels drawn in the figures too: unvocalized, parentheses only around Latin
    terms (an Arabic term follows after a comma, or after أي on a line of its own),
    and each starting with an Arabic word, as the glossary terms do."""
    problems = []
    for _, ours in figure_labels("ar"):
        problems += arabic_style_problems(ours.key, ours.text)
        first_letter = re.search(r"[^\W\d_]", ours.text)
        if first_letter and not ARABIC.match(first_letter.group()):
            problems.append(f"{ours.key}: starts with a Latin word: {ours.text}")
    assert not problems, "\n".join(problems)


def arabic_style_problems(key: str, text: str) -> list[str]:
    problems = []
    if VOWEL_MARKS.search(text):
        problems.append(f"{key}: vowel marks {VOWEL_MARKS.findall(text)}")
    if text.count("\u0651") > 0:
        problems.append(f"{key}: shadda (use it only where a word would be misread)")
    for inside in re.findall(r"\(([^()]*)\)", text):
        if ARABIC.search(inside):
            problems.append(f"{key}: Arabic in parentheses: ({inside})")
    for sentence_end in re.finditer(r"[A-Za-z]\W{0,3}\.(?:\s|$)", markup.plain(text)):
        problems.append(f"{key}: a sentence ends with a Latin word: "
                        f"{markup.plain(text)[max(0, sentence_end.start() - 20):]}")
    return problems


def test_arabic_glossary_terms_start_with_an_arabic_word():
    """An entry that starts with a Latin word is laid out as a left-to-right line."""
    content, _ = load_language_pair(SECTIONS, "ar")
    terms = [e.term for s in content.sections for b in s.blocks if b.kind == "glossary"
             for e in b.entries]
    assert terms and all(ARABIC.match(term) for term in terms), terms
