"""Turn a split text into findings for what the word lists miss: stock phrases, abbreviations, legal references, slashes.

- stock phrases as classes (readability/phrases.toml, [[class]]): archaic prepositions
  ('krachtens', 'ingevolge', 'inzake'), 'eerder genoemde', 'medio oktober', 'met referte aan',
  'in toenemende mate', 'aangezien', 'in dier voege', 'mededeling doen van';
- abbreviations that the text does not explain at first use ('het CAK', 'de IOAW', 'de Bbz'):
  explained is 'Wet maatschappelijke ondersteuning (Wmo)' or 'de Wmo (de wet voor hulp thuis)';
- legal cross-references ('artikel 9, eerste lid, onderdeel a', 'art. 6:5 Awb');
- slash forms ('zijn/haar (ex-)echtgenoot/echtgenote', 'en/of'), but not dates, URLs or 24/7;
- names of laws and benefits ([names]): the word findings inside one name become one finding on
  the whole name, so that explained.py can drop it when explained and keep it once.
Every finding is advice ("warn"); the verdict counts them as hard words (verdict.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ContentError, Where
from ..texts import t
from .profile import _files, _read_toml, _stamp
from .report import Finding
from .split import Document

MONTHS = frozenset("januari februari maart april mei juni juli augustus september oktober november december".split())
_ORDINALS = "eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende|\\d+e"
LEGAL = re.compile(
    r"\b(?:artikel(?:en)?|art\.)\s+\d+[a-z]?(?::\d+[a-z]?)?"
    r"(?:(?:,?\s+(?:en\s+)?(?:(?:" + _ORDINALS + r")\s+lid|lid\s+\d+|aanhef|onder(?:deel)?\s+[a-z]\b|sub\s+[a-z]\b|"
    r"onder\s+\d+°?))+|\s+(?:Awb|BW|Sr|Pw)\b)", re.IGNORECASE)
SLASH = re.compile(r"(?<![\w/])\(?[A-Za-zÀ-ÿ][\w()À-ÿ-]*\)?(?:/\(?[A-Za-zÀ-ÿ][\w()À-ÿ-]*\)?)+")
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z]{1,5}$")
MAX_PHRASE_WORDS = 8


@dataclass(frozen=True)
class Rules:
    classes: tuple[tuple[str, tuple[tuple[str, ...], ...], tuple[str, ...], str], ...]  # name, phrases, advice, example
    known: frozenset[str]  # everyday abbreviations, as written
    flagged: frozenset[str]  # abbreviations in lower or mixed case to look for, lower case
    names: tuple[tuple[str, ...], ...]  # names of laws and benefits, as lower-case words


def _strings(value: Any, where: str, path: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ContentError(t("readability.officialese_not_list", phrase=where), Where(file=path))
    return value


@cache
def _load(stamp: tuple[tuple[str, float], ...]) -> Rules:
    classes: list[tuple[str, tuple[tuple[str, ...], ...], tuple[str, ...], str]] = []
    known: set[str] = set()
    flagged: set[str] = set()
    names: list[tuple[str, ...]] = []
    for path, _ in stamp:
        data = _read_toml(Path(path))
        for entry in data.get("class", []):
            name = str(entry.get("name", ""))
            phrases = tuple(tuple(p.lower().split()[:MAX_PHRASE_WORDS]) for p in _strings(entry.get("phrases", []), name, path))
            classes.append((name, phrases, tuple(_strings(entry.get("advice", []), name, path)), str(entry.get("example", ""))))
        abbreviations = data.get("abbreviations", {})
        known.update(_strings(abbreviations.get("known", []), "known", path))
        flagged.update(a.lower() for a in _strings(abbreviations.get("flagged", []), "flagged", path))
        names.extend(tuple(n.lower().split()) for n in _strings(data.get("names", {}).get("names", []), "names", path))
    return Rules(tuple(classes), frozenset(known), frozenset(flagged), tuple(sorted(set(names), key=len, reverse=True)))


def rules() -> Rules:
    return _load(_stamp(_files("phrases.toml")))


Slot = tuple[bool, str, frozenset[str]]  # optional, kind ("month", "word" or "set"), the words of a "set"


@cache
def _compiled(phrase: tuple[str, ...]) -> tuple[Slot, ...]:
    slots = []
    for slot in phrase:
        optional, slot = slot.startswith("?"), slot.lstrip("?")
        kind = {"{maand}": "month", "{woord}": "word"}.get(slot, "set")
        slots.append((optional, kind, frozenset(slot.split("|")) if kind == "set" else frozenset()))
    return tuple(slots)


def _slot_matches(slot: Slot, word: str) -> bool:
    _, kind, words = slot
    if kind == "month":
        return word in MONTHS
    if kind == "word":
        return word.isalpha()
    return word in words


def _match(phrase: tuple[Slot, ...], low: list[str], i: int) -> int:
    """The number of words of `low` from `i` that `phrase` matches, or 0."""
    j = i
    for slot in phrase:
        if j < len(low) and _slot_matches(slot, low[j]):
            j += 1
        elif not slot[0]:
            return 0
    return j - i


@cache
def _by_first_word(classes: tuple[tuple[str, tuple[tuple[str, ...], ...], tuple[str, ...], str], ...]
                   ) -> tuple[dict[str, list[tuple[tuple[Slot, ...], tuple[str, ...], str]]],
                              list[tuple[tuple[Slot, ...], tuple[str, ...], str]]]:
    """The phrases by the words they can start with, and those that can start with any word (in list order)."""
    first: dict[str, list[tuple[tuple[Slot, ...], tuple[str, ...], str]]] = {}
    anywhere = []
    for _name, phrases, advice, example in classes:
        for phrase in phrases:
            slots = _compiled(phrase)
            if not slots:
                continue
            optional, kind, words = slots[0]
            if optional or kind != "set":
                anywhere.append((slots, advice, example))
            else:
                for word in words:
                    first.setdefault(word, []).append((slots, advice, example))
    return first, anywhere


def _clip(text: str, keep: int = 40) -> str:
    """A long match shortened for a message: its first letters and '…'."""
    return text if len(text) <= keep else text[:keep] + "…"


def _quoted(words: tuple[str, ...] | list[str]) -> str:
    return t("readability.or").join(f"'{w}'" for w in words)


def stock_phrases(doc: Document, covered: set[int], r: Rules) -> list[Finding]:
    """Phrases of the [[class]] lists; words already found as officialese are left to that rule.

    The starts of the words of each phrase found are added to `covered`, so that the word rules
    do not flag them again ('referte' in 'met referte aan').
    """
    first, anywhere = _by_first_word(r.classes)
    out = []
    for sentence in doc.sentences:
        words = sentence.words
        low = [w.text.lower().replace("’", "'") for w in words]
        i = 0
        while i < len(words):
            found = 0
            for slots, advice, example in (*first.get(low[i], ()), *anywhere):
                n = _match(slots, low, i)
                if not n or any(words[k].start in covered for k in range(i, i + n)):
                    continue
                found = n
                text = doc.text[words[i].start:words[i + n - 1].end]
                message = t("readability.rule.stock_phrase", words=_clip(text), alternatives=_quoted(advice)) if advice \
                    else t("readability.rule.officialese_plain", word=_clip(text))
                if example:
                    message += " " + t("readability.rule.officialese_example", example=example)
                out.append(Finding("stock-phrase", "warn", words[i].start, words[i + n - 1].end, message, list(advice)))
                covered.update(w.start for w in words[i:i + n])
                break
            i += found or 1
    return out


def _explained_abbreviation(text: str, start: int, end: int) -> bool:
    """'Wet maatschappelijke ondersteuning (Wmo)', 'de Wmo (de wet voor hulp thuis)', 'het CAK: ...'."""
    before = text[max(0, start - 2):start]
    after = text[end:end + 200]
    if before.endswith("(") and after.startswith(")"):
        return True
    rest = after.lstrip(" ")
    if rest.startswith(":"):
        return len(rest[1:].split()) >= 2
    if rest.startswith("("):
        return len(rest[1:].split(")", 1)[0].split()) >= 2
    return False


def abbreviations(doc: Document, known_words: frozenset[str], r: Rules) -> list[Finding]:
    """Abbreviations not explained where they are first used (advice at that first use only)."""
    seen: set[str] = set()
    out = []
    for sentence in doc.sentences:
        for tok in sentence.words:
            word = tok.text
            if tok.kind not in ("word", "abbr") or not _ABBREVIATION.match(word) or word in r.known \
                    or word.lower() in known_words:
                continue
            capitals = sum(c.isupper() for c in word)
            if not (capitals >= 2 and capitals >= len(word) - 1) and word.lower() not in r.flagged:
                continue  # 'Kaya', 'Peters': names; 'CAK', 'IOAW', 'IOAZ' or a listed 'Bbz', 'Wmo'
            key = word.lower()
            if key in seen:
                continue
            seen.add(key)
            if not _explained_abbreviation(doc.text, tok.start, tok.end):
                out.append(Finding("abbreviation", "warn", tok.start, tok.end,
                                   t("readability.rule.abbreviation", word=_clip(word)), []))
    return out


def legal_references(doc: Document) -> list[Finding]:
    return [Finding("legal-reference", "warn", m.start(), m.end(), t("readability.rule.legal_reference", words=_clip(m.group(0))), [])
            for m in LEGAL.finditer(doc.text) if doc.text[m.start():m.end()].strip()]


def slash_forms(doc: Document) -> list[Finding]:
    out = []
    for m in SLASH.finditer(doc.text):
        chunk_start = doc.text.rfind(" ", 0, m.start()) + 1
        chunk_end = doc.text.find(" ", m.end())
        chunk = doc.text[chunk_start:chunk_end if chunk_end >= 0 else len(doc.text)]
        if any(mark in chunk for mark in ("://", "www.", "@", ".nl", ".com")) or m.group(0).lower() in ("t/m", "a/b"):
            continue
        out.append(Finding("slash-form", "warn", m.start(), m.end(), t("readability.rule.slash_form", words=_clip(m.group(0))), []))
    return out


def find(doc: Document, covered: set[int], known_words: frozenset[str]) -> list[Finding]:
    """All findings of this module; adds the words of stock phrases to `covered` (run it before the word rules)."""
    r = rules()
    return [*stock_phrases(doc, covered, r), *abbreviations(doc, known_words, r), *legal_references(doc),
            *slash_forms(doc)]


@cache
def _names_by_first_word(names: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for name in names:  # longest first (rules() sorts them), so 'Wet werk en bijstand' wins over a shorter name
        if name:
            out.setdefault(name[0], []).append(name)
    return out


def merge_names(doc: Document, findings: list[Finding], word_rules: frozenset[str]) -> list[Finding]:
    """Word findings inside the name of a law or benefit become one finding ("term") on the whole name."""
    if not any(f.rule in word_rules for f in findings):
        return findings
    names = _names_by_first_word(rules().names)
    if not names:
        return findings
    spans: list[tuple[int, int]] = []
    for sentence in doc.sentences:
        words = sentence.words
        low = [w.text.lower() for w in words]
        i = 0
        while i < len(words):
            n = next((len(name) for name in names.get(low[i], ()) if tuple(low[i:i + len(name)]) == name), 0)
            if n:
                spans.append((words[i].start, words[i + n - 1].end))
            i += n or 1
    if not spans:
        return findings
    out = [f for f in findings if not (f.rule in word_rules and any(a <= f.start and f.end <= b for a, b in spans))]
    for a, b in spans:
        if any(f.rule in word_rules and a <= f.start and f.end <= b for f in findings):
            out.append(Finding("term", "warn", a, b, t("readability.rule.term", words=_clip(doc.text[a:b])), []))
    return out
