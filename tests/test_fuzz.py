"""Property-based and fuzz tests: bad input never crashes, good input prints as written.

Every case either builds a correct PDF that holds the text as written, or fails
with `path:line: message` and exit code 1, with no traceback.
"""
from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from booklet import markup
from booklet.build import EditionRequest, build_edition
from booklet.errors import ContentError, Problems
from booklet.yamlsource import parse_yaml_text
from conftest import SECTIONS, run_cli

FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
ERROR_LINE = re.compile(r"^(usage error: |error: |warning: |\S+:\d+: )")

# text a clinic might paste: markup look-alikes, XML, quotes, emoji, other scripts,
# zero-width and direction characters, very long words
TRICKY = st.lists(
    st.one_of(
        st.sampled_from(list("*[]{}<>&;:'\"#-|!%@`\\/ \t")),
        st.sampled_from(["**", "[[", "]]", "{{", "}}", "<b>", "</i>", "&amp;", "<font>",
                         "\u200b", "\u202e", "\u200f", "\ufeff", "\x07", "😀", "é", "ñ",
                         "ệ", "中文", "العربية", "—", "…", "’", "word", "antidisestablishment"
                         * 4]),
        st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
    ), min_size=1, max_size=40).map("".join)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the inline markup --------------------------------------------------------

@FAST
@given(TRICKY)
@example("**bold** and *it* and [[term]] and <b>&amp;</b>")
def test_markup_is_always_valid_reportlab_markup(text):
    rendered = markup.to_reportlab(markup.parse(text), "#0b5e73")
    paragraph = Paragraph(rendered, ParagraphStyle("t"))  # raises on broken markup
    assert paragraph.frags is not None


@FAST
@given(TRICKY)
def test_markup_only_ever_removes_its_own_markers(text):
    shown = markup.plain(text)
    removed = iter(text)
    assert all(char in removed for char in shown)  # shown is a subsequence of text
    if not set(text) & set("*[]"):
        assert shown == text


# --- the YAML loader ----------------------------------------------------------

@FAST
@given(st.binary(max_size=400))
def test_loader_survives_any_bytes(tmp_path_factory, data):
    from booklet.yamlsource import load_yaml

    path = tmp_path_factory.mktemp("bytes") / "x.yaml"
    path.write_bytes(data)
    problems = Problems()
    load_yaml(path, problems)
    for problem in problems.items:
        assert problem.path == str(path) and problem.line >= 1


YAML_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         TRICKY)
YAML_VALUES = st.recursive(
    YAML_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["id", "title", "blocks", "paragraph", "bullets", "items",
                                 "text", "name", "figure", "caption", "alt", "term",
                                 "meaning", "key_point", "warning", "glossary", "titel",
                                 "review_box", "translation", "reviewed"]), inner,
                                max_size=4)),
    max_leaves=12)


@FAST
@given(YAML_VALUES)
def test_wrong_types_at_every_key_give_located_errors(tmp_path_factory, value):
    import yaml

    from booklet.content import load_section

    folder = tmp_path_factory.mktemp("types")
    document = value if isinstance(value, dict) else {"id": "about", "blocks": value}
    (folder / "about.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
    problems = Problems()
    load_section(folder, "sections/en", "about", problems, 1)
    for problem in problems.items:
        assert problem.path == "sections/en/about.yaml" and problem.line >= 1


def _mutations(text: str):
    lines = text.splitlines(keepends=True)
    return st.one_of(
        st.integers(0, len(text)).map(lambda i: text[:i]),                      # truncated
        st.integers(0, max(0, len(lines) - 1)).map(
            lambda i: "".join(lines[:i] + ["   " + lines[i]] + lines[i + 1:])),  # indentation
        st.integers(0, max(0, len(lines) - 1)).map(
            lambda i: "".join(lines[:i + 1] + [lines[i]] + lines[i + 1:])),      # duplicated
        st.tuples(st.integers(0, len(text)), TRICKY).map(
            lambda t: text[:t[0]] + t[1] + text[t[0]:]),                         # inserted
    )


SAFETY = (SECTIONS / "en" / "safety.yaml").read_text("utf-8")


@SLOW
@given(_mutations(SAFETY))
@example("")
@example("\ufeff" + SAFETY)
@example("a: &a [1, 2]\nb: [*a, *a, *a]\n")
@example("[" * 200 + "]" * 200)
def test_check_answers_every_mutation_with_a_located_error(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("mut") / "sections"
    shutil.copytree(SECTIONS / "en", root / "en")
    (root / "en" / "safety.yaml").write_text(text, "utf-8")
    result = run_cli("--sections", root, "--check")
    assert result.code in (0, 1), result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    if result.code == 1:
        errors = [line for line in result.err.splitlines() if line.strip()]
        assert errors and all(ERROR_LINE.match(line) for line in errors), result.err


def test_alias_bombs_are_refused():
    bomb = "a: &a [x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, "
                                      f"*{chr(97 + i)}]\n" for i in range(20))
    problems = Problems()
    assert parse_yaml_text(bomb, "bomb.yaml", problems) is None
    assert "anchors and aliases" in problems.items[0].message


def test_deep_nesting_is_refused():
    problems = Problems()
    assert parse_yaml_text("a: " + "[" * 5000 + "]" * 5000, "deep.yaml", problems) is None
    assert "nested more than" in problems.items[0].message


# --- the command line -----------------------------------------------------------

OPTIONS = st.lists(st.sampled_from(
    ["--lang", "en", "xx", "all", "--paper", "a4", "letter", "tabloid", "--check",
     "--large-print", "--clinic", "nowhere.yaml", "--sections", "/nonexistent", "--bogus",
     "--out", "--jobs", "0", "-x", "email", "--to", "a@b"]), max_size=5)


@settings(max_examples=60, deadline=None)
@given(OPTIONS)
def test_cli_never_shows_a_traceback(argv):
    if "--check" not in argv and "email" not in argv:
        argv = [*argv, "--check"]  # keep the fuzzing fast: validate, don't build
    result = run_cli(*argv)
    assert result.code in (0, 1, 2)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err


# --- end to end: text in, the same text out ---------------------------------------

@SLOW
@given(TRICKY)
@example("**Bold** <b>not a tag</b> & [[term]] {{crisis_line}} " + "x" * 200)
@example("Mixed العربية and 中文")
def test_text_prints_as_written_or_fails_with_a_location(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("e2e") / "sections"
    shutil.copytree(SECTIONS / "en", root / "en")
    about = root / "en" / "about.yaml"
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    about.write_text(about.read_text("utf-8") + f'  - paragraph: "FUZZ {quoted} END"\n',
                     "utf-8")
    try:
        built = build_edition(EditionRequest(root, "en"))
    except ContentError as error:
        for problem in error.problems:
            assert problem.path.endswith(".yaml") and problem.line >= 1
        return
    printed = squash(" ".join(page.extract_text() or "" for page in
                               PdfReader(_bytes_io(built.pdf)).pages))
    expected = markup.plain(markup.fill_placeholders(f"FUZZ {text.strip()} END",
                                                     built.edition.placeholders))
    assert squash(expected) in printed


def _bytes_io(data):
    import io

    return io.BytesIO(data)


@pytest.mark.parametrize("text", ["\u202eevil", "zero\u200bwidth", "bell\x07"])
def test_invisible_and_direction_characters_are_named(sections_copy, text):
    about = sections_copy / "en" / "about.yaml"
    about.write_text(about.read_text("utf-8") + f'  - paragraph: "{text}"\n', "utf-8")
    result = run_cli("--sections", sections_copy, "--check")
    assert result.code == 1
    assert "invisible" in result.err and "about.yaml:" in result.err
