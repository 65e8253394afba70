"""The real `outreach` entry point turns bad input into one Dutch line and exit code 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from clock_helpers import run_outreach

from outreach import tracking
from outreach.cli import main

DEMO = Path(tracking.__file__).parent / "demo" / "prospects.csv"
COACH = {"coach_naam": "Sanne de Vries", "coach_voornaam": "Sanne", "coach_telefoon": "06-12345678",
         "gemeente": "Gemeente Voorbeeldstad", "team": "Team Coaches", "afzender_adres": "Stadhuisplein 1",
         "afzender_postcode": "5038 AA", "afzender_plaats": "Voorbeeldstad"}
SET = [opt for key, value in COACH.items() for opt in ("--set", f"{key}={value}")]
PEOPLE = ("naam;aanhef;adres;postcode;woonplaats\r"
          "mevrouw A. Testpersoon;Beste mevrouw Testpersoon;Laan 1;5038 AB;Voorbeeldstad\r"
          "de heer B. Voorbeeld;Beste meneer Voorbeeld;Laan 2;5038 AC;Voorbeeldstad\r")  # CR only: Excel on a Mac


def run(*args: str, cwd: Path, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_outreach(*args, cwd=cwd, stdin=stdin, extra_env=env)


def assert_bad_input(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.lstrip().startswith("Fout: "), done.stderr  # lstrip: a finished progress bar leaves a newline
    for word in words:
        assert word in done.stderr, (word, done.stderr)


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.tmp")]


def test_render_into_existing_folder_of_a_mac_csv(tmp_path: Path) -> None:
    (tmp_path / "mensen.csv").write_text(PEOPLE, encoding="utf-8", newline="")
    (tmp_path / "brieven").mkdir()
    done = run("render", "uitnodiging", "--data", "mensen.csv", *SET, "--out", "brieven", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Klaar: 2 gemaakt, 0 overgeslagen." in done.stdout
    assert (tmp_path / "brieven" / "uitnodiging.pdf").read_bytes().startswith(b"%PDF")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("rows", [PEOPLE, None])  # a mail merge (joined PDF) and one letter
@pytest.mark.parametrize("out", ["bestand/brief.pdf", "bestand/map/brief.pdf"])
def test_render_out_under_a_file(tmp_path: Path, rows: str | None, out: str) -> None:
    (tmp_path / "bestand").write_text("ik ben een bestand\n")
    (tmp_path / "mensen.csv").write_text(rows or "", encoding="utf-8", newline="")
    source = ["--data", "mensen.csv", *SET] if rows else ["--sample"]
    done = run("render", "uitnodiging", *source, "--out", out, cwd=tmp_path)
    assert_bad_input(done, out, "kan hier niet worden opgeslagen", "geen map")
    assert leftovers(tmp_path) == []


def test_render_per_recipient_into_a_file(tmp_path: Path) -> None:
    (tmp_path / "bestand").write_text("ik ben een bestand\n")
    (tmp_path / "mensen.csv").write_text(PEOPLE, encoding="utf-8", newline="")
    done = run("render", "uitnodiging", "--data", "mensen.csv", *SET, "--per-recipient", "--out", "bestand", cwd=tmp_path)
    assert_bad_input(done, "bestand", "kan hier niet worden opgeslagen")


@pytest.fixture
def read_only(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A file nobody may overwrite: immutable when we run as root, else mode 0444."""
    path = tmp_path / "oud.pdf"
    path.write_bytes(b"%PDF-1.7 oud\n")
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("root without chattr: every file is writable")
        yield path
        subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        yield path


@pytest.mark.parametrize("merge", [True, False])
def test_render_to_a_read_only_file(tmp_path: Path, read_only: Path, merge: bool) -> None:
    (tmp_path / "mensen.csv").write_text(PEOPLE, encoding="utf-8", newline="")
    source = ["--data", "mensen.csv", *SET] if merge else ["--sample"]
    done = run("render", "uitnodiging", *source, "--out", read_only.name, cwd=tmp_path)
    assert_bad_input(done, "oud.pdf", "kan hier niet worden opgeslagen")
    assert read_only.read_bytes() == b"%PDF-1.7 oud\n"
    assert leftovers(tmp_path) == []


def test_output_error_words_permission_in_dutch(tmp_path: Path) -> None:
    from outreach.documents.rendering import output_error

    error = output_error(PermissionError(13, "Permission denied"), tmp_path / "x.pdf")
    assert str(error) == f"{tmp_path / 'x.pdf'}: Het resultaat kan hier niet worden opgeslagen: " \
                         "u mag hier niets opslaan of het bestand niet overschrijven."


@pytest.mark.parametrize("content", [b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4,  # an .xlsx
                                     b"naam;postcode\n\"Ana;5038 AB\n" + b"x" * 140_000 + b"\n"],  # one endless cell
                         ids=["xlsx", "endless-cell"])
def test_binary_or_broken_csv(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "lijst.csv").write_bytes(content)
    where = "lijst.csv" if content.startswith(b"PK") else "lijst.csv, regel 2"
    assert_bad_input(run("render", "uitnodiging", "--data", "lijst.csv", *SET, cwd=tmp_path), where)
    assert main(["coaches", "add", "Sanne Voorbeeld"]) == 0
    assert_bad_input(run("prospects", "import", "lijst.csv", "--coach", "Sanne", cwd=tmp_path), where)


def test_missing_csv_is_named_in_dutch(tmp_path: Path) -> None:
    done = run("render", "uitnodiging", "--data", "nope.csv", *SET, cwd=tmp_path)
    assert_bad_input(done, "nope.csv", "het bestand bestaat niet")
    assert "No such file" not in done.stderr


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """Coach Sanne and the demo people, imported from a CR-only copy of the demo CSV."""
    mac = tmp_path / "mac.csv"
    mac.write_bytes(DEMO.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    assert main(["coaches", "add", "Sanne Voorbeeld"]) == 0
    done = run("prospects", "import", str(mac), "--coach", "Sanne", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Nieuw: 12" in done.stdout and "Traceback" not in done.stderr
    return tmp_path


@pytest.mark.parametrize(("answer", "erased"), [("ja\n", True), ("j\n", True), ("y\n", True), ("nee\n", False),
                                                 ("\n", False), ("", False), ("misschien\nja\n", True)])
def test_erase_asks_in_dutch(imported: Path, answer: str, erased: bool) -> None:
    done = run("prospects", "erase", "D-1001", cwd=imported, stdin=answer)
    assert "[j/N]" in done.stdout and "[y/N]" not in done.stdout
    assert done.returncode == (0 if erased else 1), (done.stdout, done.stderr)
    assert ("Alle gegevens van deze persoon zijn weg" in done.stdout) == erased
    assert "Traceback" not in done.stderr


def test_web_password_checks_the_coach_first_and_asks_in_dutch(tmp_path: Path) -> None:
    done = run("web", "password", "Onbekende Coach", cwd=tmp_path, stdin="geheimwoord1\ngeheimwoord1\n")
    assert_bad_input(done, "Onbekende Coach")
    assert main(["coaches", "add", "Sanne Voorbeeld"]) == 0
    mismatch = run("web", "password", "Sanne", cwd=tmp_path, stdin="geheimwoord1\ngeheimwoord2\n")
    assert_bad_input(mismatch, "niet gelijk")
    done = run("web", "password", "Sanne", cwd=tmp_path, stdin="geheimwoord1\ngeheimwoord1\n")
    assert done.returncode == 0, done.stderr
    assert "is opgeslagen" in done.stdout
    helptext = run("web", "password", "--help", cwd=tmp_path).stdout
    option = next(line for line in helptext.splitlines() if "--password" in line)
    assert "required" not in option


@pytest.mark.parametrize("url", ["sqlite:///{tmp}/no/such/dir/x.db",
                                 "postgresql+psycopg://ana:Geheim-Wachtwoord@127.0.0.1:9/outreach"])
def test_database_that_cannot_be_opened(tmp_path: Path, url: str) -> None:
    done = run("prospects", "show", "D-1001", cwd=tmp_path, env={"OUTREACH_DATABASE_URL": url.format(tmp=tmp_path)})
    assert_bad_input(done, "De database kan niet worden geopend", "OUTREACH_DATABASE_URL")
    assert "Geheim-Wachtwoord" not in done.stderr + done.stdout
    assert "sqlalche.me" not in done.stderr


@pytest.mark.parametrize(("args", "words"), [
    (["rendr"], ["'rendr' bestaat niet", "render", "Typ 'outreach --help' voor hulp."]),
    (["render"], ["'SJABLOON' vergeten", "Typ 'outreach render --help' voor hulp."]),
    (["render", "uitnodiging", "--bogus"], ["--bogus bestaat niet", "Typ 'outreach render --help' voor hulp."]),
    (["render", "uitnodiging", "extra", "nog"], ["extra nog", "Typ 'outreach render --help' voor hulp."]),
    (["web", "serve", "--port", "abc"], ["'--port' klopt niet", "heel getal", "'outreach web serve --help'"]),
    (["prospects", "erase"], ["'KLANTNUMMER' vergeten", "'outreach prospects erase --help'"]),
    (["web", "serve", "--port"], ["Zet na de optie --port ook een waarde", "'outreach web serve --help'"]),
    (["messages", "cancel", "0"], ["'NUMMER' klopt niet", "minstens 1", "'outreach messages cancel --help'"]),
    (["messages", "send-due", "--limit", "0"], ["'--limit' klopt niet", "minstens 1"]),
    (["calls", "log", "K-1", "geen-gehoor", "--note"], ["Zet na de optie --note ook een waarde", "'outreach calls log --help'"]),
])
def test_usage_errors_are_dutch(tmp_path: Path, args: list[str], words: list[str]) -> None:
    done = run(*args, cwd=tmp_path)
    assert_bad_input(done, *words)
    assert len(done.stderr.strip().splitlines()) == 1
    for english in ("No such", "Missing", "Usage:", "Invalid value", "unexpected", "Try '", "requires", "not a valid",
                    "Error", "range"):
        assert english not in done.stderr
