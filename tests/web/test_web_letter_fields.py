"""Letter form: Dutch labels in the template's order with the right input, the coach fills the coach fields,
the mail merge lists per-person fields as the list's fields (18.10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from web_helpers import csrf, signed_in_user

from outreach.documents import load_template
from outreach.documents.fieldspec import parse
from outreach.errors import ContentError


@pytest.fixture
def studio(tmp_path: Path) -> tuple[object, str]:
    c = signed_in_user(f"sqlite:///{tmp_path / 'web.db'}", tmp_path)
    return c, csrf(c, "/brieven/uitnodiging")


def _labels(html: str, form_id: str) -> list[str]:
    form = html.split(f'id="{form_id}"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'<label for="[^"]+">([^<]+)</label>', form)


def test_the_letter_form_shows_dutch_labels_in_the_declared_order(studio: tuple[object, str]) -> None:
    c, _ = studio
    html = c.get("/brieven/bevestiging-afspraak").text  # type: ignore[attr-defined]
    labels = _labels(html, "brief")
    assert labels[:4] == ["Coach", "Naam op de envelop", "Aanhef, zoals: Beste mevrouw El Amrani", "Straat en huisnummer"]
    assert "afzender_adres" not in labels and "Adres van de gemeente" in labels
    assert labels.index("Datum van de afspraak") < labels.index("Naam van de coach")
    assert 'name="afspraak_datum" type="date"' in html and 'name="afspraak_tijd" type="time"' in html
    assert 'name="coach_foto"' not in html and 'name="logo"' not in html  # photos come from the records


def test_choosing_a_coach_replaces_the_old_coach_values(studio: tuple[object, str]) -> None:
    c, token = studio
    html = c.get("/brieven/uitnodiging").text  # type: ignore[attr-defined]
    assert """data-values='{"coach_naam": "Sanne Voorbeeld",""" in html and 'data-fills="coach"' in html
    page = c.post("/brieven/uitnodiging", data={"csrf": token, "actie": "voorbeeld", "coach": "Ahmed Demo",  # type: ignore[attr-defined]
                                                "coach_naam": "Sanne Voorbeeld"})
    form = page.text.split('id="brief"', 1)[1].split("</form>", 1)[0]
    assert 'value="Ahmed Demo"' in form and 'value="Sanne Voorbeeld"' not in form


def test_the_merge_lists_per_person_fields_as_the_lists_fields(studio: tuple[object, str]) -> None:
    c, _ = studio
    html = c.get("/brieven/uitnodiging").text  # type: ignore[attr-defined]
    merge = html.split('id="samenvoegen"', 1)[1]
    columns = merge.split('class="columns"', 1)[1].split("</ul>", 1)[0]
    same = merge.split("<details>", 1)[1].split("</details>", 1)[0]
    for name in ("naam", "aanhef", "adres", "postcode", "woonplaats"):
        assert f"<code>{name}</code>" in columns
        assert f'name="{name}"' not in same
    assert 'name="afzender_adres"' in same


@pytest.mark.parametrize("info, problem", [
    ('naam = "Naam"', "naam"),
    ('naam = { label = "Naam", kind = "kleur" }', "kleur"),
])
def test_a_wrong_field_declaration_is_named(info: str, problem: str) -> None:
    import tomllib

    with pytest.raises(ContentError, match=problem):
        parse(tomllib.loads(f"[field_info]\n{info}\n"), (), "x.html.j2")


def test_every_letter_declares_every_field_it_knows() -> None:
    from outreach.documents.templates import iter_templates

    for template in iter_templates():
        if template.kind == "letter":
            declared = set(template.meta.get("field_info", {}))
            assert declared == {*template.fields, *template.optional}, template.name
            assert load_template(template.name, "html").field_specs[0].name == "naam"
