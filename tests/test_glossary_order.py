"""Each glossary is in its own language's order, so readers can look a word up.

Spanish, Vietnamese and Arabic are compared with the Unicode Collation Algorithm
(pyuca's DUCET) plus the CLDR tailoring of the language; Chinese is compared by the
pinyin of each term (pypinyin), syllable by syllable, letters first and then the tone,
the order of Chinese dictionaries. English keeps plain DUCET order.
"""
from __future__ import annotations

import re
import shutil
import unicodedata
from functools import lru_cache

import pytest
from pypinyin import Style, lazy_pinyin
from pyuca import Collator

from booklet.build import load_language_pair
from conftest import SECTIONS

LANGS = ["en", "es", "vi", "zh-Hans", "ar"]


# --- the collations -----------------------------------------------------------

def _ce(collator: Collator, char: str) -> list:
    """The single collation element DUCET gives one character."""
    _, value, rest = collator.table.find_prefix([ord(c) for c in char])
    assert value and len(value) == 1 and not rest, char
    return list(value[0])


def _letter_after(collator: Collator, letter: str, base: str, step: float) -> None:
    """Make ``letter`` (either case) a letter of its own right after ``base`` (&base<letter):
    its primary weight is the base's plus a fraction, which sorts between the base and the
    next DUCET primary inside pyuca's sort keys."""
    for case, base_case in ((letter, base), (letter.upper(), base.upper())):
        weights = _ce(collator, base_case)
        collator.table.add([ord(c) for c in unicodedata.normalize("NFD", case)],
                           [[weights[0] + step, weights[1], weights[2]]])


@lru_cache(maxsize=None)
def collator_for(lang: str) -> Collator:
    """DUCET with the CLDR standard tailoring of the language ("root": none)."""
    collator = Collator()
    table = collator.table
    if lang == "es":          # &N<ñ<<<Ñ
        _letter_after(collator, "ñ", "n", 0.5)
    elif lang == "vi":        # &a<ă<â &d<đ &e<ê &o<ô<ơ &u<ư
        for base, letters in (("a", "ăâ"), ("d", "đ"), ("e", "ê"), ("o", "ôơ"), ("u", "ư")):
            for step, letter in enumerate(letters, 1):
                _letter_after(collator, letter, base, step / (len(letters) + 1))
        # the tones, secondary, in dictionary order: &̀<<̉<<̃<<́<<̣
        # (huyền, hỏi, ngã, sắc, nặng; no mark sorts first)
        grave = _ce(collator, "\u0300")[1]
        for step, mark in enumerate(("\u0309", "\u0303", "\u0301", "\u0323"), 1):
            table.add([ord(mark)], [[0, grave + step / 10, 2]])
    elif lang == "ar":
        # &[before 2]ت<<ة  &[before 2]ي<<ی<<ى  &ء<<أ<<ؤ<<إ<<ئ<<ىٕ<<ا  &ءا<<آ
        ta, ya, hamza = (_ce(collator, c) for c in ("ت", "ي", "ء"))
        table.add([ord("ة")], [[ta[0], ta[1] - 0.5, ta[2]]])
        table.add([ord("ی")], [[ya[0], ya[1] - 0.6, ya[2]]])
        table.add([ord("ى")], [[ya[0], ya[1] - 0.3, ya[2]]])
        for step, form in enumerate(("أ", "ؤ", "إ", "ئ", "ىٕ", "ا"), 1):
            table.add([ord(c) for c in unicodedata.normalize("NFD", form)],
                      [[hamza[0], hamza[1] + step / 10, hamza[2]]])
        alef = [hamza[0], hamza[1] + 0.6, hamza[2]]
        table.add([ord(c) for c in unicodedata.normalize("NFD", "آ")],
                  [[*hamza], [alef[0], alef[1] + 0.05, alef[2]]])
    return collator


def _latin_range(collator: Collator) -> tuple[int, int]:
    return _ce(collator, "a")[0], _ce(collator, "α")[0] - 1


def uca_key(lang: str, text: str) -> tuple:
    collator = collator_for(lang)
    elements = collator.collation_elements(unicodedata.normalize("NFD", text))
    if lang == "ar":          # [reorder Arab]: Arabic letters before Latin ones
        low, high = _latin_range(collator)
        elements = [[e[0] + 0x10000, *e[1:]] if low <= e[0] <= high else e
                    for e in elements]
    return collator.sort_key_from_collation_elements(elements)


_SYLLABLE = re.compile(r"([a-zü]+)([1-5])")


def pinyin_key(text: str) -> tuple:
    """Syllable by syllable: the letters of its pinyin, then its tone (1-4, 5 neutral),
    then the character; a run of Latin letters (AMPA, GABA) sorts by its letters."""
    key = []
    chars = iter(text)
    for chunk in lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True,
                             v_to_u=True, errors="default"):
        match = _SYLLABLE.fullmatch(chunk)
        if match:
            key.append((match[1], int(match[2]), next(chars, "")))
        else:
            letters = re.sub(r"[^a-z0-9]", "", chunk.lower())
            if letters:
                key.append((letters, 0, ""))
            for _ in chunk:
                next(chars, "")
    return tuple(key)


def sort_key(lang: str, term: str):
    if lang == "zh-Hans":
        return pinyin_key(term)
    return uca_key(lang if lang != "en" else "root", term)


def out_of_place(lang: str, terms: list[str]) -> list[str]:
    """One message for each entry that sorts before the entry above it."""
    return [f"{lang}: '{term}' (entry {index + 1}) is out of place: it sorts before "
            f"'{terms[index - 1]}' above it"
            for index, term in enumerate(terms)
            if index and sort_key(lang, term) < sort_key(lang, terms[index - 1])]


def glossary_terms(root, lang) -> list[list[str]]:
    content, _ = load_language_pair(root, lang)
    return [[entry.term for entry in block.entries]
            for section in content.sections for block in section.blocks
            if block.kind == "glossary"]


# --- the shipped glossaries ---------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_glossary_is_in_its_languages_order(lang):
    glossaries = glossary_terms(SECTIONS, lang)
    assert glossaries and all(glossaries)
    for terms in glossaries:
        problems = out_of_place(lang, terms)
        assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_each_translation_has_as_many_entries_as_the_english(lang):
    english = glossary_terms(SECTIONS, "en")
    assert [len(g) for g in glossary_terms(SECTIONS, lang)] == [len(g) for g in english]


def test_an_entry_out_of_place_is_reported(tmp_path):
    root = tmp_path / "sections"
    for lang in ("en", "es"):
        shutil.copytree(SECTIONS / lang, root / lang)
    terms = glossary_terms(root, "es")[0]
    first, last = terms[0], terms[-1]
    path = root / "es" / "glossary.yaml"
    text = path.read_text("utf-8")
    text = text.replace(f"term: {first}\n", "term: \x00\n", 1)
    text = text.replace(f"term: {last}\n", f"term: {first}\n", 1).replace("\x00", last)
    path.write_text(text, "utf-8")
    problems = out_of_place("es", glossary_terms(root, "es")[0])
    assert problems and f"'{last}' (entry 1)" not in problems[0]
    assert any(f"'{first}' (entry {len(terms)}) is out of place" in p for p in problems)
    assert any(f"sorts before '{last}'" in p for p in problems)


# --- the collations themselves ----------------------------------------------------

@pytest.mark.parametrize("lang, words", [
    # ñ is a letter after n; accents only break ties
    ("es", ["ángel", "anillo", "nube", "ñandú", "oso"]),
    # ă and â are letters after a, đ after d; letters decide before tones;
    # tones in dictionary order: none, huyền, hỏi, ngã, sắc, nặng
    ("vi", ["an", "ăn", "âm", "bà", "bác", "bạc", "dê", "đá", "ê", "ô", "ơ", "ư"]),
    ("vi", ["ma", "mà", "mả", "mã", "má", "mạ", "mac"]),
    # أ إ آ sort with ا (alef), ة with ت, ى with ي; Arabic before Latin
    ("ar", ["استخدام", "إسكيتامين", "بنزوديازيبين", "ذهان", "مرتا", "مرةب", "BDNF"]),
    # pinyin letters first, then tone; Latin runs by their letters
    ("zh-Hans", ["安慰剂", "BDNF", "动脉瘤", "GABA", "谷氨酸", "神经元", "受体"]),
    ("zh-Hans", ["妈", "麻", "马", "骂"]),
])
def test_the_collation_orders_words_as_the_language_does(lang, words):
    assert sorted(reversed(words), key=lambda w: sort_key(lang, w)) == words


def test_plain_ducet_would_get_these_wrong():
    """Why the tailorings are there: untailored UCA puts âm before an and ñandú before
    nube, and puts Latin before Arabic."""
    root = lambda word: uca_key("root", word)   # noqa: E731
    assert root("âm") < root("an") and root("ñandú") < root("nube")
    assert root("BDNF") < root("ذهان")
    assert uca_key("vi", "an") < uca_key("vi", "âm")
    assert uca_key("es", "nube") < uca_key("es", "ñandú")
    assert uca_key("ar", "ذهان") < uca_key("ar", "BDNF")
