"""Turn a template's [field_info] front matter into ordered field declarations: Dutch label, kind, per person.

A template declares each field once, in its front matter, so forms, the mail merge and the
editor all show the same Dutch label in the same order with the right input:

    [field_info]
    naam = { label = "Naam", kind = "text", per_person = true }
    afspraak_datum = { label = "Datum van de afspraak", kind = "date", per_person = true }
    coach_naam = { label = "Naam van de coach", kind = "coach" }

The order is the order of the lines (or `order = n`). Kinds: text, date, time, phone, address,
photo (a file, never typed), coach (filled in by choosing a coach) and organisation (filled in
from Beheer's settings; a form may change it for one document). A field the template does not
describe gets its name as label and a kind guessed from its name, after the described ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ContentError, Where
from ..texts import t

KINDS = ("text", "date", "time", "phone", "address", "photo", "coach", "organisation")
_INPUT = {"date": "date", "time": "time", "phone": "tel"}


@dataclass(frozen=True)
class FieldSpec:
    """One declared field of a template."""

    name: str
    label: str
    kind: str
    order: int
    per_person: bool = False

    @property
    def input_type(self) -> str:
        """The HTML input type of the field: date, time, tel, file or text."""
        if self.kind in ("coach", "organisation"):
            return "tel" if "telefoon" in self.name or "whatsapp" in self.name else "text"
        return "file" if self.kind == "photo" else _INPUT.get(self.kind, "text")

    @property
    def typed(self) -> bool:
        """Whether a user types this field in a form (a photo is chosen, never typed)."""
        return self.kind != "photo"


def guess_kind(name: str) -> str:
    """The kind of a field nobody described, from its name."""
    if name.endswith("_foto") or name == "logo":
        return "photo"
    if name.startswith("coach_"):
        return "coach"
    if name.endswith("datum"):
        return "date"
    if name.endswith("tijd"):
        return "time"
    if "telefoon" in name or "whatsapp" in name:
        return "phone"
    return "text"


def parse(meta: Mapping[str, Any], names: Iterable[str], where: str) -> list[FieldSpec]:
    """The declared fields of a front matter, in order; ContentError naming a wrong declaration."""
    table = meta.get("field_info", {})
    if not isinstance(table, dict):
        raise ContentError(t("documents.bad_field_info"), Where(file=where))
    specs: dict[str, FieldSpec] = {}
    for position, (name, info) in enumerate(table.items()):
        if not isinstance(info, dict) or not isinstance(info.get("label", ""), str):
            raise ContentError(t("documents.bad_field_info_entry", field=name), Where(file=where, field=name))
        kind = info.get("kind", guess_kind(name))
        if kind not in KINDS:
            raise ContentError(t("documents.bad_field_kind", field=name, kind=str(kind)[:40], kinds=", ".join(KINDS)),
                               Where(file=where, field=name))
        order = info.get("order", position)
        specs[name] = FieldSpec(name, info.get("label") or name, kind, order if isinstance(order, int) else position,
                                info.get("per_person") is True)
    later = len(specs) + 1000
    for position, name in enumerate(sorted(set(names) - set(specs))):
        specs[name] = FieldSpec(name, name, guess_kind(name), later + position)
    return sorted(specs.values(), key=lambda s: (s.order, s.name))
