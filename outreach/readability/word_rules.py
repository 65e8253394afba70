"""Turn the words of a split text into findings: officialese, rare words, compounds, nominalisations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..texts import t
from . import lexicon
from .profile import Profile
from .report import Finding
from .split import Document, Token

_NOMINAL_ENDINGS = ("ingen", "ing", "heden", "heid", "isaties", "isatie", "aties", "atie", "iteiten", "iteit")


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


def _matches_entry(word: str, entry: str) -> bool:
    if word == entry or word in (entry + "n", entry + "en", entry + "s", entry + "e"):
        return True
    if len(entry) >= _LONG and word.startswith(entry) and len(word) - len(entry) >= 4:
        return True  # a compound that starts with a long officialese word
    return lexicon.lemma(word) == entry


_LONG = 9  # officialese words at least this long also count at the start of a compound


@dataclass(frozen=True)
class _Matcher:
    single: dict[str, tuple[str, list[str]]]
    phrases: dict[str, list[tuple[list[str], str, str, list[str]]]]  # first word -> longest first
    long: frozenset[str]
    longest: int = 0  # letters of the longest entry in `long`

    def word(self, w: str, base: str) -> str | None:
        """The single-word entry that `w` (lemma `base`) is a form of, if any."""
        if w in self.single:
            return w
        if base in self.single:
            return base
        for cut in (1, 2):
            stem = w[:-cut]
            if stem in self.single and _matches_entry(w, stem):
                return stem
        for k in range(_LONG, min(len(w) - 3, self.longest + 1)):  # bounded: no quadratic slicing
            if w[:k] in self.long:
                return w[:k]
        return None


_MATCHERS: dict[int, tuple[object, _Matcher]] = {}


def _matcher(officialese: dict[str, tuple[str, list[str]]]) -> _Matcher:
    """Index the officialese list once per loaded list."""
    cached = _MATCHERS.get(id(officialese))
    if cached is not None and cached[0] is officialese:
        return cached[1]
    single: dict[str, tuple[str, list[str]]] = {}
    phrases: dict[str, list[tuple[list[str], str, str, list[str]]]] = {}
    for entry, (severity, alternatives) in officialese.items():
        parts = entry.split()
        if len(parts) == 1:
            single[entry] = (severity, alternatives)
        else:
            phrases.setdefault(parts[0], []).append((parts, entry, severity, alternatives))
    for options in phrases.values():
        options.sort(key=lambda item: -len(item[0]))
    long = frozenset(e for e in single if len(e) >= _LONG)
    matcher = _Matcher(single, phrases, long, max((len(e) for e in long), default=0))
    _MATCHERS[id(officialese)] = (officialese, matcher)
    return matcher


def officialese(doc: Document, profile: Profile) -> tuple[list[Finding], set[int]]:
    """Officialese words and phrases; also the starts of the words they cover."""
    matcher = _matcher(profile.officialese)
    hits: list[Finding] = []
    covered: set[int] = set()
    for sentence in doc.sentences:
        words = sentence.words
        lowered = [_norm(w.text) for w in words]
        bases = [lexicon.lemma(w) for w in lowered]
        i = 0
        while i < len(words):
            found = None
            for first in {lowered[i], bases[i]}:
                for parts, entry, severity, alternatives in matcher.phrases.get(first, ()):
                    n = len(parts)
                    if i + n <= len(words) and all(
                            lowered[i + k] == parts[k] or bases[i + k] == parts[k]
                            or (k == n - 1 and _matches_entry(lowered[i + k], parts[k])) for k in range(1, n)):
                        if found is None or n > found[0]:
                            found = (n, entry, severity, alternatives)
                        break
            if not found and words[i].is_alpha_word:
                single = matcher.word(lowered[i], bases[i])
                if single is not None:
                    found = (1, single, *matcher.single[single])
            if found:
                n, entry, severity, alternatives = found
                first_tok, last_tok = words[i], words[i + n - 1]
                text = doc.text[first_tok.start:last_tok.end]
                hits.append(Finding("officialese", severity, first_tok.start, last_tok.end,  # type: ignore[arg-type]
                                    t("readability.rule.officialese", word=text,
                                      alternatives=_quoted(alternatives)) if alternatives
                                    else t("readability.rule.officialese_plain", word=text),
                                    list(alternatives)))
                covered.update(w.start for w in words[i:i + n])
                i += n
            else:
                i += 1
    fail_count = int(profile.get("officialese", "fail_count"))
    if len(hits) >= fail_count:
        hits = [Finding(f.rule, "fail", f.start, f.end, f.message, f.suggestions) for f in hits]
    return hits, covered


def _quoted(words: Iterable[str]) -> str:
    return t("readability.or").join(f"'{w}'" for w in words)


def _is_name(tok: Token, sentence_first: bool) -> bool:
    return tok.text[0].isupper() and not sentence_first


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
    for sentence in doc.sentences:
        first_word = next((w for w in sentence.words), None)
        for tok in sentence.words:
            if tok.kind != "word" or not tok.is_alpha_word or tok.start in covered:
                continue
            word = _norm(tok.text)
            if _known(word, profile, known) or _is_name(tok, tok is first_word) or any(c.isdigit() for c in word):
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


def _nominalisation(word: str, profile: Profile) -> str | None:
    """The verb (or 'adjective zijn') behind a nominalisation, or None if the word is none.

    Only nouns with a known verb or adjective behind them count: 'beoordeling' (beoordelen),
    'aanwezigheid' (aanwezig zijn), 'registratie' (registreren); not 'koning' or 'ring'.
    """
    if len(word) < 7 or word in profile.everyday_nouns:
        return None
    ending = next((e for e in _NOMINAL_ENDINGS if word.endswith(e)), None)
    if ending is None or any(word.endswith(n) for n in profile.everyday_nouns if len(n) >= 5):
        return None
    stem = word[: -len(ending)]
    if ending.startswith("ing"):
        candidate, minimum = stem + "en", 2.5
    elif ending.startswith("he"):
        candidate, minimum = stem, 3.0
    elif ending.startswith("isatie"):
        candidate, minimum = stem + "iseren", 2.0
    elif ending.startswith("atie"):
        candidate, minimum = stem + "eren", 2.0
    else:
        return None  # -iteit: no verb behind it
    if lexicon.zipf(candidate) < minimum:
        return None
    return candidate + " zijn" if ending.startswith("he") else candidate
