"""Turn many people's letters of one template into laid-out pages, laying out only what differs.

Variable-data printing, as print-shop tools do it: one letter of a batch (the master) is
laid out whole. Every other letter's HTML is compared with the master's, token by token;
the parts that differ must lie inside leaf blocks (a paragraph, a heading, a list item) and
are the letter's variable blocks. All variable blocks of the batch are laid out together in
ONE small WeasyPrint document (each block inside copies of its ancestors, so the same CSS
rules apply), and each letter's pages are the master's page boxes with its own blocks put in
the place of the master's. WeasyPrint then draws and tags the pages as usual, so the
structure tree, the marked content and the text are those of a whole-letter layout.

Nothing is guessed; a letter is laid out whole when:
- its HTML differs from the master's outside a leaf block (a condition, a different title);
- a block is not the same in the small document as in the master's letter (its look
  depends on its neighbours, on a float, or it is split over two pages);
- its own block has another size than the master's (a name that needs a second line moves
  everything below it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from ..errors import OutreachError
from .templates import Template

TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<[^>]+>|[^<]+", re.S)
TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LEAF = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "caption", "figcaption", "pre"}
MAX_TOKENS = 20_000  # a letter's HTML has a few hundred; beyond this, lay out whole


@dataclass
class Scan:
    """A letter's HTML as tokens, with where each element opens and closes in the list."""

    tokens: list[str]
    leaf: list[int]  # per token: open-tag index of its outermost leaf block, or -1
    close: dict[int, int] = field(default_factory=dict)  # open-tag index -> close-tag index
    parent: dict[int, int] = field(default_factory=dict)  # open-tag index -> parent's (-1: root)
    path: dict[int, tuple[int, ...]] = field(default_factory=dict)  # open-tag index -> child indices
    body: int = -1  # index of <body ...>


def scan(markup: str) -> Scan | None:
    """Tokens and element structure of `markup`; None when it is not plainly nested."""
    tokens = TOKEN.findall(markup)
    if len(tokens) > MAX_TOKENS:
        return None
    found = Scan(tokens, [-1] * len(tokens))
    stack: list[tuple[int, str]] = []
    children: list[int] = [0]
    leaf = -1
    for i, token in enumerate(tokens):
        match = TAG.match(token) if token.startswith("<") else None
        if match is None:  # text, comment or doctype
            found.leaf[i] = leaf
            continue
        closing, name = match.group(1) == "/", match.group(2).lower()
        if closing:
            if not stack or stack[-1][1] != name:
                return None
            opened, _ = stack.pop()
            children.pop()
            found.close[opened] = i
            found.leaf[i] = leaf
            if leaf == opened:
                leaf = -1
            continue
        found.parent[i] = stack[-1][0] if stack else -1
        found.path[i] = (*(found.path[stack[-1][0]] if stack else ()), children[-1])
        children[-1] += 1
        if name == "body":
            found.body = i
        if leaf == -1 and name in LEAF:
            leaf = i
        found.leaf[i] = leaf
        if name in VOID or token.rstrip().endswith("/>"):
            found.close[i] = i
        else:
            stack.append((i, name))
            children.append(0)
    return found if not stack and found.body >= 0 else None


def variable_blocks(master: Scan, other: Scan) -> list[int] | None:
    """Open-tag indices of the leaf blocks where `other` differs from `master`; None when it
    differs anywhere else (then the letter is laid out whole)."""
    if len(master.tokens) != len(other.tokens) or other.body != master.body:
        return None
    blocks: set[int] = set()
    for i, (mine, theirs) in enumerate(zip(master.tokens, other.tokens)):
        if mine == theirs:
            continue
        unit = master.leaf[i]
        if unit < 0 or unit < master.body or other.leaf[i] != unit:
            return None
        if mine.startswith("<") or theirs.startswith("<"):
            a, b = TAG.match(mine), TAG.match(theirs)
            if a is None or b is None or a.groups() != b.groups():
                return None
        blocks.add(unit)
    if any(other.close.get(u) != master.close.get(u) for u in blocks):
        return None
    return sorted(blocks)


def _name(token: str) -> str:
    match = TAG.match(token)
    return match.group(2).lower() if match else ""


def _chain(found: Scan, unit: int) -> list[int]:
    """Open-tag indices of the unit's ancestors below <body>, outermost first."""
    chain = []
    node = found.parent.get(unit, -1)
    while node not in (-1, found.body):
        chain.append(node)
        node = found.parent.get(node, -1)
    return chain[::-1]


def _group(master: Scan, source: Scan, units: Sequence[int], label: str) -> str:
    """The blocks `units` of `source`, each inside copies of its ancestors, marked data-vdp."""
    out: list[str] = []
    previous: list[int] = []
    for unit in units:
        chain = _chain(master, unit)
        common = len(os.path.commonprefix([previous, chain]))
        out.extend(master.tokens[master.close[a]] for a in reversed(previous[common:]))
        out.extend(master.tokens[a] for a in chain[common:])
        opening = TAG.sub(lambda m: f'{m.group(0)} data-vdp="{label}.{unit}"', source.tokens[unit], count=1)
        out.append(opening)
        out.extend(source.tokens[unit + 1:source.close[unit] + 1])
        previous = chain
    out.extend(master.tokens[master.close[a]] for a in reversed(previous))
    return "".join(out)


def _element(root: Any, path: tuple[int, ...]) -> Any:
    """The element of WeasyPrint's tree at `path` (element children only), or None."""
    node = root
    for index in path[1:]:
        kids = [kid for kid in node if isinstance(kid.tag, str)]
        if index >= len(kids):
            return None
        node = kids[index]
    return node


def _boxes(page_box: Any) -> list[tuple[Any, list[Any]]]:
    """(box, its ancestors) for every box of a page below the page box, in tree order."""
    from weasyprint.formatting_structure.boxes import Box

    found: list[tuple[Any, list[Any]]] = []
    todo: list[tuple[Any, list[Any]]] = [(page_box, [])]
    while todo:
        box, above = todo.pop()
        found.append((box, above))
        kids = [kid for kid in getattr(box, "children", []) if isinstance(kid, Box)]
        todo.extend((kid, [*above, box]) for kid in reversed(kids))
    return found


def _top(box: Any, above: list[Any]) -> bool:
    """Whether `box` is the outermost box of its element (its lines and text share the element)."""
    return box.element is not None and bool(box.element_tag) and not (above and above[-1].element is box.element)


def _number(value: Any) -> Any:
    return round(value, 3) if isinstance(value, (int, float)) else value


def shape(box: Any) -> list[tuple[Any, ...]]:
    """What a block looks like, relative to its content box: every box's place, size and text."""
    x, y = box.content_box_x(), box.content_box_y()
    items: list[tuple[Any, ...]] = [(box.width, box.height, box.padding_top, box.padding_bottom,
                                      box.border_top_width, box.border_bottom_width)]
    for kid, _ in _boxes(box)[1:]:
        item: tuple[Any, ...] = (type(kid).__name__, _number(kid.position_x - x), _number(kid.position_y - y),
                                 _number(kid.width), _number(kid.height))
        if hasattr(kid, "text"):
            style = kid.style
            item += (kid.text, style["font_size"], tuple(style["font_family"]), style["font_weight"],
                     style["font_style"], str(style["color"]), style["letter_spacing"], style["word_spacing"])
        items.append(item)
    return [tuple(_number(v) for v in item) for item in items]


def _same_size(box: Any, other: Any) -> bool:
    """Whether two blocks take the same room (a letter's block in the place of the master's)."""
    return abs(box.width - other.width) < 0.01 and abs(box.height - other.height) < 0.01


def _own_page(page_box: Any, swaps: dict[int, Any], lineage: set[int]) -> Any:
    """A page of its own: the master's page box with `swaps` made, and its own background layers
    (WeasyPrint adds the crop marks to the page's background each time it draws it)."""
    from weasyprint.document import Page

    box = _replace(page_box, swaps, lineage)
    if box is page_box:
        box = page_box.copy()
    background = getattr(box, "background", None)
    if background is not None:
        box.background = background._replace(layers=list(background.layers))
    return Page(box)


def _replace(box: Any, swaps: dict[int, Any], above: set[int]) -> Any:
    """`box` with the boxes in `swaps` replaced (copies made only along their ancestors)."""
    if id(box) in swaps:
        return swaps[id(box)]
    if id(box) not in above:
        return box
    copy = box.copy()
    copy.children = [_replace(kid, swaps, above) for kid in box.children]
    return copy


@dataclass
class Letter:
    """One letter's pages and the document they came from (for fonts and metadata)."""

    document: Any
    pages: list[Any]
    whole: bool  # laid out whole (not composed from the master)


def layout(template: Template, markups: Sequence[str], *, print_marks: bool = False) -> list[Letter]:
    """Laid-out pages of every letter in `markups` (one template, in order).

    The master is the letter of median length, so that one odd letter (a very long or very
    short name) does not make the others differ from it. This module uses WeasyPrint's page
    boxes (`Page._page_box`, `Box.copy`, `Box.translate`); should they change, every letter
    is laid out whole, as before.
    """
    if not markups:
        return []
    order = sorted(range(len(markups)), key=lambda i: len(markups[i]))
    first = order[len(order) // 2]
    rest = [i for i in range(len(markups)) if i != first]
    ordered = [markups[first], *(markups[i] for i in rest)]
    try:
        letters = _compose(template, ordered, print_marks)
    except OutreachError:  # a letter that cannot be made (a flyer that does not fit): as for one letter
        raise
    except Exception:  # noqa: BLE001 - WeasyPrint's boxes are not what this module expects: lay out whole
        letters = [_whole(template, markup, print_marks) for markup in ordered]
    placed: dict[int, Letter] = dict(zip([first, *rest], letters))
    return [placed[i] for i in range(len(markups))]


def _compose(template: Template, markups: Sequence[str], print_marks: bool) -> list[Letter]:
    """The letters of `markups`, the first one (the master) laid out whole."""
    from . import fit, pdf

    master_doc = pdf.document(markups[0], template, print_marks=print_marks)
    letters = [Letter(master_doc, list(master_doc.pages), True)]
    master = scan(markups[0])
    others = [scan(markup) for markup in markups[1:]]
    units = [variable_blocks(master, other) if master is not None and other is not None else None
             for other in others]
    used = sorted({u for found in units if found for u in found})
    if master is None or not used:
        return letters + [Letter(master_doc, [_own_page(p._page_box, {}, set()) for p in master_doc.pages], False)
                          if found == []
                          else _whole(template, markup, print_marks) for markup, found in zip(markups[1:], units)]

    # Where each variable block of the master sits: one box on one page, or not usable.
    root = master_doc._html.etree_element
    elements = {u: _element(root, master.path[u]) for u in used}
    wanted = {id(element): u for u, element in elements.items()
              if element is not None and element.tag == _name(master.tokens[u])}  # the same element, or none
    place: dict[int, tuple[int, Any, list[Any]]] = {}
    twice: set[int] = set()
    for number, page in enumerate(master_doc.pages):
        for box, above in _boxes(page._page_box):
            unit = wanted.get(id(box.element)) if _top(box, above) else None
            if unit is None:
                continue
            if unit in place:
                twice.add(unit)
            place[unit] = (number, box, above)

    # One small document: the master's blocks (to check them), then each letter's.
    groups = [_group(master, master, used, "m")]
    for k, (other, found) in enumerate(zip(others, units)):
        if found:
            groups.append(_group(master, other, found, str(k)))  # type: ignore[arg-type]
    head = "".join(master.tokens[:master.body + 1])
    small = pdf.layout(head + "".join(groups) + "</body></html>", template, print_marks=print_marks,
                       page_numbers=len(master_doc.pages) > 1)
    mini: dict[str, list[Any]] = {}
    for page in small.pages:
        for box, above in _boxes(page._page_box):
            label = box.element.get("data-vdp") if _top(box, above) else None
            if label is not None:
                mini.setdefault(label, []).append(box)

    usable = set()
    for unit in used:
        boxes = mini.get(f"m.{unit}", [])
        if unit in place and unit not in twice and len(boxes) == 1 and shape(boxes[0]) == shape(place[unit][1]):
            usable.add(unit)

    for k, (markup, found) in enumerate(zip(markups[1:], units)):
        if found is None or not set(found) <= usable:
            letters.append(_whole(template, markup, print_marks))
            continue
        swaps: dict[int, dict[int, Any]] = {}
        lineage: dict[int, set[int]] = {}  # per page: the boxes above a swapped one
        fits = True
        for unit in found:
            boxes = mini.get(f"{k}.{unit}", [])
            number, target, ancestors = place[unit]
            if len(boxes) != 1 or not _same_size(boxes[0], target):
                fits = False
                break
            mine = boxes[0]
            mine.translate(target.content_box_x() - mine.content_box_x(), target.content_box_y() - mine.content_box_y())
            swaps.setdefault(number, {})[id(target)] = mine
            lineage.setdefault(number, set()).update(id(a) for a in ancestors)
        if not fits:
            letters.append(_whole(template, markup, print_marks))
            continue
        pages = [_own_page(page._page_box, swaps.get(n, {}), lineage.get(n, set()))
                 for n, page in enumerate(master_doc.pages)]
        if template.kind == "flyer" and fit.problems(SimpleNamespace(pages=pages)):
            letters.append(_whole(template, markup, print_marks))  # says what does not fit, as for one flyer
            continue
        letters.append(Letter(master_doc, pages, False))
    return letters


def _whole(template: Template, markup: str, print_marks: bool) -> Letter:
    from . import pdf

    doc = pdf.document(markup, template, print_marks=print_marks)
    return Letter(doc, list(doc.pages), True)
