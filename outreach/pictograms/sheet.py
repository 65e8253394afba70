"""Turn the pictogram catalogue into a contact sheet: HTML grid, then an accessible PDF.

Each pictogram shows at 24 mm (about the size on a flyer) with its Dutch label and its name
(what a template writes in `{{ pictogram("name") }}`); the credit line of every set used
stands at the bottom. The PDF is tagged (PDF/UA-1): each pictogram is an image with alt text.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..texts import t
from . import catalog
from .svg import data_uri

CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
html { font-family: "Open Sans", "DejaVu Sans", sans-serif; color: #161616; }
h1 { font-size: 20pt; margin: 0 0 2mm 0; }
p.intro { font-size: 12pt; margin: 0 0 6mm 0; }
.grid { font-size: 0; }
figure { display: inline-block; vertical-align: top; width: 30mm; margin: 0 0 5mm 0; text-align: center; }
figure img { width: 24mm; height: 24mm; display: block; margin: 0 auto 1.5mm auto; }
figcaption { font-size: 10pt; line-height: 1.25; }
figcaption b { display: block; }
figcaption span { font-size: 8pt; color: #4a4a4a; }
footer { margin-top: 4mm; border-top: 0.5pt solid #4a4a4a; padding-top: 2mm; font-size: 9pt; }
footer h2 { font-size: 10pt; margin: 0 0 1mm 0; }
footer p { margin: 0; }
"""


def contact_sheet_html() -> str:
    """The contact sheet as a complete HTML document (Dutch, with alt texts)."""
    cells = []
    for item in catalog.all_pictograms():
        cells.append(
            f'<figure><img src="{data_uri(item)}" alt="{escape(item.alt)}">'
            f"<figcaption><b>{escape(item.label)}</b><span>{escape(item.name)}</span></figcaption></figure>"
        )
    credits = "".join(f"<p>{escape(line)}</p>" for line in catalog.credits(None, required_only=False))
    title = escape(t("pictograms.sheet.title"))
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{CSS}</style></head><body><h1>{title}</h1>"
        f'<p class="intro">{escape(t("pictograms.sheet.intro"))}</p>'
        f'<div class="grid">{"".join(cells)}</div>'
        f'<footer><h2>{escape(t("pictograms.sheet.credits"))}</h2>{credits}</footer></body></html>'
    )


def write_contact_sheet(path: Path) -> Path:
    """Render the contact sheet to the PDF `path` (folders created); returns `path`."""
    import weasyprint

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    base = catalog.folders()[-1].resolve().as_uri() + "/"
    from ..fetcher import fetcher

    weasyprint.HTML(string=contact_sheet_html(), base_url=base, url_fetcher=fetcher()).write_pdf(path, pdf_variant="pdf/ua-1")
    return path
