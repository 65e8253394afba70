"""Turn a Dutch text into a readability Report: split it, run every rule, measure, score.

The pipeline: profile (thresholds for level and kind) -> letter furniture left out (address
blocks, reference lines, signature; letter.py) -> split (paragraphs, sentences, tokens) -> word rules -> sentence rules -> metrics and score -> verdict and summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..texts import t
from . import explained, extra_rules, letter, lint, sentence_rules, word_rules
from . import profile as profiles
from .report import Finding, Report
from .score import measure, score
from .split import Document, split
from .verdict import decide, failing

LINE_KINDS = frozenset({"flyer", "sms", "whatsapp"})  # one idea per line: a line break ends a paragraph


Waived = Mapping[tuple[str, int, int], str]  # (rule, start, end) of a finding -> why it does not apply


def check(text: str, level: str = "B1", kind: str = "letter", known_words: Iterable[str] = (),
          waived: Waived | None = None) -> Report:
    """Check `text` against the writing rules of `level` (A2|B1) for `kind` of text.

    `known_words` are names and placeholders the reader knows; they are never rare words.
    `waived` are findings a literacy adviser marked "not applicable here" (web/waivers.py), with
    the reason: they move to `Report.waived` and count for nothing, neither score nor verdict.
    An empty text (or only spaces and line breaks) does not raise: it gets verdict "fail"
    with one finding, rule "empty-text" ("Er staat geen tekst in."), so that every caller
    (web page, message editor, template check) can show it like any other problem.
    """
    profile = profiles.load(level, kind)
    if not text.strip():
        return _empty(text, profile)
    known = frozenset(w.lower() for value in known_words for w in str(value).split())
    ignored = letter.furniture(text)  # address blocks, reference lines, signature, page numbers
    masked = letter.mask(text, ignored)
    if not masked.strip():
        return _empty(text, profile)
    doc = split(masked, profile.abbreviations, line_paragraphs=kind in LINE_KINDS)
    doc.text = text  # the same offsets: furniture was blanked out with spaces
    officialese, covered = word_rules.officialese(doc, profile)
    extra = extra_rules.find(doc, covered, known)  # stock phrases, abbreviations, legal references, slashes
    findings: list[Finding] = [
        *officialese,
        *extra,
        *sentence_rules.passive(doc, profile),
        *sentence_rules.sentences(doc, profile),
        *word_rules.words(doc, profile, known, covered),
        *sentence_rules.paragraphs(doc, profile),
        *sentence_rules.address(doc, profile),
    ]
    findings = extra_rules.merge_names(doc, findings, explained.WORD_RULES)  # 'Wet maatschappelijke ondersteuning'
    findings = explained.drop_explained(doc, findings)  # "Dat heet een bezwaarschrift."
    findings = explained.first_use_only(doc, findings)  # a term is advice once, not at every use
    findings = _salutation_as_advice(doc, findings)
    findings = _not_emphasis(doc, findings, profile)
    waived = waived or {}
    set_aside = [f for f in findings if (f.rule, f.start, f.end) in waived]
    findings = [f for f in findings if (f.rule, f.start, f.end) not in waived]
    findings.sort(key=lambda f: (f.start, -f.end, f.rule))
    metrics = measure(doc, findings, profile, known)
    verdict, reasons = decide(doc, findings, metrics, profile)
    set_aside += [f for f in reasons if (f.rule, f.start, f.end) in waived]
    reasons = [f for f in reasons if (f.rule, f.start, f.end) not in waived]
    if verdict == "fail" and not reasons and not failing(findings):
        verdict = "warn" if findings else "pass"  # an adviser waived what failed it
    findings = sorted([*findings, *reasons], key=lambda f: (f.start, -f.end, f.rule))
    whole, per_sentence = lint.analyse(doc)
    return Report(
        text=text,
        level=profile.level,
        kind=kind,
        verdict=verdict,
        score=score(metrics),
        metrics=metrics,
        findings=findings,
        summary=summary(verdict, profile.level, findings),
        lint=whole,
        lint_sentences=per_sentence,
        ignored=[{"start": a, "end": b, "kind": k} for a, b, k in ignored],
        waived=[{**f.to_dict(), "reason": waived[(f.rule, f.start, f.end)]} for f in set_aside],
    )


_SALUTATIONS = frozenset({"geachte", "hooggeachte"})
_EMPHASIS = str.maketrans("áéíóúÁÉÍÓÚ", "aeiouAEIOU")


def _not_emphasis(doc: Document, findings: list[Finding], profile: profiles.Profile) -> list[Finding]:
    """No rare-word finding on a common word with an accent for stress: 'in úw situatie', 'dé oplossing'."""
    from .lexicon import best_zipf

    rare = float(profile.get("words", "rare_zipf"))
    return [f for f in findings if not (
        f.rule == "rare-word" and (word := doc.text[f.start:f.end]) != (plain := word.translate(_EMPHASIS))
        and best_zipf(plain.lower()) >= rare)]


def _salutation_as_advice(doc: Document, findings: list[Finding]) -> list[Finding]:
    """'Geachte mevrouw Peters,' is advice ('Beste'), never a hard word that counts against the text."""
    firsts = {p.sentences[0].words[0].start for p in doc.paragraphs if p.sentences and p.sentences[0].words}
    out = []
    for f in findings:
        if f.rule == "officialese" and f.start in firsts and doc.text[f.start:f.end].lower() in _SALUTATIONS:
            f = Finding("salutation", "warn", f.start, f.end, f.message, f.suggestions)
        out.append(f)
    return out


def _empty(text: str, profile: profiles.Profile) -> Report:
    """The report of a text without words: it fails, there is nothing to read."""
    findings = [Finding("empty-text", "fail", 0, len(text), t("readability.rule.empty_text"), [])]
    doc = split(text, profile.abbreviations)
    metrics = measure(doc, findings, profile)
    return Report(text=text, level=profile.level, kind=profile.kind, verdict="fail", score=score(metrics),
                  metrics=metrics, findings=findings, summary=summary("fail", profile.level, findings))


def summary(verdict: str, level: str, findings: list[Finding]) -> str:
    """One Dutch line: meets the writing rules of the level, or what is wrong."""
    if verdict == "pass":
        return t("readability.summary.pass", level=level)
    if verdict == "warn":  # no finding fails the text on its own: every one is a point of advice
        count = len(findings)
        points = t("readability.summary.point_one") if count == 1 else t("readability.summary.points", count=count)
        return t("readability.summary.warn", level=level, warnings=points)
    fails = sum(1 for f in findings if f.severity == "fail")
    warns = len(findings) - fails
    points = t("readability.summary.point_one") if warns == 1 else t("readability.summary.points", count=warns)
    errors = t("readability.summary.error_one") if fails == 1 else t("readability.summary.errors", count=fails)
    if not warns:
        return t("readability.summary.fail", level=level, problems=errors)
    return t("readability.summary.fail_and_warn", level=level, problems=errors, warnings=points)
