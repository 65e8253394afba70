"""Translations of a template: exported for translators, imported with every check, approved by a second person."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from outreach import db
from outreach.documents import translationfiles as files
from outreach.documents import translations as tr
from outreach.documents import versions
from outreach.errors import ConflictError, InputError

FRONT = '{#---\nkind = "%s"\ntitle = "Kennismaken met uw coach"\nlevel = "B1"\n---#}\n'
BODY = ("Ik ben ((coach_naam)). Ik bel u binnenkort op.\n\n"
        "Bel mij gerust op ((coach_telefoon)). Dat kan tot ((brief_datum)).\n\n"
        "Een gesprek is vrijwillig.\n")
ARABIC = {"titel": "تعرّف على مدربك",
          "blok-1": "أنا ((coach_naam)). سأتصل بك قريبًا.",
          "blok-2": "اتصل بي على ((coach_telefoon)). يمكنك ذلك حتى ((brief_datum)).",
          "blok-3": "المحادثة طوعية."}


def _dutch(url: str, body: str = BODY, kind: str = "letter", name: str = "kennismaken") -> None:
    with db.session(url) as s:
        versions.add(s, name, "html", FRONT % kind + body, versions.PASSING, 1, "Mira Communicatie")


def translated_xliff(exported: bytes, units: dict[str, str]) -> bytes:
    """The exported file with a <target> per unit, made the way a translation tool does.

    A ((veld)) of the Dutch becomes its <ph>, a ((veld??tekst)) its <pc> around the translated
    text; any other ((...)) the translator typed stays text.
    """
    from xml.etree import ElementTree as ET

    ns = files.XLIFF_NS
    ET.register_namespace("", ns)
    root = ET.fromstring(exported)
    for unit in root.iter(f"{{{ns}}}unit"):
        segment = unit.find(f"{{{ns}}}segment")
        ph = {p.get("disp"): p.get("id") for p in segment.iter(f"{{{ns}}}ph")}
        pc = {p.get("dispStart"): p.get("id") for p in segment.iter(f"{{{ns}}}pc")}
        target = ET.SubElement(segment, f"{{{ns}}}target")
        target.text, last, at = "", None, 0
        text = units[unit.get("id")]
        for match in re.finditer(r"\(\(([a-z_]+)(\?\?(.*?))?\)\)", text, re.S):
            start = f"(({match.group(1)}??"
            if match.group(0) in ph:
                element = ET.Element(f"{{{ns}}}ph", {"id": ph[match.group(0)]})
            elif match.group(2) and start in pc:
                element = ET.Element(f"{{{ns}}}pc", {"id": pc[start]})
                element.text = match.group(3)
            else:
                continue  # typed as text: it stays in the text around it
            before = text[at:match.start()]
            if last is None:
                target.text += before
            else:
                last.tail += before
            target.append(element)
            last, at = element, match.end()
            last.tail = ""
        if last is None:
            target.text += text[at:]
        else:
            last.tail += text[at:]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _import(url: str, data: bytes, who: int = 7) -> list[tr.Translation]:
    with db.session(url) as s:
        sources = {("kennismaken", "html"): tr.dutch(s, "kennismaken")}
        return tr.store(s, files.read(data, sources), who, "Mira Communicatie")


def _export(url: str, language: str = "ar", fmt: str = "xliff") -> bytes:
    with db.session(url) as s:
        return files.export([tr.dutch(s, "kennismaken")], language, fmt)[1]


def _count(url: str) -> int:
    with db.session(url) as s:
        return int(s.scalar(select(func.count()).select_from(tr.Translation)) or 0)


def test_xliff_export_locks_fields_and_has_a_note_per_unit(database_url: str) -> None:
    _dutch(database_url)
    data = _export(database_url).decode()
    assert 'srcLang="nl"' in data and 'trgLang="ar"' in data and data.count("<unit ") == 4
    assert '<ph id="f1" disp="((coach_telefoon))"' in data and 'canDelete="no"' in data
    assert data.count('category="uitleg"') == 4 and "Velden: ((coach_telefoon)), ((brief_datum))" in data


def test_po_export_has_context_notes_and_flags(database_url: str) -> None:
    _dutch(database_url)
    data = _export(database_url, "Pools", "po").decode()
    assert "Language: pl" in data and 'msgctxt "kennismaken.html@1#blok-2"' in data
    assert "#, outreach-velden" in data and "python-format" not in data and "#. Velden: ((coach_telefoon))" in data


def test_translated_xliff_with_rtl_text_a_date_and_a_phone_is_imported_and_approved_by_another(database_url: str) -> None:
    _dutch(database_url)
    [row] = _import(database_url, translated_xliff(_export(database_url), ARABIC))
    assert row.status == tr.CONCEPT and row.language == "ar" and row.dutch_number == 1
    assert row.blocks[1] == ARABIC["blok-2"] and row.title == ARABIC["titel"]
    with db.session(database_url) as s:
        assert tr.approved(s, "kennismaken", "ar") is None  # a concept is never used
        with pytest.raises(ConflictError):
            tr.approve(s, "kennismaken", "ar", 7, "Mira Communicatie")  # never the importer
        tr.approve(s, "kennismaken", "ar", 8, "Tara Taal")
    with db.session(database_url) as s:
        found = tr.approved(s, "kennismaken", "ar")
        assert found is not None and "((coach_telefoon))" in found.body and found.approved_by_name == "Tara Taal"
        assert tr.approved(s, "kennismaken", "pl") is None and tr.approved_languages(s, "kennismaken") == {"ar"}


def test_po_round_trip(database_url: str) -> None:
    from babel.messages.pofile import read_po, write_po
    import io

    _dutch(database_url)
    catalog = read_po(io.BytesIO(_export(database_url, "ti", "po")))
    tigrinya = {"titel": "ምስ ኣሰልጣኒኹም ምልላይ", "blok-1": "ኣነ ((coach_naam)) እየ።",
                "blok-2": "ብ ((coach_telefoon)) ደውሉለይ። ክሳብ ((brief_datum))።", "blok-3": "ዝርርብ ብድሌትኩም እዩ።"}
    for message in catalog:
        if message.id:
            message.string = tigrinya[str(message.context).rpartition("#")[2]]
    out = io.BytesIO()
    write_po(out, catalog)
    [row] = _import(database_url, out.getvalue())
    assert row.language == "ti" and row.blocks[0] == tigrinya["blok-1"]


@pytest.mark.parametrize(("unit", "text", "words"), [
    ("blok-2", "اتصل بي. يمكنك ذلك حتى ((brief_datum)).", ["blok-2", "Bel mij gerust op", "((coach_telefoon)) ontbreekt"]),
    ("blok-1", "أنا ((coach_naam)) ((iban)).", ["blok-1", "Ik ben", "((iban)) staat niet in de Nederlandse tekst"]),
    ("blok-2", "اتصل بي على ((coach_tel)). حتى ((brief_datum)).", ["blok-2", "veranderd in ((coach_tel))"]),
    ("blok-3", "المحادثة طوعية. " * 8, ["blok-3", "Een gesprek is vrijwillig", "te lang"]),
    ("blok-3", "سطر\n\nسطر", ["blok-3", "lege regel"]),
    ("blok-3", "المحادثة\x9b طوعية.", ["blok-3", "niet te zien"]),
    ("blok-3", "المحادثة {{ config.items() }} طوعية.", ["blok-3", "{{ config.items() }} is anders"]),
    ("blok-3", "المحادثة <script>alert(1)</script>", ["blok-3", "<script> is anders"]),
    ("blok-1", "أنا ((coach_naam)) {% include 'x' %}", ["blok-1", "{% include 'x' %}"]),
])
def test_a_translation_that_does_not_fit_is_refused_naming_the_string(database_url: str, unit: str, text: str,
                                                                       words: list[str]) -> None:
    _dutch(database_url, kind="flyer")
    with pytest.raises(InputError) as caught:
        _import(database_url, translated_xliff(_export(database_url), {**ARABIC, unit: text}))
    assert all(w in caught.value.message for w in words), caught.value.message
    assert _count(database_url) == 0  # nothing stored


def test_a_refused_import_leaves_the_stored_translation_alone(database_url: str) -> None:
    _dutch(database_url)
    _import(database_url, translated_xliff(_export(database_url), ARABIC))
    with db.session(database_url) as s:
        tr.approve(s, "kennismaken", "ar", 8, "Tara Taal")
    with pytest.raises(InputError):
        _import(database_url, translated_xliff(_export(database_url), {**ARABIC, "blok-1": "أنا"}))
    with db.session(database_url) as s:
        assert tr.approved(s, "kennismaken", "ar") is not None


def test_a_dutch_change_makes_it_out_of_date_until_approved_again(database_url: str) -> None:
    _dutch(database_url)
    _import(database_url, translated_xliff(_export(database_url), ARABIC))
    with db.session(database_url) as s:
        tr.approve(s, "kennismaken", "ar", 8, "Tara Taal")
    _dutch(database_url, BODY.replace("binnenkort", "snel"))  # version 2 is live
    with db.session(database_url) as s:
        assert tr.approved(s, "kennismaken", "ar") is None
        assert [state for _, state in tr.listing(s)] == [tr.OUTDATED]
        tr.approve(s, "kennismaken", "ar", 8, "Tara Taal")  # reviewed again: the same blocks and fields still fit
    with db.session(database_url) as s:
        row = tr.approved(s, "kennismaken", "ar")
        assert row is not None and row.dutch_number == 2
    _dutch(database_url, BODY.replace("((coach_telefoon))", "((gemeente_telefoon))"))  # a field changed
    with db.session(database_url) as s, pytest.raises(ConflictError):
        tr.approve(s, "kennismaken", "ar", 8, "Tara Taal")


def test_a_file_for_an_older_dutch_version_is_refused(database_url: str) -> None:
    _dutch(database_url)
    old = _export(database_url)
    _dutch(database_url, BODY + "\nNog een zin.\n")
    with pytest.raises(InputError) as caught:
        _import(database_url, translated_xliff(old, ARABIC))
    assert "versie 1" in caught.value.message and "versie 2" in caught.value.message and _count(database_url) == 0


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><xliff>&b;</xliff>',
    b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><xliff/>',
    b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nl" trgLang="ar"><file',
    b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nl" trgLang="nl"><file id="a" original="kennismaken.html.j2@1"/></xliff>',
    b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nl" trgLang="ar"><file id="a" original="../../etc/passwd"/></xliff>',
    b"<a>" * 5000,
    b"msgid \"\nmsgstr",
    b"x" * (files.MAX_FILE + 1),
])
def test_hostile_or_broken_files_are_refused_in_dutch(database_url: str, data: bytes) -> None:
    _dutch(database_url)
    with pytest.raises(InputError) as caught:
        _import(database_url, data)
    assert caught.value.message and "Traceback" not in caught.value.message and _count(database_url) == 0


def test_too_many_units_are_refused(database_url: str) -> None:
    _dutch(database_url)
    units = "".join(f'<unit id="u{i}"><segment><source>x</source><target>x</target></segment></unit>' for i in range(files.MAX_UNITS + 1))
    data = ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nl" trgLang="ar">'
            f'<file id="a" original="kennismaken.html.j2@1">{units}</file></xliff>').encode()
    with pytest.raises(InputError) as caught:
        _import(database_url, data)
    assert "te veel" in caught.value.message and _count(database_url) == 0


def test_a_conditional_field_is_locked_around_its_translated_text(database_url: str) -> None:
    body = "Bel mij op ((coach_telefoon)).((coach_whatsapp?? Of stuur een WhatsApp.))\n"
    _dutch(database_url, body)
    exported = _export(database_url)
    assert b'<pc id="f2" dispStart="((coach_whatsapp??" dispEnd="))" canCopy="no" canDelete="no">' in exported
    assert b"Velden: ((coach_telefoon)), ((coach_whatsapp??\xe2\x80\xa6))" in exported
    units = {"titel": "تعرّف على مدربك", "blok-1": "اتصل بي على ((coach_telefoon)).((coach_whatsapp?? أو أرسل رسالة واتساب.))"}
    [row] = _import(database_url, translated_xliff(exported, units))
    assert row.body == units["blok-1"]
    with pytest.raises(InputError) as caught:  # the translator dropped the condition
        _import(database_url, translated_xliff(exported, {**units, "blok-1": "اتصل بي على ((coach_telefoon))."}))
    assert "((coach_whatsapp??…)) ontbreekt" in caught.value.message


def test_the_cli_exports_imports_and_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from babel.messages.pofile import read_po, write_po

    from outreach.cli import main

    _dutch(db.database_url())
    out = tmp_path / "kennismaken-pl.po"
    assert main(["translations", "export", "kennismaken", "--taal", "Pools", "--format", "po", "--out", str(out)]) == 0
    catalog = read_po(io.BytesIO(out.read_bytes()))
    polish = {"titel": "Poznaj swojego coacha", "blok-1": "Jestem ((coach_naam)). Wkrótce do Pana zadzwonię.",
              "blok-2": "Proszę dzwonić: ((coach_telefoon)), do ((brief_datum)).", "blok-3": "Rozmowa jest dobrowolna."}
    for message in catalog:
        if message.id:
            message.string = polish[str(message.context).rpartition("#")[2]]
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    out.write_bytes(buffer.getvalue().replace(b"((brief_datum))", b"((datum))"))
    capsys.readouterr()
    assert main(["translations", "import", str(out)]) == 2
    assert "blok-2 ('Bel mij gerust op" in " ".join(capsys.readouterr().err.split())
    out.write_bytes(buffer.getvalue())
    assert main(["translations", "import", str(out)]) == 0
    assert main(["translations", "list"]) == 0
    listed = capsys.readouterr().out
    assert "kennismaken.html (pl)" in listed and "Pools" in listed and "concept" in listed


XML_PIECES = st.sampled_from(['<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nl" trgLang="ar">',
                              "</xliff>", '<file id="a" original="kennismaken.html.j2@1">', "</file>", '<unit id="blok-1">',
                              '<unit id="titel">', "</unit>", "<segment>", "</segment>", "<target>", "</target>",
                              '<ph id="f1"/>', '<ph id="f99"/>', '<pc id="f2">', "</pc>", "<mrk>", "</mrk>",
                              "((coach_naam))", "نص", "&amp;", "&x;", "<!DOCTYPE x>", "\x00", "]]>"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(XML_PIECES, max_size=30))
def test_any_xliff_like_file_is_read_or_refused_in_dutch(pieces: list[str]) -> None:
    source = tr.Dutch("kennismaken", "html", 1, "0" * 64, "letter", "Titel", ("Ik ben ((coach_naam)).",))
    try:
        found = files.read("".join(pieces).encode("utf-8"), {("kennismaken", "html"): source})
    except InputError as exc:
        assert exc.message
        return
    assert all(isinstance(item, tr.Incoming) and item.language == "ar" for item in found)


PO_PIECES = st.sampled_from(['msgid ""\n', 'msgstr ""\n', '"Language: ar\\n"\n', '"Language: xx\\n"\n',
                             'msgctxt "kennismaken.html@1#blok-1"\n', 'msgctxt "../../x"\n', 'msgid "Ik ben ((coach_naam))."\n',
                             'msgstr "أنا ((coach_naam))."\n', 'msgid_plural "x"\n', 'msgstr[0] "y"\n', "#, fuzzy\n",
                             "#~ msgid \"old\"\n", '"\n', "\\", "\n", 'msgstr "\\x"\n', '"Content-Type: text/plain; charset=utf-16\\n"\n'])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(PO_PIECES, max_size=30))
def test_any_po_like_file_is_read_or_refused_in_dutch(pieces: list[str]) -> None:
    try:
        found = files.read("".join(pieces).encode("utf-8"), {})
    except InputError as exc:
        assert exc.message
        return
    assert all(isinstance(item, tr.Incoming) and item.language == "ar" for item in found)


def test_every_language_a_person_can_have_can_be_exported_and_read_back() -> None:
    from outreach import languages

    source = tr.Dutch("kennismaken", "html", 1, "0" * 64, "letter", "Titel", ("Ik ben ((coach_naam)).",))
    for code in languages.names():
        if code == languages.DUTCH:
            continue
        for fmt in files.FORMATS:
            _, data = files.export([source], code, fmt)
            assert files.read(data, {("kennismaken", "html"): source})[0].language == code, (code, fmt)


def test_too_many_templates_are_refused(database_url: str) -> None:
    _dutch(database_url)
    many = "".join(f'<file id="a{i}" original="kennismaken.html.j2@1"/>' for i in range(files.MAX_TEMPLATES + 1))
    data = f'<xliff xmlns="{files.XLIFF_NS}" version="2.0" srcLang="nl" trgLang="ar">{many}</xliff>'.encode()
    with pytest.raises(InputError) as caught:
        _import(database_url, data)
    assert "te veel sjablonen" in caught.value.message and _count(database_url) == 0


def test_the_built_in_invitation_letter_translated_prints_its_subject_and_the_coachs_numbers(database_url: str) -> None:
    """The plain built-in letter: its subject line is the first unit, and a house-style field such as
    ((bel_mij)) (a Dutch sentence on the Dutch side) prints the coach's numbers in the translated part."""
    import pypdf
    import io

    from outreach.documents import load_template
    from outreach.documents.bilingual import render_bilingual

    with db.session(database_url) as s:
        source = tr.dutch(s, "uitnodiging")
        data = files.export([source], "ar", "xliff")[1]
    assert source.blocks[0] == "# ((coach_voornaam)) belt u binnenkort"
    arabic = {unit: ("# " if text.startswith("# ") else "") + "نص " + " ".join(re.findall(r"\(\([a-z_]+\)\)", text))
              for unit, text in source.units.items()}
    with db.session(database_url) as s:
        tr.store(s, files.read(translated_xliff(data, arabic), {("uitnodiging", "html"): source}), 7, "Mira Communicatie")
        tr.approve(s, "uitnodiging", "ar", 8, "Tara Taal")
    with db.session(database_url) as s:
        found = tr.approved(s, "uitnodiging", "ar")
        assert found is not None and found.body.startswith("# نص ((coach_voornaam))")
        body = found.body
    values = dict(load_template("uitnodiging").meta["fields"], coach_whatsapp="06 87 65 43 21")
    pages = pypdf.PdfReader(io.BytesIO(render_bilingual("uitnodiging", values, "ar", body))).pages
    arabic_text = "\n".join(page.extract_text() for page in pages[1:])
    assert "Sanne" in arabic_text and "06 12 34 56 78 / 06 87 65 43 21" in arabic_text
    assert "belt u" not in arabic_text and "Bel of app" not in arabic_text
