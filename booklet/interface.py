"""The interface strings the engine prints; every edition's strings.yaml has them.

A string may hold two kinds of placeholder, and only these:

- ``{name}``: filled by the engine when it prints the string. Each key may use
  only the names in :data:`FIELDS` (``page_of`` may use ``{page}`` and
  ``{pages}``; most keys use none).
- ``{{name}}``: a content placeholder (``{{crisis_line}}``, ...), filled like
  content text; only the keys in :data:`CONTENT_PLACEHOLDER_KEYS` go through
  that step.

Anything else in braces (``{0}``, ``{page!r}``, ``{page.__class__}``, a lone
``{``) is a content error when strings.yaml is loaded, and :func:`fill`
substitutes only plain named fields, so nothing can reach Python's format
machinery even if validation were skipped.
"""
from __future__ import annotations

import difflib
import re

STRING_KEYS = (
    "language_name", "contents", "page_of", "edition_line", "key_point", "warning",
    "checklist", "figure", "review_box_title", "last_reviewed", "reviewed_by",
    "review_note", "from_your_clinic", "phone", "website", "email", "address", "scan_to_visit",
    "no_clinic_contact", "notes", "draft_mark", "crisis_line_us", "emergency_number_us",
    "clinic_name_default", "clinic_phone_default", "email_greeting",
    "email_body", "email_signoff", "help_now_title", "help_now_emergency", "help_now_crisis",
    "help_now_clinic", "colon", "after_hours",
    "email_subject_from", "email_subject_neutral", "email_attachment_name",
)

# {name} fields each key may use; keys not listed take none.
FIELDS: dict[str, tuple[str, ...]] = {
    "page_of": ("page", "pages"),
    "edition_line": ("version", "date", "language"),
    "figure": ("number",),
    "email_subject_from": ("clinic",),
}

# keys printed like content, so {{crisis_line}} and the like are filled in them
CONTENT_PLACEHOLDER_KEYS = ("help_now_emergency", "help_now_crisis", "help_now_clinic")

_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")
# one token at a time: a content placeholder, a field, any other run of braces
_TOKENS = re.compile(r"\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}|\{[^{}]*\}|\{|\}")


def fill(text: str, values: dict) -> str:
    """``text`` with each plain ``{name}`` whose name is in ``values`` replaced.

    No attribute or index access, conversions or format specs: ``{page.real}``,
    ``{0}`` and ``{page!r}`` stay as written. ``{{name}}`` is left for content
    placeholders; inserted values are not scanned again.
    """
    if not values:
        return text
    return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values
                      else m.group(0), text)


def _described(names: tuple[str, ...]) -> str:
    if not names:
        return "this string takes none"
    shown = [f"{{{name}}}" for name in names]
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    return f"this string may use {listed}"


def placeholder_problems(key: str, text: str) -> list[str]:
    """What is wrong with the braces in one interface string (empty when fine)."""
    from .markup import PLACEHOLDERS

    allowed = FIELDS.get(key, ())
    problems = []
    for match in _TOKENS.finditer(text):
        token = match.group(0)
        if token in ("{", "}"):
            problems.append(f"a lone {token!r}; braces are only for placeholders "
                            f"({_described(allowed)})")
        elif token.startswith("{{"):
            name = token.strip("{} ")
            if key not in CONTENT_PLACEHOLDER_KEYS:
                problems.append(f"{token} is not filled in here, so it would print as "
                                f"written; {_described(allowed)}")
            elif name not in PLACEHOLDERS:
                pass  # Checker.text already names unknown content placeholders
        elif _FIELD.fullmatch(token):
            name = token[1:-1]
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append(f"unknown placeholder {token}{hint}; {_described(allowed)}")
        else:
            problems.append(f"{token} is not a placeholder; write placeholders as plain "
                            f"names ({_described(allowed)})")
    return problems
