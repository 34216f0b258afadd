"""Read a tagged PDF the way a screen reader walks it: structure tree order.

    python -m booklet.pdf.read_structure handout.pdf [--tags]

Prints each structure element's text in reading order (with ``--tags``, the
element types too, indented by depth; a Figure prints its alt text). Text is
taken from the marked content each element owns, honouring ActualText; a
right-to-left run, drawn in visual order, is put back in reading order with
the Unicode bidirectional algorithm, as readers do. Tests use ``read`` to
compare what is read with the content's YAML source.

Needs pikepdf and pdfminer.six (the test extras).
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Element:
    role: str
    depth: int
    text: str = ""                 # its own marked content, in reading order
    alt: str | None = None
    lang: str | None = None
    kids: list = field(default_factory=list)
    parts: list = field(default_factory=list)   # own text and child elements, in order
    ref: tuple | None = None       # the element's object number and generation


def _marked_text(path: str) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text of that marked-content sequence."""
    from pdfminer.converter import PDFConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    texts: dict = defaultdict(list)

    class Collector(PDFConverter):
        def __init__(self, rsrcmgr):
            super().__init__(rsrcmgr, sys.stdout, laparams=LAParams())
            self.stack: list[tuple[int | None, str | None]] = []
            self.page_index = -1
            self.pending_actual = None

        def begin_page(self, page, ctm):
            self.page_index += 1
            self.stack = []

        def end_page(self, page):
            pass

        def begin_tag(self, tag, props=None):
            props = props or {}
            mcid = props.get("MCID") if isinstance(props, dict) else None
            actual = props.get("ActualText") if isinstance(props, dict) else None
            if isinstance(actual, bytes):
                actual = actual.decode("utf-16") if actual.startswith(b"\xfe\xff") \
                    else actual.decode("latin-1")
            self.stack.append((mcid, actual))
            if actual is not None:
                self._emit(actual)

        def end_tag(self):
            if self.stack:
                self.stack.pop()

        def do_tag(self, tag, props=None):
            pass

        def _owner(self):
            for mcid, _ in reversed(self.stack):
                if mcid is not None:
                    return (self.page_index, mcid)
            return None

        def _emit(self, text, x=None, y=None):
            owner = self._owner()
            if owner is None:
                return
            if x is None:     # ActualText: placed where the next character is
                self.pending_actual = (owner, text)
                return
            if self.pending_actual is not None and self.pending_actual[0] == owner:
                text = self.pending_actual[1]
                self.pending_actual = None
            texts[owner].append((round(y, 1), x, text))

        def _suppressed(self):
            return any(actual is not None for _, actual in self.stack)

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            if self._suppressed():
                if self.pending_actual is not None:   # the span's text, at its first glyph
                    self._emit(self.pending_actual[1], matrix[4], matrix[5])
                    self.pending_actual = None
            else:
                try:
                    self._emit(font.to_unichr(cid), matrix[4], matrix[5])
                except Exception:  # noqa: BLE001 - a code without a text map reads as nothing
                    pass
            return font.char_width(cid) * fontsize * scaling

        def render_image(self, name, stream):
            pass

        def paint_path(self, graphicstate, stroke, fill, evenodd, path):
            pass

    manager = PDFResourceManager()
    device = Collector(manager)
    interpreter = PDFPageInterpreter(manager, device)
    with open(path, "rb") as handle:
        for page in PDFPage.get_pages(handle):
            interpreter.process_page(page)
    out = {}
    for key, pieces in texts.items():
        lines: dict = defaultdict(list)
        for y, x, text in pieces:
            line = next((known for known in lines if abs(known - y) < 2), y)
            lines[line].append((x, text))
        # each line left to right, as it looks; a new line marks where bidi restarts
        out[key] = "\n".join("".join(text for _, text in sorted(lines[y]))
                             for y in sorted(lines, reverse=True))
    return out


def _logical(text: str, rtl: bool) -> str:
    """Text drawn in visual order, put back in reading order (where it holds RTL)."""
    from bidi import get_display

    from ..text.bidi import has_rtl

    text = text.replace("\u200e", "").replace("\u200f", "")
    if not has_rtl(text):
        return text.replace("\n", "")
    return "".join(get_display(line, base_dir="R" if rtl else None)
                   for line in text.split("\n"))


def read(path: str) -> Element:
    """The structure tree with each element's text in reading order."""
    import pikepdf

    marked = _marked_text(path)
    pdf = pikepdf.open(path)
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    root = pdf.Root.StructTreeRoot
    role_map = {str(k): str(v) for k, v in (root.get("/RoleMap") or {}).items()}
    document_rtl = str(pdf.Root.get("/Lang", "")).split("-")[0] in ("ar", "he", "fa", "ur")

    def walk(node, depth, page_index):
        role = str(node.get("/S", "/?"))[1:]
        element = Element(role, depth, alt=str(node["/Alt"]) if "/Alt" in node else None,
                          lang=str(node["/Lang"]) if "/Lang" in node else None,
                          ref=node.objgen)
        if "/Pg" in node:
            page_index = pages.get(node.Pg.objgen, page_index)
        kids = node.get("/K")
        if kids is None:
            return element
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        own: list[str] = []

        def flush():
            if own:
                element.parts.append(_logical("".join(own), document_rtl))
                own.clear()

        for kid in kids:
            if isinstance(kid, int):
                own.append(marked.get((page_index, int(kid)), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                kid_page = pages.get(kid.Pg.objgen, page_index) if "/Pg" in kid else page_index
                own.append(marked.get((kid_page, int(kid.MCID)), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                continue
            elif isinstance(kid, pikepdf.Dictionary):
                flush()
                child = walk(kid, depth + 1, page_index)
                element.kids.append(child)
                element.parts.append(child)
        flush()
        element.text = "".join(p for p in element.parts if isinstance(p, str))
        if "/ActualText" in node:
            element.text = str(node.ActualText)
            element.parts = [element.text]
        return element

    top = root.K
    tree = walk(top if not isinstance(top, pikepdf.Array) else top[0], 0, 0)
    tree.role = role_map.get(tree.role, tree.role)
    return tree


def flatten(element: Element) -> str:
    """All text under ``element``, in reading order (a figure: its alt text)."""
    if element.alt:
        return element.alt
    # a label (a list number, a contents entry's number) is read apart from what follows
    return "".join(part if isinstance(part, str) else
                   flatten(part) + (" " if part.role == "Lbl" else "")
                   for part in element.parts)


READ_AS_BLOCKS = ("P", "H1", "H2", "LBody", "Lbl", "Caption", "Link", "Figure")


def blocks(tree: Element, roles=("P", "H1", "H2", "LBody", "Caption")) -> list[str]:
    """The text of every element of the given roles, in reading order."""
    out = []

    def visit(element):
        if element.role in roles:
            out.append(" ".join(flatten(element).split()))
            return
        for kid in element.kids:
            visit(kid)

    visit(tree)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf")
    parser.add_argument("--tags", action="store_true", help="print element types, indented")
    args = parser.parse_args(argv)
    tree = read(args.pdf)

    def show(element):
        text = element.alt if element.alt else (
            element.text if args.tags else flatten(element))
        if args.tags:
            label = element.role + (f" [{element.lang}]" if element.lang else "")
            alt = " (alt)" if element.alt else ""
            print(f"{'  ' * element.depth}{label}{alt}: {' '.join(text.split())}"
                  if text.strip() else f"{'  ' * element.depth}{label}")
        elif text.strip() and element.role in READ_AS_BLOCKS:
            print(" ".join(text.split()))
            return
        if not element.alt:
            for kid in element.kids:
                show(kid)

    try:
        show(tree)
        sys.stdout.flush()
    except BrokenPipeError:      # `| head` stopped reading: not an error
        sys.stdout = None
    return 0


if __name__ == "__main__":
    sys.exit(main())
