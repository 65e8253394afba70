"""Shared set-up for the web tests that drive the real app in-process (Starlette's TestClient)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from starlette.testclient import TestClient

from outreach import db

PEOPLE = """klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;coach
K-1001;Fenna;Testpersoon;Lindelaan 1;5038 AB;Tilburg;Noord;06-12345678;Sanne Voorbeeld
K-1002;Ruud;Proefmans;Lindelaan 3;5038 AB;Tilburg;Noord;013-5430000;Sanne Voorbeeld
K-2001;Ilse;Anderman;Beukweg 9;5038 CD;Tilburg;Zuid;06-87654321;Ahmed Demo
"""
PASSWORD = "geheim-wachtwoord"
SHOTS = Path(__file__).resolve().parent.parent.parent / "build" / "screenshots"  # looked at before resolving


def seed(url: str, tmp_path: Path, people: str = PEOPLE) -> None:
    """Two coaches with a password, and the people of the `people` list (three by default)."""
    from outreach.tracking import add_coach, import_prospects
    from outreach.tracking.service import Actor
    from outreach.web.accounts import set_password

    (tmp_path / "mensen.csv").write_text(people, encoding="utf-8")
    admin = Actor("os:test")
    with db.session(url) as s:
        for name in ("Sanne Voorbeeld", "Ahmed Demo"):
            coach = add_coach(s, admin, name, phone="06-11112222")
            s.flush()
            set_password(s, coach.id, PASSWORD)
    with db.session(url) as s:
        import_prospects(s, admin, tmp_path / "mensen.csv")


def client(url: str) -> TestClient:
    from outreach.web import create_app

    return TestClient(create_app(url), follow_redirects=False)


def csrf(c: TestClient, path: str = "/inloggen") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', c.get(path).text)
    assert found, path
    return found.group(1)


def sign_in(c: TestClient, name: str = "Sanne Voorbeeld", password: str = PASSWORD) -> int:
    response = c.post("/inloggen", data={"csrf": csrf(c), "naam": name, "wachtwoord": password})
    return response.status_code


def signed_in_user(url: str, tmp_path: Path, name: str = "Mira Communicatie",
                   roles: tuple[str, ...] = ("communicatie",)) -> TestClient:
    """A seeded database with one more user of `roles`, and a test client signed in as that user."""
    from outreach.web.users import add_user

    seed(url, tmp_path)
    with db.session(url) as s:
        add_user(s, "os:test", name, list(roles), PASSWORD)
    c = client(url)
    assert sign_in(c, name) == 303
    return c


@contextmanager
def serving(url: str) -> Iterator[str]:
    """The real app behind uvicorn on 127.0.0.1, in a thread of this process (so on the test's clock)."""
    import uvicorn

    from outreach.web import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the web app did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def site_with_users(tmp_path: Path, users: dict[str, list[str]]) -> Iterator[str]:
    """A seeded database plus one user per (name, roles) behind the running app; yields its base URL."""
    from outreach.web.users import add_user

    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    with db.session(url) as s:
        for name, roles in users.items():
            add_user(s, "os:test", name, roles, PASSWORD)
    with serving(url) as base:
        yield base


def sign_in_page(page: object, base: str, name: str) -> None:
    """Sign in through the real form in a browser page."""
    page.goto(base + "/inloggen")  # type: ignore[attr-defined]
    page.fill("#naam", name)  # type: ignore[attr-defined]
    page.fill("#wachtwoord", PASSWORD)  # type: ignore[attr-defined]
    page.click("button.primary")  # type: ignore[attr-defined]


def shot(page: object, name: str) -> None:
    """A full-page screenshot `name`.png in build/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def page_problems(axe: object, page: object, path: str, width: int, name: str) -> list[str]:
    """What is wrong with the open page: axe-core violations, sideways scrolling at `width`; photographs it."""
    problems = []
    results = axe.run(page)  # type: ignore[attr-defined]
    if results.violations_count:
        problems.append(f"{path} at {width}: {results.generate_report()[:1500]}")
    wide = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    if wide > width:
        problems.append(f"{path} is {wide} px wide at {width}")
    shot(page, name)
    return problems


ORGANISATION = (("gemeente", "Gemeente Voorbeeldstad"), ("team", "Team Coaches"), ("afzender_adres", "Plein 1"),
                ("afzender_postcode", "5038 AA"), ("afzender_plaats", "Voorbeeldstad"))


def merge_in_browser(page: object, base: str, csv: Path, coach: str = "Sanne Voorbeeld") -> Path:
    """The invitation letter's mail merge through the real Brieven form: upload, coach, constants, check, make;
    the path of the downloaded PDF."""
    page.goto(base + "/brieven/uitnodiging")  # type: ignore[attr-defined]
    page.set_input_files("#lijst", str(csv))  # type: ignore[attr-defined]
    page.select_option("#merge-coach", coach)  # type: ignore[attr-defined]
    page.click("text=Velden die voor iedereen gelijk zijn (niet verplicht)")  # type: ignore[attr-defined]
    for field, value in ORGANISATION:
        page.fill(f"#vast-{field}", value)  # type: ignore[attr-defined]
    page.click("text=Bestand controleren")  # type: ignore[attr-defined]
    page.click("button.primary")  # type: ignore[attr-defined]
    page.wait_for_selector("a.download", timeout=120000)  # type: ignore[attr-defined]
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.click("a.download")  # type: ignore[attr-defined]
    return Path(download.value.path())
