"""Turn every pictogram on the search path into a contact sheet PDF with labels and credits.

Communication staff print it to choose pictograms; each tile shows the picture, its Dutch
label and the name to write in a template (`pictogram("koffie")`).
"""

from __future__ import annotations

from pathlib import Path

from ..texts import t
from .templates import Template, environment


def contact_sheet(out_path: Path) -> Path:
    """Write the contact sheet of all pictograms to `out_path` (PDF) and return it."""
    from .. import pictograms
    from . import pdf

    items = [{"name": p.name, "label": p.label, "alt": p.alt, "uri": pictograms.data_uri(p.name)}
             for p in pictograms.all()]
    credits = pictograms.credits([p.name for p in pictograms.all()])
    credit_lines = [credits] if isinstance(credits, str) else list(credits)
    template = Template(name="_contactblad", variant="html", kind="flyer", title=t("documents.sheet.title"),
                        level="A2", fields={}, path=Path("_contactblad.html.j2"),
                        meta={"css": ["css/basis.css", "css/contactblad.css"], "one_page": False})
    markup = environment().get_template("_contactblad.html.j2").render(
        template={"name": template.name, "title": template.title, "kind": template.kind, "level": template.level},
        titel=t("documents.sheet.title"), intro=t("documents.sheet.intro"), items=items,
        credits=credit_lines, credits_title=t("documents.sheet.credits"), level_override="", vertaling=None)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    pdf.write([pdf.document(markup, template)], out_path)
    return out_path
