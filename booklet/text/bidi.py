"""Direction of text (Unicode Bidirectional Algorithm, UAX #9), via python-bidi.

python-bidi's public API answers a paragraph's base level and its display
string; a layout needs the resolved level of every character to place styled,
shaped pieces. Those come from python-bidi's reference implementation
(``bidi.algorithm``), whose step functions are not part of its documented API:
this module is the one place that calls them, and tests/test_adapters.py
fails if an upgrade changes them.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_STRONG = {"L": 0, "R": 1, "AL": 1}


def first_strong_level(text: str) -> int | None:
    """Rules P2-P3: 0 or 1 from the first strong character, None when there is none."""
    for char in text:
        level = _STRONG.get(unicodedata.bidirectional(char))
        if level is not None:
            return level
    return None


# where every character of bidi class R, AL or AN lives (Hebrew to Arabic Extended-A, the
# presentation forms, RLM, the right-to-left scripts of plane 1); checked in C, as most
# text has none of them
_RTL_BLOCKS = re.compile("[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff"
                         "\U00010800-\U00010fff\U0001e800-\U0001efff]")


def has_rtl(text: str) -> bool:
    return _RTL_BLOCKS.search(text) is not None and \
        any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in text)


@lru_cache(maxsize=4096)
def resolved_levels(text: str, base_level: int) -> tuple[int, ...]:
    """The embedding level of every character of ``text`` (rules X1-I2).

    Characters that rule X9 removes (joiners, formatting marks) take the level
    of the character before them, so the result always has ``len(text)`` items.
    """
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    previous = base_level
    for index, level in enumerate(levels):
        if level is None:
            levels[index] = previous
        previous = levels[index]
    return tuple(levels)  # type: ignore[arg-type]


_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = {close: open_ for open_, close in _OPENING.items()}


def paired_brackets(text: str, levels: tuple[int, ...], base_level: int) -> tuple[int, ...]:
    """Rule N0: the two brackets of a pair take one direction, so they mirror alike.

    python-bidi's reference algorithm skips N0, and resolves each bracket by its
    neighbours: in "Spravato (esketamine) على" the closing bracket went right-to-left
    and was drawn mirrored, "(esketamine(". As N0 says, a pair takes the paragraph's
    direction when its text holds a letter of that direction; failing that, the
    other direction when its text and the text before it both have that direction.
    Digits count as right-to-left, or left-to-right after a Latin word (rule W7).
    """
    embedding = "R" if base_level % 2 else "L"
    strong: list[str | None] = []
    last = embedding
    for char in text:
        kind = {"L": "L", "R": "R", "AL": "R", "AN": "R"}.get(unicodedata.bidirectional(char))
        if unicodedata.bidirectional(char) == "EN":
            kind = "L" if last == "L" else "R"
        elif kind is not None:
            last = kind
        strong.append(kind)
    pairs, stack = [], []
    for index, char in enumerate(text):
        if char in _OPENING:
            stack.append(index)
        elif char in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if text[stack[depth]] == _CLOSING[char]:
                    pairs.append((stack[depth], index))
                    del stack[depth:]
                    break
    result = list(levels)
    changed = []
    for start, end in sorted(pairs):
        inside = set(strong[start + 1:end])
        if embedding in inside:
            direction = embedding
        elif inside - {None}:
            # the other direction only when the text before the pair has it too
            direction = next((kind for kind in reversed(strong[:start]) if kind), embedding)
        else:
            continue
        strong[start] = strong[end] = direction
        level = base_level if direction == embedding else base_level + 1
        result[start] = result[end] = level
        changed += [start, end]
    # the neutrals beside a bracket were resolved against its old direction: resolve
    # them again (N1: between two alike, that direction; N2: else the paragraph's),
    # so in "(MD), Riverside" the comma goes with the bracket, not with the Latin word
    for index in changed:
        for start in (index - 1, index + 1):
            if not 0 <= start < len(text) or strong[start] is not None:
                continue
            first = last = start
            while first > 0 and strong[first - 1] is None:
                first -= 1
            while last + 1 < len(text) and strong[last + 1] is None:
                last += 1
            before = strong[first - 1] if first > 0 else embedding
            after = strong[last + 1] if last + 1 < len(text) else embedding
            direction = before if before == after else embedding
            level = base_level if direction == embedding else base_level + 1
            for position in range(first, last + 1):
                result[position] = level
    return tuple(result)


def line_levels(text: str, levels: tuple[int, ...], base_level: int) -> list[int]:
    """Rule L1 for one line: trailing white space returns to the paragraph level."""
    result = list(levels)
    index = len(text) - 1
    while index >= 0 and unicodedata.bidirectional(text[index]) in ("WS", "BN", "S"):
        result[index] = base_level
        index -= 1
    return result


def visual_order(levels: list[int]) -> list[int]:
    """Rule L2: the logical indexes of a line's items, left to right."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    odd = [level for level in levels if level % 2]
    if not odd:
        return order
    lowest_odd = min(odd)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order


def mirrored(char: str) -> str:
    """The glyph a right-to-left context draws for ``char`` (rule L4)."""
    from bidi.mirror import MIRRORED

    return MIRRORED.get(char, char)
