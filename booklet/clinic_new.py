"""``booklet clinic new NAME [--logo FILE]``: a clinic profile with every field explained.

The profile goes to ``clinics/NAME/clinic.yaml``. A logo in SVG, PNG, JPEG or
WebP is accepted: SVG is checked and copied as it is; a photo or scan is
turned upright, converted to PNG and made no larger than print needs
(LOGO_PIXELS on its longer side), so a 4000-pixel logo does not make a 1 MB PDF.
On a terminal it asks for the main fields; elsewhere (or with --no-input) it
asks nothing. The new profile is loaded as a build would load it before the
command says it is done.
"""
from __future__ import annotations

import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError, ContentError, Problems, UsageError
from .naming import PROFILE_FILE
from .output import write_atomic

# The cover draws the logo in a box 84 pt (1.17 in) wide; at 300 dpi, the resolution
# print needs, that is 350 pixels. 600 pixels (2 inches at 300 dpi) keeps it sharp with
# room for a larger box, and keeps the PDF small.
COVER_LOGO_POINTS = 84
PRINT_DPI = 300
LOGO_PIXELS = 600
MAX_LOGO_FILE_BYTES = 40 * 1024 * 1024
MAX_LOGO_MEGAPIXELS = 60      # a larger picture is refused before it is decoded
MAX_SVG_BYTES = 2 * 1024 * 1024
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


def check_folder_name(name: str) -> str:
    """NAME must be a plain folder name: no path, nothing a file system would refuse."""
    problem = None
    if not name or not name.strip():
        problem = "is empty"
    elif "/" in name or "\\" in name:
        problem = "contains a folder separator; give just the name, e.g. riverside"
    elif name in (".", "..") or name.startswith("."):
        problem = "starts with a dot"
    elif name.startswith("-"):
        problem = "starts with a hyphen"
    elif any(unicodedata.category(c)[0] == "C" for c in name):
        problem = "contains control characters"
    elif re.search(r'[<>:"|?*]', name):
        problem = 'contains one of < > : " | ? *'
    elif name != name.strip() or name.endswith("."):
        problem = "ends with a space or a dot"
    elif name.split(".")[0].casefold() in _RESERVED:
        problem = "is a name Windows reserves"
    elif len(name) > 64:
        problem = "is longer than 64 characters"
    if problem:
        raise UsageError(f"the clinic name {name!r} {problem}; use a plain folder name such "
                         f"as riverside or north-site")
    return name


# --- logos -------------------------------------------------------------------------

@dataclass(frozen=True)
class Logo:
    data: bytes
    suffix: str        # ".png" or ".svg"
    report: str        # what was done, for the person running the command


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--")) and b"<svg" in data[:65536].lower():
        return "SVG"
    for magic, kind in ((b"GIF8", "a GIF image"), (b"BM", "a BMP image"),
                        (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
                        (b"%PDF", "a PDF document")):
        if data.startswith(magic):
            return kind
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "a HEIC photo"
    return None


def read_logo(path: Path) -> Logo:
    """The logo ready to sit next to the profile; BuildError (exit 1) when it cannot be."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise BuildError(f"{shown}: the logo is not a file")
        if size > MAX_LOGO_FILE_BYTES:
            raise BuildError(f"{shown}: the logo file is {size / 1024 / 1024:.0f} MB; the "
                             f"limit is {MAX_LOGO_FILE_BYTES // 1024 // 1024} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"the logo file {shown} does not exist") from None
    except OSError as error:
        raise BuildError(f"{shown}: cannot read the logo: {error.strerror or error}") from None
    kind = _sniff(data)
    if kind == "SVG":
        return _svg_logo(data, shown)
    if kind in ("PNG", "JPEG", "WEBP"):
        return _raster_logo(data, kind, shown)
    what = f"it is {kind}" if kind else "it is not an image booklet can read"
    raise BuildError(f"{shown}: cannot use this logo: {what}. Save it as SVG (best), PNG, "
                     f"JPEG or WebP, for example with your image editor's Export or Save As")


def _svg_logo(data: bytes, shown: str) -> Logo:
    from lxml import etree

    if len(data) > MAX_SVG_BYTES:
        raise BuildError(f"{shown}: the SVG logo is {len(data):,} bytes; the limit is "
                         f"{MAX_SVG_BYTES:,}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise BuildError(f"{shown}:{error.lineno or 1}: the SVG logo is not well-formed XML: "
                         f"{error.msg}") from None
    if root.getroottree().docinfo.doctype or b"<!ENTITY" in data:
        raise BuildError(f"{shown}: the SVG logo has a DOCTYPE or entities; save it again "
                         f"as plain SVG")
    if etree.QName(root).localname != "svg":
        raise BuildError(f"{shown}: the file is XML but not an SVG image")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if etree.QName(name).localname == "href" and not value.startswith(("#", "data:")):
                raise BuildError(f"{shown}:{element.sourceline}: the SVG logo refers to "
                                 f"another file ({value}); embed the picture in the SVG or "
                                 f"use a PNG or JPEG logo")
    if not (root.get("viewBox") or (root.get("width") and root.get("height"))):
        raise BuildError(f"{shown}: the SVG logo has no size (viewBox, or width and height)")
    return Logo(data, ".svg", f"{shown}: an SVG logo, copied as it is (vectors print sharp at "
                              f"any size)")


def _raster_logo(data: bytes, kind: str, shown: str) -> Logo:
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data), formats=[kind]) as image:
            width, height = image.size
            if width * height > MAX_LOGO_MEGAPIXELS * 1_000_000:
                raise BuildError(f"{shown}: the logo is {width} x {height} pixels; the limit is "
                                 f"{MAX_LOGO_MEGAPIXELS} megapixels")
            image.draft("RGB", (LOGO_PIXELS, LOGO_PIXELS))   # JPEG: decode at a smaller size
            image = ImageOps.exif_transpose(image)   # phone pictures stored sideways
            transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            image = image.convert("RGBA" if transparent else "RGB")
            image.thumbnail((LOGO_PIXELS, LOGO_PIXELS), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            image.save(out, "PNG", optimize=True)   # no metadata: no camera or location data
            new_width, new_height = image.size
    except BuildError:
        raise
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for broken files
        reason = str(error) or type(error).__name__
        raise BuildError(f"{shown}: cannot read this {kind} logo ({reason}); open it in an "
                         f"image editor and save it again, or use another file") from None
    why = (f"the cover prints the logo at most {COVER_LOGO_POINTS} pt wide, and "
           f"{LOGO_PIXELS} pixels is {PRINT_DPI} dpi at 2 inches")
    if (new_width, new_height) == (width, height):
        report = (f"{shown}: a {kind} logo of {width} x {height} pixels, saved as PNG at the "
                  f"same size (at most {LOGO_PIXELS} pixels are kept: {why})")
    else:
        report = (f"{shown}: a {kind} logo of {width} x {height} pixels, saved as PNG at "
                  f"{new_width} x {new_height} pixels ({why})")
    longer = max(new_width, new_height)
    printed_dpi = longer / (COVER_LOGO_POINTS / 72)
    if printed_dpi < 150:
        report += (f"\nwarning: at {longer} pixels the logo prints at about {printed_dpi:.0f} "
                   f"dpi and may look blurry; ask for a larger picture or an SVG")
    return Logo(out.getvalue(), ".png", report)


# --- the profile -------------------------------------------------------------------

FIELDS = (   # (key, question, example); the order of the file
    ("name", "Clinic name, as printed", None),
    ("address", "Street address (printed on the back page)",
     "200 River Road, Suite 4, Springfield, IL 62701"),
    ("phone", "Main phone number", "(217) 555-0142"),
    ("after_hours", "Nights and weekends line", "(217) 555-0199 (nights and weekends)"),
    ("website", "Website", "https://www.example.org"),
    ("email", "Clinic email address", "care@example.org"),
)
EXPLAIN = {
    "name": "The clinic's name, as printed on the cover and the back page and used in emails "
            "(required).",
    "address": "Street address, printed on the back page.",
    "phone": "Main phone number, printed on the cover.",
    "after_hours": "A number or a line for nights and weekends.",
    "website": "The website, starting with https://; printed on the cover, with a QR code where the cover is wide enough.",
    "email": "The clinic's email address, printed on the cover; emails are sent from it "
             "unless booklet.toml sets mail.from.",
}


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)   # a JSON string is a YAML double-quoted one


def profile_text(folder_name: str, answers: dict, logo_file: str | None) -> str:
    """The profile with every field present, explained, and commented out when not given."""
    clinic_name = answers.get("name") or folder_name
    out = [f"# The clinic profile for {folder_name}, made by `booklet clinic new`.",
           f"# Build a handout with it:  booklet --clinic clinics/{folder_name}/{PROFILE_FILE}",
           "# Lines starting with # are notes. To use a field, remove the # in front of it.",
           "# Keep text in \"double quotes\"; write folders with / (logo.png, not .\\logo.png).",
           ""]
    for key, _, example in FIELDS:
        out.append(f"# {EXPLAIN[key]}")
        if answers.get(key):
            out.append(f"{key}: {_yaml_text(answers[key])}")
        else:
            out.append(f"# {key}: {_yaml_text(example or folder_name)}")
        out.append("")
    out.append("# The logo: an SVG or PNG file in this folder. `booklet clinic new --logo FILE` "
               "converts JPEG and WebP.")
    out.append(f"logo: {logo_file}" if logo_file else "# logo: logo.svg")
    out += ["",
            "# The colour of headings and rules, like #1f6f8b; darkened if too light on white.",
            '# brand_colour: "#1f6f8b"',
            "",
            "# Who at the clinic reviewed the handout, and when (YYYY-MM-DD): the review box.",
            '# reviewer: "Dana Okafor"',
            '# reviewer_credentials: "MD, psychiatrist"',
            "# last_reviewed: 2026-10-15",
            "",
            "# The crisis line and emergency number, when not the United States' 988 and 911;",
            "# the crisis line may be given by language code.",
            "# crisis_line:",
            '#   en: "call or text 988 (the 988 Suicide & Crisis Lifeline)"',
            '#   es: "llame o envíe un mensaje de texto al 988"',
            '# emergency_number: "911"',
            "",
            "# The country the clinic is in, as a two-letter code (kept for your records).",
            '# country: "US"',
            "",
            "# The language this profile's text is written in. The name, address, after-hours",
            "# line, reviewer and crisis line may also be given by language code, like",
            "# crisis_line above; an edition in another language prints this language's text",
            "# and the build says so.",
            '# language: "en"',
            "",
            "# Emails to patients: the subject and the PDF's file name. The defaults name",
            "# neither the treatment nor the clinic's specialty (\"Your handout from CLINIC\",",
            "# handout.pdf, in the patient's language). Either may be given by language code.",
            f"# email_subject: {_yaml_text('Your handout from ' + clinic_name)}",
            '# email_attachment: "handout"',
            ""]
    return "\n".join(out)


def ask(folder_name: str, prompt=input, say=print) -> dict:
    """Ask for the main fields on a terminal; an empty answer leaves the field out."""
    say(f"Setting up the clinic {folder_name!r}. Press Enter to skip a question; every field "
        f"can be edited later in the file.")
    answers = {}
    for key, question, _ in FIELDS:
        default = folder_name if key == "name" else ""
        while True:
            suffix = f" [{default}]" if default else ""
            try:
                answer = prompt(f"{question}{suffix}: ").strip() or default
            except EOFError:
                answer = default
            problem = _answer_problem(key, answer)
            if not problem:
                break
            say(f"  {problem}")
        if answer:
            if key == "website" and not re.match(r"^https?://", answer):
                answer = "https://" + answer
            answers[key] = answer
    return answers


def _answer_problem(key: str, answer: str) -> str | None:
    if any(unicodedata.category(c)[0] == "C" for c in answer):
        return "please type it without control characters"
    if key == "email" and answer and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", answer):
        return "that does not look like an email address (name@example.org)"
    if key == "website" and answer and " " in answer:
        return "a website has no spaces (www.example.org)"
    return None


@dataclass
class Created:
    profile: Path
    logo: Path | None
    logo_report: str | None


def create(name: str, clinics_dir: Path, logo: Path | None, answers: dict | None,
           converted: Logo | None = None) -> Created:
    """Make clinics_dir/NAME/clinic.yaml (and the logo beside it); refuse to overwrite."""
    check_folder_name(name)
    folder = clinics_dir / name
    profile = folder / PROFILE_FILE
    if profile.exists():
        raise UsageError(f"{profile} already exists; edit it, or choose another name")
    if logo and converted is None:
        converted = read_logo(logo)
    logo_path = folder / f"logo{converted.suffix}" if converted else None
    same_file = logo_path is not None and logo_path.exists() and \
        logo.resolve() == logo_path.resolve()
    if logo_path is not None and logo_path.exists() and not same_file:
        raise UsageError(f"{logo_path} already exists; move it away or choose another name")
    answers = dict(answers or {})
    answers.setdefault("name", name)
    if converted and not same_file:
        write_atomic(logo_path, converted.data)
    write_atomic(profile, profile_text(name, answers, logo_path.name if logo_path else None)
                 .encode("utf-8"))
    return Created(profile, logo_path, converted.report if converted else None)


def verify(profile: Path) -> list[str]:
    """Load the new profile as a build would; returns its warnings, raises its problems."""
    from .clinic import load_clinic

    problems, warnings = Problems(), []
    load_clinic(profile, problems, warnings)
    problems.raise_if_any()
    return warnings


def run(args) -> int:
    """The `clinic new` subcommand."""
    check_folder_name(args.name)
    interactive = not args.no_input and sys.stdin is not None and sys.stdin.isatty()
    clinics_dir = args.dir
    if (clinics_dir / args.name / PROFILE_FILE).exists():
        raise UsageError(f"{clinics_dir / args.name / PROFILE_FILE} already exists; edit it, or "
                         f"choose another name")
    # a logo that cannot be used stops us before any question is asked
    converted = read_logo(args.logo) if args.logo else None
    answers = ask(args.name) if interactive else {}
    created = create(args.name, clinics_dir, args.logo, answers, converted)
    if created.logo_report:
        print(created.logo_report)
        print(f"logo: {created.logo}")
    print(f"profile: {created.profile}")
    try:
        for warning in verify(created.profile):
            print(f"warning: {warning}", file=sys.stderr)
    except ContentError as error:
        print(error, file=sys.stderr)
        print(f"the profile was written but has the problems above; fix them in "
              f"{created.profile}", file=sys.stderr)
        return 1
    print(f"next: edit {created.profile} (every field is explained there), then build with\n"
          f"  booklet --clinic {created.profile.as_posix()}")
    return 0
