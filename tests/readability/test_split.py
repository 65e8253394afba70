"""Sentence and word splitting on Dutch municipal reality."""

from __future__ import annotations

import pytest

from outreach.readability.profile import load
from outreach.readability.split import split, tokenize


def sentences(text: str) -> list[str]:
    doc = split(text, load().abbreviations)
    return [text[s.start:s.end] for s in doc.sentences]


@pytest.mark.parametrize("text, expected", [
    ("Wij bellen u. U kunt ook zelf bellen.", ["Wij bellen u.", "U kunt ook zelf bellen."]),
    ("Kom bijv. om 14.30 uur. Dan is er koffie.", ["Kom bijv. om 14.30 uur.", "Dan is er koffie."]),
    ("Wij komen op di. 12 maart langs.", ["Wij komen op di. 12 maart langs."]),
    ("Wij komen op 12-03-2027. Bent u dan thuis?", ["Wij komen op 12-03-2027.", "Bent u dan thuis?"]),
    ("Vragen? Bel Sanne op 06-12345678.", ["Vragen?", "Bel Sanne op 06-12345678."]),
    ("Bel 013 123 45 67. Of mail ons.", ["Bel 013 123 45 67.", "Of mail ons."]),
    ("T.a.v. dhr. Jansen. Dit is o.a. voor u.", ["T.a.v. dhr. Jansen.", "Dit is o.a. voor u."]),
    ("Het is zo. Bel mij.", ["Het is zo.", "Bel mij."]),
    ("Neem mee: pen, papier enz. Daarna gaan we.", ["Neem mee: pen, papier enz.", "Daarna gaan we."]),
    ("Dat kan z.s.m. gebeuren. Bel A. Jansen.", ["Dat kan z.s.m. gebeuren.", "Bel A. Jansen."]),
    ("Zie www.gemeente.nl/hulp. Of mail sanne@gemeente.nl.", ["Zie www.gemeente.nl/hulp.", "Of mail sanne@gemeente.nl."]),
    ("Kom ook! Het is gratis.", ["Kom ook!", "Het is gratis."]),
    ("Hij zei: \"Ik kom.\" Toen ging hij.", ["Hij zei: \"Ik kom.\"", "Toen ging hij."]),
    ("Kosten: € 12,50. Dat betalen wij.", ["Kosten: € 12,50.", "Dat betalen wij."]),
    ("Uw afspraak\nWij komen op dinsdag.", ["Uw afspraak", "Wij komen op dinsdag."]),
    ("Neem mee:\n- uw ID-kaart\n- uw bankpas\n\nTot dan!", ["Neem mee:", "- uw ID-kaart", "- uw bankpas", "Tot dan!"]),
    ("• Bel mij\n• App mij", ["• Bel mij", "• App mij"]),
    ("1. Bel mij.\n2. Kom langs.", ["1. Bel mij.", "2. Kom langs."]),
    ("Wij nodigen u uit voor een gesprek met\nSanne de Vries. Zij is uw coach.",
     ["Wij nodigen u uit voor een gesprek met\nSanne de Vries.", "Zij is uw coach."]),
    ("Groet,\nSanne", ["Groet,", "Sanne"]),
    ("Beste Fatima,\nIk bel u morgen.", ["Beste Fatima,", "Ik bel u morgen."]),
    ("Met vriendelijke groet,\nSanne de Vries", ["Met vriendelijke groet,", "Sanne de Vries"]),
    ("Wij bellen u, als dat kan,\nMorgen of overmorgen.", ["Wij bellen u, als dat kan,\nMorgen of overmorgen."]),
    ("Een lange zin die over\ntwee regels loopt.", ["Een lange zin die over\ntwee regels loopt."]),
    ("Wat nu...? Niets.", ["Wat nu...?", "Niets."]),
    ("", []),
])
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize("text, words", [
    ("Bel om 14.30 uur op 12-03-2027.", ["Bel", "om", "14.30", "uur", "op", "12-03-2027"]),
    ("Bel 06 12 34 56 78 of +31 6 12345678.", ["Bel", "06 12 34 56 78", "of", "+31 6 12345678"]),
    ("Het re-integratietraject van 's avonds.", ["Het", "re-integratietraject", "van", "'s", "avonds"]),
    ("Hallo {voornaam}, zie {{ link }}!", ["Hallo", "{voornaam}", "zie", "{{ link }}"]),
    ("Ideeën over auto's o.a. hier.", ["Ideeën", "over", "auto's", "o.a.", "hier"]),
])
def test_words(text: str, words: list[str]) -> None:
    assert [tok.text for tok in tokenize(text) if tok.is_word] == words


def test_offsets_point_into_the_original_text() -> None:
    text = "Beste Fatima,\r\n\r\nIk bel u.  Tot dan!\n"
    doc = split(text, load().abbreviations)
    for sentence in doc.sentences:
        for tok in sentence.tokens:
            assert text[tok.start:tok.end] == tok.text
    assert len(doc.paragraphs) == 2


def test_plain_spacy_sentencizer_gets_it_wrong() -> None:
    """Why we split ourselves: spaCy's Dutch tokenizer treats 'u.' as an abbreviation."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    assert len(list(nlp("Wij bellen u. U kunt ook zelf bellen.").sents)) != 2
    assert len(sentences("Wij bellen u. U kunt ook zelf bellen.")) == 2
