"""Write the Word, PDF and HTML copies of some test letters in tests/readability/letters/.

Run once after changing a letter: python3 scripts/make_letter_copies.py
The Word copies keep the reference lines in a two-column table at the top and the sender in
the page footer, as municipal letter templates do; the PDF copies run over two pages with the
letterhead and a page number repeated on every page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

LETTERS = Path(__file__).resolve().parent.parent / "tests" / "readability" / "letters"
_LABEL = re.compile(r"^([A-Z][\w() ]{1,30}?)(?:\s*:| {2,})\s*(.+)$")  # "Datum: 1 mei" or "Totaal     € 485,00"


def _blocks(text: str) -> list[str]:
    return [b.strip("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]


def to_docx(src: Path, dest: Path) -> None:
    import docx

    document = docx.Document()
    blocks = _blocks(src.read_text(encoding="utf-8"))
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "Gemeente Dijkerveen | Postbus 4410 | 7799 ZX Dijkerveen | www.dijkerveen.nl"
    for block in blocks:
        lines = block.split("\n")
        if all(_LABEL.match(line) for line in lines) and len(lines) >= 2:
            table = document.add_table(rows=0, cols=2)
            for line in lines:
                m = _LABEL.match(line)
                row = table.add_row().cells
                row[0].text, row[1].text = m.group(1), m.group(2)
            continue
        paragraph = document.add_paragraph()
        for i, line in enumerate(lines):
            if i:
                paragraph.add_run().add_break()
            paragraph.add_run(line)
    document.save(dest)


def to_pdf(src: Path, dest: Path) -> None:
    import weasyprint

    body = "".join("<p>" + "<br>".join(html.escape(line) for line in block.split("\n")) + "</p>"
                   for block in _blocks(src.read_text(encoding="utf-8")))
    page = f"""<html><head><style>
    @page {{ size: A5; margin: 25mm 15mm;
      @top-center {{ content: "Gemeente Dijkerveen - Werk en Inkomen"; font-size: 8pt; }}
      @bottom-center {{ content: "Pagina " counter(page) " van " counter(pages); font-size: 8pt; }}
      @bottom-right {{ content: "www.dijkerveen.nl"; font-size: 8pt; }} }}
    body {{ font: 10pt sans-serif; }} p {{ white-space: pre-wrap; }}
    </style></head><body>{body}</body></html>"""
    weasyprint.HTML(string=page).write_pdf(dest)


def to_html(src: Path, dest: Path) -> None:
    parts = []
    for block in _blocks(src.read_text(encoding="utf-8")):
        lines = block.split("\n")
        if all(line.startswith("- ") for line in lines[1:]) and len(lines) > 1:
            items = "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines[1:])
            parts.append(f"<p>{html.escape(lines[0])}</p><ul>{items}</ul>")
        else:
            parts.append("<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>")
    dest.write_text("<!doctype html><html lang=nl><head><meta charset=utf-8><title>Brief</title></head><body>\n"
                    + "\n".join(parts) + "\n</body></html>\n", encoding="utf-8")


if __name__ == "__main__":
    for name in ("plain_besluit_bijstand", "stiff_besluit_bijstand", "stiff_inlichtingen", "plain_inlichtingen",
                 "plain_bijzondere_bijstand", "stiff_maatregel"):
        to_docx(LETTERS / f"{name}.txt", LETTERS / f"{name}.docx")
    for name in ("plain_terugvordering", "stiff_terugvordering", "plain_bijzondere_bijstand"):
        to_pdf(LETTERS / f"{name}.txt", LETTERS / f"{name}.pdf")
    for name in ("plain_uitnodiging", "plain_schuldhulp"):
        to_html(LETTERS / f"{name}.txt", LETTERS / f"{name}.html")
