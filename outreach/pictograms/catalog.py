"""Turn folders of SVG files and their manifest.toml into one catalogue of pictograms.

Folders are searched in order: each folder of OUTREACH_PICTOGRAM_DIRS (':'-separated), then
`content.search_path("pictograms")` (the user's OUTREACH_CONTENT_DIR/pictograms, then the
built-in set). The first folder that has `<name>.svg` wins, so a user's pictogram overrides
ours. A folder's manifest.toml gives labels, alt texts, keywords and the set's credit line:

    [set]                                   # or the same keys at the top level
    name = "sclera"
    credit = "Pictogrammen: Sclera (CC BY-NC)"
    [pictograms.telefoon]
    label = "Bellen"
    alt = "Telefoon"
    keywords = ["bellen"]

An SVG without a manifest entry gets its file name as label (with a PictogramWarning); a
broken SVG or manifest raises ContentError naming the file and line.
"""

from __future__ import annotations

import os
import re
import tomllib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import config, content
from ..errors import ContentError, NotFoundError, Where
from ..fileproblems import toml_problem
from ..texts import t

MANIFEST = "manifest.toml"
ENTRY_KEYS = ("label", "alt", "keywords", "aliases")
SET_KEYS = ("name", "licence", "license", "credit", "credit_required")


class PictogramWarning(UserWarning):
    """Something in a pictogram folder is incomplete but usable; the message is Dutch."""


@dataclass(frozen=True)
class Pictogram:
    """One pictogram as documents use it: its file, Dutch texts and the set it comes from."""

    name: str
    label: str
    alt: str
    keywords: tuple[str, ...]
    path: Path
    source: str
    credit: str | None = None
    credit_required: bool = False
    aliases: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Set:
    name: str
    credit: str | None
    credit_required: bool
    licence: str | None


def folders() -> list[Path]:
    """The folders searched for pictograms, highest priority first."""
    found: list[Path] = []
    for part in config.get("OUTREACH_PICTOGRAM_DIRS").split(os.pathsep):
        if not part.strip():
            continue
        folder = Path(part.strip()).expanduser()
        if not folder.is_dir():
            raise ContentError(t("pictograms.no_folder", path=folder), Where(field="OUTREACH_PICTOGRAM_DIRS"))
        found.append(folder)
    found.extend(content.search_path("pictograms"))
    unique: list[Path] = []
    for folder in found:
        if folder.resolve() not in [u.resolve() for u in unique]:
            unique.append(folder)
    return unique


def catalogue() -> dict[str, Pictogram]:
    """Every pictogram by name, the first folder that has a name winning."""
    result: dict[str, Pictogram] = {}
    for folder in folders():
        for name, item in _load_folder(folder, *_stamp(folder)).items():
            result.setdefault(name, item)
    return dict(sorted(result.items()))


def all_pictograms() -> list[Pictogram]:
    """All pictograms, sorted by name."""
    return list(catalogue().values())


def get(name: str) -> Pictogram:
    """The pictogram called `name` (or one of its aliases); NotFoundError suggests close names."""
    items = catalogue()
    key = name.strip()
    if key in items:
        return items[key]
    folded = key.casefold()
    for item in items.values():
        if item.name.casefold() == folded:
            return item
    for item in items.values():
        if folded in (a.casefold() for a in item.aliases):
            return item
    raise NotFoundError(_not_found_message(key, items))


def search(word: str) -> list[Pictogram]:
    """Pictograms whose name, label, keywords or aliases contain `word` (any case)."""
    needle = word.strip().casefold()
    ranked: list[tuple[int, str, Pictogram]] = []
    for item in catalogue().values():
        words = [item.name, item.label, *item.keywords, *item.aliases]
        folded = [w.casefold() for w in words]
        if needle in folded:
            ranked.append((0, item.name, item))
        elif any(needle in w for w in folded):
            ranked.append((1, item.name, item))
    return [item for _, _, item in sorted(ranked, key=lambda r: (r[0], r[1]))]


def credits(names: Iterable[str] | None = None, *, required_only: bool = True) -> list[str]:
    """Credit lines of the sets the pictograms `names` come from, once each, in order of use.

    By default only the lines a licence requires (our own set needs none); pass
    `required_only=False` for every set's line, e.g. on the contact sheet.
    """
    chosen = all_pictograms() if names is None else [get(n) for n in names]
    lines: list[str] = []
    for item in chosen:
        if item.credit and (item.credit_required or not required_only) and item.credit not in lines:
            lines.append(item.credit)
    return lines


def _not_found_message(name: str, items: dict[str, Pictogram]) -> str:
    import difflib

    choices: dict[str, str] = {}
    for item in items.values():
        for word in (item.name, item.label, *item.aliases, *item.keywords):
            choices.setdefault(word.casefold(), item.name)
    close = difflib.get_close_matches(name.casefold(), list(choices), n=6, cutoff=0.72)
    suggestions = list(dict.fromkeys(choices[c] for c in close))[:3]
    message = t("pictograms.not_found", name=name)
    if suggestions:
        names = " of ".join(f"'{s}'" for s in suggestions)
        return f"{message} {t('pictograms.did_you_mean', names=names)}"
    return f"{message} {t('pictograms.see_list', command='outreach pictograms list')}"


def _stamp(folder: Path) -> tuple[int, int]:
    """Change marker of a folder: its own mtime and its manifest's (cache key)."""
    manifest = folder / MANIFEST
    return folder.stat().st_mtime_ns, manifest.stat().st_mtime_ns if manifest.is_file() else 0


@lru_cache(maxsize=64)
def _load_folder(folder: Path, _folder_mtime: int, _manifest_mtime: int) -> dict[str, Pictogram]:
    """Read one folder: validate every SVG, join it with its manifest entry."""
    from .svg import check_svg

    info, entries, lines = _read_manifest(folder / MANIFEST, default_name=folder.name)
    items: dict[str, Pictogram] = {}
    for path in sorted(folder.glob("*.svg")):
        if content.inside(folder, path.name) is None or not path.is_file():  # a link out of the folder, a device
            warnings.warn(PictogramWarning(f"{path}: {t('pictograms.outside_folder')}"), stacklevel=2)
            continue
        check_svg(path)
        name = path.stem
        entry = entries.get(name)
        if entry is None:
            warnings.warn(PictogramWarning(f"{path}: {t('pictograms.no_entry', name=name, manifest=MANIFEST)}"), stacklevel=2)
            entry = {}
        label = entry.get("label") or _label_from_file(name)
        items[name] = Pictogram(
            name=name,
            label=label,
            alt=entry.get("alt") or label,
            keywords=tuple(entry.get("keywords", ())),
            path=path,
            source=info.name,
            credit=info.credit,
            credit_required=info.credit_required,
            aliases=tuple(entry.get("aliases", ())),
        )
    for name in entries:
        if name not in items:
            where = f"{folder / MANIFEST}, regel {lines.get(name, '?')}"
            message = t("pictograms.no_file", name=name, manifest=MANIFEST, file=name + ".svg")
            warnings.warn(PictogramWarning(f"{where}: {message}"), stacklevel=2)
    return items


def _label_from_file(name: str) -> str:
    words = re.sub(r"[-_]+", " ", name).strip()
    return words[:1].upper() + words[1:] if words else name


def _read_manifest(path: Path, default_name: str) -> tuple[_Set, dict[str, dict], dict[str, int]]:
    """Parse and check a manifest; returns the set info, entries by name and their lines."""
    if not path.is_file():
        return _Set(default_name, None, False, None), {}, {}
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, problem = toml_problem(exc, text)
        raise ContentError(t("pictograms.bad_toml", error=problem), Where(file=str(path), line=line)) from None
    lines = _entry_lines(text)

    def fail(key: str, message: str, line_of: str | None = None) -> ContentError:
        header = lines.get(line_of) if line_of else None
        line = _key_line(text, key, after=header or 0) or header or lines.get(key)
        return ContentError(message, Where(file=str(path), line=line))

    set_table = data.pop("set", {})
    if not isinstance(set_table, dict):
        raise fail("set", t("pictograms.bad_table", key="set", example="[set]"))
    entries = data.pop("pictograms", {})
    if not isinstance(entries, dict):
        raise fail("pictograms", t("pictograms.bad_table", key="pictograms", example="[pictograms.telefoon]"))
    for key in data:  # set keys may also stand at the top level
        if key not in SET_KEYS:
            raise fail(key, t("pictograms.unknown_key", key=key, allowed=", ".join(("set", "pictograms", *SET_KEYS))))
    set_info = {**data, **set_table}
    for key, value in set_info.items():
        if key not in SET_KEYS:
            raise fail(key, t("pictograms.unknown_key", key=key, allowed=", ".join(SET_KEYS)))
        if key == "credit_required" and not isinstance(value, bool):
            raise fail(key, t("pictograms.bad_bool", key=key, true="true", false="false"))
        if key != "credit_required" and not isinstance(value, str):
            raise fail(key, t("pictograms.bad_text", key=key))
    credit = set_info.get("credit") or None
    info = _Set(
        name=set_info.get("name") or default_name,
        credit=credit,
        credit_required=bool(set_info.get("credit_required", credit is not None)),
        licence=set_info.get("licence") or set_info.get("license"),
    )
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            raise fail(name, t("pictograms.bad_table", key=f"pictograms.{name}", example=f"[pictograms.{name}]"))
        for key, value in entry.items():
            if key not in ENTRY_KEYS:
                raise fail(key, t("pictograms.unknown_key", key=key, allowed=", ".join(ENTRY_KEYS)), line_of=name)
            if key in ("label", "alt") and not isinstance(value, str):
                raise fail(key, t("pictograms.bad_text", key=key), line_of=name)
            if key in ("keywords", "aliases") and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                raise fail(key, t("pictograms.bad_list", key=key, example='["bellen", "telefoon"]'), line_of=name)
    return info, entries, lines


def _entry_lines(text: str) -> dict[str, int]:
    """Line number of each `[pictograms.<name>]` header."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        found = re.match(r"\s*\[\s*pictograms\s*\.\s*\"?([^\]\"]+)\"?\s*\]", line)
        if found:
            lines.setdefault(found.group(1).strip(), number)
    return lines


def _key_line(text: str, key: str, after: int = 0) -> int | None:
    """Line number of the first `key =` or `[key]` in the manifest text after line `after`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number > after and re.match(rf"\s*(\[\s*)?\"?{re.escape(key)}\"?\s*(=|\])", line):
            return number
    return None
