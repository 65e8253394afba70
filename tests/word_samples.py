"""A Word letter made with python-docx: a heading, bold, a list, a real MERGEFIELD field code and typed [naam] and «naam» fields."""

from __future__ import annotations

import io


def _merge_field(paragraph: object, name: str) -> None:
    """A complex MERGEFIELD as Word writes it: begin, instruction, separate, shown «name», end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(child: object) -> None:
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)  # type: ignore[attr-defined]

    for kind, text in (("begin", None), (None, f' MERGEFIELD "{name}" \\* MERGEFORMAT '), ("separate", None),
                       (None, f"«{name}»"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run_with(char)
        elif "MERGEFIELD" in text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run_with(instr)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run_with(shown)


def word_letter() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Kom naar de buurtavond", level=1)
    first = document.add_paragraph("U woont in de wijk ")
    _merge_field(first, "Wijk")
    first.add_run(". Daar is een avond voor ")
    first.add_run("iedereen").bold = True
    first.add_run(".")
    document.add_heading("Waar is het?", level=2)
    document.add_paragraph("Het is in [buurthuis]. Uw nummer is «klantnummer».")
    document.add_paragraph("Neem mee:")
    document.add_paragraph("uw pas", style="List Bullet")
    document.add_paragraph("een vriend", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
