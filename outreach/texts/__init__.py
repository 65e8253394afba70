"""Turn a message key into the Dutch text a user reads; every such text lives here.

Each area keeps its strings in `outreach/texts/<area>.toml` (flat tables of key = "text").
`t("tracking.unknown_prospect", id=12)` looks up key `unknown_prospect` in tracking.toml and
fills `{id}`. `all_texts()` yields every string, so a test can run the readability checker
over all of them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def _area(area: str) -> dict[str, str]:
    path = _HERE / f"{area}.toml"
    with path.open("rb") as f:
        return _flatten(tomllib.load(f))


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


VALUE_SHOWN = 60  # characters of a bad `value` repeated in a message


def t(key: str, /, **values: object) -> str:
    """The Dutch text for `area.key`, with `{placeholders}` filled from `values`.

    With `count=1` the text `area.key_one` is used when there is one (singular Dutch).
    """
    area, _, name = key.partition(".")
    texts = _area(area)
    if values.get("count") == 1 and f"{name}_one" in texts:  # "1 bestand staat", not "1 bestanden staan"
        name = f"{name}_one"
    text = texts[name]  # KeyError: a missing text is a bug, caught by the tests
    value = values.get("value")
    if isinstance(value, str) and len(value) > VALUE_SHOWN:  # typed by someone: shown short
        values["value"] = value[:VALUE_SHOWN] + "…"
    return text.format(**values) if values else text


def all_texts() -> Iterator[tuple[str, str]]:
    """Every (key, text) pair of every area."""
    for path in sorted(_HERE.glob("*.toml")):
        for name, text in _area(path.stem).items():
            yield f"{path.stem}.{name}", text
