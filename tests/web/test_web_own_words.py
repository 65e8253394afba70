"""CLI words never reach the web (18.15): library errors say what is wrong; the CLI and the web each add their own hint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from web_helpers import PASSWORD, client, csrf, sign_in, signed_in_user

from outreach import db
from outreach.errors import InputError
from outreach.texts import all_texts

CLI_WORDS = re.compile(r"(?<![\w-])--[a-z]|\boutreach [a-z]+ [a-z]+|\.j2\b|veld '")


def test_no_web_text_names_an_option_a_command_or_a_file() -> None:
    for key, text in all_texts():
        if key.startswith("web."):
            assert not CLI_WORDS.search(text), key


@pytest.mark.parametrize("hint", ["set_values", "choose_coach", "coach_phone"])
def test_each_surface_words_the_same_hint_its_own_way(hint: str) -> None:
    error = InputError("Er ontbreekt iets.", hint=hint, coach="Sanne", field="naam")
    assert "--" in error.hint_text("cli") or "outreach" in error.hint_text("cli")
    assert error.hint_text("web") and not CLI_WORDS.search(error.hint_text("web"))
    assert "--" not in str(error)  # the library's own message has no surface words


def test_a_letter_error_names_the_field_by_its_label(tmp_path: Path) -> None:
    c = signed_in_user(f"sqlite:///{tmp_path / 'web.db'}", tmp_path)
    token = csrf(c, "/brieven/uitnodiging")
    result = c.post("/brieven/uitnodiging/voorbeeld", data={"csrf": token, "coach": "Sanne Voorbeeld",
                                                           "postcode": "12345"}).json()
    assert "\n- Postcode: '12345' is geen goede postcode." in result["error"]
    assert "\n- Naam op de envelop: Dit veld is leeg." in result["error"] and "veld '" not in result["error"]


def test_a_mail_merge_without_columns_gives_the_webs_hint(tmp_path: Path) -> None:
    c = signed_in_user(f"sqlite:///{tmp_path / 'web.db'}", tmp_path)
    token = csrf(c, "/brieven/uitnodiging")
    response = c.post("/brieven/uitnodiging/samenvoegen", data={"csrf": token, "coach": "Sanne Voorbeeld"},
                      files={"lijst": ("mensen.csv", b"naam;adres\nA;Laan 1\n", "text/csv")})
    page = c.get(response.headers["location"]).text
    assert "Deze velden ontbreken" in page and "Velden die voor iedereen gelijk zijn" in page
    assert "--set" not in page and "mensen.csv" not in page


def test_an_import_row_without_coach_gets_each_surfaces_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from outreach.cli import main
    from outreach.web.users import add_user

    url = f"sqlite:///{tmp_path / 'web.db'}"
    signed_in_user(url, tmp_path)
    with db.session(url) as s:
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
    admin = client(url)
    assert sign_in(admin, "Bea Beheer") == 303
    rows = b"klantnummer;voornaam;achternaam;postcode;telefoon\nK-9;Otto;Zondercoach;5038 AB;06-55554444\n"
    page = admin.post("/beheer/lijst", data={"csrf": csrf(admin, "/beheer/lijst")},
                      files={"lijst": ("lijst.csv", rows, "text/csv")}).text
    assert "Deze regel heeft geen coach." in page and "Zet bij deze persoon een coach in uw lijst." in page
    assert "--coach" not in page and "veld &#39;" not in page
    (tmp_path / "lijst.csv").write_bytes(rows)
    assert main(["coaches", "add", "Sanne Voorbeeld", "--phone", "06-11112222"]) == 0
    capsys.readouterr()
    main(["prospects", "import", str(tmp_path / "lijst.csv")])
    err = capsys.readouterr().err.replace("\n", " ")
    assert "Deze regel heeft geen coach." in err and "Gebruik --coach of --assign, of vul de kolom coach." in err
