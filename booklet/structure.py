"""The logical structure of a handout: what a screen reader walks through.

Layout builds this tree from the content model (a section per handout
section, headings, paragraphs, lists, boxes, figures with their alt text...)
and hangs each page element on its node; the PDF writer records, while it
draws, which marked content and which link belongs to which node, then writes
the tree as the PDF's structure tree. Reading order is the order of ``kids``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Structure types that PDF 1.7 does not define, mapped to ones it does.
ROLE_MAP = {"Aside": "Div", "Title": "P"}


@dataclass(eq=False)
class Node:
    role: str                          # a PDF structure type: Sect, H1, P, L, LI, Figure...
    alt: str | None = None             # Figure: the description read instead of the picture
    lang: str | None = None            # BCP 47, when it differs from the document's
    actual: str | None = None          # the text to read instead of what is drawn
    title: str | None = None           # a title for the element (its /T)
    links_inside: bool = False         # its text holds links: the rest goes in Span kids
    kids: list = field(default_factory=list)   # Node, or what the writer records
    parent: "Node | None" = field(default=None, repr=False)

    def add(self, role: str, **values) -> "Node":
        child = Node(role, parent=self, **values)
        self.kids.append(child)
        return child

    def walk(self):
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()
