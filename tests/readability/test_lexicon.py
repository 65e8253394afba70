"""Word data: frequencies, lemmas (the same as spaCy's lookup lemmatizer), syllables, compounds."""

from __future__ import annotations

import pytest

from outreach.readability import lexicon


@pytest.mark.parametrize("word, count", [
    ("even", 2), ("ideeën", 3), ("bellen", 2), ("uitkering", 3), ("reageren", 4), ("auto", 2),
    ("coach", 1), ("gemeente", 3), ("14.30", 2),
])
def test_syllables(word: str, count: int) -> None:
    assert lexicon.syllables(word) == count


@pytest.mark.parametrize("word, parts", [
    ("inlichtingenplicht", ("inlichtingen", "plicht")),
    ("wijkcentrum", ("wijk", "centrum")),
    ("koffieochtend", ("koffie", "ochtend")),
    ("qzxwv", None),
])
def test_compound_parts(word: str, parts: tuple[str, ...] | None) -> None:
    assert lexicon.compound_parts(word) == parts


def test_frequencies() -> None:
    assert lexicon.zipf("de") > 7
    assert lexicon.zipf("bellen") > lexicon.zipf("middels") > lexicon.zipf("qzxwv")


def test_lemmas_match_spacy_lookup_lemmatizer() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    words = ["beoordeeld", "verstrekt", "kunt", "inlichtingen", "besproken", "gebeld", "afspraken"]
    doc = nlp(" ".join(words))
    assert [lexicon.lemma(w) for w in words] == [tok.lemma_ for tok in doc]
