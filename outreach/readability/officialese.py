"""Turn the sentences of a split text into officialese findings with advice in the right form.

Entries match in any inflection (through the lemma), across 'te' ('kenbaar te maken' is the
entry 'kenbaar maken'), with the verb of a phrase elsewhere in the clause ('ben niet in
staat' is 'in staat zijn', 'neemt u kennis van' is 'kennis nemen van') and as split verbs
('delen wij u mede' is 'mededelen'); abbreviations as written ('c.q.'); verbs after terug-,
her- or weder- ('terugvorderen' is 'vorderen'). The advice is the alternative in the form of
the found word ('dient' -> 'moet'), for a split verb or phrase the rewritten words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..texts import t
from . import inflect, lexicon, pos
from .profile import Profile, Sense
from .report import Finding
from .split import Document, Token

_LONG = 9  # officialese words at least this long also count at the start of a compound
_EVERYDAY = 4.0  # a verb form this common in speech is only matched through its lemma
_AFTER_PARTICLE = frozenset("dat om omdat als of wanneer zodat want en maar".split())  # a split particle ends its clause
_WINDOW = 8  # a phrase's verb may stand this many words away, in the same clause
_PARTICLES = ("mede", "mee", "aan", "af", "bij", "door", "in", "na", "om", "op", "over", "toe", "uit", "voor",
              "weg", "terug", "tegemoet", "teweeg", "kenbaar", "plaats")


_AGAIN = ("terug", "her", "weder")  # prefixes that keep the meaning of the verb after them
_CLAUSE_FIRST = ("mocht", "mochten", "indien")  # phrases with these count only at the start of a clause


def _clause_start(words: list[Token], text: str, i: int) -> bool:
    return i == 0 or any(c in text[words[i - 1].end:words[i].start] for c in ",;:(")


@dataclass(frozen=True)
class Entry:
    text: str
    severity: str
    alternatives: list[str]
    example: str
    fixed: tuple[str, ...]  # the words that must stand together
    verb: str | None  # the infinitive of a phrase, free to move within the clause
    pos: str  # the word class of the entry (stated in the rule file, else looked up): VERB, NOUN, ...
    sense: Sense  # as stated in the rule file: a stated class is checked against the tagger in context


def word_class(text: str, sense: Sense | None = None) -> str:
    """The word class of an entry: as stated, else VERB for a phrase with a verb, else looked up."""
    if sense is not None and sense.pos:
        return sense.pos
    parts = text.split()
    if len(parts) > 1:
        return "VERB" if any(inflect.is_verb(p) for p in parts[1:]) else "PHRASE"
    seen = lexicon.ud_tag(text)
    if seen is not None and seen[1] >= 0.5:
        return _coarse(seen[0])
    if inflect.is_verb(text) and lexicon.zipf(inflect.forms(text)["third"].split()[0]) > 0:
        return "VERB"  # a verb has finite forms in use ('overlegt'), unlike 'huishoudinkomen' or 'derden'
        # (before the noun list, which has every infinitive used as a noun: 'het overleggen')
    return "NOUN" if lexicon.noun(text) is not None else _coarse(pos.word_tag(text, False, False))


def _coarse(tag: str) -> str:
    return tag.split(":")[0].replace("AUX", "VERB").replace("PROPN", "NOUN")


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


def _same(word: str, base: str, part: str) -> bool:
    if word == part or base == part:
        return True
    return word in (part + "n", part + "en", part + "s", part + "e")


def _index(officialese: dict[str, tuple[str, list[str], str]], senses: dict[str, Sense]) -> tuple[
        dict[str, list[Entry]], dict[str, Entry], dict[str, list[tuple[str, Entry]]]]:
    phrases: dict[str, list[Entry]] = {}
    single: dict[str, Entry] = {}
    split_verbs: dict[str, list[tuple[str, Entry]]] = {}
    for text, (severity, alternatives, example) in officialese.items():
        parts = text.split()
        sense = senses.get(text, _NO_SENSE)
        cls = word_class(text, sense)
        verb = next((p for p in reversed(parts[1:]) if inflect.is_verb(p)), None) \
            if len(parts) > 1 and cls == "VERB" else None  # 'dit schrijven' (NOUN) is a fixed phrase
        fixed = tuple(p for p in parts if p != verb)
        entry = Entry(text, severity, alternatives, example, fixed, verb, cls, sense)
        if len(parts) == 1:
            single[text] = entry
            for particle in _PARTICLES if cls == "VERB" else ():
                rest = text[len(particle):]
                if text.startswith(particle) and len(rest) >= 4 and rest.endswith("en") and \
                        lexicon.spoken_zipf(rest) >= 3:
                    split_verbs.setdefault(rest, []).append((particle, entry))
        else:
            phrases.setdefault(fixed[0], []).append(entry)
    for options in phrases.values():
        options.sort(key=lambda e: -len(e.text.split()))
    for text, entry in list(single.items()):  # every one-word form of a verb entry: 'afgewezen', 'verrekent'
        if entry.pos == "VERB" and inflect.is_verb(text):
            for form in inflect.forms(text).values():
                if " " not in form and form not in single and (
                        lexicon.spoken_zipf(form) < _EVERYDAY or lexicon.lemma(form) == text):
                    single[form] = entry  # not 'bezig', which looks like a form of 'bezigen'
    for rest in list(split_verbs):  # 'wijst ... af': the forms of the verb that the particle leaves
        verbs = [(p, e) for p, e in split_verbs[rest] if len(rest) >= 5 and inflect.is_verb(e.text) and inflect.is_verb(rest)]
        for form in inflect.forms(rest).values() if verbs else ():
            if " " not in form and form not in split_verbs:
                split_verbs[form] = verbs
    return phrases, single, split_verbs


_CACHE: dict[tuple[int, int], tuple[object, object, tuple]] = {}  # type: ignore[type-arg]
_NO_SENSE = Sense()


def _matcher(officialese: dict[str, tuple[str, list[str], str]], senses: dict[str, Sense]):  # type: ignore[no-untyped-def]
    key = (id(officialese), id(senses))
    cached = _CACHE.get(key)
    if cached is None or cached[0] is not officialese or cached[1] is not senses:
        cached = (officialese, senses, _index(officialese, senses))
        _CACHE[key] = cached
    return cached[2]


def _clause(words: list[Token], text: str, i: int) -> tuple[int, int]:
    """The word range of the clause around word i: up to a comma, semicolon or colon."""
    lo = i
    while lo > 0 and i - lo < _WINDOW and not any(c in text[words[lo - 1].end:words[lo].start] for c in ",;:"):
        lo -= 1
    hi = i
    while hi + 1 < len(words) and hi - i < _WINDOW and \
            not any(c in text[words[hi].end:words[hi + 1].start] for c in ",;:"):
        hi += 1
    return lo, hi


def find(doc: Document, profile: Profile) -> tuple[list[Finding], set[int]]:
    """Officialese findings of the text and the starts of the words they cover."""
    phrases, single, split_verbs = _matcher(profile.officialese, profile.senses)
    hits: list[Finding] = []
    covered: set[int] = set()
    for sentence in doc.sentences:
        words = sentence.words
        low = [_norm(w.text) for w in words]
        bases = [lexicon.lemma(w) for w in low]
        context = _Tags(words, low)
        taken: set[int] = set()
        found: list[tuple[list[int], Entry, int | None]] = []  # word indexes, entry, index of its verb
        for i in range(len(words)):  # phrases first, longest first
            for entry in phrases.get(low[i], []) + (phrases.get(bases[i], []) if bases[i] != low[i] else []):
                idx = _fixed_at(entry, low, bases, i)
                if idx is None or taken & set(idx):
                    continue
                if entry.fixed[0] in _CLAUSE_FIRST and not _clause_start(words, doc.text, i):
                    continue  # 'Mocht u ...' is a condition; 'dat mocht u niet' is not
                if entry.fixed[0] == "om" and "te" not in entry.fixed and _te_follows(words, low, doc.text, idx[-1]):
                    continue  # 'een reden om niet te komen' is om ... te, not the legal 'om niet' (free)
                if not _in_context(entry, idx[0], idx[-1], words, low, doc.text, context):
                    continue  # 'dit schrijven' as a verb
                verb_at = None
                if entry.verb:
                    verb_at = _verb_near(entry.verb, low, bases, words, doc.text, idx, taken)
                    if verb_at is None and (len(entry.fixed) < 2 or _needs_verb(entry)):
                        continue  # 'kennis van' is no 'kennis nemen van'; 'het recht om' no 'het recht voorbehouden'
                    if verb_at is not None and verb_at > idx[-1] and verb_at - 1 not in idx and low[verb_at - 1] == "te":
                        idx = [*idx, verb_at - 1]
                span = sorted({*idx, *([verb_at] if verb_at is not None else [])})
                found.append((span, entry, verb_at))
                taken.update(span)
                break
        for i, w in enumerate(low):  # split verbs: 'delen ... mede'
            if i in taken:
                continue
            options = split_verbs.get(bases[i], []) + (split_verbs.get(w, []) if w != bases[i] else [])
            before = next(((p, e) for p, e in options if i >= 2 and low[i - 1] == "te" and low[i - 2] == p
                           and not taken & {i - 2, i - 1}), None)
            if before is not None:  # 'in te dienen' is the verb 'indienen'
                found.append(([i - 2, i - 1, i], before[1], i))
                taken.update((i - 2, i - 1, i))
                continue
            for particle, entry in options:
                lo, hi = _clause(words, doc.text, i)
                later = [j for j in range(i + 1, hi + 1) if low[j] == particle and j not in taken
                         and (j == hi or low[j + 1] in _AFTER_PARTICLE)]  # not 'dient het in de bus
                if later:
                    found.append(([i, later[0]], entry, i))
                    taken.update((i, later[0]))
                    break
        for i, w in enumerate(low):  # single words, and abbreviations such as 'c.q.' and 'z.s.m.'
            if i in taken or not (words[i].is_alpha_word or words[i].kind == "abbr"):
                continue
            entry, how = _single(w, bases[i], single)
            if entry is not None and how == "ending" and entry.pos not in ("NOUN", "ADJ"):
                entry = None  # 'mogen' is no plural of 'moge', 'bestendige' no form of 'bestendigen'
            if entry is not None and how == "ending" and context.coarse(i) != entry.pos:
                entry = None  # 'derden' as a noun, not the number 'derde'
            if entry is not None and not _in_context(entry, i, i, words, low, doc.text, context):
                entry = None
            if entry is not None:
                found.append(([i], entry, i))
                taken.add(i)
        for span, entry, verb_at in found:
            hits.append(_finding(doc.text, words, low, span, entry, verb_at))
            covered.update(words[j].start for j in span)
    hits.sort(key=lambda f: f.start)
    if len({f.message for f in hits}) >= int(profile.get("officialese", "fail_count")):  # different words
        hits = [Finding(f.rule, "fail", f.start, f.end, f.message, f.suggestions) for f in hits]
    return hits, covered


def _te_follows(words: list[Token], low: list[str], text: str, last: int) -> bool:
    """Is there a 'te' + verb after word `last`, in the same clause: the 'om ... te' construction?"""
    _lo, hi = _clause(words, text, last)
    return any(low[j] == "te" for j in range(last + 1, min(hi, last + 6) + 1))


def _fixed_at(entry: Entry, low: list[str], bases: list[str], i: int) -> list[int] | None:
    idx, j = [], i
    for k, part in enumerate(entry.fixed):
        if j < len(low) and low[j] == "te" and k and part != "te":
            j += 1  # 'kenbaar te maken'
        if k and entry.verb and j < len(low) and (low[j] == entry.verb or bases[j] == entry.verb
                                                  or inflect.verb_form(low[j], entry.verb)):
            j += 1  # 'zorg dragen voor': the verb inside the phrase is found by _verb_near
        if j >= len(low) or not _same(low[j], bases[j], part):
            return None
        idx.append(j)
        j += 1
    return idx


def _verb_near(verb: str, low: list[str], bases: list[str], words: list[Token], text: str, idx: list[int],
               taken: set[int]) -> int | None:
    lo, hi = _clause(words, text, idx[0])
    best = None
    for j in range(lo, hi + 1):
        if j in idx or j in taken:
            continue
        if low[j] == verb or bases[j] == verb or inflect.verb_form(low[j], verb) is not None:
            if best is None or abs(j - idx[-1]) < abs(best - idx[-1]):
                best = j
    return best


_LONGEST: dict[int, tuple[dict[str, Entry], int]] = {}


def _longest(single: dict[str, Entry]) -> int:
    """The length of the longest single-word entry (cached per index, like _matcher)."""
    cached = _LONGEST.get(id(single))
    if cached is None or cached[0] is not single:
        cached = (single, max(map(len, single), default=0))
        _LONGEST[id(single)] = cached
    return cached[1]


def _single(w: str, base: str, single: dict[str, Entry]) -> tuple[Entry | None, str]:
    """The entry of one word and how it was found: as written, through its lemma, an ending
    (plural -n/-en/-s, adjective -e), as the start of a compound, or after terug-/her-/weder-."""
    if w in single:
        return single[w], "word"
    if base in single:
        return single[base], "lemma"
    for cut in (1, 2):
        stem = w[:-cut]
        if stem in single and w in (stem + "n", stem + "en", stem + "s", stem + "e"):
            return single[stem], "ending"
    for k in range(_LONG, min(len(w) - 3, _longest(single) + 1)):  # not every prefix of a 2 MB word
        if w[:k] in single:
            return single[w[:k]], "compound"
    for prefix in _AGAIN:  # 'terugvorderen', 'heroverwogen': an officialese verb done again
        rest = w[len(prefix):]
        if w.startswith(prefix) and len(rest) >= 6 and rest in single and single[rest].pos == "VERB" \
                and inflect.is_verb(single[rest].text):
            return single[rest], "again"
    return None, ""


class _Tags:
    """The tagger's word classes of one sentence, computed only when a rule asks."""

    def __init__(self, words: list[Token], low: list[str]) -> None:
        self.words, self.low = words, low
        self.tags: list[str] | None = None

    def coarse(self, i: int) -> str:
        if self.tags is None:
            self.tags = pos.tags(self.low, [w.text[:1].isupper() for w in self.words], [w.text for w in self.words])
        return _coarse(self.tags[i])


_EVERYDAY_PHRASE = 4.5  # a phrase whose fixed words are all this common in speech needs its verb


def _needs_verb(entry: Entry) -> bool:
    """Whether a phrase counts only with its verb: stated, or all its other words are everyday."""
    return entry.sense.needs_verb or all(lexicon.spoken_zipf(p) >= _EVERYDAY_PHRASE for p in entry.fixed)


def _noun_use(context: _Tags, first: int) -> bool:
    """An infinitive after a preposition, an article or at the start is a noun ('voor dit schrijven')."""
    return first == 0 or context.coarse(first - 1) in ("ADP", "DET")


def _in_context(entry: Entry, first: int, i: int, words: list[Token], low: list[str], text: str,
                context: _Tags) -> bool:
    """Whether word i, found as `entry`, has the entry's sense here.

    `first` is the first word of the phrase, `i` its last. A stated word class must be the
    tagger's class in this sentence (a verb entry also takes a participle used as an adjective,
    a noun entry an infinitive used as a noun); a stated `after` word must follow in the clause; a
    verb entry is not found inside another, separable verb ('in te dienen', 'dient ... in').
    """
    sense = entry.sense
    if sense.pos is not None:
        found = context.coarse(i)
        if found != sense.pos and not (sense.pos == "VERB" and found == "ADJ") and not (
                sense.pos == "NOUN" and _noun_use(context, first)):
            return False
    _lo, hi = _clause(words, text, i)
    if sense.after and not any(_follows(low[j], sense.after) for j in range(i + 1, hi + 1)):
        return False
    if entry.pos == "VERB" and " " not in entry.text:
        if i >= 2 and low[i - 1] == "te" and _separable(low[i - 2], entry.text):
            return False
        if hi > i + 1 and _separable(low[hi], entry.text):
            return False
    return True


_MONTHS = frozenset("januari februari maart april mei juni juli augustus september oktober november december".split())


def _follows(word: str, after: tuple[str, ...]) -> bool:
    """Whether `word` is one of a sense's `after` words; '{getal}' stands for any number, '{maand}' for a month."""
    return word in after or ("{getal}" in after and word[:1].isdigit()) or ("{maand}" in after and word in _MONTHS)


def _separable(particle: str, verb: str) -> bool:
    """Whether `particle` + `verb` is another verb: 'in' + 'dienen' is 'indienen' (but 'terug'
    keeps the meaning: 'vordert ... terug' is still 'vorderen')."""
    return particle in inflect.SEPARABLE and particle not in _AGAIN and lexicon.zipf(particle + verb) >= 2.0


def _finding(text: str, words: list[Token], low: list[str], span: list[int], entry: Entry,
             verb_at: int | None) -> Finding:
    first, last = words[span[0]], words[span[-1]]
    found = text[first.start:last.end]
    if entry.verb and verb_at is not None and len(span) > 1 and (
            verb_at == span[0] or any(j not in span for j in range(span[0], span[-1]))):
        fixed = [j for j in span if j != verb_at]  # mark the phrase itself; the message names the verb too
        first, last = words[fixed[0]], words[fixed[-1]]
    if verb_at is not None and len(span) > 1:  # rewrite: the verb in its form, the rest where the phrase was
        suggestions = []
        others = [j for j in span if j != verb_at and low[j] != "te"]
        for alt in entry.alternatives:
            verb, rest = inflect.verb_and_rest(alt, low[verb_at], entry.verb or entry.text[len(low[others[0]]):])
            kept = []
            after = bool(others) and verb_at > others[-1]  # 'kenbaar te maken' -> 'te laten weten'
            for j in range(span[0], span[-1] + 1):
                if j == verb_at:
                    kept.extend([verb, rest] if after else [verb])
                elif others and j == others[-1] and rest and not after:
                    kept.append(rest)
                elif j not in span or low[j] == "te":
                    kept.append(words[j].text)
            suggestions.append(" ".join(k for k in kept if k))
    else:
        suggestions = [inflect.like(alt, low[span[0]], entry.text) for alt in entry.alternatives]
    if suggestions:
        message = t("readability.rule.officialese", word=found, alternatives=t("readability.or").join(
            f"'{s}'" for s in suggestions))
    else:
        message = t("readability.rule.officialese_plain", word=found)
    if entry.example:
        message += " " + t("readability.rule.officialese_example", example=entry.example)
    return Finding("officialese", entry.severity, first.start, last.end, message, suggestions)  # type: ignore[arg-type]
