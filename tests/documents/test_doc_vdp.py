"""Variable-data merging: letters composed from one laid-out master read exactly like whole letters."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from doc_helpers import COACH, assert_accessible, inspect_pdf

from outreach.documents import load_template, merge, pdf, vdp
from outreach.documents.rendering import render_html, validate

HEADER = ["naam", "aanhef", "adres", "postcode", "woonplaats", "brief_datum"]
NAMES = ["X", "mevrouw A. Bo", "de heer J. van der Berg-Achterhuis", "mevrouw " + "Q" * 60,
         "familie El Amrani-Van Oostveen-De Groot", "Ümit Çelik", "mevrouw T. Testpersoon"]


def rows(count: int) -> list[list[str]]:
    """People whose names, greetings and addresses differ a lot in length; some without a date."""
    found = []
    for i in range(count):
        name = NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i}")
        greeting = f"Beste {name}" if i != 9 else "Beste " + "heel lange aanhef " * 8  # takes a second line
        address = f"Laan {i + 1}" if i != 11 else "Burgemeester Van Heemskerckstraat 1234 bis, achterhuis, derde verdieping"
        found.append([name, greeting, address, "5038 AB", "Voorbeeldstad", "" if i % 3 else f"{i % 27 + 1}-03-2027"])
    return found


def page_texts(path: Path) -> list[str]:
    count = inspect_pdf(path).pages
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


def page_pixels(path: Path) -> list[bytes]:
    """Each page drawn in grey at 20 dpi (pdftoppm), as bytes."""
    folder = path.with_suffix("")
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(path), str(folder / "p")], capture_output=True, check=True)
    return [page.read_bytes() for page in sorted(folder.iterdir())]


def test_composed_letters_read_like_whole_letters(tmp_path: Path) -> None:
    people = rows(20)
    data = tmp_path / "mensen.csv"
    data.write_text("\n".join(";".join(r) for r in [HEADER, *people]) + "\n", encoding="utf-8")
    out = tmp_path / "brieven.pdf"
    result = merge("uitnodiging", data, COACH, out=out, worker_count=1)
    assert result.rendered == 20

    # The reference: every letter laid out whole, on its own.
    template = load_template("uitnodiging")
    markups = [render_html(template, validate(template, {**COACH, **dict(zip(HEADER, r))})[0]) for r in people]
    whole = tmp_path / "heel.pdf"
    whole.write_bytes(pdf.write([pdf.document(m, template) for m in markups]) or b"")
    assert page_texts(out) == page_texts(whole)
    assert page_pixels(out) == page_pixels(whole)  # drawn alike, not only the same text

    # Most letters were composed; the master (one of them), the names that need two lines in the address
    # window, the long greeting and the long address were laid out whole.
    letters = vdp.layout(template, markups)
    laid_out_whole = [i for i, letter in enumerate(letters) if letter.whole]
    two_lines = [i for i, r in enumerate(people) if "Q" * 60 in r[0]]
    odd = {9, 11, *two_lines}
    master = set(laid_out_whole) - odd
    assert odd <= set(laid_out_whole) and len(master) == 1 and len(laid_out_whole) < 8

    subprocess.run(["qpdf", "--check", str(out)], capture_output=True, check=True)
    facts = inspect_pdf(out)
    assert_accessible(facts)
    structure = subprocess.run(["pdfinfo", "-struct", str(out)], capture_output=True, text=True, check=True).stdout
    assert structure.startswith("Document") and structure.count("Sect") == 20
    assert facts.images_alt.count("Foto van Sanne de Vries") == 20


def test_html_that_differs_outside_a_block_is_laid_out_whole() -> None:
    template = load_template("uitnodiging")
    base = {**COACH, "naam": "mevrouw A", "aanhef": "Beste mevrouw A", "adres": "Laan 1", "postcode": "5038 AB",
            "woonplaats": "Voorbeeldstad"}
    other = {**base, "naam": "mevrouw B", "gemeente_telefoon": "0201234567"}  # an extra line in the letterhead
    markups = [render_html(template, validate(template, values)[0]) for values in (base, other, {**base, "naam": "C"})]
    master, second, third = (vdp.scan(m) for m in markups)
    assert master and second and third
    assert vdp.variable_blocks(master, second) is None
    assert vdp.variable_blocks(master, third)
    assert [letter.whole for letter in vdp.layout(template, markups)] == [True, True, False]


def test_a_block_that_depends_on_its_neighbours_is_laid_out_whole(content_dir: Path) -> None:
    fields = "\n".join(f'{k} = "{v}"' for k, v in {**COACH, "naam": "mevrouw A", "aanhef": "Beste mevrouw",
                                                   "adres": "Laan 1", "postcode": "5038 AB",
                                                   "woonplaats": "Voorbeeldstad"}.items())
    (content_dir / "buren.html.j2").write_text(
        '{#---\nkind = "letter"\ntitle = "Buren"\nlevel = "B1"\n[fields]\n' + fields + "\n---#}\n"
        '{% extends "_brief.html.j2" %}{% block onderwerp %}Buren{% endblock %}{% block tekst %}'
        '<style>.tekst p + p { font-size: 20pt; }</style><p>We bellen u.</p><p>Tot dan, {{ naam }}.</p>'
        "{% endblock %}")
    template = load_template("buren")
    markups = [render_html(template, validate(template, {**COACH, "naam": name, "aanhef": "Beste mevrouw",
                                                         "adres": "Laan 1", "postcode": "5038 AB",
                                                         "woonplaats": "Voorbeeldstad"})[0])
               for name in ("mevrouw A", "mevrouw B")]
    assert [letter.whole for letter in vdp.layout(template, markups)] == [True, True]


def test_merge_rows_joins_given_rows_and_skips_bad_ones(tmp_path: Path) -> None:
    from outreach.documents import merge_rows

    given = [(line, dict(zip(HEADER, r))) for line, r in enumerate(rows(14), start=2)]
    given[4][1]["postcode"] = "niet goed"
    skipped: list[object] = []
    out = tmp_path / "deel.pdf"
    result = merge_rows("uitnodiging", given, out, constants=COACH, bad_row=skipped.append, worker_count=2)
    assert result.rendered == 13 and result.outputs == [out]
    assert [(row.line, row.field) for row in result.skipped] == [(6, "postcode")] and len(skipped) == 1
    texts = page_texts(out)
    assert len(texts) == 13 and all(name.split()[0] in text for (_, values), text
                                     in zip([g for g in given if g[0] != 6], texts) for name in [values["naam"]])
    structure = subprocess.run(["pdfinfo", "-struct", str(out)], capture_output=True, text=True, check=True).stdout
    assert structure.count("Sect") == 13


def test_unexpected_boxes_mean_whole_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    template = load_template("uitnodiging")
    base = {**COACH, "aanhef": "Beste mevrouw", "adres": "Laan 1", "postcode": "5038 AB", "woonplaats": "Voorbeeldstad"}
    markups = [render_html(template, validate(template, {**base, "naam": name})[0]) for name in ("A", "B", "C")]

    def broken(page_box: object) -> list[object]:
        raise AttributeError("children")

    monkeypatch.setattr(vdp, "_boxes", broken)
    letters = vdp.layout(template, markups)
    assert [letter.whole for letter in letters] == [True, True, True]
    assert all(len(letter.pages) == 1 for letter in letters)


def test_composed_letters_with_crop_marks_look_like_whole_ones(tmp_path: Path) -> None:
    template = load_template("uitnodiging")
    markups = [render_html(template, validate(template, {**COACH, **dict(zip(HEADER, r))})[0]) for r in rows(6)]
    markups.append(markups[-1])  # the same letter twice: its pages are drawn twice
    letters = vdp.layout(template, markups, print_marks=True)
    assert sum(not letter.whole for letter in letters) >= 4
    composed, whole = tmp_path / "samen.pdf", tmp_path / "heel.pdf"
    composed.write_bytes(pdf.write_pages(letters[0].document, [p for letter in letters for p in letter.pages]))
    whole.write_bytes(pdf.write([pdf.document(m, template, print_marks=True) for m in markups]) or b"")
    assert page_pixels(composed) == page_pixels(whole)  # crop marks drawn once on every page
