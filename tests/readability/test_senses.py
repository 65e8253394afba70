"""Officialese matched by sense, advice that is a real word, and passives that are passives.

Each case is one sample of a class (issue 17): an everyday word that only looks like an
officialese entry, a suggestion inflected into a non-word, a copula or modal read as a passive.
"""

from __future__ import annotations

import pytest

from outreach.readability import check, inflect, lexicon, pos
from outreach.readability import officialese as officialese_module
from outreach.readability.profile import load


def _officialese(text: str) -> list[str]:
    return [text[f.start:f.end] for f in check(text).findings if f.rule == "officialese"]


@pytest.mark.parametrize("text", [
    "Mensen met een handicap mogen niet komen.",  # 'mogen' is no plural of the entry 'moge'
    "De derde dinsdag van de maand is vrij.",  # the number, not the noun 'derden'
    "Wat zijn de onderwerpen?",  # topics, not the verb 'onderwerpen aan'
    "Dit artikel is geschreven voor iedereen.",  # 'dit schrijven' is a noun phrase
    "Wij willen dit schrijven in de krant.",
    "Hij heeft kennis van computers.",  # knowledge of, not 'kennis nemen van'
    "U hebt het recht om te weigeren.",  # not 'het recht voorbehouden'
    "Het is een bestendige lijn.",  # an adjective, not a form of 'bestendigen'
    "Zijn uiterlijk is veranderd.",  # appearance, not 'uiterlijk 1 mei' (no date follows)
])
def test_everyday_words_are_not_officialese(text: str) -> None:
    assert _officialese(text) == []


@pytest.mark.parametrize("text, span", [
    ("U dient het formulier te ondertekenen.", "dient"),
    ("Wij onderwerpen uw aanvraag aan een controle.", "onderwerpen"),
    ("Wij geven uw gegevens niet aan derden.", "derden"),
    ("Wij hebben kennis genomen van uw brief.", "kennis"),
    ("Moge het u goed gaan.", "Moge"),
    ("Wij danken u voor dit schrijven.", "dit schrijven"),
    ("Stuur het formulier uiterlijk 1 mei terug.", "uiterlijk"),
    ("U moet uiterlijk op vrijdag betalen.", "uiterlijk"),
    ("U krijgt het geld uiterlijk in maart.", "uiterlijk"),
])
def test_officialese_in_its_own_sense_is_still_found(text: str, span: str) -> None:
    assert any(span in found for found in _officialese(text)), _officialese(text)


@pytest.mark.parametrize("text, span", [
    ("U hoeft het formulier pas morgen in te dienen.", "in te dienen"),  # 'indienen', not 'dienen'
    ("Hij dient het formulier morgen in.", "dient het formulier morgen in"),
])
def test_a_separable_verb_is_one_verb(text: str, span: str) -> None:
    findings = [f for f in check(text).findings if f.rule == "officialese"]
    assert [text[f.start:f.end] for f in findings] == [span]
    assert "moeten" not in " ".join(findings[0].suggestions)  # the advice of 'dienen'


def _forms(entry: officialese_module.Entry) -> list[str]:
    """Every one-word form the matcher takes for `entry`: verb forms, plurals, -e."""
    text = entry.text
    if " " in text:
        return []
    out = [text]
    if entry.pos == "VERB" and inflect.is_verb(text):
        out += [f for f in inflect.forms(text).values() if " " not in f]
    if entry.pos in ("NOUN", "ADJ"):
        out += [text + end for end in ("n", "en", "s", "e")]
    return out


def test_every_suggestion_in_every_form_is_a_word_of_the_right_class() -> None:
    profile = load()
    _phrases, single, _split = officialese_module._index(profile.officialese, profile.senses)
    bad = []
    for entry in {id(e): e for e in single.values()}.values():
        for form in _forms(entry):
            for alternative in entry.alternatives:
                got = inflect.like(alternative, form, entry.text)
                if got == alternative:
                    continue
                for new, old in zip(got.split(), alternative.split()):
                    verb_form = inflect.is_verb(old) and new in " ".join(inflect.forms(old).values()).split()
                    if new != old and (lexicon.zipf(new) < 3.0 or not verb_form and (
                            pos.word_class(new) != pos.word_class(old))):
                        bad.append((entry.text, form, alternative, got))
    for options in _phrases.values():  # phrases with a verb: 'maakt ... kenbaar' -> 'laat ... weten'
        for entry in options:
            for form in (inflect.forms(entry.verb).values() if entry.verb else ()):
                for alternative in entry.alternatives:
                    verb, _rest = inflect.verb_and_rest(alternative, form.split()[0], entry.verb or "")
                    plain = next((w for w in alternative.split() if inflect.is_verb(w)), None)
                    if verb and plain and verb != plain and (any(lexicon.zipf(w) < 3.0 for w in verb.split())
                                                              or verb not in inflect.forms(plain).values()):
                        bad.append((entry.text, form, alternative, verb))
    assert bad == []


@pytest.mark.parametrize("alternative, found, entry, expected", [
    ("mag", "mogen", "moge", "mag"),  # not 'magen' (stomachs)
    ("hulp", "voorzieningen", "voorziening", "hulp"),  # not 'hulpen'
    ("altijd", "immers", "immer", "altijd"),  # not 'altijden'
    ("anderen", "derden", "derden", "anderen"),
    ("krijgen", "ontvangt", "ontvangen", "krijgt"),
    ("regeling", "voorzieningen", "voorziening", "regelingen"),
])
def test_inflected_advice_is_a_real_word(alternative: str, found: str, entry: str, expected: str) -> None:
    assert inflect.like(alternative, found, entry) == expected


@pytest.mark.parametrize("text", [
    "Ik weet dat iedereen zich ervan bewust is.",  # copula + adjective
    "Dat zijn mensen die ik nooit zal vergeten.",  # modal + infinitive
    "Ik zal ze nooit vergeten, zij zijn mijn vrienden.",
    "De les is geëindigd.",  # 'eindigen' takes 'zijn'
    "De termijn is afgelopen.",
    "Het aantal mensen met schulden is toegenomen.",
])
def test_not_passive(text: str) -> None:
    assert [f for f in check(text).findings if f.rule == "passive"] == []


@pytest.mark.parametrize("text", [
    "Uw aanvraag is afgewezen.",
    "De brief wordt morgen verstuurd.",
    "Het formulier moet worden ingevuld.",
    "Uw uitkering is verlaagd.",
])
def test_passive_still_found(text: str) -> None:
    assert [f.rule for f in check(text).findings if f.rule == "passive"] == ["passive"]


@pytest.mark.parametrize("text", [
    "De lezers hoesten en niezen door het klimaat.",
    "De ministers praten over mensen met een beperking.",
    "U krijgt een vergoeding na een aanpassing van uw betrekking.",
    "De beoordeling duurt lang.",  # learners meet these by A2 (LINK+ list): no nominal style
    "De verhuizing gaat door.",
    "Zij gaan meelopen en meezingen.",  # a particle and an everyday verb, heard as often as read
    "Op zondag wil ik uitslapen.",
    "Het is een komische film over ouderschap.",  # derived from everyday words ('komiek', 'ouder')
    "Na de bespreking gaan we naar huis.",  # an -ing noun heard as often as read: a word of its own
    "De aankoop was een grote uitgave.",  # a particle and an everyday word ('koop', 'gave'): no formal word
])
def test_everyday_words_are_not_rare_or_nominal(text: str) -> None:
    assert [(f.rule, text[f.start:f.end]) for f in check(text).findings
            if f.rule in ("rare-word", "nominalisation", "compound", "long-word")] == []


def test_nominal_style_is_still_found() -> None:
    text = "Na de vaststelling van het bedrag betaalt u."  # read far more often than heard
    assert [f.rule for f in check(text).findings] == ["nominalisation"]


@pytest.mark.parametrize("text, span", [
    ("Ofschoon het alleszins redelijk is, kan het niet.", "alleszins"),  # rare in speech and writing alike
    ("Wij anticiperen op de regels.", "anticiperen"),
    ("Het is een subjectief en principieel punt.", "principieel"),
    ("Zij is de mening toegedaan dat het kan.", "toegedaan"),  # a participle, not a noun like 'aankoop'
    ("Wij brengen het besluit ten uitvoer.", "ten uitvoer"),
])
def test_formal_words_heard_as_rarely_as_read_are_still_flagged(text: str, span: str) -> None:
    assert span in [text[f.start:f.end] for f in check(text).findings], check(text).findings


def test_learner_words_are_rarely_flagged() -> None:
    """Words of the LINK+ 0-A2 list: tune part at most 7% (11.8%, then 8.7%, now 5.6%); held-out part printed."""
    from benchmarks_loader import load_benchmark

    bench = load_benchmark("bench_learner_words")
    tune, heldout = bench.measure("tune"), bench.measure("heldout")
    print(f"learner words flagged: tune {tune.share:.1%}, held-out {heldout.share:.1%}")
    assert tune.share <= 0.07, tune.alarms


@pytest.mark.parametrize("value", ['{ alternatives = ["x"], pos = "WERKWOORD" }', '{ alternatives = ["x"], after = "aan" }'])
def test_a_wrong_sense_in_a_user_file_is_a_dutch_content_error(tmp_path, monkeypatch, value: str) -> None:  # type: ignore[no-untyped-def]
    from outreach.errors import ContentError

    (tmp_path / "readability").mkdir()
    (tmp_path / "readability" / "officialese.toml").write_text(f"[warn]\nbestoken = {value}\n", encoding="utf-8")
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path))
    with pytest.raises(ContentError, match="woordsoort"):
        load()
