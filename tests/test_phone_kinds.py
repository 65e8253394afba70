"""Phone numbers of every kind are shown as they are dialled, and WhatsApp is offered only on a mobile (issue 18.6, 18.7)."""

from __future__ import annotations

import pytest

from outreach import fields
from outreach.cli import main
from outreach.messaging.templates import render


@pytest.mark.parametrize(("raw", "shown"), [
    ("14 013", "14 013"),                      # municipal 14-number, four digits: no leading 0
    ("14 0523", "14 0523"),                    # municipal 14-number, five digits
    ("+31 14013", "14 013"),
    ("0800-1234", "0800 1234"),                # free
    ("0800 0432", "0800 0432"),
    ("0900-1234567", "0900 1234567"),          # paid
    ("06-12345678", "06 12 34 56 78"),         # mobile
    ("013-5431234", "013 543 12 34"),          # landline, three-digit area code
    ("020-5551234", "020 555 12 34"),          # landline, two-digit area code
    ("088 1234567", "088 123 4567"),           # company number
    ("+49 1512 3456789", "+49 1512 3456789"),  # foreign mobile
    ("+32 2 555 12 34", "+32 2 555 12 34"),      # foreign landline
])
def test_every_kind_of_number_is_shown_as_dialled(raw: str, shown: str) -> None:
    assert fields.display_phone(fields.phone(raw)) == shown


def test_a_stored_value_that_is_no_number_is_shown_as_it_is() -> None:
    assert fields.display_phone("onbekend") == "onbekend"


@pytest.mark.parametrize(("number", "shown"), [("14 013", "14 013"), ("14 0523", "14 0523")])
def test_coaches_list_and_flyer_show_the_14_number(capsys: pytest.CaptureFixture[str], tmp_path, number: str,
                                                   shown: str) -> None:
    assert main(["coaches", "add", "Noor van den Broek", "--phone", number]) == 0
    assert main(["coaches", "list"]) == 0
    out = capsys.readouterr().out
    assert shown in out and "0" + shown not in out
    path = tmp_path / "flyer.txt"
    assert main(["render", "flyer", "--coach", "Noor van den Broek", "--set=gemeente=Voorbeeldstad",
                 "--set=ontmoetplekken=Buurthuis De Linde", "--format", "txt", "--out", str(path)]) == 0
    text = " ".join(path.read_text().split())
    assert shown in text and "0" + shown not in text


TEXTS = [("gemist-gesprek", "whatsapp"), ("na-huisbezoek", "sms"), ("na-huisbezoek", "whatsapp"),
         ("herinnering-afspraak", "whatsapp"), ("gemist-gesprek", "sms"), ("herinnering-afspraak", "sms")]


@pytest.mark.parametrize(("name", "channel"), TEXTS)
@pytest.mark.parametrize(("number", "app"), [("0135431234", False), ("14 013", False), ("0612345678", True)])
def test_a_message_offers_whatsapp_only_for_a_mobile_number(name: str, channel: str, number: str, app: bool) -> None:
    values = {"voornaam": "Fatima", "coach_voornaam": "Sanne", "coach_telefoon": number, "datum": "2026-12-10",
              "tijd": "10:00", "plaats": "Stadhuis"}
    text = render(name, values, channel).text
    assert fields.display_phone(fields.phone(number)) in text
    if not app:
        assert "app" not in text.replace("afspraak", "")
