"""Every character must have a glyph in the font that prints it, or it is an error.

A character the font lacks would print as an empty box (or nothing), so the
handout would not say what its file says. Better to name the file and line.
"""
from __future__ import annotations

import unicodedata

from . import fonts, model
from .errors import Problems


def font_cmap(font_set: fonts.FontSet) -> set[int]:
    from reportlab.pdfbase import pdfmetrics

    fonts.register(font_set)
    return set(pdfmetrics.getFont(font_set.name("regular")).face.charToGlyph)


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"'{char}' (U+{ord(char):04X}{' ' + name if name else ''})"


def missing_glyphs(text: str, cmap: set[int]) -> list[str]:
    seen = []
    for char in text:
        if char in "\n\t" or ord(char) in cmap or char in seen:
            continue
        seen.append(char)
    return seen


def check_text(text: str, cmap: set[int], font_set: fonts.FontSet, path: str, line: int,
               problems: Problems) -> None:
    missing = missing_glyphs(text, cmap)
    if missing:
        shown = ", ".join(_describe(c) for c in missing[:3])
        problems.add(path, line, f"{shown} cannot be printed: the font for this language "
                                 f"({font_set.svg_family}) has no such character; remove it "
                                 f"or write it in words")


def block_texts(block: model.Block):
    for value in vars(block).values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, str):
                    yield item
                elif isinstance(item, model.GlossaryEntry):
                    yield item.term
                    yield item.meaning
                elif isinstance(item, model.CallTier):
                    yield item.title
                    yield from filter(None, [item.text, *item.items])


def check_content(content: model.LanguageContent, font_set: fonts.FontSet,
                  problems: Problems) -> None:
    cmap = font_cmap(font_set)
    manifest = content.manifest
    for text in (manifest.title, manifest.subtitle, manifest.audience, manifest.reviewer):
        check_text(text, cmap, font_set, manifest.where.path, manifest.where.line, problems)
    for section in content.sections:
        check_text(section.title, cmap, font_set, section.where.path, section.where.line,
                   problems)
        for block in section.blocks:
            for text in block_texts(block):
                check_text(text, cmap, font_set, block.where.path, block.where.line, problems)
    for key, text in content.strings.items():
        where = content.string_lines.get(key)
        check_text(text, cmap, font_set, where.path if where else content.folder,
                   where.line if where else 1, problems)
    for figure, labels in content.figure_labels.items():
        for key, text in labels.items():
            where = content.string_lines.get(f"{figure}.{key}")
            check_text(text, cmap, font_set, where.path if where else content.folder,
                       where.line if where else 1, problems)
