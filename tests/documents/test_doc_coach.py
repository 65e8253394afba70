"""Documents take the coach's details from the coaches table: typed once (issue 10.3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_helpers import PERSON

from outreach.cli import main
from outreach.documents import render_text

BASE = {"gemeente": "Gemeente Voorbeeldstad", "team": "Team Coaches", "afzender_adres": "Stadhuisplein 1",
        "afzender_postcode": "5038 AA", "afzender_plaats": "Voorbeeldstad", "bezoek_datum": "2026-12-01",
        "ontmoetplekken": "Buurthuis De Linde, Lindeplein 3"}


def _sets(values: dict[str, str]) -> list[str]:
    return [f"--set={k}={v}" for k, v in values.items()]


@pytest.mark.parametrize(("template", "extra"), [("flyer", {}), ("niet-thuis", {}), ("uitnodiging", PERSON)])
@pytest.mark.parametrize(("phone", "whatsapp", "app"), [
    ("0612345678", None, True),           # a mobile number: call or app
    ("0131234567", None, False),          # a landline: call only
    ("0131234567", "0687654321", True),   # a landline and WhatsApp: both numbers
])
def test_render_with_coach_uses_the_coach_record(tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str,
                                                 extra: dict[str, str], phone: str, whatsapp: str | None,
                                                 app: bool) -> None:
    add = ["coaches", "add", "Noor van den Broek", "--phone", phone]
    assert main(add + (["--whatsapp", whatsapp] if whatsapp else [])) == 0
    out = tmp_path / "d.txt"
    values = {k: v for k, v in BASE.items() if k not in ("ontmoetplekken",) or template == "flyer"}
    values = {k: v for k, v in values.items() if k != "bezoek_datum" or template == "niet-thuis"}
    if template != "uitnodiging":
        values = {k: v for k, v in values.items() if k not in ("team", "afzender_adres", "afzender_postcode",
                                                                "afzender_plaats")}
    code = main(["render", template, "--coach", "Noor van den Broek", *_sets({**values, **extra}),
                 "--format", "txt", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    text = out.read_text()
    assert "Noor van den Broek" in text and "Sanne" not in text
    assert ("app mij" in text.lower() or "whatsapp" in text.lower()) == app
    if not app:
        assert "Bel mij" in text or "Bellen" in text
    if whatsapp:
        assert "06 87 65 43 21" in text


def test_unknown_coach_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "flyer", "--sample", "--coach", "Niemand"]) == 2
    assert "Niemand" in capsys.readouterr().err


def test_sample_does_not_add_whatsapp_to_a_landline_coach(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coaches", "add", "Noor van den Broek", "--phone", "0131234567"]) == 0
    out = tmp_path / "f.txt"
    assert main(["render", "flyer", "--sample", "--coach", "Noor", "--format", "txt", "--out", str(out)]) == 0
    text = out.read_text()
    assert "013 123 45 67" in text and "06 12 34 56 78" not in text and "WhatsApp" not in text


@pytest.mark.parametrize(("phone", "expected"), [("06 12 34 56 78", "Bel of app mij"), ("013 123 45 67", "Bel mij")])
def test_templates_say_app_only_for_a_mobile_number(phone: str, expected: str) -> None:
    values = {**BASE, "coach_naam": "Noor van den Broek", "coach_voornaam": "Noor", "coach_telefoon": phone}
    assert expected in render_text("niet-thuis", values)
