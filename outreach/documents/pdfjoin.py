"""Turn several tagged PDFs made by WeasyPrint into one tagged PDF, written part after part.

Each part is opened as it arrives, its objects are written to the file at once (with new
numbers, streams still compressed) and the part is closed again: the joined file is never
in memory, only the numbers and places of its objects, so memory stays flat however many
letters there are. Each part's structure elements hang under one Sect per letter (or per
part) below one Document, and its parent tree becomes one leaf of a number tree with the
keys shifted, the pages' /StructParents (and their annotations' and forms' /StructParent(s))
shifted alike. The result keeps the language, the title, the viewer preferences and the XMP
metadata (with its PDF/UA identification) of the first part.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import struct
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from .. import privatefiles

CATALOG, PAGES, TREE, DOCUMENT, PARENT_TREE = 1, 2, 3, 4, 5  # objects written last, numbered first
CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")
PACK = 200  # objects per object stream
# A literal string (qpdf escapes the parentheses in it) or a reference "12 0 R".
REFERENCE = re.compile(rb"\((?:[^\\()]|\\.)*\)|(?<![\w.#/+-])(\d+) (\d+) R\b", re.S)


class Joiner:
    """Join parts into one PDF at `target`: `add(pdf_bytes, letters)` for each part, then `write()`.

    The joined file is written into a temporary folder beside the target (owner only) as the
    parts arrive and moved into place by `write()`, so the target appears only when complete;
    `abort()` removes the folder. Memory holds 12 bytes per object (about 65 a letter), its
    page and Sect numbers, and at most PACK objects waiting for their object stream
    (measured in benchmarks/bench_merge_scale.py).
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        self.folder: Path | None = privatefiles.make_dir(target.with_name(f".{target.name}.{os.getpid()}.tmp"))
        self.temporary = self.folder / "samen.pdf"
        privatefiles.create(self.temporary)
        self.out: BinaryIO = self.temporary.open("r+b")
        self.digest = hashlib.md5(usedforsecurity=False)
        self.offsets = array("Q", [0] * (PARENT_TREE + 1))  # place of each object, or its index in an object stream
        self.packed_in = array("I", [0] * (PARENT_TREE + 1))  # the object stream holding it (0: none)
        self.packing: list[tuple[int, bytes]] = []
        self.version = "1.7"
        self.parts = 0
        self.next_key = 0
        self.pages: list[int] = []
        self.sections: list[int] = []
        self.leaves: list[tuple[int, int, int]] = []  # (object, lowest key, highest key)
        self.catalog: dict[str, bytes] = {}
        self.info: int | None = None
        self._emit(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")  # object streams need 1.5

    # -- parts ---------------------------------------------------------------------------

    def add(self, data: bytes, letters: Sequence[int] | None = None) -> None:
        """Append every page of one PDF with its structure tree.

        `letters` gives the page count of each letter in the part, in order: each letter gets
        its own Sect element. Without it the whole part is one Sect, unless the part is a
        joined file (only Sects below its Document: a job's batch from `merge_rows`), whose
        Sects are kept. Raises ValueError when `data` is not a PDF.
        """
        import pikepdf

        assert self.folder is not None, "joiner already written or aborted"
        try:
            source = pikepdf.open(io.BytesIO(data))
        except pikepdf.PdfError as exc:
            raise ValueError(f"not a PDF: {exc}") from None
        with source:
            self._add(source, letters)
        self.parts += 1

    def _add(self, source: Any, letters: Sequence[int] | None) -> None:
        import pikepdf

        writer = _PartWriter(self, source)
        if self.parts == 0:
            self.version = max(self.version, str(source.pdf_version))
            for key in CATALOG_KEYS:
                if key in source.Root:
                    self.catalog[key] = writer.value(source.Root[key])
            if "/Info" in source.trailer and source.trailer.Info.is_indirect:
                self.info = writer.number(source.trailer.Info)
        shift = self.next_key
        highest = -1
        shifted: set[tuple[int, int]] = set()  # a form shared by two pages is shifted once
        for page in source.pages:  # the pages point into the shifted parent tree
            highest = max(highest, _shift_keys(page.obj, shift, shifted) - shift)

        tree = source.Root.get("/StructTreeRoot")
        sections: list[Any] = []
        if tree is not None:
            top = _top_elements(tree)
            if letters is None and _all_sections(top):
                sections = top  # a file this joiner made: its letters keep their own Sect
            else:
                sections = self._sections(source, top, letters)
            writer.fixed[tree.objgen] = TREE
            for element in _as_list(tree.get("/K")):
                if element.get("/S") == pikepdf.Name.Document:
                    writer.fixed[element.objgen] = DOCUMENT
            highest = max(highest, self._parent_tree(writer, tree, shift))

        writer.fixed[source.Root.Pages.objgen] = PAGES
        writer.fixed[source.Root.objgen] = CATALOG
        for page in source.pages:
            page.obj.Parent = source.Root.Pages
            self.pages.append(writer.number(page.obj))
        document = source.make_indirect(pikepdf.Dictionary())  # stands for the joined file's Document
        writer.fixed[document.objgen] = DOCUMENT
        for sect in sections:
            sect.P = document
            self.sections.append(writer.number(sect))
        writer.flush()
        self.next_key = shift + highest + 1

    @staticmethod
    def _sections(source: Any, top: list[Any], letters: Sequence[int] | None) -> list[Any]:
        """One new Sect per letter of the part over its top elements (by the page each starts on)."""
        import pikepdf

        count = len(source.pages)
        page_index = {page.objgen: i for i, page in enumerate(source.pages)}
        counts = list(letters) if letters and sum(letters) == count else [count]
        starts = [sum(counts[:i]) for i in range(len(counts))]
        members: list[list[Any]] = [[] for _ in counts]
        letter = 0
        for kid in top:
            page = _first_page(kid)
            if page is not None and page.objgen in page_index:
                letter = max(0, bisect_right(starts, page_index[page.objgen]) - 1)
            members[letter].append(kid)
        sections = []
        for kids in members:
            if not kids:
                continue
            sect = source.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name.Sect, K=pikepdf.Array(kids)))
            for kid in kids:
                kid.P = sect
            sections.append(sect)
        return sections

    def _parent_tree(self, writer: _PartWriter, tree: Any, shift: int) -> int:
        """Write the part's parent tree as one leaf with shifted keys; the highest old key."""
        import pikepdf

        if "/ParentTree" not in tree:
            return -1
        items = sorted(pikepdf.NumberTree(tree.ParentTree).items(), key=lambda item: int(item[0]))
        keys = [int(key) for key, _ in items]
        highest = keys[-1] if keys else -1
        declared = tree.get("/ParentTreeNextKey")
        if declared is not None:
            highest = max(highest, int(declared) - 1)
        if keys:
            nums = b" ".join(b"%d %s" % (key + shift, writer.value(value)) for key, (_, value) in zip(keys, items))
            leaf = writer.fresh(b"<</Limits [%d %d] /Nums [%s]>>" % (keys[0] + shift, keys[-1] + shift, nums))
            self.leaves.append((leaf, keys[0] + shift, keys[-1] + shift))
        return highest

    # -- the file ------------------------------------------------------------------------

    def _emit(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data[:64])

    def new_number(self) -> int:
        self.offsets.append(0)
        self.packed_in.append(0)
        return len(self.offsets) - 1

    def put(self, number: int, body: bytes, packable: bool = True) -> None:
        """Write object `number`: into the next object stream, or (a stream) at the end of the file."""
        if packable:
            self.packing.append((number, body))
            if len(self.packing) >= PACK:
                self.pack()
            return
        self.offsets[number] = self.out.tell()
        self._emit(b"%d 0 obj\n" % number)
        self._emit(body)
        self._emit(b"\nendobj\n")

    def pack(self) -> None:
        """Write the waiting objects as one compressed object stream (the structure tree: 3x smaller)."""
        if not self.packing:
            return
        header, bodies, place = [], [], 0
        for number, body in self.packing:
            header.append(b"%d %d" % (number, place))
            bodies.append(body)
            place += len(body) + 1
        first = b" ".join(header) + b"\n"
        data = zlib.compress(first + b"\n".join(bodies) + b"\n", 6)
        container = self.new_number()
        for index, (number, _) in enumerate(self.packing):
            self.offsets[number] = index
            self.packed_in[number] = container
        self.packing = []
        self.put(container, b"<</Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d>>\nstream\n%s\nendstream"
                 % (len(header), len(first), len(data), data), packable=False)

    # -- finishing -------------------------------------------------------------------------

    def write(self) -> None:
        """Finish the joined PDF (mode 0600) and put it in place of the target; clean up."""
        assert self.folder is not None, "joiner already written or aborted"
        refs = lambda numbers: b" ".join(b"%d 0 R" % n for n in numbers)  # noqa: E731
        self.put(PAGES, b"<</Type /Pages /Count %d /Kids [%s]>>" % (len(self.pages), refs(self.pages)), False)
        self.put(PARENT_TREE, b"<</Kids [%s]>>" % refs(leaf for leaf, _, _ in self.leaves), False)
        self.put(DOCUMENT, b"<</Type /StructElem /S /Document /P %d 0 R /K [%s]>>" % (TREE, refs(self.sections)), False)
        self.put(TREE, b"<</Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d>>"
                 % (DOCUMENT, PARENT_TREE, self.next_key), False)
        entries = b"".join(b" %s %s" % (key.encode(), value) for key, value in self.catalog.items())
        if "/MarkInfo" not in self.catalog:
            entries += b" /MarkInfo <</Marked true>>"
        if self.version > "1.7":
            entries += b" /Version /" + self.version.encode()[:3]
        self.put(CATALOG, b"<</Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R%s>>" % (PAGES, TREE, entries), False)
        self.pack()
        self._cross_reference()
        self.out.flush()
        os.fsync(self.out.fileno())
        self.out.close()
        os.replace(self.temporary, self.target)
        self._remove_folder()

    def _cross_reference(self) -> None:
        """The cross-reference stream: where each object is (an offset, or an object stream and place)."""
        number = self.new_number()
        start = self.out.tell()
        self.offsets[number] = start
        compressor = zlib.compressobj(6)
        rows = bytearray(struct.pack(">BIH", 0, 0, 65535))
        chunks = []
        for i in range(1, len(self.offsets)):  # 7 bytes a row, compressed 4096 rows at a time
            container = self.packed_in[i]
            rows += struct.pack(">BIH", 2, container, self.offsets[i]) if container else \
                struct.pack(">BIH", 1, self.offsets[i], 0)
            if len(rows) >= 7 * 4096:
                chunks.append(compressor.compress(rows))
                rows = bytearray()
        chunks.append(compressor.compress(rows) + compressor.flush())
        data = b"".join(chunks)
        identifier = self.digest.hexdigest().encode()
        info = b" /Info %d 0 R" % self.info if self.info else b""
        self._emit(b"%d 0 obj\n<</Type /XRef /Size %d /W [1 4 2] /Root %d 0 R%s /ID [<%s> <%s>] /Filter /FlateDecode"
                   b" /Length %d>>\nstream\n" % (number, len(self.offsets), CATALOG, info, identifier, identifier,
                                                len(data)))
        self._emit(data)
        self._emit(b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start)

    def abort(self) -> None:
        """Give up: remove the temporary folder (the target is left as it was)."""
        self.out.close()
        self._remove_folder()

    def _remove_folder(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


class _PartWriter:
    """Write the objects of one part that the joined file needs, each once, with new numbers."""

    def __init__(self, joiner: Joiner, source: Any) -> None:
        self.joiner = joiner
        self.source = source
        self.fixed: dict[tuple[int, int], int] = {}  # objects of the part that the joined file has its own of
        self.numbers: dict[tuple[int, int], int] = {}
        self.todo: list[Any] = []

    def number(self, obj: Any) -> int:
        """The joined file's number of an indirect object of the part (written by `flush`)."""
        key = obj.objgen
        if key in self.fixed:
            return self.fixed[key]
        found = self.numbers.get(key)
        if found is None:
            found = self.numbers[key] = self.joiner.new_number()
            self.todo.append(obj)
        return found

    def fresh(self, body: bytes) -> int:
        number = self.joiner.new_number()
        self.joiner.put(number, body)
        return number

    def flush(self) -> None:
        """Write every object numbered so far, and the ones they point to."""
        import pikepdf

        while self.todo:
            obj = self.todo.pop()
            number = self.numbers[obj.objgen]
            if isinstance(obj, pikepdf.Stream):
                raw = obj.read_raw_bytes()
                entries = pikepdf.Dictionary({k: v for k, v in obj.stream_dict.items() if k != "/Length"})
                entries.Length = len(raw)
                self.joiner.put(number, self.value(entries) + b"\nstream\n" + raw + b"\nendstream",
                                packable=False)
            else:
                self.joiner.put(number, self.value(obj, top=True))

    def value(self, obj: Any, top: bool = False) -> bytes:
        """`obj` in PDF syntax (qpdf writes it), references renumbered (strings left alone)."""
        import pikepdf

        if not isinstance(obj, pikepdf.Object):  # a number, a boolean or null, as pikepdf gives them
            return bytes(pikepdf.Array([obj]).unparse()).strip(b"[] ")
        if obj.is_indirect and not top:
            return b"%d 0 R" % self.number(obj)
        text = bytes(obj.unparse(resolved=True))
        return REFERENCE.sub(self._renumber, text)

    def _renumber(self, match: Any) -> bytes:
        if match.group(1) is None:
            return bytes(match.group(0))
        key = (int(match.group(1)), int(match.group(2)))
        found = self.fixed.get(key) or self.numbers.get(key)
        return b"%d 0 R" % (found or self.number(self.source.get_object(key)))


def _all_sections(elements: list[Any]) -> bool:
    import pikepdf

    return bool(elements) and all(element.get("/S") == pikepdf.Name.Sect for element in elements)


def _as_list(value: Any) -> list[Any]:
    import pikepdf

    if value is None:
        return []
    items = list(value) if isinstance(value, pikepdf.Array) else [value]
    return [item for item in items if isinstance(item, pikepdf.Dictionary)]


def _top_elements(tree: Any) -> list[Any]:
    """The elements below the structure tree root, or below its one Document element."""
    import pikepdf

    kids = tree.get("/K")
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    items = [k for k in items if isinstance(k, pikepdf.Dictionary)]
    if len(items) == 1 and items[0].get("/S") == pikepdf.Name.Document:
        inner = items[0].get("/K")
        if inner is None:
            return []
        items = list(inner) if isinstance(inner, pikepdf.Array) else [inner]
    return [k for k in items if isinstance(k, pikepdf.Dictionary)]


def _first_page(element: Any, depth: int = 0) -> Any:
    """The page of an element: its own /Pg, or the first /Pg below it."""
    import pikepdf

    if "/Pg" in element:
        return element.Pg
    kids = element.get("/K")
    if kids is None or depth > 50:
        return None
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != pikepdf.Name.OBJR:
            found = _first_page(kid, depth + 1)
            if found is not None:
                return found
    return None


def _shift_keys(page: Any, shift: int, shifted: set[tuple[int, int]]) -> int:
    """Shift the parent tree keys of a page, its annotations and its forms; the highest new key."""
    import pikepdf

    highest = -1
    owners: list[tuple[Any, str]] = [(page, "/StructParents")]
    owners += [(a, "/StructParent") for a in page.get("/Annots", []) if isinstance(a, pikepdf.Dictionary)]
    xobjects = page.get("/Resources", {}).get("/XObject", {})
    owners += [(xobjects[n], "/StructParents") for n in list(xobjects.keys())]
    for owner, key in owners:
        if key not in owner:
            continue
        if owner.is_indirect and owner.objgen in shifted:
            highest = max(highest, int(owner[key]))
            continue
        owner[key] = int(owner[key]) + shift
        highest = max(highest, int(owner[key]))
        if owner.is_indirect:
            shifted.add(owner.objgen)
    return highest


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
