"""Turn rule results into a Report: verdict, score, metrics and findings, also as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["warn", "fail"]
Verdict = Literal["pass", "warn", "fail"]


# rules about the whole text rather than one spot in it (shown as "hele tekst", not a line)
WHOLE_TEXT_RULES = frozenset({"sentence-length", "address-reader", "empty-text", "long-sentences", "hard-words"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: `rule` names it, `start`/`end` are character offsets into the text."""

    rule: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Report:
    """The outcome of `check`: `verdict` pass|warn|fail, `score` 0-100 (higher is harder)."""

    text: str
    level: str
    kind: str
    verdict: Verdict
    score: float
    metrics: dict[str, float | int]
    findings: list[Finding]
    summary: str = ""
    lint: dict[str, Any] = field(default_factory=dict)  # LiNT-II for the whole text: score, level, features
    lint_sentences: list[dict[str, Any]] = field(default_factory=list)  # the same per sentence (start, end)
    # letter furniture left out of the check (letter.py): {"start", "end", "kind"}, kind address,
    # reference, subject-label, contact, page or signature
    ignored: list[dict[str, Any]] = field(default_factory=list)
    # findings a literacy adviser marked "not applicable here": Finding.to_dict() plus "reason"
    waived: list[dict[str, Any]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True unless the verdict is fail (warnings are allowed)."""
        return self.verdict != "fail"

    def to_dict(self) -> dict[str, Any]:
        """Everything but the text itself, ready for `json.dumps`."""
        return {
            "level": self.level,
            "kind": self.kind,
            "verdict": self.verdict,
            "score": self.score,
            "summary": self.summary,
            "metrics": dict(self.metrics),
            "findings": [f.to_dict() for f in self.findings],
            "lint": dict(self.lint),
            "lint_sentences": [dict(s) for s in self.lint_sentences],
            "ignored": [dict(span) for span in self.ignored],
            "waived": [dict(f) for f in self.waived],
        }


def verdict_of(findings: list[Finding]) -> Verdict:
    if any(f.severity == "fail" for f in findings):
        return "fail"
    return "warn" if findings else "pass"
