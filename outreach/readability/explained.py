"""Leave out word findings for hard terms that the text explains.

Plain-language rules allow a necessary hard word when the text explains it, and expert
rewrites of municipal letters do exactly that: "Stuur ons een brief. Dat heet een
bezwaarschrift.", "Daarom krijgt u minder bijstand. Dit heet de kostendelersnorm.", "Vraag
de rechter om een voorlopige voorziening. Dat is een snelle uitspraak." Such a term is no
problem from its explanation on: the word findings on it (officialese, rare word, compound,
nominalisation, long word) at and after the explanation are dropped. Before its explanation
the word still counts, and an unexplained hard word is flagged as always.

An explanation is one of:
- naming: "dat/dit heet (een/de/het) TERM", "dat noemen we TERM", "TERM genoemd";
- a definition: "(een/de/het) TERM is een/de ...", "TERM betekent ...", "TERM wil zeggen ...";
- a term in brackets after its plain description: "een brief (een bezwaarschrift)";
- the next sentence, in the same paragraph, starts "Dat/Dit is een/de/het ...", "Dat/Dit
  betekent ...", "Daarmee bedoelen we ...": it explains the last hard term of the sentence before;
- the term followed by a colon or by words in brackets: "de Participatiewet: de wet voor de
  bijstand", "de Wmo (de wet voor hulp thuis)".

`first_use_only` then keeps one finding per hard term (not per officialese word, which has a
plain word to use instead): a letter about the bijstandsuitkering must name it, so the name is
advice where it is first used, not at every use.
"""

from __future__ import annotations

from bisect import bisect_left

from .report import Finding
from .split import Document, Sentence

_GLOSS_WORDS = 2  # words in brackets after a term that explain it ("(de wet voor de bijstand)")

WORD_RULES = frozenset({"officialese", "rare-word", "compound", "nominalisation", "long-word", "term"})
_ARTICLES = frozenset({"een", "de", "het"})
_NAMING = frozenset({"heet", "heten", "noemen", "noemt", "genoemd", "heette"})
_DEFINING = frozenset({"betekent", "betekenen", "is", "zijn"})
_BACK = frozenset({"dat", "dit", "daarmee", "hiermee"})
_BACK_VERBS = frozenset({"is", "betekent", "bedoelen", "wil", "zijn"})


def _key(word: str) -> str:
    """A term without its plural ending: 'bezwaarschriften' and 'bezwaarschrift' are one term."""
    word = word.lower()
    for end in ("en", "s"):
        if word.endswith(end) and len(word) > 6:
            return word[: -len(end)]
    return word


def _in(finding: Finding, a: int, b: int) -> bool:
    return finding.start >= a and finding.end <= b


def _explanations(doc: Document, findings: list[Finding]) -> dict[str, int]:
    """Term (see _key) -> offset from which it counts as explained."""
    words_found = sorted((f for f in findings if f.rule in WORD_RULES), key=lambda f: f.start)
    starts = [f.start for f in words_found]
    out: dict[str, int] = {}

    def within(part: Sentence) -> list[Finding]:  # by bisection: linear in the text, not quadratic
        first = bisect_left(starts, part.start)
        last = bisect_left(starts, part.end, lo=first)
        return [f for f in words_found[first:last] if f.end <= part.end]

    def mark(f: Finding) -> None:
        key = _key(doc.text[f.start:f.end])
        out[key] = min(out.get(key, f.start), f.start)

    previous: Sentence | None = None
    for sentence in doc.sentences:
        words = sentence.words
        low = [w.text.lower() for w in words]
        inside = within(sentence)
        for i, w in enumerate(low):
            if w in _NAMING:  # "dat heet een bezwaarschrift", "dat noemen we ...": the term follows
                j = i + 1
                while j < len(words) and (low[j] in _ARTICLES or low[j] in ("we", "wij", "ook", "dat", "dit")):
                    j += 1
                if j < len(words):
                    for f in inside:
                        if f.start <= words[j].start < f.end or _in(f, words[j].start, words[min(j + 1, len(words) - 1)].end):
                            mark(f)
                if w == "genoemd" and i > 0:  # "... wordt de kostendelersnorm genoemd"
                    for f in inside:
                        if f.end <= words[i].start and f.end >= words[max(0, i - 2)].start:
                            mark(f)
        first = 1 if low and low[0] in _ARTICLES else 0
        if len(words) > first + 2 and low[first + 1] in _DEFINING and (low[first + 1] == "betekent" or low[first + 2] in _ARTICLES):
            for f in inside:  # "Een bezwaarschrift is een brief waarin ..."
                if f.start <= words[first].start < f.end:
                    mark(f)
        for f in inside:  # "een brief (een bezwaarschrift)"
            before = doc.text[sentence.start:f.start]
            opened = before.rfind("(")
            if opened > before.rfind(")") and opened >= 0 and words and words[0].start < sentence.start + opened:
                mark(f)
        if previous is not None and len(low) >= 3 and low[0] in _BACK and low[1] in _BACK_VERBS \
                and (low[1] not in ("is", "zijn") or low[2] in _ARTICLES):
            earlier = within(previous)
            if earlier and previous.paragraph == sentence.paragraph:
                mark(earlier[-1])  # "... om een voorlopige voorziening. Dat is een snelle uitspraak."
        for f in inside:  # "de Participatiewet: de wet voor de bijstand", "de Wmo (de wet voor hulp thuis)"
            if _glossed(doc.text, f.end, sentence.end):
                mark(f)
        previous = sentence
    return out


def _glossed(text: str, end: int, limit: int) -> bool:
    """Whether a colon or brackets with at least _GLOSS_WORDS words follow the term that ends at `end`."""
    rest = text[end:min(limit + 1, end + 200)].lstrip(" ")
    if rest.startswith(":"):
        return len(rest[1:].split()) >= _GLOSS_WORDS
    if rest.startswith("("):
        inner = rest[1:].split(")", 1)[0]
        return len(inner.split()) >= _GLOSS_WORDS
    return False


TERM_RULES = WORD_RULES - {"officialese"}  # officialese has a plain word to use instead: flagged at every use


def first_use_only(doc: Document, findings: list[Finding]) -> list[Finding]:
    """`findings` with one finding per hard term: later uses of a flagged term are no new finding."""
    seen: set[str] = set()
    out = []
    for f in sorted(findings, key=lambda f: f.start):
        if f.rule in TERM_RULES:
            key = _key(doc.text[f.start:f.end])
            if key in seen:
                continue
            seen.add(key)
        out.append(f)
    return out


def drop_explained(doc: Document, findings: list[Finding]) -> list[Finding]:
    """`findings` without the word findings on terms that the text has explained by then."""
    explained = _explanations(doc, findings)
    if not explained:
        return findings
    return [f for f in findings
            if not (f.rule in WORD_RULES and f.start >= explained.get(_key(doc.text[f.start:f.end]), len(doc.text) + 1))]

