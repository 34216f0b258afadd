"""Elements to pages: fill each page's frame top to bottom.

Rules, in the order they apply:
- a page break starts a new page; ``needs`` starts one unless that much is left;
- an element that keeps with the next (a heading, a lead-in to a figure) goes
  where the start of what follows can go too, or to the next page with it;
- what does not fit splits if it can (paragraphs between lines, lists between
  items, long boxes between rows, glossary columns between entries);
- a figure a little too tall for the room left is drawn a little smaller, its
  labels never below the edition's least label size;
- a figure that does not fit waits for the next page's top while what follows
  fills this page, as typesetters float figures; it never waits past the end
  of its section or another figure. (The structure tree keeps it where the
  content has it, so it is read in order.)
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .elements import Element, Figure, Spacer

@dataclass
class Placement:
    element: Element
    top: float            # distance from the frame's top
    height: float


@dataclass
class PageLayout:
    placements: list[Placement] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)

    @property
    def used(self) -> float:
        if not self.placements:
            return 0.0
        last = self.placements[-1]
        return last.top + last.height


class _Frame:
    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.pages: list[PageLayout] = [PageLayout()]
        self.cursor = 0.0          # distance from the frame top to where the next goes
        self.pending_space = 0.0   # the previous element's space after

    @property
    def page(self) -> PageLayout:
        return self.pages[-1]

    @property
    def at_top(self) -> bool:
        return not self.page.placements

    def remaining(self, element: Element) -> float:
        """Room left for ``element``, after the space that goes before it."""
        return self.height - self.cursor - self.gap(element)

    def gap(self, element: Element) -> float:
        if self.at_top:
            return 0.0
        return self.pending_space + element.space_before

    def new_page(self) -> None:
        self.pages.append(PageLayout())
        self.cursor = 0.0
        self.pending_space = 0.0

    def drop_trailing_space(self, element: Element, height: float) -> bool:
        """Take back a blank space at the page's end if that lets ``element`` fit."""
        placements = self.page.placements
        if len(placements) < 2 or not isinstance(placements[-1].element, Spacer):
            return False
        spacer = placements[-1]
        before = placements[-2]
        room = self.height - (before.top + before.height) - before.element.space_after \
            - element.space_before
        if height > room + 0.01:
            return False
        placements.pop()
        self.cursor = before.top + before.height
        self.pending_space = before.element.space_after
        del spacer
        return True

    def trailing_chain(self) -> list[Placement]:
        """The placements at the page's end that keep with what follows them."""
        chain = []
        for placement in reversed(self.page.placements):
            if not placement.element.keep_with_next:
                break
            chain.insert(0, placement)
        return chain

    def take_back(self, count: int) -> list[Placement]:
        """Remove the last ``count`` placements (to place them on the next page)."""
        taken = self.page.placements[-count:]
        del self.page.placements[-count:]
        for placement in taken:
            if placement.element.anchor in self.page.anchors:
                self.page.anchors.remove(placement.element.anchor)
        return taken

    def place(self, element: Element, height: float | None = None) -> None:
        height = element.measure(self.width) if height is None else height
        top = self.cursor + self.gap(element)
        self.page.placements.append(Placement(element, top, height))
        if element.anchor:
            self.page.anchors.append(element.anchor)
        self.cursor = top + height
        self.pending_space = element.space_after


def paginate(elements: list[Element], width: float, height: float) -> list[PageLayout]:
    frame = _Frame(width, height)
    queue = deque(elements)
    deferred: list[Element] = []     # a figure waiting for the next page's top

    def new_page():
        frame.new_page()
        while deferred:
            figure = deferred.pop(0)
            frame.place(figure)
            if deferred:
                frame.new_page()

    while queue:
        element = queue.popleft()
        if deferred and (element.page_break or element.needs or element.can_wait):
            # a figure never moves past the end of its section or another figure
            new_page()
        if element.page_break:
            if not frame.at_top:
                new_page()
            continue
        if element.needs:
            if not frame.at_top and frame.remaining(element) < element.needs:
                new_page()
            continue
        if element.keep_with_next and not frame.at_top:
            need = _chain_need(element, queue, width)
            held = frame.trailing_chain()
            if need > frame.remaining(element) and \
                    need + sum(p.height for p in held) <= frame.height:
                # the chain moves together: what keeps with this element comes too
                if held and len(held) < len(frame.page.placements):
                    for placement in reversed(frame.take_back(len(held))):
                        queue.appendleft(placement.element)
                    queue.insert(len(held), element)
                    new_page()
                    continue
                if not held:
                    new_page()
        element_height = element.measure(width)
        if element_height <= frame.remaining(element) + 0.01:
            frame.place(element, element_height)
            continue
        if frame.drop_trailing_space(element, element_height):
            frame.place(element, element_height)   # it fits without the space before it
            continue
        if frame.at_top:
            parts = element.split_at_top(width, frame.remaining(element))
            if parts is not None:
                frame.place(parts[0])
                queue.appendleft(parts[1])
                new_page()
                continue
            frame.place(element, element_height)   # taller than a page: it overflows
            continue
        squeezed = element.squeezed(width, frame.remaining(element)) \
            if isinstance(element, Figure) else None
        if squeezed is not None:
            squeezed.space_after = element.space_after
            frame.place(squeezed)
            continue
        if element.can_wait and not frame.trailing_chain():
            # what follows fills this page; the figure opens the next one
            deferred.append(element)
            continue
        parts = element.split(width, frame.remaining(element))
        if parts is not None:
            frame.place(parts[0])
            queue.appendleft(parts[1])
        else:
            queue.appendleft(element)
        new_page()
    if deferred:
        new_page()
    return frame.pages


def _chain_need(first: Element, queue: deque, width: float) -> float:
    """Room for a chain of keep-with-next elements and the start of what follows
    (moving a chain that fits no page would only leave a gap)."""
    need = first.measure(width) + first.space_after
    index = 0
    while index < len(queue):
        following = queue[index]
        if following.page_break or following.needs:
            index += 1
            continue
        if following.keep_with_next:
            need += following.space_before + following.measure(width) + following.space_after
            index += 1
            continue
        need += following.space_before + following.min_start(width)
        break
    return need


def is_figure(element: Element) -> bool:
    return isinstance(element, Figure)
