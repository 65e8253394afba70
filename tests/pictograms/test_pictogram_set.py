"""The built-in pictogram set: manifest and files agree, every SVG is valid and in one style."""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from outreach import content

FOLDER = content.builtin_dir("pictograms")
SVGS = sorted(FOLDER.glob("*.svg"))
MANIFEST = tomllib.loads((FOLDER / "manifest.toml").read_text(encoding="utf-8"))
NS = "{http://www.w3.org/2000/svg}"
INK, ACCENT, WHITE = "#161616", "#d9480f", "#ffffff"
SHAPES = {"path", "circle", "rect", "line", "polyline", "polygon", "ellipse"}

REQUIRED = [
    "telefoon", "whatsapp", "huisbezoek", "koffie", "kalender", "klok", "coach", "buurthuis",
    "wandelen", "sport", "formulieren", "geld", "gezondheid", "vraag", "groep", "locatie", "kind",
    "bus", "brief", "deurbel", "sms", "voicemail", "afspraak", "gratis", "vrijwillig", "luisteren",
    "thuis", "samen", "afzeggen", "niet-thuis", "fiets", "boodschappen", "vrijwilligerswerk",
    "leren", "medicijnen", "stoppen", "informatie",
]


def test_manifest_covers_every_svg_and_nothing_else() -> None:
    entries = set(MANIFEST["pictograms"])
    files = {p.stem for p in SVGS}
    assert files - entries == set(), "SVG files without a manifest entry"
    assert entries - files == set(), "manifest entries without an SVG file"
    assert len(files) >= 34


def test_required_subjects_are_drawn() -> None:
    assert [n for n in REQUIRED if not (FOLDER / f"{n}.svg").is_file()] == []


def test_set_entry_gives_licence_and_credit() -> None:
    info = MANIFEST["set"]
    assert info["name"] == "outreach" and info["licence"] and info["credit"]
    assert info["credit_required"] is False


@pytest.mark.parametrize("name", sorted(MANIFEST["pictograms"]))
def test_manifest_entry_is_complete(name: str) -> None:
    entry = MANIFEST["pictograms"][name]
    assert entry["label"].strip() and entry["alt"].strip()
    assert len(entry["alt"]) <= 80, "alt text: short"
    assert entry["keywords"] and all(k.strip() for k in entry["keywords"])


def test_aliases_do_not_clash() -> None:
    names = set(MANIFEST["pictograms"])
    seen: dict[str, str] = {}
    for name, entry in MANIFEST["pictograms"].items():
        for alias in entry.get("aliases", []):
            assert alias not in names, f"alias {alias!r} of {name} is another pictogram's name"
            assert alias not in seen, f"alias {alias!r} used by {seen.get(alias)} and {name}"
            seen[alias] = name


def _effective(element: ET.Element, inherited: dict[str, str]) -> dict[str, str]:
    style = dict(inherited)
    for key in ("fill", "stroke", "stroke-width"):
        if element.get(key) is not None:
            style[key] = element.get(key, "")
    return style


def _shapes(element: ET.Element, inherited: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    style = _effective(element, inherited)
    found = [(element.tag.removeprefix(NS), style)] if element.tag.removeprefix(NS) in SHAPES else []
    for child in element:
        found.extend(_shapes(child, style))
    return found


@pytest.mark.parametrize("path", SVGS, ids=[p.stem for p in SVGS])
def test_svg_is_valid_accessible_and_scalable(path: Path) -> None:
    root = ET.parse(path).getroot()
    assert root.tag == f"{NS}svg"
    assert root.get("viewBox") == "0 0 96 96"
    assert root.get("width") is None and root.get("height") is None
    assert root.get("role") == "img"
    title = root.find(f"{NS}title")
    assert title is not None and title.text == MANIFEST["pictograms"][path.stem]["label"]
    assert list(root)[0] is title, "title comes first"


@pytest.mark.parametrize("path", SVGS, ids=[p.stem for p in SVGS])
def test_svg_keeps_the_house_style(path: Path) -> None:
    root = ET.parse(path).getroot()
    tags = {e.tag.removeprefix(NS) for e in root.iter()}
    assert tags <= SHAPES | {"svg", "title", "g"}, "no text, images, styles or scripts"
    assert not [e for e in root.iter() for k in e.attrib if k.endswith("href") or k == "style"]
    group = root.find(f"{NS}g")
    assert group is not None and group.get("stroke") == INK and group.get("stroke-width") == "6"
    assert group.get("stroke-linecap") == "round" and group.get("stroke-linejoin") == "round"
    assert group.get("fill") == "none"
    shapes = _shapes(group, {})
    assert shapes
    accent = 0
    for tag, style in shapes:
        assert style["fill"] in {"none", INK, ACCENT, WHITE}, (tag, style)
        assert style["stroke"] in {"none", INK, ACCENT, WHITE}, (tag, style)
        width = float(style["stroke-width"])
        if style["stroke"] in (INK, ACCENT):
            assert 4 <= width <= 8, f"{tag}: ink and accent strokes are 4-8 units"
        elif style["stroke"] == WHITE:
            assert 3 <= width <= 12, f"{tag}: white cut lines are 3-12 units"
        accent += ACCENT in (style["fill"], style["stroke"])
    assert accent <= 4, "the accent colour is used sparingly"


def test_style_uses_the_accent_somewhere_but_ink_everywhere() -> None:
    with_accent = [p.stem for p in SVGS if ACCENT in p.read_text(encoding="utf-8")]
    assert len(with_accent) >= len(SVGS) * 2 // 3
    assert all(INK in p.read_text(encoding="utf-8") for p in SVGS)
