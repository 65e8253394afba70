"""Turn rendered HTML into accessible PDF with WeasyPrint: one shared font set, CSS parsed once.

Every PDF is PDF/UA-1 (tagged, language nl, title, alt texts) with the fonts embedded. The
stylesheets of a template are parsed once per process and share one FontConfiguration, so a
mail merge pays for CSS and fonts once instead of once per letter. Letters get page numbers
only when they run over one page; flyers can get bleed and crop marks for a print shop.

Every document records the template version it was made from (`record_version`, called by
`document`, so one letter and every letter of a mail merge get it): the PDF's Subject names
the template's title and version, its Keywords hold `<name>-<version>`, and two custom
document-information keys (`/OutreachTemplate`, `/OutreachTemplateVersion`) hold the
template's name and version number for a program to read back (pypdf: `reader.metadata`).
The joined mail merge (`pdfjoin`) keeps the first part's document information.
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

# Fonts for other scripts than Latin, Greek and Cyrillic (Open Sans has those): the family the
# stylesheet names (css/basis.css), from Debian's fonts-noto-core, per language that needs it.
SCRIPT_FONTS = {"ar": "Noto Sans Arabic", "fa": "Noto Sans Arabic", "prs": "Noto Sans Arabic",
                "ur": "Noto Sans Arabic", "ps": "Noto Sans Arabic", "ckb": "Noto Sans Arabic",
                "ti": "Noto Sans Ethiopic", "am": "Noto Sans Ethiopic", "he": "Noto Sans Hebrew"}
FONT_PACKAGE = "fonts-noto-core"


def installed_families() -> frozenset[str]:
    """The font families fontconfig knows on this machine (asked once per process)."""
    if "families" not in _state:
        import subprocess

        try:
            listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            listed = ""
        _state["families"] = frozenset(name.strip() for line in listed.splitlines() for name in line.split(","))
    families: frozenset[str] = _state["families"]
    return families


def check_font(lang: str) -> None:
    """ContentError naming the missing font and its Debian package when `lang` needs a font this machine lacks."""
    base = lang.strip().lower().replace("_", "-").split("-")[0]
    family = SCRIPT_FONTS.get(base)
    if family and installed_families() and family not in installed_families():
        raise ContentError(t("documents.bilingual.font_missing", font=family, lang=lang, package=FONT_PACKAGE))


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
    record_version(doc, template)
    if template.kind == "flyer" and template.meta.get("one_page", True):  # one sheet: measure the boxes
        from . import fit

        found = fit.problems(doc)
        if found:
            key = "documents.too_many_pages" if "pages" in found else "documents.does_not_fit"
            raise InputError(t(key, title=template.title, pages=len(doc.pages)), Where(file=template.filename))
    return doc


TEMPLATE_KEY, VERSION_KEY = "OutreachTemplate", "OutreachTemplateVersion"  # custom keys of the PDF's /Info


def record_version(doc: Any, template: Template) -> None:
    """Put the template's name and version number in the document's metadata (Subject, Keywords, custom keys)."""
    meta = doc.metadata
    tag = f"{template.name}-{template.version}"
    meta.description = t("documents.versions.pdf_subject", title=template.title, version=template.version)
    meta.keywords = list(meta.keywords or []) + ([] if tag in (meta.keywords or []) else [tag])
    meta.custom = {TEMPLATE_KEY: template.name, VERSION_KEY: str(template.version)}


def write(documents: Sequence[Any], target: Path | None = None) -> bytes | None:
    """Write one or more laid-out documents as one PDF (to `target`, or return the bytes); the first one's metadata."""
    from . import pdflang

    first = documents[0]
    combined = first if len(documents) == 1 else first.copy([p for d in documents for p in d.pages])
    languages = pdflang.page_languages(combined.pages)
    catalog = combined.metadata.lang or ""
    if not pdflang.needs_marking(languages, catalog):
        return combined.write_pdf(target, pdf_variant=PDF_VARIANT, custom_metadata=True)
    data = pdflang.mark(combined.write_pdf(pdf_variant=PDF_VARIANT, custom_metadata=True), languages)  # /Lang per part
    if target is None:
        return data
    Path(target).write_bytes(data)
    return None


def write_pages(first: Any, pages: Sequence[Any]) -> bytes:
    """Write laid-out pages (of `first` and documents like it) as one PDF, with `first`'s metadata."""
    return write([first.copy(list(pages))]) or b""


def uses_harfbuzz_subset() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (fast) instead of fontTools (slow)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))
