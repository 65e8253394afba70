"""Hostile and broken lists: the import stores every row it reports, or nothing with a Dutch error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from outreach import db, tabular, tracking
from outreach.cli import main
from outreach.errors import InputError, OutreachError
from outreach.tracking.models import Prospect

HEADER = "klantnummer;voornaam;achternaam;adres;postcode;woonplaats;telefoon;taal\n"


def person(i: int) -> str:
    return f"K-{i};Naam{i};Achter{i};Laan {i};5038 AB;Tilburg;06-1234{i:04d};Nederlands\n"


def prospects(url: str) -> int:
    with db.session(url) as s:
        return int(s.scalar(select(func.count()).select_from(Prospect)) or 0)


def test_a_stray_quote_stores_nothing(database_url: str, tmp_path: Path) -> None:
    rows = [person(i) for i in range(1, 101)]
    rows[4] = rows[4].replace(";Nederlands", ';"Nederlands')  # row 5 = line 6
    path = tmp_path / "lijst.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    with db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
    with pytest.raises(InputError) as caught:
        with db.session(database_url) as s:
            tracking.import_prospects(s, tracking.actor(s), path, coach="Sanne")
    assert caught.value.where is not None and caught.value.where.line == 6
    assert prospects(database_url) == 0


def test_a_stray_quote_in_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text(HEADER + person(1) + person(2).replace(";Nederlands", ';"Nederlands') + person(3), encoding="utf-8")
    assert main(["coaches", "add", "Sanne Voorbeeld"]) == 0
    assert main(["prospects", "import", str(path), "--coach", "Sanne"]) == 2
    err = capsys.readouterr().err
    assert "regel 3" in err and "aanhalingsteken" in err and "Naam3" not in err
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Prospect)) == 0


CELL = st.text(alphabet=st.sampled_from(list('aZ0 -"\';,\t\n\r=+@é\u00a0') + ["\u2028", "\x0c"]), max_size=12)
ROW = st.tuples(st.sampled_from(["K-1", "K-2", "k-2", "K-3", "", "K 4", "K-5"]), CELL, CELL,
                st.sampled_from(["5038 AB", "5038ab", "x"]), st.sampled_from(["06-12345678", "013-5430012", "12", ""]), CELL)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, max_size=6), sep=st.sampled_from([";", ",", "\t"]), end=st.sampled_from(["\n", "\r\n", "\r"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]), junk=st.binary(max_size=8),
       at=st.integers(min_value=0, max_value=400))
def test_import_stores_what_it_reports(rows: list[tuple[str, ...]], sep: str, end: str, encoding: str, junk: bytes,
                                       at: int, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'prop.db'}"
    with db.session(url) as s:
        if not s.scalar(select(func.count()).select_from(tracking.models.Coach)):
            tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
    text = end.join(sep.join(r) for r in [("klantnummer", "voornaam", "achternaam", "postcode", "telefoon", "taal"), *rows]) + end
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    data = data[:at] + junk + data[at:]
    path = tmp_path / "lijst.csv"
    path.write_bytes(data)
    before = prospects(url)
    try:
        with db.session(url) as s:
            result = tracking.import_prospects(s, tracking.actor(s), path, coach="Sanne")
    except OutreachError as exc:
        assert isinstance(exc, InputError) and exc.message and exc.where is not None and exc.where.file == str(path)
        assert prospects(url) == before  # stopped: nothing stored
        return
    read = list(tabular.read_rows(path))
    assert result.added + result.updated + result.unchanged + len(result.problems) == len(read)
    assert prospects(url) == before + result.added
    assert all(p.line in {r.line for r in read} and p.message for p in result.problems)
