"""Rules for what the word lists missed: stock phrases as classes, abbreviations, legal references, slashes."""

from __future__ import annotations

import pytest

from outreach.readability import check


def _found(text: str, rule: str) -> list[str]:
    report = check(text)
    return [report.text[f.start:f.end] for f in report.findings if f.rule == rule]


@pytest.mark.parametrize(("text", "phrase"), [
    ("Krachtens de wet krijgt u geld.", "Krachtens"),
    ("Ingevolge de wet krijgt u geld.", "Ingevolge"),
    ("Wij sturen u een brief inzake uw huur.", "inzake"),
    ("De eerder genoemde brief is weg.", "eerder genoemde"),
    ("De hiervoor bedoelde brief is weg.", "hiervoor bedoelde"),
    ("U krijgt medio oktober een brief.", "medio oktober"),
    ("Met referte aan uw brief sturen wij dit.", "Met referte aan"),
    ("Mensen vragen in toenemende mate om hulp.", "in toenemende mate"),
    ("Aangezien u verhuist, stopt de bijstand.", "Aangezien"),
    ("Wij regelen het in dier voege.", "in dier voege"),
    ("U moet mededeling doen van uw nieuwe baan.", "mededeling doen van"),
    ("Het college doet mededeling van het besluit.", "doet mededeling van"),
])
def test_stock_phrases_are_found_as_one_phrase(text: str, phrase: str) -> None:
    """Found as one phrase, or by the officialese list when that has the word already ('inzake')."""
    assert phrase in _found(text, "stock-phrase") + _found(text, "officialese")


def test_a_stock_phrase_is_not_also_a_rare_word() -> None:
    report = check("Met referte aan uw brief sturen wij dit.")
    assert not [f for f in report.findings if f.rule == "rare-word" and report.text[f.start:f.end] == "referte"]


@pytest.mark.parametrize("word", ["CAK", "WWB", "IOAW", "Bbz", "WML"])
def test_an_unexplained_abbreviation_is_advice_once(word: str) -> None:
    text = f"U krijgt een brief van de {word}. De {word} betaalt u elke maand."
    assert _found(text, "abbreviation") == [word]


@pytest.mark.parametrize("text", [
    "De Wet maatschappelijke ondersteuning (Wmo) helpt u thuis. De Wmo betaalt ook.",
    "Het CAK (het kantoor voor uw eigen bijdrage) stuurt u een brief.",
    "Het UWV stuurt u een brief. Log in met DigiD.",
])
def test_an_explained_or_everyday_abbreviation_is_no_finding(text: str) -> None:
    assert _found(text, "abbreviation") == []


def test_legal_cross_references() -> None:
    found = _found("Dit staat in artikel 9, eerste lid, onderdeel a van de wet. Zie ook art. 6:5 Awb.", "legal-reference")
    assert found == ["artikel 9, eerste lid, onderdeel a", "art. 6:5 Awb"]
    assert _found("Dit staat in artikel 9 van de wet.", "legal-reference") == []


def test_slash_forms_but_not_dates_urls_or_numbers() -> None:
    text = "Dit geldt voor zijn/haar (ex-)echtgenoot/echtgenote en/of kinderen. Kijk op www.gemeente.nl/bijstand of bel 24/7. Datum: 12/05/2024."
    assert _found(text, "slash-form") == ["zijn/haar", "(ex-)echtgenoot/echtgenote", "en/of"]


def test_the_name_of_a_law_is_one_term_named_once() -> None:
    text = "De Wet maatschappelijke ondersteuning helpt u thuis. Vraag hulp via de Wet maatschappelijke ondersteuning."
    report = check(text)
    terms = [report.text[f.start:f.end] for f in report.findings if f.rule == "term"]
    assert terms == ["Wet maatschappelijke ondersteuning"]
    assert not [f for f in report.findings if f.rule == "officialese" and "maatschappelijke" in report.text[f.start:f.end]]


def test_an_adviser_can_add_a_class(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "readability"
    folder.mkdir()
    (folder / "phrases.toml").write_text('[[class]]\nname = "test"\nphrases = ["gouden bergen"]\nadvice = []\n', encoding="utf-8")
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path))
    assert _found("Wij beloven u geen gouden bergen.", "stock-phrase") == ["gouden bergen"]
