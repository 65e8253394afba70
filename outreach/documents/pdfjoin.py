"""Turn several tagged PDFs made by WeasyPrint into one tagged PDF, with pikepdf, part after part.

Each part is opened as it arrives and closed again once copied: its pages are appended (with
their fonts, images and contents, still compressed), its structure elements hang under one
Sect per letter (or per part) below one Document, and its parent tree becomes one leaf of a
number tree with the keys shifted, the pages' /StructParents (and their annotations' and
forms' /StructParent(s)) shifted alike. The result keeps the language, the title, the viewer
preferences and the XMP metadata (with its PDF/UA identification) of the first part.
"""

from __future__ import annotations

import io
import os
import shutil
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .. import privatefiles


class Joiner:
    """Join parts into one PDF at `target`: `add(pdf_bytes, letters)` for each part, then `write()`.

    The joined file is saved in a temporary folder beside the target (owner only) and then
    moved into place, so the target appears only when complete; `abort()` removes the folder.
    Memory grows with the letters until the file is saved: qpdf holds the joined structure tree
    in memory (about 63 objects, some 0.1 MB, per letter of `uitnodiging`). Measured in
    benchmarks/bench_mailmerge.py; qpdf has no way to write a file part by part.
    """

    def __init__(self, target: Path) -> None:
        import pikepdf

        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        self.folder: Path | None = privatefiles.make_dir(target.with_name(f".{target.name}.{os.getpid()}.tmp"))
        self.pdf = pikepdf.new()
        self.parts = 0
        self.next_key = 0
        self.version = "1.7"
        self._document: Any = None
        self._tree: Any = None

    # -- parts ---------------------------------------------------------------------------

    def add(self, data: bytes, letters: Sequence[int] | None = None) -> None:
        """Append every page of one PDF with its structure tree.

        `letters` gives the page count of each letter in the part, in order: each letter gets
        its own Sect element. Without it the whole part is one Sect. Raises ValueError when
        `data` is not a PDF.
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

        known = len(self.pdf.objects)
        if self.parts == 0:
            self._first_part(source)
        first = len(self.pdf.pages)
        self.pdf.pages.extend(source.pages)
        count = len(source.pages)
        shift = self.next_key

        tree = source.Root.get("/StructTreeRoot")
        highest = -1
        if tree is not None:
            top = _top_elements(tree)
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
            for kids in members:
                if not kids:
                    continue
                sect = source.make_indirect(pikepdf.Dictionary(
                    Type=pikepdf.Name.StructElem, S=pikepdf.Name.Sect, K=pikepdf.Array(kids)))
                for kid in kids:
                    kid.P = sect
                copied = self.pdf.copy_foreign(sect)  # the elements below it, pages mapped to the copies
                copied.P = self._document
                self._document.K.append(copied)
            highest = self._parent_tree(source, tree, shift)

        shifted: set[tuple[int, int]] = set()  # a form shared by two pages is shifted once
        for i in range(count):  # the copied pages point into the shifted parent tree
            highest = max(highest, _shift_keys(self.pdf.pages[first + i].obj, shift, shifted) - shift)
        self.next_key = shift + highest + 1
        self._own_streams(known)

    def _own_streams(self, known: int) -> None:
        """Give the streams copied from the part their (still encoded) data, so the part can close.

        qpdf copies stream data from the source only when the joined file is saved; holding
        every part open until then costs about twice the memory.
        """
        import pikepdf

        for number in range(known + 1, len(self.pdf.objects) + 1):
            stream = self.pdf.get_object((number, 0))
            if isinstance(stream, pikepdf.Stream):
                filters: Any = stream.get("/Filter")
                parameters: Any = stream.get("/DecodeParms")
                stream.write(stream.read_raw_bytes(), filter=filters, decode_parms=parameters)

    def _parent_tree(self, source: Any, tree: Any, shift: int) -> int:
        """Copy the part's parent tree as one leaf with shifted keys; the highest old key."""
        import pikepdf

        if "/ParentTree" not in tree:
            return -1
        nums = pikepdf.Array()
        keys = []
        for key, value in sorted(pikepdf.NumberTree(tree.ParentTree).items(), key=lambda item: int(item[0])):
            keys.append(int(key))
            nums.append(int(key) + shift)
            nums.append(self._copy(value))
        highest = keys[-1] if keys else -1
        declared = tree.get("/ParentTreeNextKey")
        if declared is not None:
            highest = max(highest, int(declared) - 1)
        if keys:
            leaf = self.pdf.make_indirect(pikepdf.Dictionary(Limits=pikepdf.Array([keys[0] + shift, keys[-1] + shift]),
                                                             Nums=nums))
            self._tree.ParentTree.Kids.append(leaf)
        return highest

    def _copy(self, value: Any) -> Any:
        """`value` of the current part in the joined file (direct arrays element by element)."""
        import pikepdf

        if isinstance(value, pikepdf.Array) and not value.is_indirect:
            return pikepdf.Array([self._copy(item) for item in value])
        if isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)) and value.is_indirect:
            return self.pdf.copy_foreign(value)
        return value

    def _first_part(self, source: Any) -> None:
        """Language, mark info, viewer preferences, title and XMP metadata of the first part."""
        import pikepdf

        root = self.pdf.Root
        self.version = source.pdf_version
        for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
            if key in source.Root:
                value = source.Root[key]
                root[key] = self.pdf.copy_foreign(value) if value.is_indirect else _direct(self.pdf, value)
        if "/Info" in source.trailer:
            self.pdf.trailer.Info = self.pdf.copy_foreign(source.trailer.Info)
        self._document = self.pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=pikepdf.Array()))
        self._tree = self.pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=self._document,
            ParentTree=self.pdf.make_indirect(pikepdf.Dictionary(Kids=pikepdf.Array()))))
        self._document.P = self._tree
        root.StructTreeRoot = self._tree
        if "/MarkInfo" not in root:
            root.MarkInfo = pikepdf.Dictionary(Marked=True)

    # -- finishing -------------------------------------------------------------------------

    def write(self) -> None:
        """Save the joined PDF (mode 0600) and put it in place of the target; clean up."""
        import pikepdf

        assert self.folder is not None, "joiner already written or aborted"
        if self._tree is not None:
            self._tree.ParentTreeNextKey = self.next_key
        temporary = self.folder / "samen.pdf"
        privatefiles.create(temporary)
        with temporary.open("r+b") as out:
            self.pdf.save(out, min_version=self.version, fix_metadata_version=False,
                          object_stream_mode=pikepdf.ObjectStreamMode.generate)  # the structure tree: 3x smaller
        self.pdf.close()
        os.replace(temporary, self.target)
        self._remove_folder()

    def abort(self) -> None:
        """Give up: remove the temporary folder (the target is left as it was)."""
        self.pdf.close()
        self._remove_folder()

    def _remove_folder(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _direct(pdf: Any, value: Any) -> Any:
    """A direct value of another PDF (a name, string, boolean or small dictionary) for `pdf`."""
    import pikepdf

    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({k: _direct(pdf, v) for k, v in value.items()})
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_direct(pdf, v) for v in value])
    if isinstance(value, (pikepdf.Stream,)) or getattr(value, "is_indirect", False):
        return pdf.copy_foreign(value)
    return value


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
