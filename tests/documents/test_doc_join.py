"""Streaming join: many letters in one tagged PDF, one Sect per letter, written part by part."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from doc_helpers import COACH, assert_accessible, inspect_pdf

from outreach.documents import merge
from outreach.documents.pdfjoin import Joiner, join

HEADER = ["naam", "aanhef", "adres", "postcode", "woonplaats"]


def write_people(path: Path, count: int) -> Path:
    rows = [[f"mevrouw Nummer{i:02d}", f"Beste mevrouw Nummer{i:02d}", f"Laan {i + 1}", "5038 AB", "Voorbeeldstad"]
            for i in range(count)]
    path.write_text("\n".join(";".join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return [k.get_object() for k in (kids if isinstance(kids, list) else [kids]) if hasattr(k.get_object(), "get")]


def _pages_below(element: Any, page_index: dict[int, int]) -> set[int]:
    found = set()
    if "/Pg" in element:
        found.add(page_index[element.raw_get("/Pg").idnum])
    for kid in _kids(element):
        found |= _pages_below(kid, page_index)
    return found


def test_sixty_letters_from_two_workers_stay_accessible(tmp_path: Path) -> None:
    data = write_people(tmp_path / "mensen.csv", 60)
    out = tmp_path / "brieven.pdf"
    result = merge("uitnodiging", data, COACH, out=out, worker_count=2)
    assert result.rendered == 60 and result.outputs == [out]
    assert not list(tmp_path.glob(".brieven.pdf.*")), "temporary file left behind"

    facts = inspect_pdf(out)
    assert facts.pages == 60
    assert_accessible(facts)
    assert facts.images_alt.count("Foto van Sanne de Vries") == 60
    positions = [facts.text.index(f"mevrouw Nummer{i:02d}") for i in range(60)]
    assert positions == sorted(positions)

    reader = facts.reader
    root = reader.trailer["/Root"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert b"pdfuaid" in root["/Metadata"].get_data()
    tree = root["/StructTreeRoot"]
    document = tree["/K"].get_object()
    assert document["/S"] == "/Document" and document.raw_get("/P").idnum == tree.indirect_reference.idnum
    sections = _kids(document)
    assert [s["/S"] for s in sections] == ["/Sect"] * 60
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    for number, section in enumerate(sections):
        assert section.raw_get("/P").idnum == document.indirect_reference.idnum
        assert _pages_below(section, page_index) == {number}  # one letter, one page, one Sect
        assert all(kid.raw_get("/P").idnum == section.indirect_reference.idnum for kid in _kids(section))

    # The parent tree (a number tree with one leaf per part) maps each page to its own elements.
    keys = [int(page["/StructParents"]) for page in reader.pages]
    assert keys == list(range(60)) and int(tree["/ParentTreeNextKey"]) == 60
    entries = {}
    for leaf in tree["/ParentTree"]["/Kids"]:
        nums = leaf.get_object()["/Nums"]
        low, high = (int(x) for x in leaf.get_object()["/Limits"])
        assert low == int(nums[0]) and high == int(nums[-2])
        entries.update({int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)})
    assert sorted(entries) == keys
    for key, page in zip(keys, reader.pages):
        owners = {e.get_object().raw_get("/Pg").idnum for e in entries[key]}
        assert owners == {page.indirect_reference.idnum}

    structure = subprocess.run(["pdfinfo", "-struct", str(out)], capture_output=True, text=True, check=True).stdout
    assert structure.count("Sect") == 60 and structure.startswith("Document")


def test_long_letters_keep_their_page_numbers_and_one_sect_each(tmp_path: Path, content_dir: Path) -> None:
    fields = "\n".join(f'{k} = "{v}"' for k, v in {**COACH, "naam": "mevrouw A", "aanhef": "Beste mevrouw",
                                                   "adres": "Laan 1", "postcode": "5038 AB",
                                                   "woonplaats": "Voorbeeldstad"}.items())
    body = "<p>Ik bel u volgende week. Dan praten we even.</p>\n" * 40
    (content_dir / "lang.html.j2").write_text(
        '{#---\nkind = "letter"\ntitle = "Lange brief"\nlevel = "B1"\n[fields]\n' + fields + "\n---#}\n"
        '{% extends "_brief.html.j2" %}{% block onderwerp %}Lang{% endblock %}{% block tekst %}' + body
        + "{% endblock %}")
    data = write_people(tmp_path / "mensen.csv", 3)
    out = tmp_path / "lang.pdf"
    merge("lang", data, COACH, out=out, worker_count=1)
    facts = inspect_pdf(out)
    per_letter = facts.pages // 3
    assert per_letter >= 2 and facts.pages == 3 * per_letter
    assert facts.text.count(f"Pagina 1 van {per_letter}") == 3  # numbered per letter, not per file
    assert_accessible(facts)
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(facts.reader.pages)}
    sections = _kids(facts.reader.trailer["/Root"]["/StructTreeRoot"]["/K"].get_object())
    assert len(sections) == 3
    for number, section in enumerate(sections):
        pages = _pages_below(section, page_index)
        assert pages and pages <= set(range(number * per_letter, (number + 1) * per_letter))


def test_joiner_target_appears_only_when_complete_and_keeps_strings_intact(tmp_path: Path) -> None:
    from outreach.documents import render

    # A reference-like text inside a string (the photo's alt text) must not be renumbered.
    odd = {**COACH, "coach_naam": "Sanne (1 0 R) de Vries"}
    person = {"naam": "mevrouw B", "aanhef": "Beste mevrouw", "adres": "Laan 2", "postcode": "5038 AB",
              "woonplaats": "Voorbeeldstad"}
    part = render("uitnodiging", {**odd, **person})
    assert isinstance(part, bytes)
    out = tmp_path / "samen.pdf"
    joiner = Joiner(out)
    for _ in range(3):
        joiner.add(part, [1])
    assert not out.exists()  # the target appears only when complete
    joiner.write()
    assert out.exists() and not list(tmp_path.glob(".samen.pdf.*"))
    facts = inspect_pdf(out)
    assert facts.pages == 3
    assert_accessible(facts)
    assert facts.images_alt == ["Foto van Sanne (1 0 R) de Vries"] * 3


def test_join_without_letters_makes_one_sect_per_part_and_abort_cleans_up(tmp_path: Path) -> None:
    from outreach.documents import render

    person = {"naam": "mevrouw C", "aanhef": "Beste mevrouw", "adres": "Laan 3", "postcode": "5038 AB",
              "woonplaats": "Voorbeeldstad"}
    part = render("uitnodiging", {**COACH, **person})
    assert isinstance(part, bytes)
    assert join([part, part], tmp_path / "twee.pdf") == 2
    facts = inspect_pdf(tmp_path / "twee.pdf")
    assert facts.pages == 2
    assert len(_kids(facts.reader.trailer["/Root"]["/StructTreeRoot"]["/K"].get_object())) == 2

    joiner = Joiner(tmp_path / "half.pdf")
    joiner.add(part)
    joiner.abort()
    assert not list(tmp_path.glob("*half.pdf*"))
    broken = Joiner(tmp_path / "kapot.pdf")
    with pytest.raises(ValueError):
        broken.add(b"geen pdf")
    broken.abort()
    assert not list(tmp_path.glob("*kapot.pdf*"))


def _mcids(page: Any) -> list[int]:
    """The marked-content ids on a page, in the order of its content stream."""
    import pikepdf

    found = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) > 1 and isinstance(operands[1], pikepdf.Dictionary):
            if "/MCID" in operands[1]:
                found.append(int(operands[1].MCID))
    return found


def _owns(element: Any, mcid: int) -> bool:
    import pikepdf

    kids = element.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return any((isinstance(k, int) and int(k) == mcid)
               or (isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR" and int(k.MCID) == mcid)
               for k in items if k is not None)


def test_joined_file_passes_qpdf_and_its_tags_point_to_pages_and_marked_content(tmp_path: Path) -> None:
    import stat

    import pikepdf

    data = write_people(tmp_path / "mensen.csv", 30)
    out = tmp_path / "brieven.pdf"
    merge("uitnodiging", data, COACH, out=out, worker_count=2)  # several chunks from two workers
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # names and addresses: the owner's only
    assert not list(tmp_path.glob(".brieven.pdf.*"))
    done = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr

    with pikepdf.open(out) as pdf:
        assert pdf.check_pdf_syntax() == []  # Pdf.check() of older pikepdf
        assert pdf.pdf_version >= "1.7"
        assert str(pdf.Root.Lang) == "nl" and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.docinfo.Title).startswith("Uitnodiging") or str(pdf.docinfo.Title)
        meta = pdf.open_metadata()
        assert meta.get("dc:title") and meta.get("pdfuaid:part") == "1"
        tree = pdf.Root.StructTreeRoot
        document = tree.K
        assert document.S == "/Document" and document.P.objgen == tree.objgen
        sections = list(document.K)
        assert len(sections) == 30 and all(s.S == "/Sect" and s.P.objgen == document.objgen for s in sections)
        parents = pikepdf.NumberTree(tree.ParentTree)
        keys = []
        for number, page in enumerate(pdf.pages):
            key = int(page.obj.StructParents)
            keys.append(key)
            owners = parents[key]
            mcids = _mcids(page)
            assert mcids and len(owners) >= max(mcids) + 1
            for mcid in mcids:  # each marked-content sequence belongs to an element on this page
                element = owners[mcid]
                assert element.Pg.objgen == page.obj.objgen and _owns(element, mcid), (number, mcid)
                while element.get("/S") != "/Sect":  # ... inside this letter's Sect
                    element = element.P
                assert element.objgen == sections[number].objgen, (number, mcid)
        assert sorted(keys) == keys and len(set(keys)) == 30 and int(tree.ParentTreeNextKey) > keys[-1]


def test_batches_joined_again_keep_one_sect_per_letter(tmp_path: Path) -> None:
    from outreach.documents import merge_rows

    rows = [(line, {"naam": f"mevrouw Deel{line:02d}", "aanhef": f"Beste mevrouw Deel{line:02d}", "adres": "Laan 1",
                    "postcode": "5038 AB", "woonplaats": "Voorbeeldstad"}) for line in range(2, 16)]
    batches = []
    for number, batch in enumerate((rows[:5], rows[5:])):  # a job's batches, each its own file
        part = tmp_path / f"deel{number}.pdf"
        assert merge_rows("uitnodiging", batch, part, constants=COACH, worker_count=1).rendered == len(batch)
        batches.append(part.read_bytes())
    out = tmp_path / "samen.pdf"
    assert join(batches, out) == 2
    subprocess.run(["qpdf", "--check", str(out)], capture_output=True, check=True)
    facts = inspect_pdf(out)
    assert facts.pages == 14
    assert_accessible(facts)
    root = facts.reader.trailer["/Root"]
    sections = _kids(root["/StructTreeRoot"]["/K"].get_object())
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(facts.reader.pages)}
    assert [s["/S"] for s in sections] == ["/Sect"] * 14
    assert [_pages_below(s, page_index) for s in sections] == [{i} for i in range(14)]
    positions = [facts.text.index(f"mevrouw Deel{line:02d}") for line, _ in rows]
    assert positions == sorted(positions)
    keys = [int(page["/StructParents"]) for page in facts.reader.pages]
    assert keys == sorted(set(keys)) and int(root["/StructTreeRoot"]["/ParentTreeNextKey"]) > keys[-1]
