"""Turn several tagged PDFs made by WeasyPrint into one tagged PDF, part after part.

pypdf copies pages but drops the structure tree that makes a PDF accessible. This module
copies the pages, then grafts each part's structure tree (its Document element, now a Sect)
under one new Document element and renumbers the parent tree, so the combined file keeps
its tags, its language, its title and its XMP metadata. Parts are read one at a time.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class Joiner:
    """Collect parts with `add(pdf_bytes)`, then `write(target)`."""

    def __init__(self) -> None:
        from pypdf import PdfWriter
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject

        self.writer = PdfWriter()
        self.offset = 0
        self.nums = ArrayObject()
        self.kids = ArrayObject()
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_ref = self.writer._add_object(self.root)
        self.document = DictionaryObject({
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): self.root_ref,
            NameObject("/K"): self.kids,
        })
        self.document_ref = self.writer._add_object(self.document)
        self.first: Any = None
        self.parts = 0

    def add(self, data: bytes) -> None:
        """Append every page of one PDF, with its structure tree."""
        from pypdf import PdfReader
        from pypdf.generic import NameObject, NumberObject

        reader = PdfReader(io.BytesIO(data))
        catalog: Any = reader.trailer["/Root"]
        if self.first is None:
            self._copy_catalog(reader)
        new_pages = [self.writer.add_page(page) for page in reader.pages]
        highest = -1
        old: Any
        new: Any
        for old, new in zip(reader.pages, new_pages):
            if "/StructParents" in old:
                key = int(old["/StructParents"])
                new[NameObject("/StructParents")] = NumberObject(key + self.offset)
                highest = max(highest, key)
            for annot in new.get("/Annots", []) or []:
                annotation = annot.get_object()
                if "/StructParent" in annotation:
                    key = int(annotation["/StructParent"])
                    annotation[NameObject("/StructParent")] = NumberObject(key + self.offset)
                    highest = max(highest, key)
        tree = catalog.get("/StructTreeRoot")
        if tree is not None:
            self._graft(tree.get_object())
            nums = tree.get_object().get("/ParentTree", {}).get_object().get("/Nums", [])
            for i in range(0, len(nums) - 1, 2):
                key = int(nums[i])
                highest = max(highest, key)
                self.nums.append(NumberObject(key + self.offset))
                value = nums[i + 1]
                self.nums.append(value.clone(self.writer) if hasattr(value, "clone") else value)
        self.offset += highest + 1
        self.parts += 1

    def _graft(self, tree: Any) -> None:
        from pypdf.generic import ArrayObject, NameObject

        kids = tree.get("/K")
        kids = kids if isinstance(kids, ArrayObject) else [kids]
        for kid in kids:
            element = kid.get_object()
            element[NameObject("/P")] = self.document_ref  # before cloning: do not copy the old root
            clone = kid.clone(self.writer)
            clone.get_object()[NameObject("/S")] = NameObject("/Sect")
            self.kids.append(clone.indirect_reference if hasattr(clone, "indirect_reference") and clone.indirect_reference else clone)

    def _copy_catalog(self, reader: Any) -> None:
        from pypdf.generic import NameObject

        self.first = reader
        catalog = reader.trailer["/Root"]
        target = self.writer._root_object
        for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
            if key in catalog:
                target[NameObject(key)] = catalog[key].clone(self.writer)
        if "/Metadata" in catalog:
            target[NameObject("/Metadata")] = catalog["/Metadata"].clone(self.writer).indirect_reference
        if reader.metadata:
            self.writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})

    def write(self, target: Path | io.BytesIO) -> None:
        """Write the combined PDF."""
        from pypdf.generic import DictionaryObject, NameObject, NumberObject

        parent_tree = DictionaryObject({NameObject("/Nums"): self.nums})
        self.root[NameObject("/K")] = self.document_ref
        self.root[NameObject("/ParentTree")] = self.writer._add_object(parent_tree)
        self.root[NameObject("/ParentTreeNextKey")] = NumberObject(self.offset)
        self.writer._root_object[NameObject("/StructTreeRoot")] = self.root_ref
        if isinstance(target, Path):
            with target.open("wb") as f:
                self.writer.write(f)
        else:
            self.writer.write(target)


def join(parts: Iterable[bytes], target: Path) -> int:
    """Join PDF parts into `target`; the number of parts."""
    joiner = Joiner()
    for data in parts:
        joiner.add(data)
    joiner.write(target)
    return joiner.parts
