"""Hostile and broken lists: the import stores every row it reports, or nothing with a Dutch error."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from outreach import clock, db, tabular, tracking
from outreach.cli import main
from outreach.errors import FieldError, InputError, OutreachError
from outreach.tracking.importer import ImportResult
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


@pytest.mark.parametrize(
    ("column", "value", "field"),
    [
        ("voornaam", "A" * 101, "voornaam"),
        ("achternaam", "B" * 151, "achternaam"),
        ("adres", "Laan " + "x" * 200, "adres"),
        ("woonplaats", "P" * 101, "woonplaats"),
        ("wijk", "W" * 101, "wijk"),
        ("taalnotitie", "T" * 501, "taalnotitie"),
    ],
)
def test_too_long_values_are_reported_with_line_and_field(database_url: str, tmp_path: Path, column: str, value: str,
                                                          field: str) -> None:
    names = ["klantnummer", "voornaam", "achternaam", "adres", "woonplaats", "wijk", "taal", "taalnotitie", "postcode"]
    good = {"klantnummer": "K-1", "voornaam": "Anna", "achternaam": "Test", "adres": "Laan 1", "woonplaats": "Tilburg",
            "wijk": "Noord", "taal": "NL", "taalnotitie": "spreekt wat Nederlands", "postcode": "5038 AB"}
    bad = {**good, "klantnummer": "K-2", column: value}
    path = tmp_path / "lijst.csv"
    path.write_text("\n".join(";".join(r[n] for n in names) for r in ({n: n for n in names}, good, bad)) + "\n")
    with db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
        result = tracking.import_prospects(s, tracking.actor(s), path, coach="Sanne")
    assert result.added == 1 and [p.line for p in result.problems] == [3]
    assert f"veld '{field}'" in str(result.problems[0]) and "te lang" in str(result.problems[0])
    assert prospects(database_url) == 1


@pytest.mark.parametrize(("call", "field"), [
    (lambda s, who: tracking.add_coach(s, who, "C" * 101), "naam"),
    (lambda s, who: tracking.add_coach(s, who, "Cor", photo="/" + "f" * 500), "--photo"),
    (lambda s, who: tracking.log_attempt(s, who, "K-1", "afspraak-gemaakt", appointment_at=clock.now() + timedelta(days=2),
                                         place="P" * 201), "--place"),
])
def test_too_long_values_in_the_library(database_url: str, tmp_path: Path, call: object, field: str) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text(HEADER + person(1), encoding="utf-8")
    with db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
        tracking.import_prospects(s, tracking.actor(s), path, coach="Sanne")
    with pytest.raises(FieldError) as caught:
        with db.session(database_url) as s:
            call(s, tracking.actor(s))  # type: ignore[operator]
    assert caught.value.where is not None and caught.value.where.field == field and "te lang" in caught.value.message


def test_two_parallel_imports_of_one_list_both_end_cleanly(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text(HEADER + "".join(person(i) for i in range(1, 41)), encoding="utf-8")
    with db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
    read: list[int] = []  # without a lock both read "nobody there yet", then both insert
    results: list[object] = []

    def run() -> None:
        def wait(done: int, total: int) -> None:
            if done == total:  # wait up to 3 s for the other import to have read too (polled: faketime-safe)
                read.append(1)
                deadline = time.monotonic() + 3
                while len(read) < 2 and time.monotonic() < deadline:
                    time.sleep(0.01)
        try:
            with db.session(database_url) as s:
                results.append(tracking.import_prospects(s, tracking.actor(s), path, coach="Sanne", progress=wait))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            results.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(isinstance(r, ImportResult) for r in results), results
    assert sorted((r.added, r.unchanged) for r in results) == [(0, 40), (40, 0)]  # type: ignore[attr-defined]
    assert prospects(database_url) == 40


def test_an_unexpected_error_prints_no_traceback_and_no_personal_data(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                     caplog: pytest.LogCaptureFixture,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import IntegrityError

    def broken(*args: object, **kwargs: object) -> None:
        raise IntegrityError("INSERT ...", {"first_name": "Fatima", "phone": "+31612345601"}, Exception("duplicate key"))

    monkeypatch.setattr(tracking.importer, "import_prospects", broken)
    path = tmp_path / "lijst.csv"
    path.write_text(HEADER + person(1), encoding="utf-8")
    assert main(["prospects", "import", str(path)]) == 1
    shown = capsys.readouterr().err + caplog.text
    assert "Er ging iets mis" in shown and "IntegrityError" in caplog.text
    assert not any(secret in shown for secret in ("Fatima", "+31612345601", "Traceback", "duplicate"))


@pytest.mark.parametrize("hood", ["=1+2", "+1", "-1", "@A1", "=HYPERLINK(\"http://x\")"])
def test_the_funnel_csv_never_writes_a_formula(tmp_path: Path, hood: str) -> None:
    path = tmp_path / "lijst.csv"
    cell = '"' + hood.replace('"', '""') + '"'
    path.write_text("klantnummer;voornaam;wijk;postcode\nK-1;Anna;" + cell + ";5038 AB\n", encoding="utf-8")
    with db.session() as s:
        tracking.add_coach(s, tracking.actor(s), "=Sanne")
        tracking.import_prospects(s, tracking.actor(s), path, coach="=Sanne")
    for by in ("neighbourhood", "coach"):
        with db.session() as s:
            text = tracking.to_csv(tracking.funnel(s, tracking.actor(s), by))
        cells = [c.strip('"') for line in text.splitlines() for c in line.split(";")]
        assert not any(c.startswith(("=", "+", "-", "@")) for c in cells), text
