"""Where a line may break: between words, or between characters in Chinese.

A paragraph's text (logical order) is cut into tokens that may start a new
line. Words keep their trailing space. Chinese characters are tokens of their
own, except that closing punctuation never starts a line and opening
punctuation never ends one (the basic rule of Chinese typesetting): such a
mark is glued to its neighbour. Latin words inside Chinese text stay whole.
"""
from __future__ import annotations

import unicodedata

# Closing marks may not begin a line; opening marks may not end one.
NO_LINE_START = frozenset("，。、；：！？）》」』】〕〉”’…—・·,.;:!?)]}%\uff09\uff3d\uff5d")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{\uff08\uff3b\uff5b")
# Inside a long web address or word, break after these first.
SOFT_BREAK_AFTER = frozenset("/-.?&=_@")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def tokens(text: str, breaking: str = "words",
           keep: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int]]:
    """(start, end) of each token of ``text``; together they cover all of it.

    ``keep``: (start, end) ranges no line may break inside (a phone number, a web
    or email address: copied from a broken line, they are misdialled or mistyped).
    """
    if breaking == "chars":
        raw = _char_tokens(text)
    else:
        raw = _word_tokens(text)
    glued = _glue(text, raw)
    if not keep:
        return glued
    joined: list[tuple[int, int]] = []
    for start, end in glued:
        if joined and any(a < start < b for a, b in keep):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _word_tokens(text: str) -> list[tuple[int, int]]:
    spans, start, index, length = [], 0, 0, len(text)
    while index < length:
        if text[index] == " ":
            while index < length and text[index] == " ":
                index += 1
            spans.append((start, index))
            start = index
        else:
            index += 1
    if start < length:
        spans.append((start, length))
    return spans


def _char_tokens(text: str) -> list[tuple[int, int]]:
    spans, start, index, length = [], 0, 0, len(text)
    while index < length:
        char = text[index]
        if _wide(char):
            if start < index:
                spans.append((start, index))
            spans.append((index, index + 1))
            index += 1
            start = index
        elif char == " ":
            while index < length and text[index] == " ":
                index += 1
            spans.append((start, index))
            start = index
        else:
            index += 1
    if start < length:
        spans.append((start, length))
    return [span for span in spans if span[0] < span[1]]


def _glue(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Closing marks join the token before; a token ending in an opening mark joins the
    next; a number stays with the Chinese character after it (2026年, 2小时)."""
    glued: list[tuple[int, int]] = []
    for start, end in spans:
        if glued and (text[start] in NO_LINE_START
                      or text[glued[-1][1] - 1] in NO_LINE_END
                      or (text[glued[-1][1] - 1].isdigit() and _wide(text[start]))):
            glued[-1] = (glued[-1][0], end)
        else:
            glued.append((start, end))
    return glued


def split_long(text: str, start: int, end: int, fits) -> list[tuple[int, int]]:
    """Cut the token text[start:end] into pieces for which ``fits(a, b)`` holds.

    Prefers cutting after a slash, dash or dot (web addresses), else anywhere.
    """
    pieces = []
    while start < end:
        cut = start + 1
        best_soft = None
        for index in range(start + 1, end + 1):
            if not fits(start, index):
                break
            cut = index
            if text[index - 1] in SOFT_BREAK_AFTER and index < end:
                best_soft = index
        if cut < end and best_soft is not None and best_soft > start:
            cut = best_soft
        pieces.append((start, cut))
        start = cut
    return pieces
