"""Helpers for the documents tests: made-up people and PDF inspection."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outreach.documents.tour import COACH  # the demo coach: one made-up sender for demo and tests

PERSON = {
    "naam": "mevrouw F. El Amrani",
    "aanhef": "Beste mevrouw El Amrani",
    "adres": "Kastanjelaan 12",
    "postcode": "5038ab",
    "woonplaats": "Voorbeeldstad",
}
OFFICIALESE = (
    "Indien u niet in de gelegenheid bent om op bovengenoemde datum te verschijnen, verzoeken wij u "
    "vriendelijk doch dringend om zulks middels het bijgevoegde formulier teneinde een nieuwe afspraak "
    "te kunnen inplannen onverwijld aan ons kenbaar te maken, waarbij wij u erop attenderen dat het niet "
    "nakomen van de verplichtingen consequenties kan hebben voor de hoogte van uw uitkering."
)


@dataclass
class PdfFacts:
    pages: int
    text: str
    fonts: list[dict[str, str]]
    tagged: bool
    marked: bool
    lang: str | None
    title: str | None
    images_alt: list[str]
    reader: Any


def _alts(element: Any, found: list[str], depth: int = 0) -> None:
    obj = element.get_object()
    if not hasattr(obj, "get") or depth > 60:
        return
    if obj.get("/S") == "/Figure" and "/Alt" in obj:
        found.append(str(obj["/Alt"]))
    kids = obj.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
            _alts(kid, found, depth + 1)


def inspect_pdf(path: Path) -> PdfFacts:
    """Everything the tests ask of a PDF, read back with pypdf, pdftotext and pdffonts."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    fonts = [{"name": line.split()[0], "emb": line.split()[-5]} for line in lines if line.strip()]
    alts: list[str] = []
    if "/StructTreeRoot" in root:
        _alts(root["/StructTreeRoot"], alts)
    return PdfFacts(
        pages=len(reader.pages),
        text=" ".join(text.split()),
        fonts=fonts,
        tagged="/StructTreeRoot" in root,
        marked=bool(root.get("/MarkInfo", {}).get("/Marked")),
        lang=str(root.get("/Lang")) if "/Lang" in root else None,
        title=(reader.metadata or {}).get("/Title"),
        images_alt=alts,
        reader=reader,
    )


def assert_accessible(facts: PdfFacts) -> None:
    """Fonts embedded, tagged, marked, Dutch, with a title."""
    assert facts.fonts and all(f["emb"] == "yes" for f in facts.fonts), facts.fonts
    assert facts.tagged and facts.marked
    assert facts.lang == "nl"
    assert facts.title


def hard_letter(folder: Path) -> Path:
    """A letter in officialese that fails B1."""
    path = folder / "moeilijk.html.j2"
    fields = "\n".join(f'{k} = "{v}"' for k, v in {**COACH, **PERSON, "postcode": "5038 AB"}.items())
    path.write_text(
        '{#---\nkind = "letter"\ntitle = "Moeilijke brief"\nlevel = "B1"\n[fields]\n' + fields + "\n---#}\n"
        '{% extends "_brief.html.j2" %}\n{% block onderwerp %}Uw afspraak{% endblock %}\n'
        "{% block tekst %}<p>" + OFFICIALESE + "</p>{% endblock %}\n",
        encoding="utf-8",
    )
    return path
