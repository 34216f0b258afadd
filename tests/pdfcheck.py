"""Layout rules checked on a PDF read back (pdfplumber for what is drawn where,
pikepdf for the structure tree). Each function returns a list of problems.

A "line" is the characters of one marked-content sequence on one baseline.
Box backgrounds are artifacts with a fill; figure shapes are tagged Figure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

EDGE = 18.0


@dataclass
class TextLine:
    page: int
    mcid: int | None
    tag: str | None
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str


def text_lines(page, page_index: int) -> list[TextLine]:
    """The page's lines of text: characters whose baselines lie within a fifth of their
    size (raised Arabic glyphs stay on their line)."""
    chars = sorted((c for c in page.chars if c["text"].strip()),
                   key=lambda c: (c["bottom"], c["x0"]))
    rows: list[list[dict]] = []
    for char in chars:
        baseline = char["bottom"] - char["size"] * 0.2
        for row in reversed(rows[-6:]):
            anchor = row[0]
            if abs(anchor["bottom"] - anchor["size"] * 0.2 - baseline) <= \
                    0.2 * max(anchor["size"], char["size"]) and \
                    _overlap(min(c["x0"] for c in row) - 2 * char["size"],
                             max(c["x1"] for c in row) + 2 * char["size"],
                             char["x0"], char["x1"]) > 0:
                row.append(char)
                break
        else:
            rows.append([char])
    lines = []
    for row in rows:
        size = max(c["size"] for c in row)
        bottom = max(c["bottom"] for c in row)
        mcids = [c.get("mcid") for c in row if c.get("mcid") is not None]
        tags = [c.get("tag") for c in row if c.get("tag")]
        # the ink of a line of text: from its descenders to its caps
        lines.append(TextLine(page_index, mcids[-1] if mcids else None,
                              tags[-1] if tags else None, min(c["x0"] for c in row),
                              max(c["x1"] for c in row), bottom - size * 0.95,
                              bottom - size * 0.05, size,
                              "".join(c["text"] for c in sorted(row, key=lambda c: c["x0"]))))
    return lines


def _overlap(a0, a1, b0, b1) -> float:
    return min(a1, b1) - max(a0, b0)


def overlapping_lines(lines: list[TextLine]) -> list[str]:
    problems = []
    for i, a in enumerate(lines):
        for b in lines[i + 1:]:
            if _overlap(a.x0, a.x1, b.x0, b.x1) > 0.5 and _overlap(a.top, a.bottom, b.top,
                                                                   b.bottom) > 0.5:
                problems.append(f"page {a.page + 1}: {a.text[:30]!r} overlaps {b.text[:30]!r}")
    return problems


def boxes(page) -> list[tuple[float, float, float, float]]:
    """Filled artifact shapes the size of a box (backgrounds), as (x0, top, x1, bottom)."""
    out = []
    for shape in list(page.curves) + list(page.rects):
        if shape.get("tag") != "Artifact" or not shape.get("fill"):
            continue
        if shape["width"] < 40 or shape["height"] < 14:
            continue
        out.append((shape["x0"], shape["top"], shape["x1"], shape["bottom"]))
    return out


def lines_across_boxes(page, lines: list[TextLine]) -> list[str]:
    """A line is inside a box or clear of it, never across its edge."""
    problems = []
    for x0, top, x1, bottom in boxes(page):
        for line in lines:
            if line.tag in ("Figure", "Artifact"):
                continue
            h = _overlap(line.x0, line.x1, x0, x1)
            v = _overlap(line.top, line.bottom, top, bottom)
            if h <= 0.5 or v <= 0.5:
                continue
            inside = line.x0 >= x0 - 0.5 and line.x1 <= x1 + 0.5 and \
                line.top >= top - 0.5 and line.bottom <= bottom + 0.5
            if not inside:
                problems.append(f"page {line.page + 1}: {line.text[:30]!r} crosses the edge "
                                f"of a box at ({x0:.0f}, {top:.0f})")
    return problems


def near_edges(page, page_index: int, edge: float = EDGE) -> list[str]:
    problems = []
    width, height = float(page.width), float(page.height)
    objects = [("text", c) for c in page.chars if c["text"].strip()]
    objects += [("shape", s) for s in list(page.curves) + list(page.rects) + list(page.lines)]
    for kind, item in objects:
        if item["x0"] < edge - 0.5 or item["x1"] > width - edge + 0.5 or \
                item["top"] < edge - 0.5 or item["bottom"] > height - edge + 0.5:
            what = item.get("text", kind)
            problems.append(f"page {page_index + 1}: {kind} {what!r} within {edge:g} pt of "
                            f"the edge at ({item['x0']:.0f}, {item['top']:.0f})")
            break
    return problems


# --- the structure tree --------------------------------------------------------------

def structure(path) -> dict:
    """(page index, MCID) -> (role, element, parent) from the ParentTree, with RoleMap."""
    import pikepdf

    pdf = pikepdf.open(path)
    root = pdf.Root.StructTreeRoot
    role_map = {str(k)[1:]: str(v)[1:] for k, v in (root.get("/RoleMap") or {}).items()}
    nums = root.ParentTree.Nums
    mapping = {}
    for index in range(0, len(nums), 2):
        key, value = int(nums[index]), nums[index + 1]
        if not isinstance(value, pikepdf.Array):
            continue
        for mcid, element in enumerate(value):
            mapping[(key, mcid)] = element
    return {"pdf": pdf, "map": mapping, "roles": role_map}


def role(tree: dict, element) -> str:
    name = str(element.get("/S"))[1:]
    return tree["roles"].get(name, name)


def _kids(element) -> list:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


LEAD_IN = 160    # characters: a paragraph this short just before a figure introduces it,
LEAD_IN_SENTENCES = 2   # if it is a sentence or two (three short Chinese sentences are not)
SENTENCE_END = re.compile(r"[.!?\u061f](?=\s|$)|[\u3002\uff01\uff1f]")


def page_ending(tree: dict, page_index: int, last_mcid: int, text_of=None) -> str | None:
    """Why the page must not end on this content, or None.

    ``text_of(element)`` gives an element's text (for telling a lead-in, a short
    paragraph or one ending in a colon right before a figure, from a long one).
    """
    element = tree["map"].get((page_index, last_mcid))
    if element is None:
        return None
    name = role(tree, element)
    if name in ("H1", "H2", "H3", "H"):
        return f"a heading ({name})"
    parent = element.get("/P")
    if parent is None:
        return None
    siblings = _kids(parent)
    position = next((i for i, k in enumerate(siblings) if k.objgen == element.objgen), None)
    parent_role = role(tree, parent)
    if name == "P" and parent_role in ("Div", "Aside") and position == 0 and len(siblings) > 1:
        return "a box title"
    continues = any(other.objgen == element.objgen
                    for (page, _), other in tree["map"].items() if page == page_index + 1)
    if name == "P" and position is not None and position + 1 < len(siblings) and \
            role(tree, siblings[position + 1]) == "Figure" and not continues:
        # (a lead-in that goes on over the page still ends right above its figure)
        text = text_of(element) if text_of else ""
        short = len(text) < LEAD_IN and len(SENTENCE_END.findall(text.strip())) <= LEAD_IN_SENTENCES
        if short or text.rstrip().endswith((":", "\uff1a")):
            return "the lead-in to a figure"
    return None


def texts_by_element(path) -> dict:
    """Structure element (object number, generation) -> its text in reading order."""
    from booklet.pdf.read_structure import flatten, read

    out = {}

    def visit(element):
        out[element.ref] = flatten(element)
        for kid in element.kids:
            visit(kid)

    visit(read(str(path)))
    return out
