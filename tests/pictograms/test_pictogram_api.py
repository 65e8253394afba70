"""The pictograms API: lookup, search, markup, data URIs, credits and users' own folders."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from outreach import pictograms
from outreach.errors import ContentError, NotFoundError
from outreach.pictograms import PictogramWarning

SQUARE = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
SCLERA = 'credit = "Pictogrammen: Sclera (CC BY-NC)"\n'


def user_folder(tmp_path: Path, files: dict[str, str], manifest: str | None = None) -> Path:
    folder = tmp_path / "eigen"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    if manifest is not None:
        (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    return folder


def test_all_gives_the_built_in_set_sorted() -> None:
    items = pictograms.all()
    assert len(items) >= 34
    assert [p.name for p in items] == sorted(p.name for p in items)
    phone = next(p for p in items if p.name == "telefoon")
    assert (phone.label, phone.source) == ("Bellen", "outreach")
    assert phone.path.is_file() and phone.alt and "bellen" in phone.keywords


@pytest.mark.parametrize("asked", ["telefoon", "Telefoon", " telefoon ", "phone", "BELLEN"])
def test_get_by_name_case_or_alias(asked: str) -> None:
    assert pictograms.get(asked).name == "telefoon"


@pytest.mark.parametrize(("asked", "suggested"), [("telefon", "telefoon"), ("kalendar", "kalender"), ("whatsap", "whatsapp")])
def test_unknown_name_suggests_close_names_in_dutch(asked: str, suggested: str) -> None:
    with pytest.raises(NotFoundError) as caught:
        pictograms.get(asked)
    assert f"Er is geen pictogram '{asked}'" in str(caught.value)
    assert f"'{suggested}'" in str(caught.value)


def test_unknown_name_without_close_match_points_to_the_list() -> None:
    with pytest.raises(NotFoundError, match="outreach pictograms list"):
        pictograms.get("qqqqq")


@pytest.mark.parametrize(
    ("word", "expected"),
    [("GELD", {"geld", "gratis"}), ("bericht", {"sms", "whatsapp", "voicemail", "gesprek"}), ("xyz", set())],
)
def test_search_label_and_keywords_any_case(word: str, expected: set[str]) -> None:
    found = [p.name for p in pictograms.search(word)]
    assert expected <= set(found) and (found or not expected)
    if word == "GELD":
        assert found[0] == "geld", "exact matches first"


def test_svg_markup_is_inline_ready() -> None:
    markup = pictograms.svg_markup("klok")
    assert markup.startswith("<svg ") and "<?xml" not in markup
    root = ET.fromstring(markup)
    assert root.get("role") == "img"
    assert root.get("aria-label") == pictograms.get("klok").alt


def test_data_uri_decodes_to_the_svg() -> None:
    uri = pictograms.data_uri("bus")
    assert uri.startswith("data:image/svg+xml;base64,")
    root = ET.fromstring(base64.b64decode(uri.split(",", 1)[1]))
    assert root.get("viewBox") == "0 0 96 96" and root.get("aria-label") == "Bus"


def test_ids_become_unique_with_their_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    svg = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n'
           '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           'width="48" height="48" viewBox="0 0 48 48" aria-labelledby="t">'
           '<title id="t">Ster</title><defs><linearGradient id="g"/><path id="s" d="M0 0h4"/></defs>'
           '<rect fill="url(#g)" width="4" height="4"/><use xlink:href="#s"/><use href="#s"/></svg>')
    folder = user_folder(tmp_path, {"ster.svg": svg}, '[pictograms.ster]\nlabel = "Ster"\nalt = "Een ster"\n')
    monkeypatch.setenv("OUTREACH_PICTOGRAM_DIRS", str(folder))
    first, second = pictograms.svg_markup("ster"), pictograms.svg_markup("ster")
    for markup in (first, second):
        root = ET.fromstring(markup)
        assert root.get("width") is None and root.get("aria-label") == "Een ster"
        ids = re.findall(r'\bid="([^"]+)"', markup)
        assert len(ids) == 3 and all(i.startswith("ster-") for i in ids)
        for old in ("g", "s"):
            new = next(i for i in ids if i.endswith(f"-{old}"))
            assert markup.count(f"#{new}") == (1 if old == "g" else 2)
    assert set(re.findall(r'\bid="([^"]+)"', first)).isdisjoint(re.findall(r'\bid="([^"]+)"', second))


def test_own_set_needs_no_credit_line() -> None:
    assert pictograms.credits(["telefoon", "klok"]) == []
    assert pictograms.credits(None, required_only=False) == [pictograms.get("klok").credit]


def test_user_folder_overrides_and_adds_with_credit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = SCLERA + ('[pictograms.telefoon]\nlabel = "Bel mij"\nalt = "Telefoon"\nkeywords = ["bellen"]\n'
                         '[pictograms.fietsenmaker]\nlabel = "Fietsenmaker"\nalt = "Fiets maken"\n')
    folder = user_folder(tmp_path, {"telefoon.svg": SQUARE, "fietsenmaker.svg": SQUARE}, manifest)
    monkeypatch.setenv("OUTREACH_PICTOGRAM_DIRS", f"{folder}:")
    phone = pictograms.get("telefoon")
    assert phone.path == folder / "telefoon.svg" and phone.label == "Bel mij" and phone.source == "eigen"
    assert pictograms.get("klok").source == "outreach", "the rest of our set stays available"
    assert "fietsenmaker" in [p.name for p in pictograms.all()]
    assert pictograms.credits(["telefoon", "klok", "fietsenmaker"]) == ["Pictogrammen: Sclera (CC BY-NC)"]
    assert pictograms.credits(["klok"]) == []


def test_content_dir_pictograms_are_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "inhoud" / "pictograms"
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text('[set]\nname = "gemeente"\n[pictograms.klok]\nlabel = "Hoe laat"\nalt = "Klok"\n')
    (folder / "klok.svg").write_text(SQUARE)
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "inhoud"))
    assert (pictograms.get("klok").label, pictograms.get("klok").source) == ("Hoe laat", "gemeente")
    assert pictograms.credits(["klok"]) == []


def test_pictogram_dirs_come_before_the_content_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "inhoud" / "pictograms").mkdir(parents=True)
    (tmp_path / "inhoud" / "pictograms" / "bus.svg").write_text(SQUARE)
    folder = user_folder(tmp_path, {"bus.svg": SQUARE})
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "inhoud"))
    monkeypatch.setenv("OUTREACH_PICTOGRAM_DIRS", str(folder))
    with pytest.warns(PictogramWarning):
        assert pictograms.get("bus").path == folder / "bus.svg"


def test_svg_without_manifest_entry_gets_file_name_label_and_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = user_folder(tmp_path, {"bus-halte.svg": SQUARE})
    monkeypatch.setenv("OUTREACH_PICTOGRAM_DIRS", str(folder))
    with pytest.warns(PictogramWarning, match="bus-halte.*niet in manifest.toml"):
        item = pictograms.get("bus-halte")
    assert (item.label, item.alt, item.credit) == ("Bus halte", "Bus halte", None)


def test_manifest_entry_without_svg_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = user_folder(tmp_path, {}, '\n[pictograms.weg]\nlabel = "Weg"\n')
    monkeypatch.setenv("OUTREACH_PICTOGRAM_DIRS", str(folder))
    with pytest.warns(PictogramWarning, match=r"regel 2.*weg\.svg"):
        pictograms.all()


@pytest.mark.parametrize(
    ("files", "manifest", "file", "line", "words"),
    [
        ({"kapot.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">\n<path d="M0 0">\n</svg>'},
         None, "kapot.svg", 3, "plaatje klopt niet"),
        ({"plat.svg": '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>'},
         None, "plat.svg", 2, "viewBox=\"0 0 96 96\""),
        ({"foto.svg": "<html><body/></html>"}, None, "foto.svg", 1, "geen goed plaatje"),
        ({}, '[pictograms.bus]\nlabel = "Bus"\nalt = Bus\n', "manifest.toml", 3, "klopt niet"),
        ({}, '[pictograms.bus]\nlabel = "Bus"\nkeywords = "reizen"\n', "manifest.toml", 3, "lijst met teksten"),
        ({}, '[pictograms.bus]\nlabel = "Bus"\n\n[pictograms.trein]\nlable = "Trein"\n', "manifest.toml", 5, "lable"),
        ({}, 'credit = 3\n', "manifest.toml", 1, "tekst"),
    ],
    ids=["svg-not-closed", "no-viewbox", "not-svg", "toml-syntax", "keywords-not-list", "typo-key", "credit-type"],
)
def test_broken_user_content_names_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], manifest: str | None,
    file: str, line: int, words: str,
) -> None:
    folder = user_folder(tmp_path, files, manifest)
    monkeypatch.setenv("OUTREACH_PICTOGRAM_DIRS", str(folder))
    with pytest.raises(ContentError) as caught:
        pictograms.all()
    assert caught.value.where is not None
    assert caught.value.where.file == str(folder / file) and caught.value.where.line == line
    assert words in str(caught.value) and f"regel {line}" in str(caught.value)


def test_missing_pictogram_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_PICTOGRAM_DIRS", str(tmp_path / "bestaat-niet"))
    with pytest.raises(ContentError, match="bestaat-niet"):
        pictograms.all()


def test_import_is_cheap() -> None:
    code = ("import sys, outreach.pictograms as p; p.all(); p.data_uri('klok'); "
            "print(sorted(m for m in ('weasyprint', 'jinja2', 'sqlalchemy', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pictogram_texts_read_easily() -> None:
    readability = pytest.importorskip("outreach.readability")
    from outreach.texts import all_texts

    check = readability.check
    if not callable(check):  # the submodule `check` shadows the function once it is imported
        check = check.check

    failing = {key: [f.message for f in report.findings]
               for key, text in all_texts() if key.startswith("pictograms.")
               for report in [check(text, level="B1", kind="letter")] if report.verdict == "fail"}
    assert failing == {}
