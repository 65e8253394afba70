"""Turn the measures of a whole text into its verdict: pass, warn or fail.

No single finding decides. A text fails B1 only when it is hard as a whole: its sentences are
long on average, many of them are long (or one is very long), it has many hard words per 100
words, or many passive sentences. Every finding stays as advice; a text with findings but no
failing measure gets "warn". The thresholds are in readability/<level>.toml, section [verdict]
(and [sentences], [passive]), calibrated on the tune part of benchmarks/data/public_texts.toml
(benchmarks/bench_verdict.py prints both parts).
"""

from __future__ import annotations

from ..texts import t
from .profile import Profile
from .report import Finding, Verdict
from .split import Document

# word findings and how much each counts as a hard word (officialese of the "warn" list: half)
HARD_WEIGHTS = {"officialese": 1.0, "rare-word": 1.0, "compound": 0.5, "long-word": 0.5, "nominalisation": 0.5,
                "abbreviation": 1.0, "legal-reference": 1.0, "slash-form": 1.0, "stock-phrase": 1.0,
                "term": 0.5}  # the name of a law or benefit: a letter about it must name it
WARN_WEIGHT = 0.5  # an officialese word of the "warn" list


REPEAT_WEIGHT = 0.5  # the same hard word again (same finding message): the reader has met it once


def hard_words(findings: list[Finding]) -> float:
    """The weighted number of hard words among `findings` (see HARD_WEIGHTS); a word met before
    in the text counts REPEAT_WEIGHT of its weight (three times 'noodzakelijk' is one hard word
    and two repeats, not three hard words)."""
    total = 0.0
    seen: set[tuple[str, str]] = set()
    for f in findings:
        weight = HARD_WEIGHTS.get(f.rule, 0.0)
        if f.rule == "officialese" and f.severity == "warn":
            weight = WARN_WEIGHT
        if (f.rule, f.message) in seen:
            weight *= REPEAT_WEIGHT
        seen.add((f.rule, f.message))
        total += weight
    return total


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


# findings that fail the whole text: the average sentence length (sentence_rules.sentences), the
# passive share (sentence_rules.passive), a run of more than 40 letters that nobody reads as a word
_FAILING_RULES = frozenset({"sentence-length", "passive", "long-word"})


def failing(findings: list[Finding]) -> bool:
    """Whether one of `findings` fails the text as a whole (see _FAILING_RULES and decide's reasons)."""
    return any(f.severity == "fail" and (f.rule in _FAILING_RULES or f.rule in ("long-sentences", "hard-words"))
               for f in findings)


def decide(doc: Document, findings: list[Finding], metrics: dict[str, float | int],
           profile: Profile) -> tuple[Verdict, list[Finding]]:
    """The verdict, and the whole-text findings that explain a fail (added to the report)."""
    if not doc.sentences:
        return "fail", []
    start, end = doc.sentences[0].start, doc.sentences[-1].end
    reasons: list[Finding] = []
    long_count = int(metrics["long_sentences"])
    longest = int(metrics["max_sentence_words"])
    share = float(metrics["long_sentence_share"])
    if longest > int(profile.get("verdict", "max_words_any")) or (
            long_count >= int(profile.get("verdict", "long_sentences_min"))
            and share > float(profile.get("verdict", "long_share_fail"))):
        reasons.append(Finding("long-sentences", "fail", start, end,
                               t("readability.rule.long_sentences", count=long_count, total=len(doc.sentences),
                                 max=int(profile.get("sentences", "max_words_fail"))),
                               [t("readability.suggest.split_sentence")]))
    hard = float(metrics["hard_words"])
    per100 = float(metrics["hard_words_per_100"])
    limit = float(profile.get("verdict", "hard_per_100_fail"))
    if hard >= float(profile.get("verdict", "hard_words_min")) and per100 > limit:
        reasons.append(Finding("hard-words", "fail", start, end,
                               t("readability.rule.hard_words", count=_number(per100), max=_number(limit)),
                               [t("readability.suggest.hard_words")]))
    if failing(findings) or reasons:
        return "fail", reasons
    return ("warn" if findings else "pass"), []
