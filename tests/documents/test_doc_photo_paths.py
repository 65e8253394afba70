"""A photo path outside the user's folder gets one answer, whether a file is there or not (issue 16.10).

The same function answers for the coach_foto field, the |foto filter and a CSV photo column,
so none of them tells which files exist on the server.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach.documents import load_template, render_text
from outreach.documents.assets import photo_uri
from outreach.documents.mailmerge import BadRow, people
from outreach.errors import FieldError
from outreach.texts import t

OUTSIDE = ["/etc/shadow", "/root/.ssh/id_rsa", "/etc/hostname", "/nope.jpg", "/bestaat/niet/foto.png",
           "../../../etc/passwd", "~/foto.jpg", "~niemand-bekend/foto.jpg", "/" + "a" * 5000]


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: p[:30])
def test_every_path_outside_gets_the_same_message(content_dir: Path, path: str) -> None:
    with pytest.raises(FieldError) as err:
        photo_uri(path)
    assert err.value.message == t("documents.photo_outside")


def test_a_missing_photo_inside_the_folder_is_named(content_dir: Path) -> None:
    with pytest.raises(FieldError, match="niet gevonden"):
        photo_uri("a" * 5000)  # too long a name for the file system: still no 500
    with pytest.raises(FieldError) as err:
        photo_uri("fotos/sanne.jpg")
    assert "sanne.jpg" in err.value.message and "niet gevonden" in err.value.message


def test_the_filter_and_a_csv_column_answer_the_same(content_dir: Path, tmp_path: Path) -> None:
    (content_dir / "foto-test.html.j2").write_text(
        '{#---\nkind = "letter"\ntitle = "Foto"\nlevel = "B1"\n[fields]\npad = "x"\n---#}\n<img src="{{ pad|foto }}">\n')
    messages = set()
    for path in ("/etc/shadow", "/nope.jpg"):
        with pytest.raises(FieldError) as err:
            render_text("foto-test", {"pad": path}, variant="html")
        messages.add(err.value.message)
    assert messages == {t("documents.photo_outside")}
    data = tmp_path / "lijst.csv"
    data.write_text("naam;aanhef;adres;postcode;woonplaats;coach_foto\n"
                    "A;Beste A;Laan 1;5038 AB;Tilburg;/etc/shadow\nB;Beste B;Laan 2;5038 AB;Tilburg;/nope.jpg\n",
                    encoding="utf-8")
    constants = {"coach_naam": "Sanne", "coach_voornaam": "Sanne", "coach_telefoon": "06 12 34 56 78", "gemeente": "Voorbeeldstad",
                 "team": "Team", "afzender_adres": "Plein 1", "afzender_postcode": "5038 AA",
                 "afzender_plaats": "Voorbeeldstad"}
    rows = [row for _, row in people(load_template("uitnodiging", "html"), data, constants)]
    assert all(isinstance(r, BadRow) for r in rows)
    assert {r.message for r in rows if isinstance(r, BadRow)} == {t("documents.photo_outside")}
