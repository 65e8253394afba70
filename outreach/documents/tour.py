"""Turn the demo recipients and a made-up coach into the documents part of `outreach demo`.

Writes under `out/documenten/`: the flyer (A4 and A5), the invitation letters for the demo
CSV as one PDF for printing, an appointment letter, the card for the door and the
pictogram contact sheet. Bad rows in the demo CSV are there on purpose, to show the report.
"""

from __future__ import annotations

from pathlib import Path

from ..texts import t

DEMO_CSV = Path(__file__).resolve().parent / "demo" / "ontvangers.csv"

COACH = {
    "coach_naam": "Sanne de Vries",
    "coach_voornaam": "Sanne",
    "coach_telefoon": "06-12345678",
    "gemeente": "Gemeente Voorbeeldstad",
    "team": "Team Coaches",
    "afzender_adres": "Stadhuisplein 1",
    "afzender_postcode": "5038 AA",
    "afzender_plaats": "Voorbeeldstad",
}


def run(out: Path, say: object = print) -> list[Path]:
    """Make the demo documents; print one Dutch line per file; return the files."""
    from .mailmerge import merge
    from .rendering import render
    from .sheet import contact_sheet

    folder = out / "documenten"
    folder.mkdir(parents=True, exist_ok=True)
    echo = say if callable(say) else print
    made: list[Path] = []

    flyer = {**COACH, "ontmoetplekken": "Buurthuis De Linde, Lindeplein 3; Bibliotheek Centrum, Markt 10"}
    for size in ("A4", "A5"):
        path = folder / f"flyer-{size.lower()}.pdf"
        render("flyer", {**flyer, "formaat": size}, out=path)
        made.append(path)

    result = merge("uitnodiging", DEMO_CSV, COACH, out=folder / "uitnodigingen.pdf", worker_count=1)
    made += result.outputs
    echo(t("documents.demo.letters", good=result.rendered, bad=len(result.skipped)))
    for row in result.skipped:
        echo(f"  {row}")

    appointment = {**COACH, "naam": "mevrouw F. El Amrani", "aanhef": "Beste mevrouw El Amrani",
                   "adres": "Kastanjelaan 12", "postcode": "5038 AB", "woonplaats": "Voorbeeldstad",
                   "afspraak_datum": "2026-12-08", "afspraak_tijd": "14:30",
                   "afspraak_plaats": "Buurthuis De Linde, Lindeplein 3"}
    path = folder / "bevestiging-afspraak.pdf"
    render("bevestiging-afspraak", appointment, out=path)
    made.append(path)

    path = folder / "niet-thuis.pdf"
    render("niet-thuis", {**COACH, "bezoek_datum": "2026-12-01"}, out=path)
    made.append(path)

    made.append(contact_sheet(folder / "pictogrammen.pdf"))
    echo(t("documents.demo.done", count=len(made), folder=folder))
    return made
