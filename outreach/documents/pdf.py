"""Turn rendered HTML into accessible PDF with WeasyPrint: one shared font set, CSS parsed once.

Every PDF is PDF/UA-1 (tagged, language nl, title, alt texts) with the fonts embedded. The
stylesheets of a template are parsed once per process and share one FontConfiguration, so a
mail merge pays for CSS and fonts once instead of once per letter. Letters get page numbers
only when they run over one page; flyers can get bleed and crop marks for a print shop.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import content
from ..errors import ContentError, InputError, Where
from ..texts import t
from .templates import Template

PDF_VARIANT = "pdf/ua-1"
# Bleed for a print shop: the PDF's TrimBox is the page, its BleedBox 10 pt (3.5 mm) around it
# (WeasyPrint's choice), and the crop marks sit in the outer half of an 8 mm bleed area, outside
# the BleedBox. A band at the top edge (class "band") grows 4 mm up, left and right, past the
# BleedBox: a transparent border under which its own background is painted (background-clip:
# border-box) and a negative margin of the same size, so nothing inside it moves, no white
# sliver is left when the cut is a little off, and the crop marks stay visible.
BLEED_CSS = ("@page { bleed: 8mm; marks: crop cross; }\n"
             ".band { border: 4mm solid transparent; border-bottom: 0; margin: -4mm -4mm 0 -4mm;"
             " background-clip: border-box; }")

_state: dict[str, Any] = {}


def font_config() -> Any:
    """The one FontConfiguration of this process."""
    if "fonts" not in _state:
        from weasyprint.text.fonts import FontConfiguration

        _state["fonts"] = FontConfiguration()
        _state["css"] = {}
        _state["images"] = {}
    return _state["fonts"]


def _css(key: str, *, filename: str | None = None, string: str | None = None) -> Any:
    font_config()
    cache: dict[str, Any] = _state["css"]
    if key not in cache:
        from weasyprint import CSS

        from ..fetcher import fetcher

        if filename is not None:
            cache[key] = CSS(filename=filename, font_config=font_config(), url_fetcher=fetcher())
        else:
            cache[key] = CSS(string=string, font_config=font_config(), url_fetcher=fetcher())
    return cache[key]


def stylesheets(template: Template, *, print_marks: bool = False, page_numbers: bool = False) -> list[Any]:
    """Parsed stylesheets for `template` (from its front matter or kind), cached."""
    sheets = []
    for relative in template.stylesheets:
        found = content.find("templates", relative)
        if found is None:
            raise ContentError(t("documents.asset_not_found", name=relative))
        sheets.append(_css(str(found.resolve()), filename=str(found)))
    if page_numbers:
        rule = ('@page { @bottom-right { content: "%s " counter(page) " %s " counter(pages); '
                'font-size: 11pt; color: #333; } }') % (t("documents.page"), t("documents.page_of"))
        sheets.append(_css("page-numbers", string=rule))
    if print_marks:
        sheets.append(_css("print-marks", string=BLEED_CSS))
    return sheets


def stylesheet_uris(template: Template) -> list[str]:
    """file:// URIs of the template's stylesheets, for HTML output."""
    uris = []
    for relative in template.stylesheets:
        found = content.find("templates", relative)
        if found is not None:
            uris.append(found.resolve().as_uri())
    return uris


def base_url() -> str:
    """Base URL for relative links in templates: the built-in templates folder."""
    return str(content.builtin_dir("templates").resolve()) + "/"


def layout(markup: str, template: Template, *, print_marks: bool = False, page_numbers: bool = False) -> Any:
    """One WeasyPrint layout of `markup` with the template's stylesheets (nothing checked)."""
    from weasyprint import HTML

    from ..fetcher import fetcher

    options = {"pdf_variant": PDF_VARIANT, "cache": _state.setdefault("images", {})}
    html = HTML(string=markup, base_url=base_url(), url_fetcher=fetcher())
    sheets = stylesheets(template, print_marks=print_marks, page_numbers=page_numbers)
    return html.render(font_config=font_config(), stylesheets=sheets, **options)


def document(markup: str, template: Template, *, print_marks: bool = False) -> Any:
    """A laid-out WeasyPrint Document; re-laid out with page numbers when a letter runs long."""
    doc = layout(markup, template, print_marks=print_marks)
    if template.kind == "letter" and len(doc.pages) > 1:
        doc = layout(markup, template, print_marks=print_marks, page_numbers=True)
    if template.kind == "flyer" and template.meta.get("one_page", True):  # one sheet: measure the boxes
        from . import fit

        found = fit.problems(doc)
        if found:
            key = "documents.too_many_pages" if "pages" in found else "documents.does_not_fit"
            raise InputError(t(key, title=template.title, pages=len(doc.pages)), Where(file=template.filename))
    return doc


def write(documents: Sequence[Any], target: Path | None = None) -> bytes | None:
    """Write one or more laid-out documents as one PDF (to `target`, or return the bytes)."""
    first = documents[0]
    combined = first if len(documents) == 1 else first.copy([p for d in documents for p in d.pages])
    return combined.write_pdf(target, pdf_variant=PDF_VARIANT)


def write_pages(first: Any, pages: Sequence[Any]) -> bytes:
    """Write laid-out pages (of `first` and documents like it) as one PDF."""
    return first.copy(list(pages)).write_pdf(pdf_variant=PDF_VARIANT) or b""


def uses_harfbuzz_subset() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (fast) instead of fontTools (slow)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))
