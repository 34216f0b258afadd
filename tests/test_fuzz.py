"""Property-based and fuzz tests: bad input never crashes, good input prints as written.

Every case either builds a correct PDF that holds the text as written, or fails
with `path:line: message` and exit code 1, with no traceback.
"""
from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, event, example, given, settings
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


@pytest.mark.slow
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

@pytest.mark.slow
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


# --- clinic profiles, logos and strings.yaml ------------------------------------------

EXAMPLE_CLINIC = SECTIONS.parent / "clinics" / "example"
PROFILE_TEXT = (EXAMPLE_CLINIC / "clinic.yaml").read_text("utf-8")
LOGO_LINE = next(i for i, line in enumerate(PROFILE_TEXT.splitlines(), 1)
                 if line.startswith("logo:"))


def _clinic_folder(tmp_path_factory, profile_text: str, logo: bytes | None = None,
                   logo_name: str = "logo.svg"):
    folder = tmp_path_factory.mktemp("clinic")
    shutil.copy(EXAMPLE_CLINIC / "logo.svg", folder / "logo.svg")
    (folder / "mark.png").write_bytes(_small_png())
    (folder / "big.png").write_bytes(_png_header(12000, 12000))
    if logo is not None:
        (folder / logo_name).write_bytes(logo)
    profile = folder / "clinic.yaml"
    profile.write_text(profile_text, "utf-8")
    return profile


def _small_png(size=(6, 4), mode="RGBA") -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size, (42, 127, 98, 255)[:len(mode)]).save(out, "PNG")
    return out.getvalue()


def _png_header(width: int, height: int) -> bytes:
    import struct
    import zlib

    ihdr = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr +
            struct.pack(">I", zlib.crc32(ihdr) & 0xFFFFFFFF))


def _load_profile(profile):
    """Success, or a ContentError whose every problem is `profile:line`; nothing else."""
    from booklet.build import load_clinic_profile

    try:
        clinic = load_clinic_profile(profile)[0]
        event("loaded")
        return clinic
    except ContentError as error:
        for problem in error.problems:
            assert problem.path == str(profile) and problem.line >= 1, problem
            assert "\n" not in problem.message
        assert all(ERROR_LINE.match(line) for line in str(error).splitlines())
        event("refused")
        return error


PROFILE_KEYS = ["name", "address", "phone", "after_hours", "website", "email", "logo",
                "brand_colour", "reviewer", "reviewer_credentials", "last_reviewed",
                "crisis_line", "emergency_number", "country", "colour", "logo_path"]


@FAST
@given(st.one_of(_mutations(PROFILE_TEXT),
                 st.tuples(st.sampled_from(PROFILE_KEYS), YAML_VALUES).map(
                     lambda kv: _with_value(PROFILE_TEXT, *kv))))
@example(PROFILE_TEXT.replace("logo: logo.svg", "logo: ../../etc/passwd.svg"))
@example(PROFILE_TEXT.replace("logo: logo.svg", "logo: big.png"))
@example(PROFILE_TEXT + "website: " + "x" * 3000 + "\n")
def test_any_clinic_profile_loads_or_fails_with_located_errors(tmp_path_factory, text):
    profile = _clinic_folder(tmp_path_factory, text)
    _load_profile(profile)


def _with_value(text: str, key: str, value) -> str:
    import yaml

    lines = [line for line in text.splitlines() if not line.startswith(f"{key}:")]
    kept = []
    skipping = False
    for line in lines:  # drop the indented lines of a removed mapping (crisis_line)
        if line.startswith("  ") and skipping:
            continue
        skipping = False
        kept.append(line)
    if key == "crisis_line":
        kept = [line for line in kept if not line.startswith("  ")]
    return "\n".join(kept) + "\n" + yaml.safe_dump({key: value}, allow_unicode=True)


SVG_TEXT = (EXAMPLE_CLINIC / "logo.svg").read_text("utf-8")
SVG_SNIPPETS = st.sampled_from([
    '<rect width="nan" height="5"/>', '<rect width="5" height="5" style="fill:a:b"/>',
    '<image href="big.png" width="5" height="5"/>', '<image href="mark.png" width="9"/>',
    '<image href="data:image/png;base64,AAAA" width="5" height="5"/>',
    '<image href="data:image/png;base64,!!" width="5" height="5"/>',
    f'<image href="data:image/png;base64,{__import__("base64").b64encode(_small_png()).decode()}"'
    f' width="5" height="5"/>',
    '<image href="logo.svg" width="5" height="5"/>', '<use href="logo.svg#a"/>',
    '<use href="other.svg#a"/>', '<image href="/etc/passwd.png"/>',
    '<image href="https://example.invalid/a.png"/>', '<g id="a"><use href="#a"/></g>',
    '<text font-size="1e308">x</text>', '<text x="nan">x</text>', '<path d="M 0 0 L 1e400 1"/>',
    '<path d="M 0 0 L nan 1 Z"/>', '<linearGradient id="g" href="#g"/>', '<circle r="inf"/>',
    '<polygon points="1"/>', '<ellipse rx="nan" ry="2"/>', '<g transform="matrix(1 2)"/>',
    '<g transform="scale(1e300)"><rect width="9" height="9"/></g>',
    '<clipPath id="c"><use href="#c"/></clipPath><rect clip-path="url(#c)" width="3"/>',
    '<style>rect{fill:url(x.svg#a)}</style>', '<style>@import "a.css";</style>',
    '<style>rect { font: a:b; fill: #zzz }</style>', '<!DOCTYPE svg>', '&amp;', '&x;',
    '<![CDATA[x]]>', '<text><tspan dx="nan">x</tspan></text>',
    '<line x1="0" y1="0" x2="5" y2="5" stroke="red" stroke-dasharray="0 0"/>',
    '<rect width="5" height="5" opacity="nan" fill="rgb(1,2)"/>',
    '<text font-family="a:b">x</text>', ' width="-1"', ' height="0"', ' viewBox="0 0 0 0"',
    ' viewBox="a b c"', ' width="1e999"', ' style="fill:red;;stroke:"', ' href="#nowhere"',
    '<a href="javascript:alert(1)"><rect width="3" height="3"/></a>', '<script>x</script>',
    '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
    "<g>" * 70 + "</g>" * 70, '<svg width="0" height="0"/>', '<?xml-stylesheet href="a.css"?>',
    '<image width="5" height="5" href="' + "data:image/jpeg;base64,/9j/4AAQ" + '"/>',
])


def _svg_mutations():
    text = SVG_TEXT
    return st.one_of(
        st.tuples(st.integers(0, len(text)), SVG_SNIPPETS).map(
            lambda t: text[:t[0]] + t[1] + text[t[0]:]),               # anywhere: often broken
        st.lists(SVG_SNIPPETS, min_size=1, max_size=4).map(
            lambda s: text.replace("</svg>", "".join(s) + "</svg>")),   # well-formed places
        st.tuples(st.sampled_from(['width="120"', 'height="120"', 'viewBox="0 0 120 120"',
                                   'r="56"', 'fill="#ffffff"', 'stroke-width="2.5"']),
                  st.sampled_from(['nan', 'inf', '-1', '0', '1e30', '', 'a:b', 'url(x)',
                                   '1e-30', '120%', '12em', 'calc(1)'])).map(
            lambda t: text.replace(t[0], t[0].split("=")[0] + f'="{t[1]}"')),
        st.integers(0, len(text)).map(lambda i: text[:i]),             # truncated
    )


@FAST
@given(_svg_mutations())
def test_any_svg_logo_loads_or_fails_at_the_logo_line(tmp_path_factory, svg):
    profile = _clinic_folder(tmp_path_factory, PROFILE_TEXT, svg.encode("utf-8"))
    outcome = _load_profile(profile)
    if isinstance(outcome, ContentError):
        assert [p.line for p in outcome.problems] == [LOGO_LINE], str(outcome)
    else:
        drawing = outcome.logo_image.drawing("Helvetica")
        assert drawing.width > 0 and drawing.height > 0


def _png_mutations():
    import struct
    import zlib

    good = _small_png((24, 12), "RGBA")

    def chunk(kind, data, crc_ok=True):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", crc if crc_ok else crc ^ 1)
    return st.one_of(
        st.tuples(st.integers(0, len(good) - 1), st.integers(1, 255)).map(
            lambda t: good[:t[0]] + bytes([good[t[0]] ^ t[1]]) + good[t[0] + 1:]),   # a flip
        st.integers(0, len(good)).map(lambda i: good[:i]),                            # cut
        st.tuples(st.integers(0, 2 ** 32 - 1), st.integers(0, 2 ** 32 - 1)).map(
            lambda wh: good[:16] + struct.pack(">II", *wh) + good[24:]),              # size
        st.tuples(st.sampled_from([b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"eXIf", b"QQQQ",
                                   b"PLTE", b"tRNS", b"IDAT", b"IHDR", b"acTL"]),
                  st.one_of(st.binary(max_size=64),
                            st.integers(0, 3_000_000).map(
                                lambda n: b"k\x00\x00" + zlib.compress(b"a" * n))),
                  st.booleans()).map(
            lambda t: good[:-12] + chunk(t[0], t[1], t[2]) + good[-12:]),         # a chunk
    )


@FAST
@given(_png_mutations())
@example(_png_header(12000, 12000))
def test_any_png_logo_loads_or_fails_at_the_logo_line(tmp_path_factory, png):
    text = PROFILE_TEXT.replace("logo: logo.svg", "logo: logo.png")
    profile = _clinic_folder(tmp_path_factory, text, png, "logo.png")
    outcome = _load_profile(profile)
    if isinstance(outcome, ContentError):
        assert [p.line for p in outcome.problems] == [LOGO_LINE], str(outcome)
    else:
        import io

        from PIL import Image

        image = Image.open(io.BytesIO(outcome.logo_image.png_bytes))
        image.load()
        assert image.mode in ("RGB", "RGBA") and image.size == (outcome.logo_image.width,
                                                                outcome.logo_image.height)


@pytest.mark.slow
@SLOW
@given(st.one_of(_svg_mutations(), _png_mutations().map(lambda b: ("png", b))))
@example('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
         '<image href="mark.png" width="9"/></svg>')
def test_a_logo_that_loads_also_builds(tmp_path_factory, logo):
    if isinstance(logo, tuple):
        text, data, name = PROFILE_TEXT.replace("logo: logo.svg", "logo: logo.png"), logo[1], \
            "logo.png"
    else:
        text, data, name = PROFILE_TEXT, logo.encode("utf-8"), "logo.svg"
    profile = _clinic_folder(tmp_path_factory, text, data, name)
    if isinstance(_load_profile(profile), ContentError):
        return
    out = profile.parent / "out.pdf"
    result = run_cli("--clinic", profile, "--out", out)
    assert result.code == 0, result.err
    assert out.read_bytes()[:5] == b"%PDF-"


STRINGS_EN = (SECTIONS / "en" / "strings.yaml").read_text("utf-8")
BRACES = st.lists(st.one_of(
    st.sampled_from(["{", "}", "{{", "}}", "{page}", "{pages}", "{number}", "{title}",
                     "{version}", "{date}", "{language}", "{0}", "{}", "{page!r}",
                     "{page:>9}", "{page.__class__.__mro__}", "{page[0]}", "{{crisis_line}}",
                     "{{clinic_name}}", "{{nope}}", "{ page }", "{{{page}}}", "%s", "%(page)s",
                     "$page", "{\u00e9}"]),
    TRICKY), min_size=1, max_size=8).map("".join)


@FAST
@given(st.sampled_from(__import__("booklet.interface", fromlist=["x"]).STRING_KEYS), BRACES,
       st.sampled_from(["en", "es", "zh-Hans", "ar", "vi"]))
@example("page_of", "{page.__class__.__mro__}", "en")
@example("figure", "{number", "ar")
@example("language_name", "{page}{page.__class__.__mro__}", "en")
def test_any_strings_yaml_value_loads_or_fails_with_a_located_error(key, value, lang):
    import yaml

    from booklet.content import load_string_table
    from booklet.interface import FIELDS, fill

    text = (SECTIONS / lang / "strings.yaml").read_text("utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key}:"))
    lines[number - 1] = yaml.safe_dump({key: value}, allow_unicode=True, width=10_000).rstrip()
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "strings.yaml"
        path.write_text("\n".join(lines) + "\n", "utf-8")
        shown = f"sections/{lang}/strings.yaml"
        problems = Problems()
        table, _ = load_string_table(path, shown, problems, 1)
    for problem in problems.items:
        assert problem.path == shown and problem.line >= 1
    values = {name: "VALUE" for name in FIELDS.get(key, ())}
    if not problems.items:
        filled = fill(table[key], values)
        # every documented field was filled and no Python object leaked into the text
        assert not re.search(r"(?<!\{)\{(" + "|".join(values or ["-"]) + r")\}(?!\})", filled)
        assert "<class" not in filled and "object at 0x" not in filled
    # even a string validation would refuse: only plain {name} fields change, nothing
    # else in braces reaches Python's format machinery
    class Loud:
        def __init__(self, name):
            self.name = name

        def __str__(self):
            return f"@@{self.name}@@"

        def __format__(self, spec):  # a format spec or conversion would call these
            raise AssertionError(f"format spec {spec!r} reached a value")

        def __getattr__(self, attribute):
            raise AssertionError(f"attribute {attribute!r} of a value was read")

    names = ("page", "number", "title")
    expected = re.sub(r"(?<!\{)\{(page|number|title)\}(?!\})", lambda m: f"@@{m.group(1)}@@",
                      value)
    assert fill(value, {name: Loud(name) for name in names}) == expected
