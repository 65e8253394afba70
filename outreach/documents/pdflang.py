"""Turn a tagged PDF whose parts are in different languages into one with /Lang on each part's elements.

WeasyPrint writes the language once, as the catalog's /Lang (from `<html lang>`), so a screen
reader reads an Arabic part with a Dutch voice. The laid-out pages still know each box's HTML
element: WeasyPrint makes one top structure element per child of <body> on each page, in
order, so the n-th body child on a page is the n-th element with that page as /Pg. Its
language is its own `lang` attribute, or the `lang` of its document's <html> (a bilingual
letter joins the pages of two documents). Every structure element below a top element in
another language than the catalog's gets /Lang, with pikepdf.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

MAX_ELEMENTS = 200_000  # structure elements visited in one PDF: a bound, far above any letter


def _element_lang(box: Any, inherited: str) -> str:
    element = getattr(box, "element", None)
    value = element.get("lang") if element is not None and hasattr(element, "get") else None
    return str(value) if value else inherited


def page_languages(pages: Sequence[Any]) -> list[list[str]]:
    """For each laid-out WeasyPrint page, the language of each top structure element, in order."""
    result = []
    for page in pages:
        found: list[str] = []
        for html in getattr(page._page_box, "children", ()):
            if getattr(html, "element_tag", None) != "html":
                continue  # margin boxes make no top element
            lang = _element_lang(html, "")
            for body in html.children:
                if getattr(body, "element_tag", None) != "body":
                    found.append(_element_lang(body, lang))
                    continue
                for child in body.children:
                    child = getattr(child, "_box", child)  # an absolutely placed box stands in a placeholder
                    found.append(_element_lang(child, lang))
        result.append(found)
    return result


def needs_marking(languages: list[list[str]], catalog: str) -> bool:
    """Whether any top element is in another language than the document's own."""
    return any(lang and lang != catalog for page in languages for lang in page)


def mark(data: bytes, languages: list[list[str]]) -> bytes:
    """`data` with /Lang on every structure element of a part in another language than the catalog's."""
    import pikepdf

    from .pdfjoin import _top_elements

    with pikepdf.open(io.BytesIO(data)) as pdf:
        catalog = str(pdf.Root.get("/Lang", ""))
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None:
            return data
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        per_page: dict[int, list[Any]] = {}
        for element in _top_elements(tree):
            page = element.get("/Pg")
            index = pages.get(page.objgen) if page is not None else None
            if index is not None:
                per_page.setdefault(index, []).append(element)
        budget = [MAX_ELEMENTS]
        for index, elements in per_page.items():
            langs = languages[index] if index < len(languages) else []
            if len(langs) != len(elements):  # not the shape we know: the page's own language for all
                own = [lang for lang in langs if lang]
                langs = [max(set(own), key=own.count) if own else catalog] * len(elements)
            for element, lang in zip(elements, langs):
                if lang and lang != catalog:
                    _set_lang(element, pikepdf.String(lang), budget)
        out = io.BytesIO()
        pdf.save(out, fix_metadata_version=False)
        return out.getvalue()


def _set_lang(element: Any, lang: Any, budget: list[int]) -> None:
    """/Lang on `element` and every structure element below it (iteratively, within the budget)."""
    import pikepdf

    stack = [element]
    while stack and budget[0] > 0:
        item = stack.pop()
        budget[0] -= 1
        if item.get("/Type", pikepdf.Name.StructElem) != pikepdf.Name.StructElem or "/S" not in item:
            continue
        item.Lang = lang
        kids = item.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary):
                stack.append(kid)
