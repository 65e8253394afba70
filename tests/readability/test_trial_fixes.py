"""Fixes from the new-user trial: bounded work on huge words, empty input, more officialese,
stative participles, one-idea-per-line flyers and whole-text findings in the CLI output."""

from __future__ import annotations

from pathlib import Path

import pytest
from clock_helpers import run_outreach

from outreach.cli import main
from outreach.readability import check, lexicon
from outreach.readability.split import split

FLYER = """Koffie-ochtend in het buurthuis
Kom ook!
Elke dinsdag drinken we samen koffie.
Het is gratis.
U hoeft niets mee te nemen.
U praat met mensen uit de buurt.
Heeft u een vraag over geld of werk?
Stel hem gerust.
Onze coach Sanne is er ook.
Zij helpt u graag.
Waar: Lindelaan 4.
Vragen? Bel 06-12345678.
"""


@pytest.fixture
def split_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call of the compound splitter (also its recursive calls), by word."""
    calls: list[str] = []
    original = lexicon._split

    def counting(word: str, min_zipf: float, depth: int):  # type: ignore[no-untyped-def]
        calls.append(word)
        return original.__wrapped__(word, min_zipf, depth)

    monkeypatch.setattr(lexicon, "_split", counting)
    lexicon.compound_parts.cache_clear()
    yield calls
    lexicon.compound_parts.cache_clear()


def test_splitter_refuses_words_over_the_limit(split_calls: list[str]) -> None:
    limit = lexicon.MAX_SPLIT_LETTERS
    assert lexicon.compound_parts("gemeentebelasting" * 3) is None  # 51 letters
    assert split_calls == []
    assert lexicon.compound_parts("gemeentebelasting") is not None
    assert split_calls and all(len(w) <= limit for w in split_calls)


def test_text_of_100000_letters_without_spaces_is_bounded_work(split_calls: list[str]) -> None:
    text = ("gemeentebelasting" * 6000)[:100_000]
    report = check(text)
    assert split_calls == []  # not split into compound parts at all
    assert [(f.rule, f.severity) for f in report.findings] == [("long-word", "fail")]
    finding = report.findings[0]
    assert (finding.start, finding.end) == (0, 100_000)
    assert len(finding.message) < 200 and "100000 letters" in finding.message
    assert report.verdict == "fail"


@pytest.mark.parametrize("piece", ["aaa.bbb-", "abc.", "{{a", "{a", "--a.", "x@y.", "a/b_", "a-b'", ",", "06-1"])
def test_long_runs_without_spaces_are_checked(piece: str, split_calls: list[str]) -> None:
    text = (piece * 20_000)[:20_000]
    report = check(text)
    assert report.metrics["words"] >= 0 and report.verdict in ("pass", "warn", "fail")
    assert all(len(w) <= lexicon.MAX_SPLIT_LETTERS for w in split_calls)
    for f in report.findings:
        assert len(f.message) < 400


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\n  \n"])
def test_empty_text_fails_with_one_finding(text: str) -> None:
    report = check(text)
    assert report.verdict == "fail"
    assert [(f.rule, f.message) for f in report.findings] == [("empty-text", "Er staat geen tekst in.")]
    assert report.metrics["words"] == 0 and report.to_dict()["verdict"] == "fail"


@pytest.mark.parametrize("content", ["", "   \n\n  \n"])
def test_cli_empty_file_is_an_input_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "leeg.txt"
    path.write_text(content, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    result = run_outreach("check", str(path))
    assert result.returncode == 2
    assert "Er staat geen tekst in dit bestand." in result.stderr and str(path) in result.stderr
    assert "GOED" not in result.stdout and "Traceback" not in result.stderr


def test_cli_empty_stdin_is_an_input_error() -> None:
    result = run_outreach("check", "-", stdin=" \n")
    assert result.returncode == 2 and "geen tekst" in result.stderr


@pytest.mark.parametrize("text, phrase", [
    ("Bij gebreke waarvan wij uw aanvraag niet bekijken.", "Bij gebreke waarvan"),
    ("Wij stellen uw aanvraag buiten behandeling.", "buiten behandeling"),
    ("Uw aanvraag is buiten behandeling gesteld.", "buiten behandeling gesteld"),
    ("Wij gaan uw aanvraag buiten behandeling stellen.", "buiten behandeling stellen"),
    ("Betaal onder vermelding van uw naam.", "onder vermelding van"),
    ("Wij wonen ter hoogte van de kerk.", "ter hoogte van"),
    ("Dit doen wij in het kader van de wet.", "in het kader van"),
    ("Wij bellen u met betrekking tot uw huur.", "met betrekking tot"),
    ("Dit geld is ten behoeve van uw kinderen.", "ten behoeve van"),
    ("Dit mag op grond van de wet.", "op grond van"),
    ("Wij bellen u in verband met uw huur.", "in verband met"),
    ("Wij zijn genoodzaakt uw uitkering te stoppen.", "genoodzaakt"),
])
def test_more_officialese_phrases(text: str, phrase: str) -> None:
    found = [text[f.start:f.end] for f in check(text).findings if f.rule == "officialese"]
    assert phrase in found


@pytest.mark.parametrize("text, passive", [
    ("Wij zijn genoodzaakt uw uitkering te stoppen.", None),
    ("U bent verplicht dit te melden.", None),
    ("U bent gerechtigd om bezwaar te maken.", None),
    ("Wij zijn bevoegd om dit te doen.", None),
    ("Ik ben het gewend.", None),
    ("Wij zijn gevestigd aan de Lindelaan.", None),
    ("Wij worden genoodzaakt te stoppen.", "worden genoodzaakt"),
    ("Uw aanvraag is door ons beoordeeld.", "is door ons beoordeeld"),
])
def test_stative_participles_after_zijn_are_not_passive(text: str, passive: str | None) -> None:
    found = [text[f.start:f.end] for f in check(text).findings if f.rule == "passive"]
    assert found == ([passive] if passive else [])


@pytest.mark.parametrize("kind", ["flyer", "sms", "whatsapp", "letter"])
def test_one_idea_per_line_is_one_paragraph_per_line(kind: str) -> None:
    report = check(FLYER, level="B1", kind=kind, known_words=["Sanne", "Lindelaan"])
    assert "paragraph-length" not in {f.rule for f in report.findings}
    assert report.metrics["paragraphs"] == 12  # "Vragen? Bel ..." is one line with two sentences


def test_hard_wrapped_sentences_stay_one_paragraph() -> None:
    text = "Kom naar het buurthuis op\nmaandag om tien uur. Wij\ndrinken samen koffie.\nHet is gratis.\n"
    from outreach.readability.profile import load

    abbreviations = load().abbreviations
    flyer = split(text, abbreviations, line_paragraphs=True)
    assert [len(p.sentences) for p in flyer.paragraphs] == [2, 1]
    assert [s.paragraph for s in flyer.sentences] == [0, 0, 1]
    letter = split(text, abbreviations)  # a line break inside a sentence: hard-wrapped, one block
    assert [len(p.sentences) for p in letter.paragraphs] == [3]


def test_long_lines_in_a_letter_stay_one_paragraph() -> None:
    sentence = "Wij bellen u volgende week over de afspraak die wij samen in het buurthuis hebben gemaakt."
    assert len(sentence) > 80
    report = check("\n".join([sentence] * 6), kind="letter")
    assert report.metrics["paragraphs"] == 1
    assert "paragraph-length" in {f.rule for f in report.findings}
    assert check("\n".join([sentence] * 6), kind="flyer").metrics["paragraphs"] == 6


def test_whole_text_findings_are_labelled_hele_tekst() -> None:
    text = ("Wij bellen volgende week over de afspraak die wij samen in het buurthuis hebben gemaakt.\n"
            "Wij nemen dan de vragen door die nog open staan na het vorige gesprek met de coach.\n")
    result = run_outreach("check", "-", stdin=text)
    lines = [line.strip() for line in result.stdout.splitlines()]
    whole = [line for line in lines if "hele tekst:" in line]
    assert any("gemiddeld" in line for line in whole)  # sentence-length
    assert any("'u' of 'je'" in line for line in whole)  # address-reader
    assert not any(line.startswith(("✗ regel", "! regel")) and ("gemiddeld" in line or "'u' of 'je'" in line)
                   for line in lines)
    assert any(line.startswith("! regel 2:") for line in lines)  # the long second sentence keeps its line
