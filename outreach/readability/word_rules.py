"""Turn the words of a split text into findings: officialese, rare words, compounds, nominalisations."""

from __future__ import annotations

from collections.abc import Iterable

from ..texts import t
from . import inflect, lexicon, pos
from .profile import Profile
from .report import Finding
from .split import Document, Sentence, Token

_SPOKEN_EVERYDAY = 4.0  # a noun this common in spoken Dutch (SUBTLEX-NL Zipf) is no nominalisation
_WRITTEN_EVERYDAY = 3.9  # an -ing noun this common in writing (wordfreq Zipf) is no nominalisation either ...
_SPOKEN_VERB = 4.5  # ... unless its verb is this common in speech (SUBTLEX-NL Zipf)
_NOMINAL_ENDINGS = ("ingen", "ing", "heden", "heid", "isaties", "isatie", "aties", "atie", "iteiten", "iteit")


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


def officialese(doc: Document, profile: Profile) -> tuple[list[Finding], set[int]]:
    """Officialese words and phrases; also the starts of the words they cover (see officialese.py)."""
    from . import officialese as _officialese

    return _officialese.find(doc, profile)


def _quoted(words: Iterable[str]) -> str:
    return t("readability.or").join(f"'{w}'" for w in words)


def _is_name(tok: Token, sentence_first: bool) -> bool:
    return tok.text[0].isupper() and not sentence_first


_NAME_PARTICLES = frozenset("van de der den het ten ter el al da di du la le".split())


def _names(doc: Document) -> set[int]:
    """Starts of sentence-first words that are names by the evidence of the text.

    A capitalised word inside a sentence is taken for a name ('Meneer Kaya werkt'); at the start
    of a sentence the capital says nothing, so it is a name only when the text uses the same
    word with a capital inside a sentence too ('Kaya werkt sinds januari.'), or when a
    capitalised word follows it, maybe after particles ('Anouk Visser', 'Jeroen van der Linde').
    """
    inside = {_norm(tok.text) for s in doc.sentences for tok in s.words[1:]
              if tok.is_alpha_word and tok.text[0].isupper()}
    out = set()
    for sentence in doc.sentences:
        words = sentence.words
        if not words or not words[0].is_alpha_word or not words[0].text[0].isupper():
            continue
        j = 1
        while j < len(words) and words[j].text in _NAME_PARTICLES:
            j += 1
        followed = j < len(words) and words[j].is_alpha_word and words[j].text[0].isupper() \
            and not words[j].text.isupper()
        if _norm(words[0].text) in inside or followed:
            out.add(words[0].start)
    return out


def _known(word: str, profile: Profile, known: frozenset[str]) -> bool:
    return word in known or word in profile.known_words


def words(doc: Document, profile: Profile, known: frozenset[str], covered: set[int]) -> list[Finding]:
    """Rare words, long compounds, nominalisations and other long words."""
    rare_zipf = float(profile.get("words", "rare_zipf"))
    rare_fail = float(profile.get("words", "rare_zipf_fail"))
    max_letters = int(profile.get("words", "compound_letters"))
    max_parts = int(profile.get("words", "compound_parts"))
    max_syllables = int(profile.get("words", "max_syllables"))
    out: list[Finding] = []
    names = _names(doc)
    for sentence in doc.sentences:
        first_word = next((w for w in sentence.words), None)
        tags: dict[int, str] | None = None
        for tok in sentence.words:
            if tok.kind != "word" or not tok.is_alpha_word or tok.start in covered:
                continue
            word = _norm(tok.text)
            if _known(word, profile, known) or _is_name(tok, tok is first_word and tok.start not in names) or any(c.isdigit() for c in word):
                continue
            if len(tok.text) <= 5 and tok.text.isupper():
                continue  # an acronym such as UWV or ID
            if len(word) > lexicon.MAX_SPLIT_LETTERS:  # nobody reads this; and splitting it would cost too much
                out.append(Finding("long-word", "fail", tok.start, tok.end,
                                   t("readability.rule.very_long_word", word=_clip(tok.text), count=len(word)), []))
                continue
            z = lexicon.best_zipf(word)
            parts = None
            if z < rare_zipf or len(word) > max_letters:
                parts = _parts(word, rare_zipf, known, profile)
            if z < rare_zipf and parts is None:
                severity = "fail" if z < rare_fail and len(word) > 3 else "warn"
                out.append(Finding("rare-word", severity, tok.start, tok.end,  # type: ignore[arg-type]
                                   t("readability.rule.rare_word", word=tok.text), []))
                continue
            if z >= rare_zipf and z < float(profile.get("words", "written_common")) and tags is None:
                tags = _tags(sentence)  # only for words that may be formal: the tagger costs time
            if z >= rare_zipf and _formal(word, z, profile, (tags or {}).get(tok.start, "")) and \
                    _nominalisation(word, profile) is None:
                out.append(Finding("rare-word", "warn", tok.start, tok.end,
                                   t("readability.rule.rare_word", word=tok.text), []))
                continue
            if parts is not None and (len(parts) >= max_parts or (len(word) > max_letters and len(parts) > 1)):
                out.append(Finding("compound", "warn", tok.start, tok.end,
                                   t("readability.rule.compound", word=tok.text, parts=" + ".join(parts)),
                                   []))
                continue
            nominal = _nominalisation(word, profile)
            if nominal is not None:
                out.append(Finding("nominalisation", "warn", tok.start, tok.end,
                                   t("readability.rule.nominalisation", word=tok.text, verb=nominal),
                                   [nominal]))
                continue
            count = lexicon.syllables(word)
            if count > max_syllables:
                out.append(Finding("long-word", "warn", tok.start, tok.end,
                                   t("readability.rule.long_word", word=tok.text, count=count), []))
    return out


def _formal(word: str, written: float, profile: Profile, tag: str = "") -> bool:
    """A word common in written Dutch (wordfreq: web, news) but uncommon in spoken Dutch (SUBTLEX-NL).

    Formal words look common in writing: 'aanvang' 4.2 written, 2.8 spoken. A compound noun
    whose parts (LiNT-II's head and modifier) are common in speech is not formal.
    """
    spoken = _spoken(word)
    below = float(profile.get("words", "spoken_rare"))
    gap = float(profile.get("words", "formal_gap"))
    if written >= float(profile.get("words", "written_common")) or _everyday(word, profile):
        return False  # very common in writing too ('mail'): subtitles lag behind; or an everyday noun
    content = _content_class(word, tag)
    noun = lexicon.noun(word)
    if written - spoken < _MIN_GAP and ((noun and noun[0] == "c") or _particle_verb(word)):
        return False  # a thing (LiNT-II, whatever the tagger says) or a particle verb heard of as often as
        # read of ('aanrecht', 'aaien', 'afwassen'): plain, just not frequent
    if not (spoken < below or (written - spoken >= gap and spoken < float(profile.get("words", "formal_gap_below")))):
        return False
    if noun and noun[0] == "c" and content == "NOUN" and written - spoken < _CONCRETE_GAP:
        return False  # a concrete thing ('kruispunt', 'tram', 'meubel'), not a formal word
    if _from_common(word) or _particle_noun(word) or (
            noun and word.endswith(("ing", "ingen")) and written >= _WRITTEN_EVERYDAY):
        return False  # 'lezers', 'kritisch', 'aankoop'; an -ing noun common in writing ('beperking', 'vergoeding')
    if noun and noun[1] and noun[2]:
        return min(lexicon.best_spoken_zipf(noun[1]), lexicon.best_spoken_zipf(noun[2])) < below
    return True


_MIN_GAP = 0.4  # a formal word is read clearly more often than heard (Zipf written - spoken)
_CONCRETE_GAP = 0.8  # a concrete noun counts as formal only with a gap this large ('panel')
_COMMON_BASE = 4.0  # spoken Zipf of an everyday base word ('lezen', 'bereiken', 'minister')


def _content_class(word: str, tag: str) -> str:
    """NOUN for a concrete noun (by the tagger, in its sentence, and LiNT-II's noun types), else '':
    abstract nouns, verbs, adjectives and adverbs ('prognose', 'behoren', 'legitiem', 'alleszins')
    can be formal even when they are rare in writing too."""
    cls = tag.split(":")[0].replace("AUX", "VERB")
    noun = lexicon.noun(word)
    if cls == "NOUN" and noun is not None and noun[0] == "c":
        return cls
    return ""


def _tags(sentence: Sentence) -> dict[int, str]:
    """The tagger's tag of each word of the sentence, by start offset (the words lint.py tags too)."""
    words = [w for w in sentence.words if w.is_alpha_word or any(c.isalpha() for c in w.text)]
    tags = pos.tags([w.text.lower() for w in words], [w.text[:1].isupper() for w in words], [w.text for w in words])
    return {w.start: tag for w, tag in zip(words, tags)}


def _spoken(word: str) -> float:
    """Spoken Zipf of the word, its lemma, or its singular when the lemma table misses a plural."""
    spoken = lexicon.best_spoken_zipf(word)
    for cut in ("s", "en", "n") if lexicon.noun(word) is not None else ():
        single = word.removesuffix(cut)
        if single != word and len(single) >= 4 and lexicon.noun(single) is not None:
            spoken = max(spoken, lexicon.spoken_zipf(single))  # 'ministers': 'minister'
    return spoken


def _particle_verb(word: str) -> bool:
    """A separable particle and an everyday spoken verb: 'afwassen', 'meevallen', 'terechtkomen'."""
    for particle in (*inflect.SEPARABLE, "terecht"):
        rest = word.removeprefix(particle)
        if rest != word and len(rest) >= 4 and rest.endswith("en") and lexicon.spoken_zipf(rest) >= _COMMON_BASE:
            return True
    return False


_DERIVATIONS = (  # suffix, endings of the base word: 'lezer' from 'lezen', 'kritisch' from 'kritiek'
    ("er", ("en",)), ("baar", ("en",)), ("schap", ("",)),
    ("etisch", ("ie",)), ("isch", ("", "e", "ie", "iek", "iër")),
)


def _particle_noun(word: str) -> bool:
    """A separable particle and an everyday spoken word that is no infinitive: 'aankoop', 'uitgave'."""
    for particle in inflect.SEPARABLE:
        rest = word.removeprefix(particle)
        if rest != word and len(rest) >= 3 and not rest.endswith("en") and not rest.startswith("ge") \
                and lexicon.spoken_zipf(rest) >= _COMMON_BASE:  # not an infinitive or a participle
            return True
    return False


def _from_common(word: str) -> bool:
    """A plain derivation of an everyday word: 'lezer(s)' from 'lezen', 'bereikbaar' from 'bereiken',
    'beterschap' from 'beter', 'kritisch' from 'kritiek', 'theoretisch' from 'theorie'."""
    singular = word.removesuffix("e") if word.endswith("ische") else word.removesuffix("s")  # 'komische', 'lezers'
    for suffix, adds in _DERIVATIONS:
        if singular.endswith(suffix) and len(singular) - len(suffix) >= 3:
            stem = singular[: -len(suffix)]
            if any(lexicon.spoken_zipf(base) >= _COMMON_BASE for add in adds
                   for base in (stem + add, stem + stem[-1:] + add, stem[:-1] + add)):
                return True
    return False


def _clip(word: str, keep: int = 30) -> str:
    """A very long word shortened for a message: its first letters and '…'."""
    return word if len(word) <= keep else word[:keep] + "…"


def _parts(word: str, min_zipf: float, known: frozenset[str], profile: Profile) -> tuple[str, ...] | None:
    if "-" in word:
        pieces = [p for p in word.split("-") if p]
        if all(lexicon.best_zipf(p) >= min_zipf or _known(p, profile, known) for p in pieces):
            return tuple(pieces)
    parts = lexicon.compound_parts(word, min_zipf)
    return parts


def _everyday(word: str, profile: Profile) -> bool:
    """The word, its singular ('uitkeringen') or its last part ('bijstandsuitkering') is an everyday noun."""
    singular = word.removesuffix("en") if word.endswith("en") else word.removesuffix("s")
    return singular in profile.everyday_nouns or any(
        form.endswith(n) for n in profile.everyday_nouns if len(n) >= 5 for form in (word, singular))


def _nominalisation(word: str, profile: Profile) -> str | None:
    """The verb (or 'adjective zijn') behind a nominalisation, or None if the word is none.

    Only nouns with a known verb or adjective behind them count: 'beoordeling' (beoordelen),
    'aanwezigheid' (aanwezig zijn), 'registratie' (registreren); not 'koning' or 'ring'.
    """
    if len(word) < 7 or word in profile.everyday_nouns or lexicon.best_spoken_zipf(word) >= _SPOKEN_EVERYDAY:
        return None  # 'bedoeling', 'aanwijzing': everyday words in speech, not a nominal style
    noun = lexicon.noun(word) or lexicon.noun(lexicon.lemma(word))
    if noun is not None and noun[0] == "c":
        return None  # a thing ('verpakking', 'vertraging' on the board), not an action in disguise
    if noun is not None and word.endswith(("ing", "ingen")) \
            and lexicon.zipf(word) - lexicon.spoken_zipf(word) < _MIN_GAP:
        return None  # heard as often as read ('verleiding', 'bijwerking'): a word of its own, not a nominal style
    if noun is not None and word.endswith(("ing", "ingen")) and lexicon.best_zipf(word) >= _WRITTEN_EVERYDAY \
            and lexicon.spoken_zipf(word[: -len("ingen" if word.endswith("ingen") else "ing")] + "en") < _SPOKEN_VERB:
        return None  # a noun common in writing has a life of its own ('beperking', 'aflevering', 'melding'),
        # unless its verb is an everyday spoken word: then 'regelen' is the plainer choice for 'regeling'
    ending = next((e for e in _NOMINAL_ENDINGS if word.endswith(e)), None)
    if ending is None or _everyday(word, profile):
        return None
    stem = word[: -len(ending)]
    if ending.startswith("ing"):
        candidate, minimum = stem + "en", 2.5
    elif ending.startswith("he"):
        candidate, minimum = stem, 3.0
    elif ending.startswith("isatie"):
        candidate, minimum = stem + "iseren", 2.0
    elif ending.startswith("atie") and len(stem) >= 3:  # 'notatie' (noteren); not 'spatie' ('speren' are spears)
        candidate, minimum = stem + "eren", 2.0
    else:
        return None  # -iteit: no verb behind it
    if lexicon.zipf(candidate) < minimum:
        return None
    return candidate + " zijn" if ending.startswith("he") else candidate
