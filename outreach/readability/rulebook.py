"""Turn the rule files into a view for literacy advisers, and a new officialese entry into the user's rule file.

`rule_data()` lists the officialese words (built-in and the user's own, merged) and the
thresholds per level. `add_officialese(entry, severity)` reads one or more TOML lines such as
`middels = ["met", "door"]`, checks them, and writes them into
OUTREACH_CONTENT_DIR/readability/officialese.toml in one atomic step: on any error (bad TOML,
a broken stored file) nothing that is stored changes. The next check sees the new words,
because the profile cache is keyed by the files' modification times.
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import config
from ..errors import ContentError, InputError, Where
from ..texts import t
from . import LEVELS

SEVERITIES = ("fail", "warn")
MAX_ENTRY_CHARS = 5000
MAX_PHRASE = 80


@dataclass(frozen=True)
class OfficialeseEntry:
    phrase: str
    severity: str
    alternatives: list[str]
    example: str


@dataclass(frozen=True)
class RuleData:
    officialese: list[OfficialeseEntry]  # sorted by phrase
    thresholds: dict[str, dict[str, dict[str, Any]]]  # level -> section -> key -> value (for letters)
    own_file: Path | None  # where new entries go; None without a content folder


def own_file() -> Path | None:
    """OUTREACH_CONTENT_DIR/readability/officialese.toml, or None when no content folder is set."""
    root = config.get("OUTREACH_CONTENT_DIR")
    return Path(root).expanduser() / "readability" / "officialese.toml" if root else None


def rule_data() -> RuleData:
    """The officialese list and the thresholds per level, as the next check will use them."""
    from . import profile

    words = profile.load("B1").officialese
    entries = [OfficialeseEntry(p, sev, list(alts), ex) for p, (sev, alts, ex) in sorted(words.items())]
    thresholds = {level: profile.load(level).settings for level in LEVELS}
    return RuleData(entries, thresholds, own_file())


def _toml_error(exc: tomllib.TOMLDecodeError, source: str) -> InputError:
    """The mistake in an adviser's entry, with advice for officialese lines (files.toml_* says it in general)."""
    from ..fileproblems import toml_mistake

    found, kind = toml_mistake(exc, source)
    line = found or 1
    return InputError(t("readability.rules_edit.bad_toml", line=line, problem=t(f"readability.rules_edit.rules_{kind}")),
                      Where(line=line))


def _line_of(text: str, phrase: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if phrase in line:
            return number
    return 1


def parse_entry(text: str) -> dict[str, dict[str, Any]]:
    """The phrases in `text` (TOML lines) as phrase -> {alternatives, example}; a Dutch InputError naming the line."""
    if len(text) > MAX_ENTRY_CHARS:
        raise InputError(t("readability.rules_edit.too_long", max=MAX_ENTRY_CHARS))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, text) from None
    if not data:
        raise InputError(t("readability.rules_edit.empty"))
    out: dict[str, dict[str, Any]] = {}
    for raw, value in data.items():
        phrase = " ".join(raw.lower().split())
        line = _line_of(text, raw)
        if not phrase or len(phrase) > MAX_PHRASE or any(c in phrase for c in "[]{}=\"#"):
            raise InputError(t("readability.rules_edit.bad_phrase", line=line, max=MAX_PHRASE), Where(line=line))
        example = ""
        if isinstance(value, dict):
            extra = set(value) - {"alternatives", "example"}
            if extra or not isinstance(value.get("example", ""), str):
                raise InputError(t("readability.rules_edit.bad_table", line=line), Where(line=line))
            example = str(value.get("example", "")).strip()
            value = value.get("alternatives", [])
        if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
            raise InputError(t("readability.rules_edit.not_a_list", line=line, phrase=phrase), Where(line=line))
        if not value and not example:
            raise InputError(t("readability.rules_edit.no_advice", line=line, phrase=phrase), Where(line=line))
        out[phrase] = {"alternatives": [" ".join(a.split()) for a in value], "example": example}
    return out


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _dump(data: dict[str, dict[str, Any]]) -> str:
    lines = ["# Eigen ambtelijke woorden, toegevoegd op de pagina Regels.", ""]
    for severity in SEVERITIES:
        table = data.get(severity, {})
        if not table:
            continue
        lines.append(f"[{severity}]")
        for phrase in sorted(table):
            value = table[phrase]
            if isinstance(value, dict):
                alts = ", ".join(_quote(str(a)) for a in value.get("alternatives", []))
                example = str(value.get("example", ""))
                rendered = f"{{ alternatives = [{alts}], example = {_quote(example)} }}" if example else f"[{alts}]"
            else:
                rendered = "[" + ", ".join(_quote(str(a)) for a in value) + "]"
            lines.append(f"{_quote(phrase)} = {rendered}")
        lines.append("")
    return "\n".join(lines)


def add_officialese(entry: str, severity: str = "warn") -> list[str]:
    """Add the phrases of `entry` to the user's officialese file (atomic); returns them, sorted."""
    if severity not in SEVERITIES:
        raise InputError(t("readability.rules_edit.bad_severity"), Where(field="soort"))
    path = own_file()
    if path is None:
        raise InputError(t("readability.rules_edit.no_folder"))
    added = parse_entry(entry)
    stored: dict[str, dict[str, Any]] = {}
    if path.is_file():
        try:
            stored = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeError, tomllib.TOMLDecodeError) as exc:
            raise ContentError(t("readability.bad_rule_file", error=exc), Where(file=str(path))) from None
    for phrase, value in added.items():
        for other in SEVERITIES:
            stored.get(other, {}).pop(phrase, None)
        stored.setdefault(severity, {})[phrase] = value if value["example"] else value["alternatives"]
    text = _dump(stored)
    tomllib.loads(text)  # what we write must read back
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".officialese-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sorted(added)
