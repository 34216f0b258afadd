"""The structure tree: which marked content and which link belongs to which node.

While pages are drawn, every piece of real content gets a marked-content id
(MCID) on its page and is recorded under its structure node; links get a
/StructParent. Once every page exists, :meth:`Tagger.write` turns the tree
into PDF objects: StructElem dictionaries, the ParentTree that maps content
back to its element, the RoleMap, and the catalog entries a tagged PDF needs.
"""
from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString

from ..structure import ROLE_MAP, Node
from .. import rl_adapter


class _Content:
    """A marked-content sequence on a page (kid of a structure node)."""

    __slots__ = ("page", "mcid")

    def __init__(self, page: int, mcid: int):
        self.page, self.mcid = page, mcid


class _Annotation:
    """A link annotation (kid of a Link node)."""

    __slots__ = ("page", "annotation", "node")

    def __init__(self, page: int, annotation, node: Node):
        self.page, self.annotation, self.node = page, annotation, node


class Tagger:
    def __init__(self, root: Node):
        self.root = root
        self.page = 0
        self._page_nodes: list[list[Node]] = [[]]     # per page: the node of each MCID
        self._annotations: list[_Annotation] = []

    # --- while drawing -------------------------------------------------------------
    def new_page(self) -> None:
        self.page += 1
        self._page_nodes.append([])

    def content(self, node: Node) -> int:
        """A new MCID on the current page for content of ``node``."""
        nodes = self._page_nodes[self.page]
        mcid = len(nodes)
        nodes.append(node)
        node.kids.append(_Content(self.page, mcid))
        return mcid

    def annotation(self, node: Node, annotation) -> None:
        """Record a link annotation under ``node`` (its /StructParent is set in write)."""
        record = _Annotation(self.page, annotation, node)
        self._annotations.append(record)
        node.kids.append(record)

    # --- at the end ---------------------------------------------------------------
    def write(self, canvas, lang: str) -> None:
        """Write the tree; call after the last page is finished, before saving."""
        pages = rl_adapter.page_objects(canvas)
        page_refs = [rl_adapter.register(canvas, page) for page in pages]
        for index, page in enumerate(pages):
            page.StructParents = index
            page.Tabs = PDFName("S")
        root_dict = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_ref = rl_adapter.register(canvas, root_dict)
        element_refs: dict[int, object] = {}
        elements: dict[int, rl_adapter.Raw] = {}
        for node in self.root.walk():
            element = rl_adapter.Raw([])
            elements[id(node)] = element
            element_refs[id(node)] = rl_adapter.register(canvas, element)
        for node in self.root.walk():
            # written as raw parts: ReportLab's general formatting of hundreds of
            # small dictionaries cost more than laying out the pages
            parts = elements[id(node)].parts
            parent = node.parent
            parts += [f"<< /S {PDFName(node.role)} /P ".encode(),
                      element_refs[id(parent)] if parent is not None else root_ref]
            kids, first_page = [], None
            for kid in node.kids:
                if isinstance(kid, Node):
                    kids += [element_refs[id(kid)], b" "]
                elif isinstance(kid, _Content):
                    if first_page is None:
                        first_page = kid.page
                    if kid.page == first_page:
                        kids.append(b"%d " % kid.mcid)
                    else:
                        kids += [b"<< /Type /MCR /Pg ", page_refs[kid.page],
                                 b" /MCID %d >> " % kid.mcid]
                else:
                    kids += [b"<< /Type /OBJR /Pg ", page_refs[kid.page], b" /Obj ",
                             rl_adapter.register(canvas, kid.annotation), b" >> "]
            if first_page is not None:
                parts += [b" /Pg ", page_refs[first_page]]
            if kids:
                parts += [b" /K [ ", *kids, b"]"]
            for key, value in (("Alt", node.alt), ("ActualText", node.actual),
                               ("T", node.title), ("Lang", node.lang)):
                if value:
                    parts += [f" /{key} ".encode(), PDFString(value)]
            parts.append(b" >>")
        numbers: list = [b"<< /Nums [ "]
        for index, nodes in enumerate(self._page_nodes[:len(pages)]):
            numbers.append(b"%d [ " % index)
            for node in nodes:
                numbers += [element_refs[id(node)], b" "]
            numbers.append(b"] ")
        for key, record in enumerate(self._annotations, len(pages)):
            record.annotation["StructParent"] = key    # after every page's key
            numbers += [b"%d " % key, element_refs[id(record.node)], b" "]
        numbers.append(b"] >>")
        root_dict["K"] = element_refs[id(self.root)]
        root_dict["ParentTree"] = rl_adapter.register(canvas, rl_adapter.Raw(numbers))
        root_dict["ParentTreeNextKey"] = len(pages) + len(self._annotations)
        root_dict["RoleMap"] = PDFDictionary({role: PDFName(standard)
                                              for role, standard in ROLE_MAP.items()})
        catalog = rl_adapter.catalog(canvas)
        catalog.StructTreeRoot = root_ref
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.Lang = PDFString(lang)

