"""Listen pages, recordings and the personal appointment page, through the real app (Starlette's TestClient)."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from markupsafe import escape
from starlette.testclient import TestClient
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import clock, db
from outreach.errors import InputError
from outreach.texts import t
from outreach.web import recordings

SAMPLES = ("El Amrani", "Kastanjelaan", "5038 AB", "Sanne de Vries", "06 12 34 56 78", "Stadhuisplein")


def _audio(tmp_path: Path, name: str, seconds: float, *extra: str) -> bytes:
    path = tmp_path / name
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                    "-ac", "1", *extra, str(path)], check=True, timeout=60)
    return path.read_bytes()


def _long_mp3(tmp_path: Path) -> bytes:
    path = tmp_path / "lang.mp3"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "660",
                    "-c:a", "libmp3lame", "-b:a", "8k", str(path)], check=True, timeout=60)
    return path.read_bytes()


@pytest.fixture
def url(database_url: str) -> str:
    """SQLite and real PostgreSQL."""
    return database_url


@pytest.fixture
def studio(url: str, tmp_path: Path) -> TestClient:
    from outreach.web.users import add_user

    seed(url, tmp_path)
    with db.session(url) as s:
        add_user(s, "os:test", "Mira Communicatie", ["communicatie"], PASSWORD)
        add_user(s, "os:test", "Bea Beheer", ["beheer"], PASSWORD)
    c = client(url)
    assert sign_in(c, "Mira Communicatie") == 303
    return c


def _stored(url: str, tmp_path: Path) -> tuple[list[tuple[str, int, str]], list[str]]:
    """Rows of web_recordings and the files in opnames/: what must not change on a refused upload."""
    with db.session(url) as s:
        rows = [(r.template, r.version, r.stem) for r in s.query(recordings.Recording).all()]
    return rows, sorted(p.name for p in recordings.folder().iterdir())


def test_the_listen_page_shows_the_text_for_everyone_and_nothing_of_a_person(url: str, tmp_path: Path) -> None:
    seed(url, tmp_path)
    c = client(url)
    for name in ("uitnodiging", "bevestiging-afspraak", "flyer", "niet-thuis"):
        response = c.get(f"/luister/{name}-1")
        assert response.status_code == 200, name
        assert "set-cookie" not in response.headers  # no session on a public page
        assert not any(sample in response.text for sample in SAMPLES), name
        assert 'lang="nl"' in response.text and 'id="lees"' in response.text
    text = c.get("/luister/uitnodiging-1").text
    assert "Ik ben uw coach." in text and "Dan heeft dat geen gevolgen voor uw uitkering." in text
    assert "het nummer op uw brief" in text
    assert "De datum op uw brief" in c.get("/luister/bevestiging-afspraak-1").text
    assets = len(c.get("/static/luister.css").content) + len(c.get("/static/luister.js").content)
    for name in ("uitnodiging", "bevestiging-afspraak", "flyer", "niet-thuis"):
        assert len(c.get(f"/luister/{name}-1").content) + assets < 100_000, name  # before the audio


@pytest.mark.parametrize("path", ["/luister/uitnodiging-2", "/luister/uitnodiging", "/luister/onbekend-1",
                                  "/luister/gemist-gesprek-1", "/luister/..%2Fetc-1", "/luister/uitnodiging-1/opname.mp3",
                                  "/luister/uitnodiging-1/opname.wav"])
def test_what_is_not_a_listen_page_is_not_found(url: str, tmp_path: Path, path: str) -> None:
    seed(url, tmp_path)
    assert client(url).get(path).status_code == 404


def test_an_uploaded_recording_is_converted_and_served_with_ranges(studio: TestClient, url: str, tmp_path: Path) -> None:
    wav = _audio(tmp_path, "brief.wav", 3)
    response = studio.post("/opnames/uitnodiging-1", data={"csrf": csrf(studio, "/opnames")},
                           files={"opname": ("mijn opname.wav", wav, "audio/wav")})
    assert response.status_code == 200, response.text
    assert str(escape(t("web.recording_stored", title="Kennismaken met uw coach"))) in response.text
    rows, files = _stored(url, tmp_path)
    assert [(r[0], r[1]) for r in rows] == [("uitnodiging", 1)]
    assert files == sorted([f"{rows[0][2]}.mp3", f"{rows[0][2]}.opus"])
    public = TestClient(studio.app)
    page = public.get("/luister/uitnodiging-1").text
    assert 'src="/luister/uitnodiging-1/opname.opus"' in page and "<audio controls" in page
    for kind, media in (("opus", "audio/ogg"), ("mp3", "audio/mpeg")):
        whole = public.get(f"/luister/uitnodiging-1/opname.{kind}")
        assert whole.status_code == 200 and whole.headers["content-type"] == media
        assert int(whole.headers["content-length"]) == len(whole.content) > 1000
        assert whole.headers["accept-ranges"] == "bytes"
        part = public.get(f"/luister/uitnodiging-1/opname.{kind}", headers={"Range": "bytes=100-199"})
        assert part.status_code == 206 and part.content == whole.content[100:200]
        assert part.headers["content-range"] == f"bytes 100-199/{len(whole.content)}"
        assert part.headers["content-length"] == "100"
    probed = recordings.probe(recordings.folder() / f"{rows[0][2]}.opus")
    assert 2.5 < probed.seconds < 3.5
    # a second upload replaces the first: one row, the old files gone
    studio.post("/opnames/uitnodiging-1", data={"csrf": csrf(studio, "/opnames")},
                files={"opname": ("nieuw.mp3", _audio(tmp_path, "nieuw.mp3", 2), "audio/mpeg")})
    rows2, files2 = _stored(url, tmp_path)
    assert len(rows2) == 1 and rows2[0][2] != rows[0][2] and len(files2) == 2
    studio.post("/opnames/uitnodiging-1", data={"csrf": csrf(studio, "/opnames"), "actie": "wissen"},
                files={"opname": ("", b"", "application/octet-stream")})
    assert _stored(url, tmp_path) == ([], [])


@pytest.mark.parametrize(("name", "make", "message"), [
    ("brief.txt", lambda tmp: b"Dit is geen geluid.\n" * 50, "web.recording_not_audio"),
    ("brief.mp3", lambda tmp: b"ID3" + b"\x00" * 5000, "web.recording_not_audio"),
    ("lijst.m3u8", lambda tmp: b"#EXTM3U\n#EXTINF:3,\nfile:///etc/passwd\n", "web.recording_not_audio"),
    ("brief.flac", lambda tmp: _audio(tmp, "brief.flac", 2), "web.recording_not_audio"),
    ("lang.mp3", _long_mp3, "web.recording_too_long"),
])
def test_a_refused_upload_says_why_in_dutch_and_changes_nothing(studio: TestClient, url: str, tmp_path: Path,
                                                                name: str, make: object, message: str) -> None:
    studio.post("/opnames/flyer-1", data={"csrf": csrf(studio, "/opnames")},
                files={"opname": ("goed.ogg", _audio(tmp_path, "goed.ogg", 1, "-c:a", "libvorbis"), "audio/ogg")})
    before = _stored(url, tmp_path)
    assert len(before[0]) == 1
    for slug in ("flyer-1", "uitnodiging-1"):  # over an existing recording, and where there is none
        response = studio.post(f"/opnames/{slug}", data={"csrf": csrf(studio, "/opnames")},
                               files={"opname": (name, make(tmp_path), "application/octet-stream")})  # type: ignore[operator]
        assert response.status_code == 400
        assert str(escape(t(message, minutes=10))) in response.text
        assert _stored(url, tmp_path) == before


def test_a_file_over_50_mb_is_refused_before_it_is_looked_at(url: str, tmp_path: Path) -> None:
    with db.session(url) as s, pytest.raises(InputError) as refused:
        recordings.store(s, "uitnodiging", 1, b"\x00" * (recordings.MAX_BYTES + 1), 1)
    assert "50 MB" in refused.value.message
    assert not any(recordings.folder().iterdir())


def test_only_communicatie_uploads(url: str, tmp_path: Path) -> None:
    seed(url, tmp_path)
    c = client(url)
    assert c.get("/opnames").status_code == 303
    sign_in(c)  # a coach
    assert c.get("/opnames").status_code == 403


def _appointment(url: str) -> tuple[int, str]:
    from outreach import tracking
    from outreach.tracking.personal import issue
    from outreach.tracking.service import Actor

    with db.session(url) as s:
        logged = tracking.log_attempt(s, Actor("os:test"), "K-1001", "afspraak-gemaakt",
                                      appointment_at=clock.now() + timedelta(days=2), place="Buurthuis De Linde")
        s.flush()
        assert logged.appointment is not None
        token = issue(s, logged.appointment.id)
    return logged.appointment.id, token


def _switch_on(studio: TestClient, url: str) -> None:
    beheer = client(url)
    assert sign_in(beheer, "Bea Beheer") == 303
    assert beheer.post("/beheer/luisteren", data={"csrf": csrf(beheer, "/beheer/luisteren"), "aan": "ja"}).status_code == 303
    assert t("web.listen_admin_on") in beheer.get("/beheer/luisteren").text


def test_a_personal_page_shows_the_appointment_and_nothing_more(studio: TestClient, url: str,
                                                                 frozen_clock: time_machine.Traveller) -> None:
    _, token = _appointment(url)
    assert len(token) >= 22  # at least 128 bits in URL-safe base64
    public = TestClient(studio.app)
    gone = public.get("/afspraak/" + "x" * len(token))
    assert public.get(f"/afspraak/{token}").content == gone.content  # switched off: as if it did not exist
    _switch_on(studio, url)
    page = public.get(f"/afspraak/{token}")
    assert page.status_code == 200
    assert "Buurthuis De Linde" in page.text and "Sanne Voorbeeld" in page.text
    assert "tel:+31611112222" in page.text
    for personal in ("Fenna", "Testpersoon", "Lindelaan", "5038", "K-1001", "06-12345678", "+31612345678"):
        assert personal not in page.text
    assert page.headers["x-robots-tag"] == "noindex, nofollow" and page.headers["referrer-policy"] == "no-referrer"
    assert 'name="robots" content="noindex, nofollow"' in page.text and "set-cookie" not in page.headers


def _gone_alike(public: TestClient, token: str, never: str) -> None:
    a, b = public.get(f"/afspraak/{token}"), public.get(f"/afspraak/{never}")
    assert a.status_code == b.status_code == 404
    assert a.content == b.content and a.headers["content-length"] == b.headers["content-length"]


def test_expired_erased_and_never_issued_answer_the_same_404(studio: TestClient, url: str,
                                                             frozen_clock: time_machine.Traveller) -> None:
    from outreach.tracking import erase_prospect
    from outreach.tracking.personal import PersonalPage
    from outreach.tracking.service import Actor

    _switch_on(studio, url)
    public = TestClient(studio.app)
    never = "Q" * 32
    _, token = _appointment(url)
    assert public.get(f"/afspraak/{token}").status_code == 200
    frozen_clock.shift(timedelta(days=8, hours=23))  # the appointment was two days ahead: now 7 days after
    assert public.get(f"/afspraak/{token}").status_code == 200
    frozen_clock.shift(timedelta(hours=2))
    _gone_alike(public, token, never)  # expired
    frozen_clock.shift(-timedelta(days=9, hours=1))
    assert public.get(f"/afspraak/{token}").status_code == 200
    with db.session(url) as s:
        erase_prospect(s, Actor("os:test"), "K-1001")
    _gone_alike(public, token, never)  # erased
    with db.session(url) as s:
        assert s.query(PersonalPage).count() == 0  # the rows went with the person
    _gone_alike(public, never[:-1] + "R", never)  # wrong


def test_guessing_tokens_is_slowed_down(studio: TestClient, url: str) -> None:
    _switch_on(studio, url)
    _, token = _appointment(url)
    public = TestClient(studio.app)
    answers = [public.get(f"/afspraak/guess{i:04d}").status_code for i in range(25)]
    assert answers[:20] == [404] * 20 and set(answers[20:]) == {429}
    assert public.get(f"/afspraak/{token}").status_code == 429  # even a right token, from that address, for now


def test_preview_and_check_say_plainly_that_there_is_no_qr_code(studio: TestClient) -> None:
    from clock_helpers import run_outreach

    note = t("documents.listen_no_public_url")
    from outreach.documents import load_template

    samples = {k: str(v) for k, v in load_template("uitnodiging", "html").fields.items()}
    response = studio.post("/brieven/uitnodiging/voorbeeld", data={"csrf": csrf(studio, "/brieven/uitnodiging"), **samples})
    assert note in response.json()["verdict"]["findings"]
    assert note in " ".join(studio.get("/opnames").text.split())
    done = run_outreach("check", str(Path(__file__).resolve().parents[2] / "templates" / "uitnodiging.html.j2"))
    assert "OUTREACH_PUBLIC_URL" in done.stdout


def test_a_coach_makes_the_personal_page_and_the_letter_carries_its_qr_code(studio: TestClient, url: str,
                                                                              tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.documents import load_template, render

    coach = client(url)
    assert sign_in(coach) == 303
    token = csrf(coach, "/mensen/K-1001")
    off = coach.post("/afspraakpagina/K-1001", data={"csrf": token})
    assert off.status_code == 400 and t("web.personal_off") in off.text
    _switch_on(studio, url)
    none = coach.post("/afspraakpagina/K-1001", data={"csrf": token})
    assert none.status_code == 400 and t("web.personal_no_appointment") in none.text
    _appointment(url)
    monkeypatch.setenv("OUTREACH_PUBLIC_URL", "https://gemeente.nl")  # after the apps are made: cookies stay http
    assert t("web.personal_make") in coach.get("/mensen/K-1001").text
    made = coach.post("/afspraakpagina/K-1001", data={"csrf": token})
    assert made.status_code == 200
    address = made.text.split('<code id="adres">')[1].split("</code>")[0]
    assert address.startswith("https://gemeente.nl/afspraak/")
    assert TestClient(studio.app).get(address.removeprefix("https://gemeente.nl")).status_code == 200
    other, missing = (coach.post(f"/afspraakpagina/{ref}", data={"csrf": token}) for ref in ("K-2001", "K-9999"))
    assert other.status_code == missing.status_code == 404 and other.text == missing.text
    template = load_template("bevestiging-afspraak", "html")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(render(template, {**template.fields, "luister_adres": address}))  # type: ignore[arg-type]
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "brief")], check=True)
    read = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "brief.png")], capture_output=True, text=True)
    assert read.stdout.split() == [address]
    pdf.write_bytes(render(template, {**template.fields, "luister_adres": "https://elders.example/afspraak/x"}))  # type: ignore[arg-type]
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "ander")], check=True)
    read = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "ander.png")], capture_output=True, text=True)
    assert read.stdout.split() == ["https://gemeente.nl/luister/bevestiging-afspraak-1"]  # no link to elsewhere


def test_a_broken_own_template_has_no_listen_page_and_no_traceback(url: str, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "eigen" / "templates"
    own.mkdir(parents=True)
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(own.parent))
    (own / "kapot.html.j2").write_text('{#---\nkind = "letter"\ntitle = "Kapot"\n[fields]\nx = "1"\n---#}\n'
                                       "{% for i in range(10**9) %}{{ i }}{% endfor %}{{ 1 / 0 }}\n", encoding="utf-8")
    seed(url, tmp_path)
    response = client(url).get("/luister/kapot-1")
    assert response.status_code == 404 and "Traceback" not in response.text


def _listen_key(url: str, name: str) -> str:
    from sqlalchemy import select

    from outreach.tracking.models import Coach

    with db.session(url) as s:
        key = s.scalar(select(Coach.listen_key).where(Coach.name == name))
    assert key and len(key) == 24
    return key


def _photo(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A real photo of coach `name`, stored the way the studio and beheer store it."""
    import io

    from PIL import Image

    from outreach.web import coachphoto

    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    out = io.BytesIO()
    Image.new("RGB", (900, 1200), (200, 120, 40)).save(out, "JPEG")
    with db.session(url) as s:
        coachphoto.store(s, "os:test", name, coachphoto.check(out.getvalue()))
        s.commit()


def test_a_coachs_listen_page_shows_photo_first_name_and_a_call_button(url: str, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from PIL import Image

    from outreach.tracking.coach_fields import document_values

    seed(url, tmp_path)
    _photo(url, tmp_path, monkeypatch, "Sanne Voorbeeld")
    key = _listen_key(url, "Sanne Voorbeeld")
    with db.session(url) as s:  # what the studio's coach choice (studio.coach_values) hands the document
        assert document_values(s, "Sanne Voorbeeld")["luister_coach"] == key
    assert key != _listen_key(url, "Ahmed Demo") and key not in ("1", "2")
    c = client(url)
    for name in ("flyer", "uitnodiging"):
        response = c.get(f"/luister/{name}-1/{key}")
        assert response.status_code == 200 and "set-cookie" not in response.headers
        text = response.text
        assert escape(t("web.listen_coach", name="Sanne")) in text and "Voorbeeld" not in text  # first name only
        assert 'href="tel:+31611112222"' in text and "06 11 11 22 22" in text  # fields.display_phone
        assert text.count('href="tel:+31611112222"') == 2  # the card, and the no-voice fallback
        assert f'src="/luister/{name}-1/{key}/foto.jpg"' in text and escape(t("web.listen_coach_photo", name="Sanne")) in text
        assert not any(sample in text for sample in SAMPLES)
    photo = c.get(f"/luister/flyer-1/{key}/foto.jpg")
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(photo.content)).size) <= 360 and len(photo.content) < 30_000
    assert len(c.get(f"/luister/flyer-1/{key}").content) + len(photo.content) < 100_000


def test_an_unknown_or_stopped_coach_gets_the_general_page_byte_for_byte(url: str, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.tracking import deactivate_coach
    from outreach.tracking.service import Actor

    seed(url, tmp_path)
    _photo(url, tmp_path, monkeypatch, "Ahmed Demo")
    stopped = _listen_key(url, "Ahmed Demo")
    with db.session(url) as s:
        deactivate_coach(s, Actor("os:test"), "Ahmed Demo")
        s.commit()
    c = client(url)
    general = c.get("/luister/flyer-1")
    for key in (stopped, "0123456789abcdef01234567", "2", "Ahmed", "A" * 300):
        response = c.get(f"/luister/flyer-1/{key}")
        assert response.status_code == 200 and response.content == general.content, key
    assert c.get(f"/luister/flyer-1/{stopped}/foto.jpg").status_code == 404
    assert c.get("/luister/flyer-9/0123456789abcdef01234567").status_code == 404  # the version still counts


def test_older_version_numbers_keep_answering_and_newer_ones_do_not_exist(url: str, tmp_path: Path) -> None:
    from outreach.content import builtin_dir
    from outreach.documents import drafts

    seed(url, tmp_path)
    source = (builtin_dir("templates") / "uitnodiging.html.j2").read_text(encoding="utf-8")
    with db.session(url) as s:
        for word in ("Eerst: ", "Nieuw: "):
            drafts.save(s, "uitnodiging", "html", source.replace('subject = "', 'subject = "' + word, 1),
                        1, "Mira")
        s.commit()
    c = client(url)
    assert [c.get(f"/luister/uitnodiging-{n}").status_code for n in (1, 2, 3, 4)] == [200, 200, 200, 404]  # 1: the file
    old, new = (c.get(f"/luister/uitnodiging-{n}").text for n in (1, 3))
    assert old.split('<article id="tekst"')[1] == new.split('<article id="tekst"')[1]  # the live text at the old address
