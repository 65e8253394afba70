"""A Word letter (made here with python-docx, with a real MERGEFIELD field code) becomes a plain template."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from outreach.content import builtin_dir
from outreach.documents import render, wordimport
from outreach.documents.templates import template_from_path
from outreach.errors import InputError
from word_samples import word_letter

VALUES = {"wijk": "De Hoge Akker", "buurthuis": "Buurthuis De Linde", "klantnummer": "12345"}


def test_a_word_letter_becomes_the_plain_format_with_its_three_merge_fields() -> None:
    imported = wordimport.from_docx(word_letter())
    assert imported.subject == "Kom naar de buurtavond"
    assert imported.fields == ["wijk", "buurthuis", "klantnummer"]
    assert imported.body == ("U woont in de wijk ((wijk)). Daar is een avond voor **iedereen**.\n\n# Waar is het?\n\n"
                             "Het is in ((buurthuis)). Uw nummer is ((klantnummer)).\n\nNeem mee:\n\n"
                             "* uw pas\n* een vriend\n")


def test_the_imported_letter_renders_the_same_text_as_the_word_letter(content_dir: Path) -> None:
    import docx

    imported = wordimport.from_docx(word_letter())
    base = (builtin_dir("templates") / "uitnodiging.html.j2").read_text(encoding="utf-8")
    path = content_dir / "buurtavond.html.j2"
    path.write_text(wordimport.template_source(imported, base), encoding="utf-8")
    template = template_from_path(path)
    text = " ".join(str(render(template, {**template.fields, **VALUES}, format="txt")).split())
    word = docx.Document(io.BytesIO(word_letter()))
    for paragraph in word.paragraphs:  # what Word shows, with the merge fields filled in
        shown = paragraph.text.replace("«Wijk»", VALUES["wijk"]).replace("[buurthuis]", VALUES["buurthuis"])
        assert " ".join(shown.replace("«klantnummer»", VALUES["klantnummer"]).split()) in text


def test_a_file_that_is_not_word_or_too_big_is_refused_in_dutch() -> None:
    with pytest.raises(InputError, match="geen Word-bestand"):
        wordimport.from_docx(b"PK\x03\x04 niet echt")
    with pytest.raises(InputError, match="te groot"):
        wordimport.from_docx(b"x" * (wordimport.MAX_BYTES + 1))


def test_merge_field_names_become_field_names() -> None:
    assert wordimport.field_name("Naam klant") == "naam_klant"
    assert wordimport.field_name("Straße") == "strasse"
    assert wordimport.field_name("1e datum") == "veld_1e_datum"
