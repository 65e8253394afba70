"""The package foundation: settings documented, content folders found, CSV dialects, fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach import config, content, fields, tabular
from outreach.errors import FieldError, InputError

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in config.SETTINGS if f"`{s.name}`" not in readme]
    assert not missing, f"document these settings in README.md: {missing}"


@pytest.mark.parametrize("kind", ["templates", "pictograms", "readability"])
def test_builtin_content_folders_exist(kind: content.Kind) -> None:
    assert content.builtin_dir(kind).is_dir()


def test_user_content_folder_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "eigen.txt").write_text("x")
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path))
    assert content.search_path("templates")[0] == tmp_path / "templates"
    assert content.find("templates", "eigen.txt") == tmp_path / "templates" / "eigen.txt"


CSV_TEXT = "naam;postcode\r\nAnna de Vries;5038 AB\r\n\r\n\"Jan; junior\";5038AB\r\n"


@pytest.mark.parametrize(
    ("data", "delimiter"),
    [
        (CSV_TEXT.encode("utf-8"), ";"),
        (b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"), ";"),
        (CSV_TEXT.replace("Vries", "Vri\u00ebs").encode("cp1252"), ";"),
        (CSV_TEXT.replace(";", ",").replace('"Jan, junior"', '"Jan, junior"').encode("utf-8"), ","),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "comma"],
)
def test_csv_dialects(tmp_path: Path, data: bytes, delimiter: str) -> None:
    path = tmp_path / "lijst.csv"
    path.write_bytes(data)
    rows = list(tabular.read_rows(path))
    assert [r.line for r in rows] == [2, 4]
    assert rows[0].values["naam"].startswith("Anna de Vri")
    assert rows[1].values["naam"] == f"Jan{delimiter} junior"


    assert rows[1].problem is None


def test_empty_csv_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "leeg.csv"
    path.write_text("\n\n")
    with pytest.raises(InputError, match="leeg"):
        list(tabular.read_rows(path))


@pytest.mark.parametrize(
    ("raw", "e164", "shown", "mobile"),
    [
        ("06-12345678", "+31612345678", "06 12 34 56 78", True),
        ("+31 6 1234 5678", "+31612345678", "06 12 34 56 78", True),
        ("0031612345678", "+31612345678", "06 12 34 56 78", True),
        ("013-5430000", "+31135430000", "013 543 00 00", False),
        ("071 516 5000", "+31715165000", "071 516 50 00", False),
        ("020-5551234", "+31205551234", "020 555 12 34", False),
    ],
)
def test_phone_numbers(raw: str, e164: str, shown: str, mobile: bool) -> None:
    assert fields.phone(raw) == e164
    assert fields.display_phone(e164) == shown
    assert fields.is_mobile(e164) is mobile


@pytest.mark.parametrize("raw", ["06-1234567", "12345", "", "0612345678901", "telefoon"])
def test_invalid_phone_numbers_are_refused(raw: str) -> None:
    with pytest.raises(FieldError, match="telefoonnummer"):
        fields.phone(raw)


def test_landline_is_not_mobile() -> None:
    with pytest.raises(FieldError, match="mobiel"):
        fields.phone("013-5430000", mobile=True)


@pytest.mark.parametrize(("raw", "clean"), [("5038ab", "5038 AB"), (" 1234 AB ", "1234 AB")])
def test_postcodes(raw: str, clean: str) -> None:
    assert fields.postcode(raw) == clean


@pytest.mark.parametrize("raw", ["0123 AB", "1234 SS", "1234", "12345 AB", "1234 A"])
def test_bad_postcodes(raw: str) -> None:
    with pytest.raises(FieldError, match="postcode"):
        fields.postcode(raw)
