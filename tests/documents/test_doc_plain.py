"""The plain template format: its blocks and fields, the Jinja it becomes, and every problem named with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach import db
from outreach.content import builtin_dir
from outreach.documents import drafts, load_template, plain, render, versions
from outreach.documents.templates import jinja_body, render_source, template_from_path
from outreach.errors import ContentError

LETTER = (builtin_dir("templates") / "uitnodiging.html.j2").read_text(encoding="utf-8")
FRONT, BODY = LETTER.split("---#}\n", 1)
FRONT += "---#}\n"
FIRST = FRONT.count("\n") + 1  # the file's line of the body's first line


@pytest.fixture
def url(content_dir: Path, tmp_path: Path) -> str:
    found = f"sqlite:///{tmp_path / 'sjablonen.db'}"
    db.use(found)
    return found


def test_blocks_and_fields_follow_the_marks() -> None:
    body = "Hallo ((voornaam)),\nhoe gaat het?\n\n# Kop\n\n* een\n* twee ((plaats))\n\n1. eerst\n\n---\n\n^ ((datum))"
    assert plain.blocks(body) == ["Hallo ((voornaam)),\nhoe gaat het?", "# Kop", "* een", "* twee ((plaats))",
                                  "1. eerst", "---", "^ ((datum))"]
    assert plain.fields(body) == ["voornaam", "plaats", "datum"]
    assert plain.fields("((a)) ((b??als er b is)) ((a))") == ["a", "b"]


def _jinja(body: str) -> str:
    return jinja_body(FRONT + body, "uitnodiging.html.j2")


def test_marks_become_the_house_style_html_and_fields_get_the_filter_of_their_kind() -> None:
    jinja = _jinja("# Wat doe ik?\n\n* **vet** ((coach_naam))\n* twee\n\n1. een\n\n---\n\nBel: ((coach_telefoon))")
    assert '{% extends "_brief.html.j2" %}' in jinja
    assert "<h2>Wat doe ik?</h2>" in jinja
    assert "<ul><li><strong>vet</strong> {{ coach_naam }}</li>\n<li>twee</li></ul>" in jinja
    assert "<ol><li>een</li></ol>" in jinja and '<div class="nieuwe-pagina"></div>' in jinja
    assert "{{ coach_telefoon|telefoon }}" in jinja  # staff never write a filter


def test_what_staff_type_is_text_never_jinja_or_html() -> None:
    template = load_template("uitnodiging", "html")
    body = "Dit is {{ 7*7 }} en {% if x %} en <b>vet</b> & meer."
    jinja = _jinja(body)
    html = render_source(template, template.fields, body=jinja)
    assert "Dit is {{ 7*7 }} en {% if x %} en &lt;b&gt;vet&lt;/b&gt; &amp; meer." in html


def test_conditional_text_shows_only_when_the_field_has_a_value() -> None:
    template = load_template("gemist-gesprek", "whatsapp")
    mobile = render_source(template, {**template.fields, "coach_telefoon": "06 12 34 56 78"})
    landline = render_source(template, {**template.fields, "coach_telefoon": "013 123 45 67"})
    assert "Terugbellen of appen mag ook" in mobile and "Terugbellen mag ook" in landline


@pytest.mark.parametrize(("body", "line", "words"), [
    ("Hallo.\n\nIk woon in ((wijk)).", 3, "((wijk))"),                       # not declared
    ("Hallo.\n\nIk ben ((coach_naam).\nMeer.", 3, "eindigt niet"),            # unclosed ((
    ("Hallo.\n\nMeer.\nKijk: ((coach_foto)).", 4, "foto"),                    # a photo in running text
    ("Hallo.\n\n**vet zonder einde.", 3, "**"),                                # a broken mark
    ("Hallo ((Coach Naam)).", 1, "klopt niet"),                               # not a field name
])
def test_each_problem_is_named_in_dutch_with_its_line(body: str, line: int, words: str) -> None:
    with pytest.raises(ContentError) as caught:
        drafts.check("uitnodiging", "html", FRONT + body)
    assert caught.value.where is not None and caught.value.where.line == FIRST + line - 1
    assert words in caught.value.message


def test_a_message_has_no_marks() -> None:
    source = (builtin_dir("templates") / "volgende-maand.sms.j2").read_text(encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        drafts.check("volgende-maand", "sms", source + "\n* een lijstje\n")
    assert "gewone tekst" in caught.value.message


def test_a_source_with_a_problem_is_never_saved(url: str) -> None:
    with db.session(url) as s:
        drafts.save(s, "uitnodiging", "html", FRONT + BODY.replace("Wat doe ik?", "Wat doe ik nu?"), 1, "Mira")
        s.commit()
    with db.session(url) as s, pytest.raises(ContentError):
        drafts.save(s, "uitnodiging", "html", FRONT + BODY + "\nIn ((wijk)).\n", 1, "Mira")
    with db.session(url) as s:
        assert [row.number for row in versions.history(s, "uitnodiging", "html")] == [2]  # the file is 1
    assert "Wat doe ik nu?" in render("uitnodiging", load_template("uitnodiging").fields, format="txt")


def test_a_user_file_in_the_plain_format_loads_like_a_built_in_one(content_dir: Path) -> None:
    (content_dir / "uitnodiging.html.j2").write_text(FRONT + "Een eigen zin voor ((coach_voornaam)).\n",
                                                      encoding="utf-8")
    template = template_from_path(content_dir / "uitnodiging.html.j2")
    text = render(template, template.fields, format="txt")
    assert "Een eigen zin voor Sanne." in text and "Sanne belt u binnenkort" in text


def test_a_page_break_starts_a_new_page_of_the_letter(content_dir: Path) -> None:
    from pypdf import PdfReader
    import io

    (content_dir / "uitnodiging.html.j2").write_text(FRONT + "Eerste bladzijde.\n\n---\n\nTweede bladzijde.\n",
                                                      encoding="utf-8")
    template = template_from_path(content_dir / "uitnodiging.html.j2")
    pages = PdfReader(io.BytesIO(render(template, template.fields))).pages
    assert len(pages) == 2 and "Tweede bladzijde." in pages[1].extract_text()
    assert "Tweede bladzijde." not in pages[0].extract_text()


def test_a_card_has_places_for_its_texts_and_names_what_does_not_fit() -> None:
    card = (builtin_dir("templates") / "niet-thuis.html.j2").read_text(encoding="utf-8")
    front = card.split("---#}\n")[0] + "---#}\n"
    jinja = jinja_body(front + "# Hoi\n\nIk kwam op ((bezoek_datum)).\n\nTot ziens.\n", "niet-thuis.html.j2")
    assert '{% extends "_kaart.html.j2" %}' in jinja and "{% block tekst_1 %}Ik kwam op {{ bezoek_datum|datum|heel }}." in jinja
    with pytest.raises(ContentError) as caught:
        drafts.check("niet-thuis", "html", front + "# Hoi\n\nEen.\n\nTwee.\n\nDrie.\n")
    assert caught.value.where is not None and caught.value.where.line == front.count("\n") + 7
    assert "geen plek" in caught.value.message


def test_a_hostile_text_gives_a_bounded_list_of_problems() -> None:
    found, _, _ = plain.problems("Hallo.\n\n" + "((" * 40_000, [], "html")
    assert len(found) == plain.MAX_PROBLEMS and found[0].line == 3
    found, _, _ = plain.problems("a\n((b))\n" * 3000, [], "sms")
    assert [p.line for p in found[:3]] == [2, 4, 6]  # lines counted once per block, not per field


def test_declaring_a_field_and_setting_the_subject_keep_a_good_front_matter() -> None:
    from outreach.documents.templates import parse_front_matter
    from outreach.errors import InputError

    source = drafts.declare_field(FRONT + BODY, "wijk", 'De "wijk" van\niemand')
    meta = parse_front_matter(source, "-")[0]
    assert meta["fields"]["wijk"] == 'De "wijk" van iemand'
    assert meta["field_info"]["wijk"] == {"label": 'De "wijk" van iemand', "kind": "text", "per_person": True}
    assert list(meta["field_info"])[-1] == "wijk" and source.endswith(BODY)
    for name, label, words in (("Wijk", "x", "kleine letters"), ("coach_naam", "x", "is er al"), ("buurt", " ", "Schrijf")):
        with pytest.raises(InputError, match=words):
            drafts.declare_field(FRONT, name, label)
    sms = (builtin_dir("templates") / "volgende-maand.sms.j2").read_text(encoding="utf-8")
    assert parse_front_matter(drafts.declare_field(sms, "wijk", "Wijk"), "-")[0]["field_info"] == {
        "wijk": {"label": "Wijk", "kind": "text", "per_person": True}}  # the table made when missing
    subject = parse_front_matter(drafts.set_subject(source, "Nieuw: ((coach_voornaam))"), "-")[0]["subject"]
    assert subject == "Nieuw: ((coach_voornaam))"


def test_the_appointment_box_gets_a_pictogram_per_line() -> None:
    source = (builtin_dir("templates") / "bevestiging-afspraak.html.j2").read_text(encoding="utf-8")
    jinja = jinja_body(source, "bevestiging-afspraak.html.j2")
    shown = [line.split('pictogram("')[1].split('"')[0] for line in jinja.splitlines() if "pictogram(" in line]
    assert shown == ["kalender", "klok", "locatie", "coach", "samen"]  # by the field's kind, else by a keyword
