"""Brieven: one letter with samples prefilled, and a mail merge: problems first, bad rows to download, progress, PDF or ZIP, gone after an hour."""

from __future__ import annotations

import io
import stat
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader
from web_helpers import PASSWORD, client, csrf, sign_in, signed_in_user

from outreach import config, db

CONSTANTS = {"coach": "Sanne Voorbeeld", "gemeente": "Gemeente Voorbeeldstad", "team": "Team Coaches",
             "afzender_adres": "Stadhuisplein 1", "afzender_postcode": "5038 AA", "afzender_plaats": "Voorbeeldstad"}
GOOD = "klantnummer;naam;aanhef;adres;postcode;woonplaats\n"
ROWS = ["K-1;mevrouw A. Eerste;Beste mevrouw Eerste;Laan 1;5038 AB;Tilburg",
        "K-2;de heer B. Tweede;Beste meneer Tweede;Laan 2;9999;Tilburg",
        "K-3;mevrouw C. Derde;Beste mevrouw Derde;Laan 3;5038 AB;Tilburg",
        "K-4;de heer D. Vierde;Beste meneer Vierde;Laan 4;ABCD EF;Tilburg"]


@pytest.fixture
def studio(tmp_path: Path) -> tuple[object, str]:
    c = signed_in_user(f"sqlite:///{tmp_path / 'web.db'}", tmp_path)
    return c, csrf(c, "/brieven/uitnodiging")


def _upload(c: object, token: str, data: bytes) -> object:
    response = c.post("/brieven/uitnodiging/samenvoegen", data={**CONSTANTS, "csrf": token},  # type: ignore[attr-defined]
                      files={"lijst": ("mensen.csv", data, "text/csv")})
    assert response.status_code == 303, response.text
    return c.get(response.headers["location"])  # type: ignore[attr-defined]


def test_one_letter_with_the_samples_prefilled(studio: tuple[object, str]) -> None:
    c, token = studio
    page = c.get("/brieven/uitnodiging")  # type: ignore[attr-defined]
    assert 'value="Kastanjelaan 12"' in page.text
    fields = {"naam": "mevrouw F. El Amrani", "aanhef": "Beste mevrouw El Amrani", "adres": "Kastanjelaan 12",
              "postcode": "5038 AB", "woonplaats": "Voorbeeldstad", **CONSTANTS}
    result = c.post("/brieven/uitnodiging/voorbeeld", data={**fields, "csrf": token}).json()  # type: ignore[attr-defined]
    assert result["image"].startswith("data:image/png;base64,") and "B1" in result["verdict"]["text"]
    response = c.post("/brieven/uitnodiging", data={**fields, "csrf": token, "actie": "pdf"})  # type: ignore[attr-defined]
    assert response.headers["content-disposition"] == 'attachment; filename="uitnodiging.pdf"'
    assert "Kastanjelaan 12" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


def test_missing_columns_are_named_once_not_per_row(studio: tuple[object, str]) -> None:
    c, token = studio
    data = "naam;adres\n" + "\n".join(f"Persoon {i};Laan {i}" for i in range(30)) + "\n"
    page = _upload(c, token, data.encode())
    assert page.text.count("postcode") == 1 and "aanhef" in page.text  # type: ignore[attr-defined]
    assert "Maak" not in page.text  # type: ignore[attr-defined]


def test_a_csv_in_an_unknown_encoding_names_the_line(studio: tuple[object, str]) -> None:
    c, token = studio
    data = (GOOD + "K-8;André;Beste André;Laan 8;5038 AB;Tilburg\n").encode("utf-8") \
        + "K-9;Zoë;Beste Zoë;Laan 9;5038 AB;Tilburg\n".encode("cp1252")
    page = _upload(c, token, data)
    assert "regel 3" in page.text.lower()  # type: ignore[attr-defined]


def test_a_merge_shows_every_bad_row_then_makes_the_pdf_and_the_zip(studio: tuple[object, str]) -> None:
    c, token = studio
    page = _upload(c, token, (GOOD + "\n".join(ROWS) + "\n").encode("cp1252"))
    text = page.text  # type: ignore[attr-defined]
    assert "Goede regels: 2. Regels met een fout: 2." in text
    assert "Regel 3: Postcode: " in text and "Regel 5: Postcode: " in text and "veld &#39;" not in text
    job = page.url.path.rsplit("/", 1)[1]  # type: ignore[attr-defined]
    bad = c.get(f"/taken/{job}/foute-regels.csv").content.decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "K-2" in bad and "K-4" in bad and "K-1" not in bad and "K-3" not in bad
    folder = config.data_dir() / "web-merge" / job
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "lijst.csv").stat().st_mode) == 0o600
    assert c.post(f"/taken/{job}", data={"csrf": token, "uitvoer": "zip"}).status_code == 303  # type: ignore[attr-defined]
    _wait(c, job)
    response = c.get(f"/taken/{job}/brieven.zip")  # type: ignore[attr-defined]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == ["uitnodiging-regel0002-k-1.pdf", "uitnodiging-regel0004-k-3.pdf"]
    assert "Eerste" not in response.headers["content-disposition"]
    page = _upload(c, token, (GOOD + "\n".join(ROWS) + "\n").encode())
    job = page.url.path.rsplit("/", 1)[1]  # type: ignore[attr-defined]
    c.post(f"/taken/{job}", data={"csrf": token, "uitvoer": "pdf"})  # type: ignore[attr-defined]
    _wait(c, job)
    assert len(PdfReader(io.BytesIO(c.get(f"/taken/{job}/brieven.pdf").content)).pages) == 2  # type: ignore[attr-defined]
    done = c.get(f"/taken/{job}").text  # type: ignore[attr-defined]
    assert '<h2 id="voortgang">Klaar</h2>' in done and "Bezig" not in done  # 18.17: not "Bezig" when done


def _wait(c: object, job: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        stand = c.get(f"/taken/{job}/stand").json()  # type: ignore[attr-defined]
        if stand["state"] != "running":
            break
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert stand["state"] == "done" and stand["done"] == stand["total"] == 2, stand


def test_everything_is_gone_after_an_hour_and_other_users_see_nothing(studio: tuple[object, str],
                                                                      frozen_clock: time_machine.Traveller) -> None:
    c, token = studio
    page = _upload(c, token, (GOOD + "\n".join(ROWS) + "\n").encode())
    job = page.url.path.rsplit("/", 1)[1]  # type: ignore[attr-defined]
    other = client(c.app.state.database_url)  # type: ignore[attr-defined]
    from outreach.web.users import add_user

    with db.session(c.app.state.database_url) as s:  # type: ignore[attr-defined]
        add_user(s, "os:test", "Ander Iemand", ["communicatie"], PASSWORD)
    assert sign_in(other, "Ander Iemand") == 303
    assert other.get(f"/taken/{job}").status_code == 404
    frozen_clock.shift(timedelta(minutes=61))
    assert c.get(f"/taken/{job}").status_code == 404  # type: ignore[attr-defined]
    assert not (config.data_dir() / "web-merge" / job).exists()


def test_only_the_first_100_bad_rows_are_on_the_page_and_all_in_the_csv(studio: tuple[object, str]) -> None:
    from outreach.web import jobs

    c, token = studio
    bad = [f"K-{i};mevrouw X{i};Beste mevrouw X{i};Laan {i};9999;Tilburg" for i in range(1500)]
    page = _upload(c, token, (GOOD + "\n".join(bad) + "\n").encode())
    text = page.text  # type: ignore[attr-defined]
    assert "Regels met een fout: 1500." in text and "de eerste 100 van de 1500" in text
    assert text.count("<li>Regel ") == jobs.SHOWN_BAD and len(text) < 200_000
    job = page.url.path.rsplit("/", 1)[1]  # type: ignore[attr-defined]
    owner = c.app.state.database_url  # type: ignore[attr-defined]
    with db.session(owner) as s:
        account = s.get(jobs.QueuedJob, job).owner  # type: ignore[union-attr]
    assert len(jobs.get(job, account, owner).bad) == jobs.SHOWN_BAD  # type: ignore[union-attr]
    rows = c.get(f"/taken/{job}/foute-regels.csv").content.decode("utf-8-sig").splitlines()  # type: ignore[attr-defined]
    assert len(rows) == 1501 and "K-1499" in rows[-1]


def test_a_list_over_the_row_limit_is_refused_in_dutch(studio: tuple[object, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.web import jobs

    monkeypatch.setattr(jobs, "ROW_LIMIT", 3)
    c, token = studio
    page = _upload(c, token, (GOOD + "\n".join(ROWS) + "\n").encode())
    assert "meer dan 3 regels" in page.text and "Maak" not in page.text  # type: ignore[attr-defined]


def test_an_upload_over_the_size_limit_is_refused(studio: tuple[object, str]) -> None:
    from outreach.web import jobs
    from outreach.web.views import OVERSIZE, UPLOAD_SLACK

    c, token = studio
    response = c.post("/brieven/uitnodiging/samenvoegen", data={**CONSTANTS, "csrf": token},  # type: ignore[attr-defined]
                      files={"lijst": ("mensen.csv", GOOD.encode() + b"x" * (jobs.CSV_LIMIT + 1), "text/csv")})
    assert response.status_code == 400 and "te groot" in response.text  # the form comes back with its values
    assert CONSTANTS["gemeente"] in response.text  # type: ignore[index]
    response = c.post("/brieven/uitnodiging/samenvoegen", data={**CONSTANTS, "csrf": token},  # type: ignore[attr-defined]
                      files={"lijst": ("mensen.csv", b"x" * (OVERSIZE * jobs.CSV_LIMIT + UPLOAD_SLACK + 1), "text/csv")})
    assert response.status_code == 413  # far over the limit: refused before it is read


def test_jobs_per_user_and_running_merges_are_limited(studio: tuple[object, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.web import jobs

    c, token = studio
    data = (GOOD + "\n".join(ROWS) + "\n").encode()
    made = [_upload(c, token, data).url.path.rsplit("/", 1)[1] for _ in range(jobs.LIVE_PER_USER)]  # type: ignore[attr-defined]
    response = c.post("/brieven/uitnodiging/samenvoegen", data={**CONSTANTS, "csrf": token},  # type: ignore[attr-defined]
                      files={"lijst": ("mensen.csv", data, "text/csv")})
    assert response.status_code == 429 and "al 5 bestanden open" in response.text
    c.app.state.worker = None  # type: ignore[attr-defined]  # no worker: the first merge stays queued
    assert c.post(f"/taken/{made[0]}", data={"csrf": token, "uitvoer": "pdf"}).status_code == 303  # type: ignore[attr-defined]
    response = c.post(f"/taken/{made[1]}", data={"csrf": token, "uitvoer": "pdf"})  # type: ignore[attr-defined]
    assert response.status_code == 429 and "We maken nu al brieven voor u" in response.text
