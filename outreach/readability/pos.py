"""Turn the words of a Dutch sentence into coarse part-of-speech tags, fast and without a model.

The tags are those of Universal Dependencies, verbs with their form: VERB:Fin (finite),
VERB:Part (participle), VERB:Inf (infinitive), the same for AUX, then NOUN, PROPN, ADJ, ADV,
ADP, DET, PRON, SCONJ, CCONJ, NUM, PUNCT, X. Lookup first (the most frequent tag of a word in
the UD Dutch dev parts, then LiNT-II's 165k nouns and the lemma table), then word shape, then a
few context rules ('te' + infinitive, 'wij' + plural verb) for a word out of context (word_tag);
a sentence is tagged by the averaged perceptron of tagger.py. Measured on the UD Dutch test
parts (kept aside): see tests/readability/test_pos.py and the README. The choice: a spaCy tagger
costs about 3 s to load; the perceptron's weights load in a fraction of that.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon, tagger

_PARTICIPLE = re.compile(
    r"^(?:(?:aan|af|bij|door|in|mee|na|om|op|over|terug|toe|uit|vast|voor|weg|langs|samen|thuis|mede|tegen|"
    r"vrij|kwijt|vol|goed)?ge[a-zë]{2,}(?:d|t|en)|(?:be|ver|ont|her|er|onder|over|mis)[a-zë]{2,}(?:d|t|en))$")
_ADJ_ENDINGS = ("ig", "lijk", "baar", "isch", "eel", "ief", "aal", "zaam", "loos", "rijk", "vol", "igd")
_PLURAL_SUBJECTS = frozenset("wij we zij ze jullie u".split())
_SINGULAR_SUBJECTS = frozenset("ik jij je hij zij ze u het dit dat er".split())
_BEFORE_VERB = frozenset("ik jij hij zij wij we ze jullie u".split())  # subject before a finite verb
_AFTER_VERB = frozenset("ik jij je hij zij wij we ze jullie u".split())  # 'bel ik', 'verzoeken wij', 'bel u'
_FORCED = {  # the checker's own domain: words UD's news text tags otherwise or never saw
    "u": "PRON", "uw": "PRON", "je": "PRON", "jij": "PRON", "jou": "PRON", "jouw": "PRON",
    "te": "ADP", "om": "ADP", "hierbij": "ADV", "graag": "ADV", "bijgaand": "ADJ",
    "morgen": "ADV", "vandaag": "ADV", "gisteren": "ADV", "straks": "ADV", "vanavond": "ADV",
}
CONTENT = frozenset({"NOUN", "PROPN", "VERB:Fin", "VERB:Part", "VERB:Inf", "VERB", "ADJ"})
FINITE = frozenset({"VERB:Fin", "AUX:Fin"})


def _is_verb_lemma(base: str) -> bool:
    return base.endswith(("en", "n")) and len(base) > 3


_INVERTED = frozenset("ik jij hij wij we jullie".split())
_OBJECTS = frozenset("ons me mij hem haar ze u je jou jullie dat dit het".split())


def _open(word: str) -> bool:
    """Whether the tag of `word` may change with context: UD did not see it as clearly no verb."""
    seen = lexicon.ud_tag(word)
    return seen is None or seen[0].startswith(("VERB", "AUX")) or seen[1] < 0.8


def could_be_verb(word: str) -> bool:
    """Whether `word` can be a present-tense verb form: 'bel' (bellen), 'delen', 'verzoeken'."""
    if word.endswith("en") and len(word) > 4:
        return lexicon.spoken_zipf(word) >= 2.5
    stem = word[:-1] if word.endswith("t") and len(word) > 3 else word
    candidates = [stem + "en", stem + stem[-1:] + "en"]
    if stem.endswith("f"):
        candidates.append(stem[:-1] + "ven")
    if stem.endswith("s"):
        candidates.append(stem[:-1] + "zen")
    if len(stem) >= 3 and stem[-2:-1] in "aeou" and stem[-3:-2] == stem[-2:-1]:
        candidates.append(stem[:-2] + stem[-1] + "en")  # 'maak' -> 'maken'
    return any(lexicon.spoken_zipf(c) >= 3.5 for c in candidates)


def word_tag(word: str, capital: bool, first: bool) -> str:
    """The tag of one word out of context; `capital`: written with a capital, `first`: first word."""
    if not any(c.isalpha() for c in word):
        return "NUM" if any(c.isdigit() for c in word) else "PUNCT"
    if word in _FORCED:
        return _FORCED[word]
    seen = lexicon.ud_tag(word)
    if seen is not None and seen[1] >= 0.5 and (not capital or first or seen[0] != "NOUN"):
        return seen[0]
    if capital and not first:
        return "PROPN"
    base = lexicon.lemma(word)
    participle = bool(_PARTICIPLE.match(word)) and len(word) >= 5
    if base != word and _is_verb_lemma(base) and lexicon.noun(word) is None:
        return "VERB:Part" if participle else "VERB:Fin"
    if lexicon.noun(word) is not None or (base != word and lexicon.noun(base) is not None):
        return "NOUN"
    if seen is not None:
        return seen[0]
    if participle and lexicon.zipf(word) > 0:
        return "VERB:Part"
    if word.endswith(_ADJ_ENDINGS) or word.endswith(("ende", "ste")):
        return "ADJ"
    if word.endswith("en") and lexicon.lemma(word) == word and lexicon.zipf(word) >= 2.5:
        return "VERB:Inf"
    if capital:
        return "PROPN"
    return "NOUN"


def word_class(word: str) -> str:
    """The coarse class of a lower-case word out of context: VERB (also AUX), NOUN, ADJ, ADV, ..."""
    seen = lexicon.ud_tag(word)
    if seen is not None and seen[1] >= 0.5:
        tag = seen[0]
    elif lexicon.noun(word) is not None:
        tag = "NOUN"
    else:
        tag = word_tag(word, False, False)
    return tag.split(":")[0].replace("AUX", "VERB").replace("PROPN", "NOUN")


def tags(words: list[str], capitals: list[bool], written: list[str] | None = None) -> list[str]:
    """Tags of the words of one sentence (lower case); `written`: the words as written, if known.

    The averaged perceptron of tagger.py decides; the checker's own domain words (_FORCED) keep
    their tag. The lookup rules above (word_tag) stay for single words out of context.
    """
    if written is None:
        written = [w[:1].upper() + w[1:] if c else w for w, c in zip(words, capitals)]
    return list(_tags(tuple(words), tuple(written)))


@lru_cache(maxsize=512)
def _tags(words: tuple[str, ...], written: tuple[str, ...]) -> tuple[str, ...]:
    """Tags of one sentence; cached, because the readability rules ask for the same sentence."""
    out = tagger.tag(list(written), list(words))
    for i, w in enumerate(words):
        if w in _FORCED:
            out[i] = _FORCED[w]
        elif out[i] in ("NOUN", "ADJ") and i + 1 < len(words) and words[i + 1] in _INVERTED and _open(w) \
                and could_be_verb(w):
            out[i] = "VERB:Fin"  # 'bel ik u', 'stuur jij': verb before its subject, common in letters
    return tuple(out)
