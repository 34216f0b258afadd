"""Clinic logos: read, checked and made ready to draw when the profile is loaded.

A logo comes from anywhere (a web page, a designer, a USB stick), so every
check happens here, once, before anything is built, and each failure becomes
one ``path:line`` content error at the profile's ``logo:`` line. Layout gets a
:class:`Logo` and never reads the file again.

The object layout uses::

    logo.kind          # "svg" or "png"
    logo.width         # natural size: points for SVG, pixels for PNG
    logo.height
    logo.png_bytes     # kind "png": a clean 8-bit RGB or RGBA PNG (metadata dropped)
    logo.drawing(font) # kind "svg": a new ReportLab Drawing, base-14 fonts set in ``font``

SVG: parsed without DTDs, entities, network or processing instructions, and
bounded in elements and depth. Every reference is checked before svglib sees
the file: ``#id`` inside the logo is fine; an ``<image>`` may embed a PNG or
JPEG (``data:`` with valid base64) or name one in the profile's folder; any
other file, the logo itself, a web address or an absolute path is refused.
Referenced images are checked and re-encoded, then embedded, so svglib never
opens a file. The result is converted and drawn once on a scratch canvas, so
a logo that would crash the build, or print ``nan``, is refused now.

Images (the PNG logo and those inside an SVG): the size is read from the
header before any pixel is decoded, and limited on each side and in total
across the logo; only the chunks needed to draw a PNG are kept, so a huge or
compressed text chunk is never unpacked.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import io
import logging
import math
import re
import struct
import warnings
from pathlib import Path

from .safe_files import UnsafeFile, read_regular_file

MAX_LOGO_BYTES = 2 * 1024 * 1024           # the file, and each image inside an SVG
MAX_SIDE_PIXELS = 4096                     # width or height of any image
MAX_TOTAL_PIXELS = 4096 * 4096             # all images of one logo, decoded
MAX_IMAGES = 8                             # images drawn in one SVG logo (after <use>)
MAX_ELEMENTS = 10_000                      # SVG elements
MAX_DEPTH = 48                             # SVG nesting
MAX_SIZE_POINTS = 14_400                   # 200 inches: an SVG's declared width or height
MAX_COORDINATE = 1e6                       # any drawn point, in points

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_CRITICAL = {b"IHDR", b"PLTE", b"IDAT", b"IEND"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpe?g)\s*;\s*base64\s*,(.*)$", re.S | re.I)
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


class LogoError(Exception):
    """The logo cannot be used; ``str()`` completes "the logo 'x.svg' ..."."""


class Logo:
    """A checked logo, ready to draw (see the module notes)."""

    def __init__(self, kind: str, name: str, digest: str, width: float, height: float,
                 png_bytes: bytes | None = None, svg_bytes: bytes | None = None):
        self.kind = kind
        self.name = name
        self.digest = digest            # sha256 of the file as read
        self.width = width
        self.height = height
        self.png_bytes = png_bytes
        self._svg_bytes = svg_bytes     # the checked SVG, every image embedded
        self._drawings: dict = {}

    def drawing(self, font_name: str):
        """The SVG logo as a ReportLab Drawing whose text in a base-14 font (never
        embedded) is set in ``font_name`` instead. Kind "svg" only; made once per
        font and shared, so treat it as read-only."""
        if self.kind != "svg":
            raise ValueError("only an SVG logo has a drawing; use png_bytes")
        if font_name not in self._drawings:
            drawing = _convert(self._svg_bytes)
            _replace_base14_fonts(drawing, font_name)
            self._drawings[font_name] = drawing
        return self._drawings[font_name]

    def __repr__(self) -> str:  # stable: edition fingerprints include the clinic's repr
        return f"Logo({self.kind}, {self.name}, sha256:{self.digest[:16]})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Logo) and (self.kind, self.digest) == (other.kind, other.digest)

    def __hash__(self) -> int:
        return hash((self.kind, self.digest))


def load_logo(path: Path, folder: Path) -> Logo:
    """Read and check the logo at ``path`` (inside ``folder``). Raises LogoError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise LogoError(f"must be an .svg or .png file, not {suffix or 'a file without one'}")
    try:
        data = read_regular_file(path, MAX_LOGO_BYTES, folder)
    except UnsafeFile as error:
        raise LogoError(str(error)) from None
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".png":
        if not data.startswith(PNG_SIGNATURE):
            raise LogoError("is not a PNG image; save it as PNG or SVG")
        png, width, height = _clean_raster(data, "", _Budget())
        return Logo("png", path.name, digest, width, height, png_bytes=png)
    svg = _checked_svg(data, path, Path(folder))
    drawing = _convert(svg)
    _check_drawing(drawing)
    return Logo("svg", path.name, digest, drawing.width, drawing.height, svg_bytes=svg)


# --- images ---------------------------------------------------------------------

class _Budget:
    """Pixels decoded so far for one logo."""

    def __init__(self):
        self.pixels = 0
        self.images = 0


def _png_size(data: bytes, what: str) -> tuple[int, int]:
    """A PNG's size from its header, and its chunks walked, before any decoder runs."""
    if not data.startswith(PNG_SIGNATURE):
        raise LogoError(f"{what}is not a PNG image")
    position, width, height = len(PNG_SIGNATURE), 0, 0
    while True:
        if position + 8 > len(data):
            raise LogoError(f"{what}is cut short (a damaged PNG file)")
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        end = position + 12 + length
        if position == len(PNG_SIGNATURE):  # the size first: refuse before anything else
            if kind != b"IHDR" or length != 13 or len(data) < position + 16:
                raise LogoError(f"{what}is not a PNG image (it does not start with IHDR)")
            width, height = struct.unpack(">II", data[position + 8:position + 16])
            _check_size(width, height, what)
        if end > len(data):
            raise LogoError(f"{what}is cut short (a damaged PNG file)")
        if kind not in _PNG_CRITICAL and not kind[:1].islower():
            # an unknown critical chunk: no decoder may skip it
            raise LogoError(f"{what}holds a PNG chunk this program cannot read "
                            f"({kind.decode('latin-1')!r}); save it again as a plain PNG")
        position = end
        if kind == b"IEND":
            return width, height


def _check_size(width: int, height: int, what: str) -> None:
    if not width or not height:
        raise LogoError(f"{what}is {width} x {height} pixels: it has no area")
    if width > MAX_SIDE_PIXELS or height > MAX_SIDE_PIXELS:
        raise LogoError(f"{what}is {width} x {height} pixels; the limit is "
                        f"{MAX_SIDE_PIXELS} pixels on each side (a logo prints about "
                        f"an inch wide: 600 pixels are plenty)")


def _clean_raster(data: bytes, what: str, budget: _Budget) -> tuple[bytes, int, int]:
    """A checked PNG or JPEG re-encoded as a plain 8-bit PNG, with its size in pixels.

    ``what`` begins the messages: "" for the logo itself ("is 0 x 8 pixels"),
    or a phrase such as "embeds an image (line 3 of the logo) that ".
    """
    from PIL import Image

    if data.startswith(PNG_SIGNATURE):
        width, height = _png_size(data, what)
    elif data.startswith(b"\xff\xd8"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                width, height = Image.open(io.BytesIO(data), formats=["JPEG"]).size
        except Exception as error:  # noqa: BLE001 - any decoder failure is the image's
            raise LogoError(f"{what}cannot be read as a JPEG image ({_short(error)})") from None
        _check_size(width, height, what)
    else:
        raise LogoError(f"{what}is not a PNG or JPEG image")
    budget.images += 1
    budget.pixels += width * height
    if budget.pixels > MAX_TOTAL_PIXELS:
        raise LogoError(f"{what}brings the logo's images to {budget.pixels:,} pixels; the "
                        f"limit is {MAX_TOTAL_PIXELS:,} in all")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a decompression-bomb warning is a refusal
            image = Image.open(io.BytesIO(data), formats=["PNG", "JPEG"])
            if image.size != (width, height):
                raise LogoError(f"{what}is damaged (its header disagrees with itself)")
            image.load()
            transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            image = image.convert("RGBA" if transparent else "RGB")
            out = io.BytesIO()
            image.save(out, "PNG")  # pixels only: text, colour profile and EXIF are dropped
    except LogoError:
        raise
    except Image.UnidentifiedImageError:
        raise LogoError(f"{what}cannot be read as an image (it is damaged, or not really a "
                        f"PNG or JPEG); save it again as an 8-bit PNG") from None
    except Exception as error:  # noqa: BLE001 - any decoder failure is the image's
        if "text" in str(error).lower() or "decompressed data too large" in str(error).lower():
            raise LogoError(f"{what}holds metadata (a PNG text chunk) too large to read; save "
                            f"it again without metadata") from None
        raise LogoError(f"{what}cannot be read as an image ({_short(error)}); save it "
                        f"again as an 8-bit PNG") from None
    return out.getvalue(), width, height


def _short(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    text = re.sub(r"<[^<>]* at 0x[0-9a-fA-F]+>", "the data", text)  # no memory addresses
    return text if len(text) <= 120 else text[:117] + "..."


# --- SVG: parse, check references, embed images --------------------------------

def _checked_svg(data: bytes, path: Path, folder: Path) -> bytes:
    from lxml import etree

    upper = data.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise LogoError("declares a DOCTYPE or entities, which are refused; export it "
                        "again as plain SVG")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        line = f"line {error.lineno}: " if getattr(error, "lineno", None) else ""
        raise LogoError(f"is not well-formed XML ({line}{_short(error.msg or error)})") from None
    if root is None or not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise LogoError("is not an SVG image (its outermost element is not <svg>)")
    budget = _Budget()
    stack = [(root, 1)]
    count = 0
    while stack:
        element, depth = stack.pop()
        count += 1
        if count > MAX_ELEMENTS:
            raise LogoError(f"has more than {MAX_ELEMENTS:,} elements; simplify it")
        if depth > MAX_DEPTH:
            raise LogoError(f"nests elements more than {MAX_DEPTH} deep (line "
                            f"{element.sourceline}); simplify it")
        if isinstance(element.tag, str):
            _check_element(element, path, folder, budget)
        stack.extend((child, depth + 1) for child in element)
    if budget.images > MAX_IMAGES:
        raise LogoError(f"holds {budget.images} images; the limit is {MAX_IMAGES}")
    return etree.tostring(root)


def _check_element(element, path: Path, folder: Path, budget: _Budget) -> None:
    from lxml import etree

    name = etree.QName(element).localname
    where = f"line {element.sourceline} of the logo"
    if name == "style":
        css = element.text or ""
        if "@import" in css.lower():
            raise LogoError(f"imports a style sheet ({where}); put the styles in the file")
        _check_urls(css, where)
    hrefs = [key for key in element.attrib if etree.QName(key).localname == "href"]
    for key, value in list(element.attrib.items()):
        if key in hrefs:
            continue
        _check_urls(value, where)
        if etree.QName(key).localname == "style":
            for declaration in value.split(";"):
                if declaration.strip() and declaration.count(":") != 1:
                    raise LogoError(f"has a style value holding a colon ({where}: "
                                    f"{_shown(declaration)}); svglib cannot read it; "
                                    f"remove it or set the property on its own")
    for key in hrefs:
        value = element.attrib[key].strip()
        if value.startswith("#"):
            continue
        if name == "a":  # a link in a logo does nothing on paper
            del element.attrib[key]
            continue
        if name != "image":
            raise LogoError(_reference_problem(value, path, folder, where, "refers to"))
        png = _image_bytes(value, path, folder, where, budget)
        for other in hrefs:
            element.attrib.pop(other, None)
        element.set(_XLINK_HREF, "data:image/png;base64," + base64.b64encode(png).decode())


def _check_urls(text: str, where: str) -> None:
    for match in _URL.finditer(text):
        if not match.group(2).strip().startswith("#"):
            raise LogoError(f"refers to {_shown(match.group(2))} ({where}); a logo may "
                            f"use url(#...) only for gradients and clips inside it")


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _reference_problem(value: str, path: Path, folder: Path, where: str, verb: str) -> str:
    target = value.split("#", 1)[0]
    if _SCHEME.match(value):
        return (f"{verb} {_shown(value)} ({where}); a logo may not refer to web addresses "
                f"or other places; embed the image instead")
    if target.startswith(("/", "\\")):
        return f"{verb} the absolute path {_shown(value)} ({where}); refer to files beside it"
    if target and (path.parent / target).resolve() == path.resolve():
        return (f"{verb} itself ({_shown(value)}, {where}); refer to parts of the logo "
                f"as '#id'")
    return (f"{verb} another file ({_shown(value)}, {where}); a logo must be a single SVG "
            f"file, with images as PNG or JPEG")


def _image_bytes(value: str, path: Path, folder: Path, where: str, budget: _Budget) -> bytes:
    """The clean PNG for an <image> reference: embedded data or a file in the folder."""
    match = _DATA_IMAGE.match(value)
    if match:
        text = re.sub(r"\s+", "", match.group(2))
        if len(text) > MAX_LOGO_BYTES * 4 // 3 + 4:
            raise LogoError(f"embeds an image larger than {MAX_LOGO_BYTES:,} bytes ({where})")
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise LogoError(f"embeds an image that is not valid base64 ({where}); export "
                            f"the logo again") from None
        return _clean_raster(data, f"embeds an image ({where}) that ", budget)[0]
    if value.lower().startswith("data:"):
        raise LogoError(f"embeds data that is not a base64 PNG or JPEG image ({where})")
    target = value.split("#", 1)[0]
    if _SCHEME.match(value) or not target or target.startswith(("/", "\\")) or \
            Path(target).suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise LogoError(_reference_problem(value, path, folder, where, "shows"))
    try:
        data = read_regular_file(path.parent / target, MAX_LOGO_BYTES, folder)
    except UnsafeFile as error:
        raise LogoError(f"shows the image {_shown(target)} ({where}), which {error}") from None
    return _clean_raster(data, f"shows {_shown(target)} ({where}), which ", budget)[0]


# --- SVG: convert, check, draw once ------------------------------------------------

class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _convert(svg: bytes):
    """A checked SVG (every reference inside it) as a ReportLab Drawing."""
    from lxml import etree

    from .svglib_adapter import render

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(svg, parser=parser)
    logger = logging.getLogger("svglib")
    collect, propagate = _Collect(), logger.propagate
    logger.addHandler(collect)
    logger.propagate = False  # svglib's messages become ours, not stray stderr lines
    try:
        # no file path: svglib could not open a file even if a reference slipped through
        drawing = render(root, None)
    except RecursionError:
        raise LogoError("is nested too deeply to convert; simplify it") from None
    except Exception as error:  # noqa: BLE001 - svglib fails in many ways on odd input
        raise LogoError(f"cannot be converted ({_short(error)}); open it in a drawing "
                        f"program and save it again as plain SVG") from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    if collect.messages:
        raise LogoError(f"cannot be converted as drawn ({_short(Exception(collect.messages[0]))})")
    return drawing


def _walk(node):
    yield node
    for child in getattr(node, "contents", ()):
        yield from _walk(child)


def _check_drawing(drawing) -> None:
    from reportlab.graphics.shapes import Image

    width, height = drawing.width, drawing.height
    for what, value in (("width", width), ("height", height)):
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise LogoError(f"has no usable {what} ({value!r}); set width, height or viewBox "
                            f"to positive numbers")
        if value > MAX_SIZE_POINTS:
            raise LogoError(f"is {value:,.4g} points {'wide' if what == 'width' else 'high'}; "
                            f"the limit is {MAX_SIZE_POINTS:,}")
    images = [node for node in _walk(drawing) if isinstance(node, Image)]
    if len(images) > MAX_IMAGES:
        raise LogoError(f"draws {len(images)} images (with <use> copies); the limit is "
                        f"{MAX_IMAGES}")
    pixels = sum(getattr(node.path, "size", (0, 0))[0] * getattr(node.path, "size", (0, 0))[1]
                 for node in images)
    if pixels > MAX_TOTAL_PIXELS:
        raise LogoError(f"draws {pixels:,} pixels of images (with <use> copies); the limit "
                        f"is {MAX_TOTAL_PIXELS:,}")
    try:
        bounds = drawing.getBounds()
    except Exception as error:  # noqa: BLE001
        raise LogoError(f"cannot be measured ({_short(error)})") from None
    if bounds is not None and not all(isinstance(v, (int, float)) and math.isfinite(v) and
                                      abs(v) <= MAX_COORDINATE for v in bounds):
        raise LogoError("draws at coordinates that are not numbers or are absurdly large "
                        "(nan, inf or beyond a million points); export it again")
    _draw_once(drawing)


_BAD_NUMBER = re.compile(rb"(?:^|[\s\[])-?(?:nan|inf)(?=[\s\]])", re.I | re.M)


def _draw_once(drawing) -> None:
    """Draw on a scratch canvas: whatever would crash the build crashes here."""
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    try:
        canvas = Canvas(out, invariant=1, pageCompression=0)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.showPage()
        canvas.save()
    except Exception as error:  # noqa: BLE001 - ReportLab refuses odd values in many ways
        raise LogoError(f"cannot be drawn ({_short(error)}); open it in a drawing program "
                        f"and save it again as plain SVG") from None
    if _BAD_NUMBER.search(_page_content(out.getvalue())):
        raise LogoError("draws with numbers that are not numbers (nan or inf); export it "
                        "again")


def _page_content(pdf: bytes) -> bytes:
    """The page's drawing commands (uncompressed streams only; images stay compressed)."""
    streams = re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S)
    return b"\n".join(stream for stream in streams if stream[:2] != b"x\x9c")


def _replace_base14_fonts(node, font_name: str) -> None:
    """Text in a font we do not have falls back to Helvetica, a base-14 font that is
    never embedded; set it in the handout's font instead."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import standardFonts

    for child in _walk(node):
        if isinstance(child, String) and child.fontName in standardFonts:
            child.fontName = font_name
