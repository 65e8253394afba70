"""Turn a laid-out WeasyPrint document into the verdict: does it fit its one page?

A flyer or a door card is one sheet: it must not run onto a second page, its flowing
content must end above the boxes pinned to the bottom (the footer with the municipality's
name and credit lines), and no line may stick out past the right edge of the page. We look
at the boxes WeasyPrint laid out, not at a count of characters, so a long name, a long
street or three meeting places are measured as they will print.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

TOLERANCE = 0.5  # CSS px: rounding in the layout
IGNORED_CLASSES = {"niveau-let-op"}  # the mark of a level override sits outside the page on purpose


def _classes(box: Any) -> set[str]:
    element = getattr(box, "element", None)
    value = element.get("class") if element is not None and hasattr(element, "get") else None
    return set(str(value).split()) if value else set()


def _positioned(box: Any) -> bool:
    position = box.style["position"]
    return position in ("absolute", "fixed")


def _descendants(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()) or ():
        yield child
        yield from _descendants(child)


def problems(document: Any) -> list[str]:
    """What does not fit: 'pages', 'bottom' (flow runs into the footer or off the page) or 'right'."""
    found: list[str] = []
    if len(document.pages) > 1:
        found.append("pages")
    page = document.pages[0]
    root = page._page_box
    width, height = page.width, page.height
    pinned: list[Any] = []
    flowing: list[Any] = []
    for box in _descendants(root):
        if _classes(box) & IGNORED_CLASSES:
            continue
        if _positioned(box):
            pinned.append(box)
    pinned_ids = {id(b) for b in pinned}
    pinned_inside = {id(d) for b in pinned for d in _descendants(b)}
    ignored_inside = {id(d) for b in _descendants(root) if _classes(b) & IGNORED_CLASSES for d in [b, *_descendants(b)]}
    for box in _descendants(root):
        if id(box) in pinned_ids or id(box) in pinned_inside or id(box) in ignored_inside:
            continue
        flowing.append(box)
    lines = [b for b in flowing if type(b).__name__ == "LineBox"]
    bottom = max((b.position_y + b.height for b in lines), default=0.0)
    limit = min([height] + [b.position_y + b.margin_top for b in pinned if b.position_y > height / 2])
    if bottom > limit + TOLERANCE and "pages" not in found:
        found.append("bottom")
    boxes = lines + [b for b in flowing if type(b).__name__ in ("InlineReplacedBox", "BlockReplacedBox")]
    for b in boxes + [d for p in pinned for d in _descendants(p) if type(d).__name__ == "LineBox"]:
        right = b.position_x + (sum(c.width for c in b.children) if type(b).__name__ == "LineBox" else b.width)
        if right > width + TOLERANCE:
            found.append("right")
            break
    return found
