"""Issue 21 in Debian's headless Chromium: the listen page plays a recording or reads aloud; light pages pass axe at 320 px."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from web_helpers import page_problems, seed, serving, sign_in_page, site_with_users

from outreach import clock, db

# speechSynthesis as a page sees it, stubbed: what is spoken is kept, and the test ends each utterance itself.
STUB = """
window.__spoken = [];
window.__current = null;
window.__voices = [{lang: "%s", name: "Stem", voiceURI: "stem", localService: true, default: true}];
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; this.voice = null; this.onend = null; };
window.__finish = function () { var said = window.__current; window.__current = null; if (said && said.onend) { said.onend({}); } return !!said; };
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: function () { return window.__voices; },
  speak: function (said) { window.__spoken.push({text: said.text, lang: said.lang, voice: said.voice && said.voice.lang}); window.__current = said; },
  cancel: function () { window.__current = null; }, pause: function () {}, resume: function () {},
  addEventListener: function () {}, removeEventListener: function () {}
}});
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    with serving(url) as base:
        yield base


def _record(tmp_path: Path) -> None:
    """A three-second recording of the invitation letter, stored as communicatie would."""
    from outreach.web import recordings

    wav = tmp_path / "brief.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-ac", "1",
                    str(wav)], check=True, timeout=60)
    with db.session(f"sqlite:///{tmp_path / 'web.db'}") as s:
        recordings.store(s, "uitnodiging", 1, wav.read_bytes(), 1)


def test_the_invitation_letter_plays_its_recording(site: str, browser: object, tmp_path: Path) -> None:
    _record(tmp_path)
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    page.goto(site + "/luister/uitnodiging-1")
    assert "Ik ben uw coach." in page.inner_text("#tekst")
    assert page.locator("audio").is_visible() and page.locator("#lees").count() == 0
    page.evaluate("() => { const a = document.querySelector('audio'); a.muted = true; return a.play(); }")
    page.wait_for_function("() => document.querySelector('audio').currentTime > 0.2", timeout=20000)
    source = page.evaluate("document.querySelector('audio').currentSrc")
    assert source == site + "/luister/uitnodiging-1/opname.opus"
    answers = page.evaluate("""async (src) => {
        const whole = await fetch(src);
        const body = await whole.arrayBuffer();
        const part = await fetch(src, {headers: {Range: "bytes=10-59"}});
        return {status: whole.status, type: whole.headers.get("content-type"), length: whole.headers.get("content-length"),
                size: body.byteLength, partStatus: part.status, partLength: part.headers.get("content-length"),
                range: part.headers.get("content-range")};
    }""", source)
    assert answers["status"] == 200 and answers["type"] == "audio/ogg"
    assert int(answers["length"]) == answers["size"] > 1000
    assert answers["partStatus"] == 206 and answers["partLength"] == "50"
    assert answers["range"] == f"bytes 10-59/{answers['size']}"
    page.close()


def test_without_a_recording_the_button_reads_aloud_in_dutch_sentence_by_sentence(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    page.add_init_script(STUB % "nl-NL")
    page.goto(site + "/luister/uitnodiging-1")
    page.click("#lees")
    first = page.evaluate("window.__spoken")
    assert first == [{"text": "Uw coach belt u binnenkort", "lang": "nl-NL", "voice": "nl-NL"}]
    assert page.inner_text(".zin.nu") == "Uw coach belt u binnenkort"  # the sentence being read is marked
    page.evaluate("window.__finish()")
    assert page.inner_text(".zin.nu") == "Hallo,"
    page.click("#pauze")
    assert page.locator("#lees").is_visible()
    page.click("#lees")  # goes on where it stopped
    assert page.evaluate("window.__spoken.map(s => s.text)") == ["Uw coach belt u binnenkort", "Hallo,", "Hallo,"]
    page.click("#opnieuw")  # from the start
    assert page.evaluate("window.__spoken[window.__spoken.length - 1].text") == "Uw coach belt u binnenkort"
    for _ in range(200):
        if not page.evaluate("window.__finish()"):
            break
    spoken = page.evaluate("window.__spoken.slice(3).map(s => s.text)")
    shown = page.evaluate("Array.from(document.querySelectorAll('#tekst .zin')).map(s => s.textContent)")
    assert spoken == shown and len(shown) > 15
    assert {"Ik ben uw coach.", "Ik ben coach bij de gemeente.", "Wat doe ik?"} <= set(spoken)
    assert {s["lang"] for s in page.evaluate("window.__spoken")} == {"nl-NL"}
    assert page.locator(".zin.nu").count() == 0 and page.locator("#lees").is_visible()
    page.close()


def test_without_a_dutch_voice_the_page_says_so(site: str, browser: object) -> None:
    page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
    page.add_init_script(STUB % "en-US")
    page.goto(site + "/luister/uitnodiging-1")
    page.click("#lees")
    assert page.locator("#geen-stem").is_visible() and not page.locator("#voorlezen").is_visible()
    assert "Bel uw coach" in page.inner_text("#geen-stem")
    assert page.evaluate("window.__spoken") == []
    page.close()


def test_without_javascript_the_text_and_the_recording_are_there(site: str, browser: object, tmp_path: Path) -> None:
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(site + "/luister/flyer-1")
    assert "Ik bel u binnenkort." in page.inner_text("#tekst")
    assert not page.locator("#voorlezen").is_visible()
    _record(tmp_path)
    page.goto(site + "/luister/uitnodiging-1")
    assert page.locator("audio[controls]").is_visible()
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_light_pages_pass_axe_fit_the_width_and_use_large_text(site: str, browser: object, tmp_path: Path,
                                                                   width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from outreach import tracking
    from outreach.tracking.personal import issue
    from outreach.tracking.service import Actor
    from outreach.web import recordings

    url = f"sqlite:///{tmp_path / 'web.db'}"
    with db.session(url) as s:
        logged = tracking.log_attempt(s, Actor("os:test"), "K-1001", "afspraak-gemaakt",
                                      appointment_at=clock.now() + timedelta(days=2), place="Buurthuis De Linde")
        s.flush()
        token = issue(s, logged.appointment.id)  # type: ignore[union-attr]
        recordings.switch(s, recordings.PERSONAL_PAGES, True)
    _record(tmp_path)
    axe = Axe()
    problems = []
    page = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    for path in ("/luister/uitnodiging-1", "/luister/flyer-1", "/luister/niet-thuis-1", "/luister/bevestiging-afspraak-1",
                 f"/afspraak/{token}", "/afspraak/onbekend"):
        page.goto(site + path)
        name = "luister-" + path.replace(token, "token").strip("/").replace("/", "-")
        problems += page_problems(axe, page, path.replace(token, "TOKEN"), width, f"{name}-{width}")
        smallest = page.evaluate("""Math.min(...Array.from(document.querySelectorAll(
            'main p, main li, main h1, main h2, main dd, main dt, main button, main a')).filter(e => e.offsetParent)
            .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
        if smallest < 20:
            problems.append(f"{path} has text of {smallest} px")
    page.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_staff_pages_pass_axe_and_fit_the_width(browser: object, tmp_path: Path, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    with site_with_users(tmp_path, {"Mira Communicatie": ["communicatie"], "Bea Beheer": ["beheer"]}) as base:
        for who, paths in (("Mira Communicatie", ["/opnames"]), ("Bea Beheer", ["/beheer/luisteren"])):
            page = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
            sign_in_page(page, base, who)
            for path in paths:
                page.goto(base + path)
                problems += page_problems(axe, page, path, width, f"luister-staf-{path.strip('/').replace('/', '-')}-{width}")
            if who == "Mira Communicatie":
                bad = tmp_path / "brief.txt"
                bad.write_text("Geen geluid.", encoding="utf-8")
                page.set_input_files("#opname-uitnodiging-1", str(bad))
                page.click("form[action='/opnames/uitnodiging-1'] button.primary")
                assert "geen geluid" in page.inner_text("[role=alert]")
                problems += page_problems(axe, page, "/opnames (refused)", width, f"luister-staf-opnames-fout-{width}")
            page.close()
    assert not problems, "\n".join(problems)


def test_a_coachs_listen_page_passes_axe_at_320_px_and_needs_no_javascript(site: str, browser: object, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from axe_playwright_python.sync_playwright import Axe
    from PIL import Image
    from sqlalchemy import select

    from outreach.tracking.models import Coach
    from outreach.web import coachphoto

    url = f"sqlite:///{tmp_path / 'web.db'}"
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    photo = io.BytesIO()
    Image.new("RGB", (600, 800), (40, 120, 200)).save(photo, "JPEG")
    with db.session(url) as s:
        coachphoto.store(s, "os:test", "Sanne Voorbeeld", coachphoto.check(photo.getvalue()))
    with db.session(url) as s:
        key = s.scalar(select(Coach.listen_key).where(Coach.name == "Sanne Voorbeeld"))
    path = f"/luister/flyer-1/{key}"
    context = browser.new_context(java_script_enabled=False, locale="nl-NL",  # type: ignore[attr-defined]
                                  viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(site + path)
    card = page.locator(".coach-kaart")
    assert card.is_visible() and "Sanne" in card.inner_text() and "06 11 11 22 22" in card.inner_text()
    assert page.evaluate("document.querySelector('.coach-foto').naturalWidth") > 0  # the photo loads
    assert page.locator(".coach-kaart a.bel").get_attribute("href") == "tel:+31611112222"
    assert "Ik bel u binnenkort." in page.inner_text("#tekst")
    context.close()
    page = browser.new_page(locale="nl-NL", viewport={"width": 320, "height": 800})  # type: ignore[attr-defined]
    page.add_init_script(STUB % "en-US")  # no Dutch voice: the fallback offers the call button
    page.goto(site + path)
    problems = page_problems(Axe(), page, path, 320, "luister-coach-320")
    page.click("#lees")
    assert page.locator("#geen-stem a.bel[href='tel:+31611112222']").is_visible()
    problems += page_problems(Axe(), page, path + " (geen stem)", 320, "luister-coach-geen-stem-320")
    page.close()
    assert not problems, "\n".join(problems)
