"""Turn the rule files under `readability/` into one Profile per level and kind of text.

The files are found through `outreach.content`: the built-in folder first, then the user's
own OUTREACH_CONTENT_DIR/readability, whose files are merged over the built-in ones (a user
file only needs the keys or words it changes). Everything is cached per file set and
modification time, so a literacy adviser's edit is picked up by the next check. The officialese
words a literacy adviser adds on the Regels page live in the database (`rulebook`) and are
merged over the files' words, cached by a stamp of those rows.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .. import content
from ..errors import ContentError, InputError, Where
from ..fileproblems import toml_problem
from ..texts import t
from . import KINDS, LEVELS


@dataclass(frozen=True)
class Abbreviation:
    """One abbreviation: `ends` may end a sentence, `numeric` only counts before a number."""

    text: str
    ends: bool = False
    numeric: bool = False


WORD_CLASSES = ("VERB", "NOUN", "ADJ", "ADV", "ADP", "SCONJ", "CCONJ", "PRON", "DET", "NUM")


@dataclass(frozen=True)
class Sense:
    """When an officialese entry means what it says: its word class and the context it needs.

    `pos`: the word class of the entry's word (of a phrase: VERB when its last verb may move
    within the clause, else the class of the fixed phrase); `after`: words of which one must
    follow in the same clause ('onderwerpen aan'); `needs_verb`: a phrase that counts only
    together with its verb ('kennis nemen van', not 'kennis van').
    """

    pos: str | None = None
    after: tuple[str, ...] = ()
    needs_verb: bool = False


@dataclass(frozen=True)
class Profile:
    """Thresholds for one level and kind, plus the word lists every rule uses."""

    level: str
    kind: str
    settings: dict[str, dict[str, Any]]
    officialese: dict[str, tuple[str, list[str], str]]  # phrase -> (severity, alternatives, example)
    everyday_nouns: frozenset[str] = field(default_factory=frozenset)
    known_words: frozenset[str] = field(default_factory=frozenset)
    abbreviations: dict[str, Abbreviation] = field(default_factory=dict)
    senses: dict[str, Sense] = field(default_factory=dict)  # phrase -> word class and context, if stated

    def get(self, section: str, key: str) -> Any:
        """A threshold; a missing one is a broken rule file."""
        try:
            return self.settings[section][key]
        except KeyError:
            raise ContentError(t("readability.setting_missing", section=section, key=key),
                               Where(file=f"readability/{self.level}.toml")) from None


def _files(name: str) -> list[Path]:
    """All files called `name` on the search path, built-in first (user files override)."""
    return [folder / name for folder in reversed(content.search_path("readability"))
            if (folder / name).is_file()]


def _stamp(paths: list[Path]) -> tuple[tuple[str, float], ...]:
    return tuple((str(p), p.stat().st_mtime) for p in paths)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise ContentError(t("readability.bad_rule_file", error=exc.strerror or exc), Where(file=str(path))) from None
    except tomllib.TOMLDecodeError as exc:
        line, problem = toml_problem(exc)
        raise ContentError(t("readability.bad_rule_file", error=problem), Where(file=str(path), line=line)) from None
    except RecursionError:  # nested thousands deep
        raise ContentError(t("readability.bad_rule_file", error=t("files.toml_too_deep")), Where(file=str(path))) from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_lines(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ContentError(t("readability.bad_word_file", error=exc), Where(file=str(path))) from None
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


@cache
def _load_profile(level: str, kind: str, stamp: tuple[tuple[str, float], ...]) -> dict[str, dict[str, Any]]:
    merged: dict[str, Any] = {}
    for path, _ in stamp:
        merged = _merge(merged, _read_toml(Path(path)))
    kinds = merged.pop("kind", {})
    settings = {k: v for k, v in merged.items() if isinstance(v, dict)}
    return _merge(settings, kinds.get(kind, {}))


@cache
def _load_officialese(stamp: tuple[tuple[str, float], ...]) -> dict[str, tuple[str, list[str], str]]:
    """phrase -> (severity, alternatives, example); an entry is a list or {alternatives, example}."""
    out: dict[str, tuple[str, list[str], str]] = {}
    for path, mtime in stamp:
        data = _read_toml_once(path, mtime)
        for severity in ("warn", "fail"):
            table = data.get(severity, {})
            if not isinstance(table, dict):
                raise ContentError(t("readability.officialese_not_list", phrase=severity), Where(file=path))
            for phrase, value in table.items():
                example: object = ""
                if isinstance(value, dict):
                    example = value.get("example", "")
                    value = value.get("alternatives", [])
                if not isinstance(value, list) or not all(isinstance(a, str) for a in value) \
                        or not isinstance(example, str):
                    raise ContentError(t("readability.officialese_not_list", phrase=phrase[:80]), Where(file=path))
                out[phrase.lower().strip()] = (severity, list(value), example)
    return out


def file_officialese() -> dict[str, tuple[str, list[str], str]]:
    """The officialese words of the rule files only (built-in and the user's), without the database's."""
    return _load_officialese(_stamp(_files("officialese.toml")))


@cache
def _with_database(files: tuple[tuple[str, float], ...], rules: tuple[Any, ...]) -> dict[str, tuple[str, list[str], str]]:
    """The files' words with the database's rules over them; a rule switched off ('uit') leaves its word out."""
    from . import rulebook

    merged = dict(_load_officialese(files))
    for phrase, value in rulebook.database_rules(rules).items():
        if value[0] == rulebook.OFF:
            merged.pop(phrase, None)
        else:
            merged[phrase] = value
    return merged


@cache
def _read_toml_once(path: str, _mtime: float) -> dict[str, Any]:
    """A rule file read once per version: officialese.toml serves both loaders below."""
    return _read_toml(Path(path))


@cache
def _load_senses(stamp: tuple[tuple[str, float], ...]) -> dict[str, Sense]:
    """phrase -> Sense, for the entries that state `pos`, `after` or `needs_verb`."""
    out: dict[str, Sense] = {}
    for path, mtime in stamp:
        data = _read_toml_once(path, mtime)
        for severity in ("warn", "fail"):
            for phrase, value in data.get(severity, {}).items():
                if not isinstance(value, dict) or not {"pos", "after", "needs_verb"} & set(value):
                    continue
                pos, after = value.get("pos"), value.get("after", [])
                if pos is not None and pos not in WORD_CLASSES or not isinstance(after, list):
                    raise ContentError(t("readability.officialese_bad_sense", phrase=phrase,
                                         classes=" ".join(WORD_CLASSES)), Where(file=path))
                out[phrase.lower().strip()] = Sense(pos, tuple(str(a).lower() for a in after),
                                                    bool(value.get("needs_verb", False)))
    return out


@cache
def _load_words(stamp: tuple[tuple[str, float], ...]) -> frozenset[str]:
    words: set[str] = set()
    for path, _ in stamp:
        words.update(line.lower() for line in _read_lines(Path(path)))
    return frozenset(words)


@cache
def _load_abbreviations(stamp: tuple[tuple[str, float], ...]) -> dict[str, Abbreviation]:
    out: dict[str, Abbreviation] = {}
    for path, _ in stamp:
        for line in _read_lines(Path(path)):
            text, *marks = line.lower().split()
            out[text] = Abbreviation(text, ends="eind" in marks, numeric="getal" in marks)
    return out


def load(level: str = "B1", kind: str = "letter") -> Profile:
    """The profile for `level` (A2|B1) and `kind` (letter|flyer|sms|whatsapp)."""
    level = level.upper()
    if level not in LEVELS:
        raise InputError(t("readability.unknown_level", level=level))
    if kind not in KINDS:
        raise InputError(t("readability.unknown_kind", kind=kind))
    from . import rulebook

    files = _files(f"{level}.toml")
    if not files:
        raise ContentError(t("readability.profile_missing", level=level))
    return Profile(
        level=level,
        kind=kind,
        settings=_load_profile(level, kind, _stamp(files)),
        officialese=_with_database(_stamp(_files("officialese.toml")), rulebook.stamp()),
        senses=_load_senses(_stamp(_files("officialese.toml"))),
        everyday_nouns=_load_words(_stamp(_files("everyday_nouns.txt"))),
        known_words=_load_words(_stamp(_files("known_words.txt"))),
        abbreviations=_load_abbreviations(_stamp(_files("abbreviations.txt"))),
    )
