"""The message templates: both variants, A2, signed by the coach, short, with Content variables."""

from __future__ import annotations

import pytest

from outreach import content
from outreach.messaging import preview
from outreach.messaging.templates import meta, sample_values

NAMES = ["gemist-gesprek", "herinnering-afspraak", "na-huisbezoek", "volgende-maand"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("channel", ["sms", "whatsapp"])
def test_template_contract(name: str, channel: str) -> None:
    assert content.find("templates", f"{name}.{channel}.j2") is not None
    front = meta(name, channel)
    assert front["kind"] == channel and front["level"] == "A2" and front["title"]
    p = preview(name, {"coach_voornaam": "Joost"}, channel)
    assert p.text.rstrip().endswith("Joost"), "signed with the coach's first name"
    if channel == "sms":
        assert p.segments is not None and p.segments.encoding == "GSM-7" and p.segments.count == 1
    else:
        assert str(front["content_sid"]).startswith("HX") and len(front["content_sid"]) == 34
        fields = {str(expr).split("|")[0].strip() for expr in front["content_variables"].values()}
        assert fields == set(sample_values(name, channel)), "every field travels as a Content variable"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("channel", ["sms", "whatsapp"])
def test_templates_read_at_a2(name: str, channel: str) -> None:
    readability = pytest.importorskip("outreach.readability")
    text = preview(name, None, channel).text
    report = readability.check(text, level="A2", kind=channel, known_words=tuple(sample_values(name, channel).values()))
    assert report.verdict != "fail", [f.message for f in report.findings]
