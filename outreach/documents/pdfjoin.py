"""Turn several tagged PDFs made by WeasyPrint into one tagged PDF, streamed part after part.

Each part is written to the output as soon as it is added: its objects are renumbered and
copied as they are (content streams and fonts are not decoded), its pages hang under one page
tree node per part, its structure elements under one Sect per letter (or per part), and its
parent tree becomes one leaf of a number tree with the keys shifted. Only what the final
catalog and cross-reference table need stays in memory (a few numbers per part and per letter,
and one offset per object), so joining 1000 letters takes no more memory than joining 10.
The result keeps the tags, the language, the title and the XMP metadata of the first part.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from .pdfsource import PdfSource, ref, refs_in, value

# A literal string (skipped, so text such as "(3 0 R)" is never renumbered), a reference,
# or a parent-tree key of a page, annotation or XObject (shifted).
_TOKEN = re.compile(
    rb"\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)"
    rb"|(?<![\w.#/+-])(\d+)\s+(\d+)\s+R(?![\w])"
    rb"|/StructParents?\s+(\d+)",
    re.DOTALL,
)
CATALOG, PAGES, STRUCT_ROOT, DOCUMENT, PARENT_TREE, INFO, METADATA = range(1, 8)


class Joiner:
    """Stream parts into one PDF: `add(pdf_bytes, letters)` for each part, then `write()`.

    With a `target` the parts go to a temporary file beside it that replaces the target when
    `write()` finishes; without one they go to an anonymous temporary file and `write(target)`
    copies it out.
    """

    def __init__(self, target: Path | IO[bytes] | None = None) -> None:
        self.target = target
        self._tmp_path: Path | None = None
        if isinstance(target, Path):
            target.parent.mkdir(parents=True, exist_ok=True)
            self._tmp_path = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            self.out: IO[bytes] = self._tmp_path.open("w+b")
        elif target is not None:
            self.out = target
        else:
            self.out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by write or abort)
        self.pos = 0
        self.offsets = array("q", [0] * METADATA)  # offset of object n at index n - 1
        self.page_nodes = array("q")  # one page tree node per part
        self.page_count = 0
        self.sections = array("q")  # one Sect per letter (or per part)
        self.tree_leaves = array("q")  # one parent tree leaf per part
        self.next_key = 0
        self.catalog_extra = b""
        self.info: bytes | None = None
        self.parts = 0
        self._emit(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    # -- writing -------------------------------------------------------------------------

    def _emit(self, data: bytes) -> None:
        self.out.write(data)
        self.pos += len(data)

    def _new(self) -> int:
        self.offsets.append(0)
        return len(self.offsets)

    def _object(self, number: int, body: bytes) -> None:
        self.offsets[number - 1] = self.pos
        self._emit(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    # -- parts ---------------------------------------------------------------------------

    def add(self, data: bytes, letters: Sequence[int] | None = None) -> None:
        """Append every page of one PDF with its structure tree.

        `letters` gives the page count of each letter in the part, in order: each letter gets
        its own Sect element. Without it the whole part is one Sect.
        """
        raw = PdfSource(data)
        size = raw.size
        root_num = ref(raw.trailer, b"/Root")
        if root_num is None:
            raise ValueError("PDF without catalog")
        catalog = raw.text(root_num)
        pages_num = ref(catalog, b"/Pages")
        if pages_num is None:
            raise ValueError("PDF without pages")
        page_nums, nodes = _pages(raw, pages_num)
        tree_num = ref(catalog, b"/StructTreeRoot")
        tree = raw.text(tree_num) if tree_num is not None else None

        # Objects that are rebuilt for the whole file instead of copied.
        skip = {root_num: CATALOG}
        info = ref(raw.trailer, b"/Info")
        if info is not None:
            skip[info] = INFO
        metadata = ref(catalog, b"/Metadata")
        if metadata is not None:
            skip[metadata] = METADATA
        outlines = ref(catalog, b"/Outlines")
        if outlines is not None:  # bookmarks of one part make no sense in the whole
            for item in _outline(raw, outlines):
                skip[item] = 0
        node = self._new()
        for num in nodes:
            skip[num] = node
        document_num = None
        top: list[int] = []
        parent_tree = None
        if tree is not None and tree_num is not None:
            skip[tree_num] = STRUCT_ROOT
            parent_tree = ref(tree, b"/ParentTree")
            if parent_tree is not None:
                skip[parent_tree] = PARENT_TREE
            kids = refs_in(value(tree, b"/K"))
            if len(kids) == 1 and re.search(rb"/S\s*/Document\b", raw.text(kids[0])):
                document_num = kids[0]
                skip[document_num] = DOCUMENT
                top = refs_in(value(raw.text(document_num), b"/K"))
            else:
                top = kids

        mapping = array("q", [0] * size)
        number = len(self.offsets)
        for old in range(1, size):
            if old in skip or not raw.present(old) or raw.is_container(old):
                continue
            number += 1
            mapping[old] = number
        for old, new in skip.items():
            if 0 < old < size:
                mapping[old] = new if new else -1
        self.offsets.extend([0] * (number - len(self.offsets)))

        # One Sect per letter; each top-level element goes to the letter of its page.
        counts = list(letters) if letters and sum(letters) == len(page_nums) else [len(page_nums)]
        starts = [sum(counts[:i]) for i in range(len(counts))]
        page_index = {num: i for i, num in enumerate(page_nums)}
        sects = [self._new() for _ in counts]
        members: list[list[int]] = [[] for _ in counts]
        owner: dict[int, int] = {}
        letter = 0
        for kid in top:
            page = _page_of(raw.text(kid))
            if page is not None and page in page_index:
                letter = max(0, bisect_right(starts, page_index[page]) - 1)
            owner[kid] = sects[letter]
            members[letter].append(kid)

        shift = self.next_key
        highest = -1
        for old in range(1, size):
            new = mapping[old]
            if new <= 0 or old in skip:
                continue
            parent = owner.get(old)
            override = {document_num: parent} if parent is not None and document_num is not None else None
            head, stream = raw.split(old)
            body, top_key = _renumber(head, mapping, shift, override)
            highest = max(highest, top_key)
            if parent is not None and document_num is None:
                body = re.sub(rb"/P\s+\d+\s+\d+\s+R", b"/P %d 0 R" % parent, body, count=1)
            if stream is not None:
                body = re.sub(rb"/Length\s+\d+(?:\s+\d+\s+R)?", b"/Length %d" % len(stream), body, count=1)
                self.offsets[new - 1] = self.pos
                self._emit(b"%d 0 obj\n%s\nstream\n" % (new, body))
                self._emit(stream)
                self._emit(b"\nendstream\nendobj\n")
            else:
                self._object(new, body)

        for sect, kids in zip(sects, members):
            refs = b" ".join(b"%d 0 R" % mapping[k] for k in kids)
            self._object(sect, b"<</Type /StructElem /S /Sect /P %d 0 R /K [%s]>>" % (DOCUMENT, refs))
            self.sections.append(sect)
        kids_refs = b" ".join(b"%d 0 R" % mapping[n] for n in page_nums)
        self._object(node, b"<</Type /Pages /Parent %d 0 R /Kids [%s] /Count %d>>" % (PAGES, kids_refs, len(page_nums)))
        self.page_nodes.append(node)
        self.page_count += len(page_nums)

        if parent_tree is not None and tree is not None:
            entries = _number_tree(raw, parent_tree)
            if entries:
                nums = b" ".join(b"%d %s" % (key + shift, _renumber(value, mapping, shift, None)[0])
                                 for key, value in entries)
                leaf = self._new()
                low, high = entries[0][0] + shift, entries[-1][0] + shift
                self._object(leaf, b"<</Limits [%d %d] /Nums [%s]>>" % (low, high, nums))
                self.tree_leaves.append(leaf)
                highest = max(highest, entries[-1][0])
            next_key = re.search(rb"/ParentTreeNextKey\s+(\d+)", tree)
            if next_key is not None:
                highest = max(highest, int(next_key.group(1)) - 1)
        self.next_key = shift + highest + 1

        if self.parts == 0:
            self._first_part(raw, catalog, mapping, skip)
        self.parts += 1

    def _first_part(self, raw: PdfSource, catalog: bytes, mapping: array, skip: dict[int, int]) -> None:
        """Language, viewer preferences, mark info, title and XMP metadata of the first part."""
        extra = []
        for key in (b"/Lang", b"/MarkInfo", b"/ViewerPreferences"):
            found = value(catalog, key)
            if found is not None:
                extra.append(key + b" " + _renumber(found, mapping, 0, None)[0])
        metadata = next((old for old, new in skip.items() if new == METADATA), None)
        if metadata is not None:
            head, stream = raw.split(metadata)
            if stream is not None:
                body = _renumber(head, mapping, 0, None)[0]
                body = re.sub(rb"/Length\s+\d+", b"/Length %d" % len(stream), body, count=1)
                self.offsets[METADATA - 1] = self.pos
                self._emit(b"%d 0 obj\n%s\nstream\n" % (METADATA, body) + stream + b"\nendstream\nendobj\n")
                extra.append(b"/Metadata %d 0 R" % METADATA)
        self.catalog_extra = b"".join(extra)
        info = next((old for old, new in skip.items() if new == INFO), None)
        if info is not None:
            self.info = _renumber(raw.split(info)[0], mapping, 0, None)[0]

    # -- finishing -------------------------------------------------------------------------

    def write(self, target: Path | IO[bytes] | None = None) -> None:
        """Write the catalog, trees and cross-reference table; move or copy to `target`."""
        self._object(DOCUMENT, b"<</Type /StructElem /S /Document /P %d 0 R /K [%s]>>" % (
            STRUCT_ROOT, b" ".join(b"%d 0 R" % n for n in self.sections)))
        self._object(PARENT_TREE, b"<</Kids [%s]>>" % b" ".join(b"%d 0 R" % n for n in self.tree_leaves)
                     if self.tree_leaves else b"<</Nums []>>")
        self._object(STRUCT_ROOT, b"<</Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d>>"
                     % (DOCUMENT, PARENT_TREE, self.next_key))
        self._object(PAGES, b"<</Type /Pages /Kids [%s] /Count %d>>" % (
            b" ".join(b"%d 0 R" % n for n in self.page_nodes), self.page_count))
        self._object(INFO, self.info or b"<</Producer (outreach)>>")
        if self.offsets[METADATA - 1] == 0:
            self._object(METADATA, b"null")
        self._object(CATALOG, b"<</Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R%s>>" % (
            PAGES, STRUCT_ROOT, self.catalog_extra))
        start = self.pos
        self._emit(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.offsets) + 1))
        block = []
        for offset in self.offsets:
            block.append(b"%010d 00000 n \n" % offset)
            if len(block) >= 4096:
                self._emit(b"".join(block))
                block.clear()
        self._emit(b"".join(block))
        self._emit(b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n"
                   % (len(self.offsets) + 1, CATALOG, INFO, start))
        self._finish(target)

    def _finish(self, target: Path | IO[bytes] | None) -> None:
        if self._tmp_path is not None:
            self.out.close()
            assert isinstance(self.target, Path)
            os.replace(self._tmp_path, self.target)
            self._tmp_path = None
            if target is not None and target != self.target:
                with self.target.open("rb") as source:
                    _copy(source, target)
        elif self.target is None:
            if target is not None:
                self.out.seek(0)
                _copy(self.out, target)
            self.out.close()
        elif target is not None and target is not self.target:
            raise ValueError("this joiner already writes to a file object")

    def abort(self) -> None:
        """Give up: close and remove the temporary file (the target is left as it was)."""
        if self.out is not self.target:
            self.out.close()
        if self._tmp_path is not None:
            self._tmp_path.unlink(missing_ok=True)
            self._tmp_path = None


def _copy(source: IO[bytes], target: Path | IO[bytes]) -> None:
    if isinstance(target, Path):
        with target.open("wb") as f:
            shutil.copyfileobj(source, f)
    else:
        shutil.copyfileobj(source, target)


def _renumber(text: bytes, mapping: array, shift: int, override: dict[Any, int] | None) -> tuple[bytes, int]:
    """`text` with references renumbered and parent-tree keys shifted; (text, highest old key)."""
    highest = -1

    def replace(match: re.Match[bytes]) -> bytes:
        nonlocal highest
        if match.group(1) is not None:
            old = int(match.group(1))
            if override and old in override:
                return b"%d 0 R" % override[old]
            new = mapping[old] if 0 < old < len(mapping) else 0
            return b"%d 0 R" % new if new > 0 else b"null"
        if match.group(3) is not None:
            key = int(match.group(3))
            highest = max(highest, key)
            return match.group(0)[:-len(match.group(3))] + b"%d" % (key + shift)
        return match.group(0)

    return _TOKEN.sub(replace, text), highest


_NUMS = re.compile(rb"(\d+)\s*(\[[^\]]*\]|\d+\s+\d+\s+R|null)")


def _number_tree(raw: PdfSource, num: int) -> list[tuple[int, bytes]]:
    """(key, value text) of every entry of a number tree, in key order (leaves and kids)."""
    text = raw.text(num)
    entries: list[tuple[int, bytes]] = []
    nums = re.search(rb"/Nums\s*\[(.*)\]", text, re.DOTALL)
    if nums is not None:
        entries.extend((int(k), v) for k, v in _NUMS.findall(nums.group(1)))
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", text)
    if kids is not None:
        for kid in re.findall(rb"(\d+)\s+\d+\s+R", kids.group(1)):
            entries.extend(_number_tree(raw, int(kid)))
    return sorted(entries, key=lambda entry: entry[0])


def _outline(raw: PdfSource, root: int) -> list[int]:
    """Object numbers of an outline (bookmark) tree: its root and every item."""
    found: list[int] = []
    todo = [root]
    while todo:
        num = todo.pop()
        if num in found or not raw.present(num):
            continue
        found.append(num)  # short lists: one part's bookmarks
        text = raw.text(num)
        for key in (rb"/First", rb"/Next"):
            match = re.search(key + rb"\s+(\d+)\s+\d+\s+R", text)
            if match:
                todo.append(int(match.group(1)))
    return found


def _page_of(text: bytes) -> int | None:
    match = re.search(rb"/Pg\s+(\d+)\s+\d+\s+R", text)
    return int(match.group(1)) if match else None


def _pages(raw: PdfSource, num: int) -> tuple[list[int], list[int]]:
    """(page object numbers in order, page tree node numbers) below page tree node `num`."""
    pages: list[int] = []
    nodes = [num]
    for kid in refs_in(value(raw.text(num), b"/Kids")):
        text = raw.text(kid)
        if re.search(rb"/Type\s*/Pages\b", text):
            below, more = _pages(raw, kid)
            pages.extend(below)
            nodes.extend(more)
        else:
            pages.append(kid)
    return pages, nodes


def join(parts: Iterable[bytes], target: Path) -> int:
    """Join PDF parts into `target`; the number of parts."""
    joiner = Joiner(target)
    try:
        for data in parts:
            joiner.add(data)
    except BaseException:
        joiner.abort()
        raise
    joiner.write()
    return joiner.parts
