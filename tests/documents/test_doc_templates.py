"""Templates: front matter, strict fields, sandbox, autoescape, user overrides, readability."""

from __future__ import annotations

from pathlib import Path

import pytest
from clock_helpers import run_outreach

from outreach.documents import load_template, render_text, sample_text, template_names
from outreach.documents.templates import html_to_text, render_source
from outreach.errors import ContentError, FieldError, NotFoundError

BUILT_IN = [("uitnodiging", "letter", "B1"), ("bevestiging-afspraak", "letter", "B1"),
            ("niet-thuis", "flyer", "A2"), ("flyer", "flyer", "A2")]


@pytest.mark.parametrize(("name", "kind", "level"), BUILT_IN)
def test_built_in_templates_declare_what_they_are(name: str, kind: str, level: str) -> None:
    template = load_template(name)
    assert (template.kind, template.level, template.variant) == (kind, level, "html")
    assert template.title and template.fields and template.path.name == f"{name}.html.j2"
    assert name + ".html" in template_names()


@pytest.mark.parametrize(("name", "kind", "level"), BUILT_IN)
def test_built_in_templates_pass_their_level(name: str, kind: str, level: str) -> None:
    from outreach.documents.templates import known_words
    from outreach.readability import check

    text, template = sample_text(name)
    report = check(text, level=level, kind=kind, known_words=known_words(template.fields))
    assert report.verdict != "fail", report.to_dict()


def test_sample_text_leaves_out_address_but_render_text_keeps_it() -> None:
    text, template = sample_text("uitnodiging")
    assert "Sanne belt u binnenkort" in text and "Kastanjelaan" not in text
    full = render_text("uitnodiging", template.fields)
    assert "Kastanjelaan 12" in full and "06 12 34 56 78" in full


def test_missing_field_names_field_and_template(coach: dict[str, str]) -> None:
    with pytest.raises(FieldError) as err:
        render_text("flyer", coach)  # no ontmoetplekken
    assert "ontmoetplekken" in str(err.value) and "flyer.html.j2" in str(err.value)
    assert err.value.where and err.value.where.field == "ontmoetplekken"


def test_unknown_template_lists_the_known_ones() -> None:
    with pytest.raises(NotFoundError) as err:
        load_template("bestaat-niet")
    assert "uitnodiging" in str(err.value)


def test_html_is_autoescaped(coach: dict[str, str]) -> None:
    template = load_template("flyer")
    html = render_source(template, {**coach, "coach_naam": "<script>x</script>", "ontmoetplekken": "A & B"})
    assert "<script>x" not in html and "&lt;script&gt;" in html and "A &amp; B" in html


def test_sandbox_blocks_unsafe_attributes(content_dir: Path) -> None:
    (content_dir / "kwaad.sms.j2").write_text(
        '{#---\nkind = "sms"\ntitle = "x"\n[fields]\n---#}\n{{ "".__class__.__mro__[1].__subclasses__() }}\n')
    with pytest.raises(ContentError):
        render_text("kwaad", {}, variant="sms")


def test_front_matter_is_required(content_dir: Path) -> None:
    (content_dir / "kaal.sms.j2").write_text("Hallo {{ voornaam }}\n")
    with pytest.raises(ContentError) as err:
        load_template("kaal", "sms")
    assert "kaal.sms.j2" in str(err.value)


def test_bad_kind_is_refused(content_dir: Path) -> None:
    (content_dir / "raar.sms.j2").write_text('{#---\nkind = "poster"\ntitle = "x"\n---#}\nHoi\n')
    with pytest.raises(ContentError) as err:
        load_template("raar")
    assert "poster" in str(err.value)


def test_syntax_error_names_file_and_line(content_dir: Path) -> None:
    (content_dir / "stuk.sms.j2").write_text('{#---\nkind = "sms"\ntitle = "x"\n---#}\nHoi\n{% if %}\n')
    with pytest.raises(ContentError) as err:
        render_text("stuk", {})
    assert "stuk.sms.j2" in str(err.value) and "regel 6" in str(err.value)


def test_user_template_overrides_and_extends_the_built_in_one(content_dir: Path, coach: dict[str, str],
                                                              person: dict[str, str]) -> None:
    (content_dir / "uitnodiging.html.j2").write_text(
        '{#---\nkind = "letter"\ntitle = "Eigen uitnodiging"\nlevel = "B1"\n[fields]\nnaam = "x"\n---#}\n'
        '{% extends "ingebouwd/uitnodiging.html.j2" %}\n'
        '{% block onderwerp %}Een eigen kop voor {{ coach_voornaam }}{% endblock %}\n')
    template = load_template("uitnodiging")
    assert template.title == "Eigen uitnodiging" and template.path.parent == content_dir
    text = render_text("uitnodiging", {**coach, **person})
    assert "Een eigen kop voor Sanne" in text
    assert "Een gesprek met mij is vrijwillig" in text  # the built-in body is kept


def test_sms_template_renders_plain_text(content_dir: Path) -> None:
    (content_dir / "groet.sms.j2").write_text(
        '{#---\nkind = "sms"\ntitle = "Groet"\nlevel = "A2"\n[fields]\nvoornaam = "Fatima"\n---#}\n'
        "Hallo {{ voornaam }} & tot {{ dag|default('2026-12-08')|datum }}.\n")
    assert render_text("groet", {"voornaam": "Fatima", "dag": "2026-12-08"}) == "Hallo Fatima & tot dinsdag 8 december.\n"
    template = load_template("groet.sms")
    assert template.kind == "sms" and template.fields == {"voornaam": "Fatima"}
    text, same = sample_text(content_dir / "groet.sms.j2")
    assert same.name == "groet" and text.startswith("Hallo Fatima")


def test_sample_text_accepts_a_path() -> None:
    path = load_template("niet-thuis").path
    text, template = sample_text(str(path))
    assert template.name == "niet-thuis" and "U was niet thuis" in text


@pytest.mark.parametrize(("markup", "expected"), [
    ("<html><head><title>T</title><style>p{}</style></head><body><p>Een</p><p>Twee &amp; drie</p></body></html>",
     "Een\n\nTwee & drie\n"),
    ('<div><p data-leescheck="nee">Adres</p><p>Tekst <strong>vet</strong>.</p></div>', "Tekst vet.\n"),
])
def test_html_to_text(markup: str, expected: str) -> None:
    assert html_to_text(markup, skip_unchecked=True) == expected


@pytest.mark.instant("2026-12-02T00:05:00+01:00")  # 23:05 on 1 December in UTC
def test_letter_date_is_the_amsterdam_date_on_a_utc_machine(tmp_path: Path) -> None:
    done = run_outreach("render", "uitnodiging", "--sample", "--format", "txt", "--out", str(tmp_path / "brief.txt"),
                        cwd=tmp_path, extra_env={"TZ": "UTC"})
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "brief.txt").read_text(encoding="utf-8")
    assert "2 december 2026" in text and "1 december" not in text


@pytest.mark.parametrize(("field_info", "ok"), [
    ({"naam": {"label": "Naam", "kind": "text", "per_person": True}}, True),
    ({"naam": "Naam"}, False),
    ({"naam": {"label": {"deeper": "x"}}}, False),
    ({"naam": {"label": ["a", "b"]}}, False),
])
def test_field_info_is_a_small_table_per_field(field_info: dict[str, object], ok: bool) -> None:
    from outreach.documents.templates import check_front_matter

    meta = {"kind": "letter", "field_info": field_info}
    if ok:
        check_front_matter(meta, "brief.html.j2")
    else:
        with pytest.raises(ContentError, match="field_info.naam"):
            check_front_matter(meta, "brief.html.j2")
