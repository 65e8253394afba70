"""Every route, every method, every role: who may use it, and that nobody sees people they may not see.

The route table comes from the app itself: a new route fails `test_every_route_is_classified`
until it gets an entry in PROBES, so it is probed with every role from then on. For each
route and role the walk asserts the status (allowed: 200 or 303; refused: 303 to the sign-in
page when signed out, 403 for a wrong role, 404 for another coach's person, attempt or
message and for another user's mail merge), `Cache-Control: no-store`, and that no name,
client number, address or phone number of a person outside the role's caseload is in the
body. A refusal for "not yours" must look exactly like the one for "does not exist": an
existence oracle across coaches is a leak too.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from starlette.routing import Mount, Route
from starlette.testclient import TestClient
from web_helpers import PASSWORD, PEOPLE, client, csrf, seed, sign_in

from outreach import db

ROLES = ("anon", "coach", "communicatie", "taaladviseur", "beheer")
USERS = {"coach": "Sanne Voorbeeld", "communicatie": "Mira Communicatie", "taaladviseur": "Tara Taal",
         "beheer": "Bea Beheer"}
OTHER_STUDIO_USER = "Mark Ander"  # a second communicatie account, owner of the "other" mail merge
PUBLIC, WEBHOOK = "public", "webhook"
MATRIX_PEOPLE = PEOPLE.replace("06-12345678", "06-13572468")  # the templates' sample coach number is 06 12 34 56 78

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><title>Rondje</title><circle cx="48" cy="48" r="30"/></svg>'
CONSTANTS = {"coach": "Sanne Voorbeeld", "gemeente": "Gemeente Voorbeeldstad", "team": "Team Coaches",
             "afzender_adres": "Stadhuisplein 1", "afzender_postcode": "5038 AA", "afzender_plaats": "Voorbeeldstad"}
LETTER = {**CONSTANTS, "naam": "mevrouw F. El Amrani", "aanhef": "Beste mevrouw El Amrani", "adres": "Kastanjelaan 12",
          "postcode": "5038 AB", "woonplaats": "Voorbeeldstad"}  # the template's own samples
MERGE_CSV = (b"klantnummer;naam;aanhef;adres;postcode;woonplaats\n"
             b"M-1;mevrouw A. Eerste;Beste mevrouw Eerste;Laan 1;5038 AB;Tilburg\n"
             b"M-2;de heer B. Tweede;Beste meneer Tweede;Laan 2;9999;Tilburg\n")
NEW_PEOPLE = (b"klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;coach\n"
              b"K-3001;Otto;Vreemdeling;Eikstraat 4;5038 EF;Tilburg;Zuid;06-55554444;Ahmed Demo\n")
FLYER = {"coach": "Sanne Voorbeeld", "gemeente": "Gemeente Voorbeeldstad", "plekken": "Buurthuis De Linde\nBibliotheek",
         "formaat": "A4", "picto_1": "fiets"}
SMS_FRONT = '{#---\nkind = "sms"\ntitle = "Ik bel volgende maand"\nlevel = "A2"\n---#}\n'
SMS_PLAIN = SMS_FRONT + "Hallo {{ voornaam }}, ik bel u volgende maand. Groet, {{ coach_voornaam }}\n"


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


@dataclass(frozen=True)
class Probe:
    """How to call one route with one method, and who may.

    `allowed`: the roles that may use it (PUBLIC: everyone, WEBHOOK: nobody without Twilio's
    signature). `own`: a path with the signed-in user's own objects; `other`: the same with
    another coach's (or another user's) object, refused with 404 to the owner's role;
    `missing`: the same with an object that does not exist, which must look exactly like
    `other`. Placeholders `{name}` are filled from the World.
    """

    allowed: frozenset[str] | str
    own: str
    other: str | None = None
    missing: str | None = None
    form: dict[str, str] = field(default_factory=dict)
    upload: tuple[str, str, bytes, str] | None = None
    ok: frozenset[int] = frozenset({200, 303})
    last: bool = False  # ends the session of the account: run after everything else


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


COACH, STUDIO, ADVISER, ADMIN = roles("coach"), roles("communicatie"), roles("taaladviseur"), roles("beheer")
PROBES: dict[tuple[str, str], Probe] = {
    ("/", "GET"): Probe(PUBLIC, "/", ok=frozenset({303})),
    ("/inloggen", "GET"): Probe(PUBLIC, "/inloggen"),
    ("/inloggen", "POST"): Probe(PUBLIC, "/inloggen", form={"naam": "Niemand Bekend", "wachtwoord": "fout-wachtwoord"},
                                 ok=frozenset({400})),
    ("/uitloggen", "POST"): Probe(PUBLIC, "/uitloggen", ok=frozenset({303}), last=True),
    ("/vandaag", "GET"): Probe(COACH, "/vandaag"),
    ("/poging/{ref:path}", "POST"): Probe(COACH, "/poging/K-1001", "/poging/K-2001", "/poging/K-9999",
                                          form={"uitkomst": "geen-gehoor", "kanaal": "bellen"}),
    ("/pogingen/{id:int}/wissen", "POST"): Probe(COACH, "/pogingen/{undo_attempt}/wissen",
                                                 "/pogingen/{other_attempt}/wissen", "/pogingen/999999/wissen",
                                                 form={"klant": "K-2001"}),  # a tampered hidden field
    ("/mensen/{ref:path}", "GET"): Probe(COACH, "/mensen/K-1001?poging={other_attempt}", "/mensen/K-2001",
                                         "/mensen/K-9999"),
    ("/bericht/{ref:path}", "GET"): Probe(COACH, "/bericht/K-1001?sjabloon=volgende-maand.sms",
                                          "/bericht/K-2001?sjabloon=volgende-maand.sms",
                                          "/bericht/K-9999?sjabloon=volgende-maand.sms"),
    ("/bericht/{ref:path}", "POST"): Probe(COACH, "/bericht/K-1001", "/bericht/K-2001", "/bericht/K-9999",
                                           form={"sjabloon": "volgende-maand.sms"}),
    ("/flyers", "GET"): Probe(COACH, "/flyers"),
    ("/flyers", "POST"): Probe(COACH, "/flyers", form={"p1": "K-2001"}, ok=frozenset({400})),  # another coach's person
    ("/bevestiging/{ref:path}", "GET"): Probe(COACH, "/bevestiging/K-1001", "/bevestiging/K-2001", "/bevestiging/K-9999"),
    ("/bevestiging/{ref:path}", "POST"): Probe(COACH, "/bevestiging/K-1001", "/bevestiging/K-2001",
                                               "/bevestiging/K-9999", form={"gemeente": "Gemeente Voorbeeldstad"},
                                               ok=frozenset({400})),  # no appointment yet
    ("/berichten", "GET"): Probe(COACH, "/berichten"),
    ("/berichten/{id:int}/{action:str}", "POST"): Probe(COACH, "/berichten/{own_message}/annuleren",
                                                        "/berichten/{other_message}/annuleren",
                                                        "/berichten/999999/annuleren", form={"tekst": "Hallo"}),
    ("/beheer", "GET"): Probe(ADMIN, "/beheer"),
    ("/beheer/gebruikers", "POST"): Probe(ADMIN, "/beheer/gebruikers",
                                          form={"naam": "Nieuw Matrix", "rol_communicatie": "ja", "wachtwoord": PASSWORD}),
    ("/beheer/gebruikers/{id:int}", "POST"): Probe(ADMIN, "/beheer/gebruikers/{adviser_account}",
                                                   form={"actie": "rollen", "rol_taaladviseur": "ja"}),
    ("/beheer/lijst", "GET"): Probe(ADMIN, "/beheer/lijst"),
    ("/beheer/lijst", "POST"): Probe(ADMIN, "/beheer/lijst", upload=("lijst", "lijst.csv", NEW_PEOPLE, "text/csv")),
    ("/beheer/lijst/{id:str}/foute-regels.csv", "GET"): Probe(ADMIN, "/beheer/lijst/{own_refused}/foute-regels.csv",
                                                             "/beheer/lijst/{other_refused}/foute-regels.csv",
                                                             "/beheer/lijst/{missing_refused}/foute-regels.csv"),
    ("/beheer/coaches", "GET"): Probe(ADMIN, "/beheer/coaches"),
    ("/beheer/instellingen", "GET"): Probe(ADMIN, "/beheer/instellingen"),
    ("/beheer/wijzigingen", "GET"): Probe(ADMIN, "/beheer/wijzigingen?soort=mensen&van=2026-01-01"),
    ("/beheer/instellingen", "POST"): Probe(ADMIN, "/beheer/instellingen", form={"gemeente": "Gemeente Proefstad", "huiskleur": "#8a1c1c"},
                                                    upload=("logo", "logo.png", b"", "image/png")),
    ("/beheer/coaches/{id:int}", "POST"): Probe(ADMIN, "/beheer/coaches/{other_coach}",
                                                form={"actie": "bewaren", "dag_ma": "ja", "dag_di": "ja", "wijken": "Zuid"}),
    ("/beheer/coaches/nieuw", "POST"): Probe(ADMIN, "/beheer/coaches/nieuw",
                                             form={"naam": "Nieuwe Matrixcoach", "telefoon": "06-12121212", "dag_ma": "ja"},
                                             upload=("foto", "foto.png", b"", "image/png")),
    ("/beheer/coaches/{id:int}/foto", "POST"): Probe(ADMIN, "/beheer/coaches/{other_coach}/foto",
                                                     upload=("foto", "foto.png", b"", "image/png")),
    ("/bereik", "GET"): Probe(roles("coach", "beheer"), "/bereik?per=coach"),
    ("/bereik/grafiek.png", "GET"): Probe(roles("coach", "beheer"), "/bereik/grafiek.png?per=coach"),
    ("/bereik/bereik.csv", "GET"): Probe(roles("coach", "beheer"), "/bereik/bereik.csv?per=coach&van=2026-01-01"),
    ("/controleren", "GET"): Probe(PUBLIC, "/controleren"),
    ("/gezond", "GET"): Probe(PUBLIC, "/gezond"),
    ("/controleren", "POST"): Probe(PUBLIC, "/controleren", form={"tekst": "Wij bellen u morgen.", "niveau": "B1",
                                                                  "soort": "letter"}),
    ("/controleren/uitslag", "POST"): Probe(PUBLIC, "/controleren/uitslag",
                                            form={"tekst": "Wij bellen u morgen.", "niveau": "B1", "soort": "letter"}),
    ("/controleren/kleuren.css", "GET"): Probe(PUBLIC, "/controleren/kleuren.css"),
    ("/regels", "GET"): Probe(ADVISER, "/regels"),
    ("/regels/nieuw", "POST"): Probe(ADVISER, "/regels/nieuw", form={"woord": "middels", "alternatieven": "met\ndoor",
                                                                     "soort": "warn"}),
    ("/regels/verwijderen", "POST"): Probe(ADVISER, "/regels/verwijderen", form={"woord": "middels"}),
    ("/maken", "GET"): Probe(STUDIO, "/maken"),
    ("/maken/flyer", "GET"): Probe(STUDIO, "/maken/flyer?coach=Ahmed+Demo"),
    ("/maken/flyer", "POST"): Probe(STUDIO, "/maken/flyer", form={**FLYER, "actie": "voorbeeld"}),
    ("/maken/flyer/voorbeeld", "POST"): Probe(STUDIO, "/maken/flyer/voorbeeld", form=FLYER),
    ("/maken/flyer/foto", "POST"): Probe(STUDIO, "/maken/flyer/foto", form={"coach": "Sanne Voorbeeld"},
                                         upload=("foto", "foto.png", b"", "image/png")),
    ("/brieven", "GET"): Probe(STUDIO, "/brieven"),
    ("/brieven/{name:str}", "GET"): Probe(STUDIO, "/brieven/uitnodiging"),
    ("/brieven/{name:str}", "POST"): Probe(STUDIO, "/brieven/uitnodiging", form={**LETTER, "actie": "voorbeeld"}),
    ("/brieven/{name:str}/voorbeeld", "POST"): Probe(STUDIO, "/brieven/uitnodiging/voorbeeld", form=LETTER),
    ("/brieven/{name:str}/samenvoegen", "POST"): Probe(STUDIO, "/brieven/uitnodiging/samenvoegen", form=CONSTANTS,
                                                       upload=("lijst", "mensen.csv", MERGE_CSV, "text/csv")),
    ("/taken/{id:str}", "GET"): Probe(STUDIO, "/taken/{own_job}", "/taken/{other_job}", "/taken/{missing_job}"),
    ("/taken/{id:str}", "POST"): Probe(STUDIO, "/taken/{own_job}", "/taken/{other_job}", "/taken/{missing_job}",
                                       form={"uitvoer": "pdf"}),
    ("/taken/{id:str}/stand", "GET"): Probe(STUDIO, "/taken/{own_job}/stand", "/taken/{other_job}/stand",
                                            "/taken/{missing_job}/stand"),
    ("/taken/{id:str}/{file:str}", "GET"): Probe(STUDIO, "/taken/{own_job}/foute-regels.csv",
                                                 "/taken/{other_job}/foute-regels.csv",
                                                 "/taken/{missing_job}/foute-regels.csv"),
    ("/sjablonen", "GET"): Probe(STUDIO, "/sjablonen"),
    ("/sjablonen/{name:str}/voorbeeld.png", "GET"): Probe(STUDIO, "/sjablonen/uitnodiging/voorbeeld.png"),
    ("/sjablonen/{name:str}/{variant:str}/bewerken", "GET"): Probe(STUDIO, "/sjablonen/volgende-maand/sms/bewerken"),
    ("/sjablonen/{name:str}/{variant:str}/bewerken", "POST"): Probe(STUDIO, "/sjablonen/volgende-maand/sms/bewerken",
                                                                    form={"bron": SMS_PLAIN, "actie": "controleren"}),
    ("/sjablonen/{name:str}/{variant:str}/word", "POST"): Probe(
        STUDIO, "/sjablonen/uitnodiging/html/word", upload=("word", "brief.docx", b"geen word", "application/octet-stream"),
        ok=frozenset({200, 400})),
    ("/sjablonen/{name:str}/{variant:str}/controleren", "POST"): Probe(
        STUDIO, "/sjablonen/volgende-maand/sms/controleren", form={"bron": SMS_PLAIN}),
    ("/sjablonen/{name:str}/{variant:str}/versies", "GET"): Probe(STUDIO, "/sjablonen/volgende-maand/sms/versies?van=2&naar=2"),
    ("/sjablonen/{name:str}/{variant:str}/versies/{number:int}", "GET"): Probe(STUDIO, "/sjablonen/volgende-maand/sms/versies/2"),
    ("/sjablonen/{name:str}/{variant:str}/versies/{number:int}/terugzetten", "POST"): Probe(
        STUDIO, "/sjablonen/volgende-maand/sms/versies/2/terugzetten"),
    ("/goedkeuren", "GET"): Probe(ADVISER, "/goedkeuren"),
    ("/goedkeuren/{name:str}/{variant:str}", "POST"): Probe(
        ADVISER, "/goedkeuren/volgende-maand/sms", form={"actie": "terugsturen", "versie": "{draft_version}",
                                                         "notitie": "Schrijf het korter."}),
    ("/goedkeuren/{name:str}/{variant:str}/niet-van-toepassing", "POST"): Probe(
        ADVISER, "/goedkeuren/volgende-maand/sms/niet-van-toepassing",
        form={"versie": "{draft_version}", "regel": "{draft_rule}", "begin": "{draft_start}", "eind": "{draft_end}",
              "reden": "Dit woord kent iedereen in de wijk."}),
    ("/vertalingen", "GET"): Probe(roles("communicatie", "taaladviseur", "beheer"), "/vertalingen"),
    ("/vertalingen/bestand", "GET"): Probe(STUDIO, "/vertalingen/bestand?sjabloon=uitnodiging.html&taal=ar&formaat=xliff"),
    ("/vertalingen/inlezen", "POST"): Probe(STUDIO, "/vertalingen/inlezen", ok=frozenset({400}),  # not a translation
                                            upload=("bestand", "vertaling.xlf", b"<xliff/>", "application/xliff+xml")),
    ("/vertalingen/{name:str}/{variant:str}/{language:str}/goedkeuren", "POST"): Probe(
        roles("taaladviseur", "beheer"), "/vertalingen/uitnodiging/html/ar/goedkeuren", ok=frozenset({404})),  # none yet
    ("/taalkeuze/{ref:path}", "POST"): Probe(COACH, "/taalkeuze/K-1001", "/taalkeuze/K-2001", "/taalkeuze/K-9999",
                                             form={"taal": "ar"}),
    ("/pictogrammen", "GET"): Probe(STUDIO, "/pictogrammen?zoek=telefoon"),
    ("/pictogrammen/nieuw", "POST"): Probe(STUDIO, "/pictogrammen/nieuw",
                                           form={"naam": "rondje", "label": "Rondje", "alt": "Een rond vlak"},
                                           upload=("svg", "rondje.svg", SVG, "image/svg+xml")),
    ("/pictogrammen/svg/{name:str}", "GET"): Probe(STUDIO, "/pictogrammen/svg/telefoon"),
    ("/luister/{slug:str}", "GET"): Probe(PUBLIC, "/luister/uitnodiging-1"),
    ("/luister/{slug:str}/opname.{kind:str}", "GET"): Probe(PUBLIC, "/luister/uitnodiging-1/opname.mp3",
                                                           ok=frozenset({404})),  # no recording in this world
    # a coach's listen page: an unknown key gets the general page (200), an unknown photo 404
    ("/luister/{slug:str}/{coach:str}", "GET"): Probe(PUBLIC, "/luister/uitnodiging-1/0123456789abcdef01234567"),
    ("/luister/{slug:str}/{coach:str}/foto.jpg", "GET"): Probe(PUBLIC, "/luister/flyer-1/0123456789abcdef01234567/foto.jpg",
                                                               ok=frozenset({404})),
    ("/afspraak/{token:str}", "GET"): Probe(PUBLIC, "/afspraak/nooit-uitgegeven", ok=frozenset({404})),
    ("/afspraakpagina/{ref:path}", "POST"): Probe(COACH, "/afspraakpagina/K-1001", "/afspraakpagina/K-2001",
                                                  "/afspraakpagina/K-9999", ok=frozenset({400})),  # switched off
    ("/opnames", "GET"): Probe(STUDIO, "/opnames"),
    ("/opnames/{slug:str}", "POST"): Probe(STUDIO, "/opnames/uitnodiging-1", ok=frozenset({400}),
                                           upload=("opname", "brief.txt", b"Geen geluid.", "text/plain")),
    ("/beheer/luisteren", "GET"): Probe(ADMIN, "/beheer/luisteren"),
    ("/beheer/luisteren", "POST"): Probe(ADMIN, "/beheer/luisteren", form={"aan": "ja"}),
    ("/twilio/status", "POST"): Probe(WEBHOOK, "/twilio/status?outbox={own_message}",
                                      form={"MessageSid": "SM1", "MessageStatus": "delivered"}, ok=frozenset({403})),
    ("/twilio/inbound", "POST"): Probe(WEBHOOK, "/twilio/inbound", form={"From": "+31687654321", "Body": "STOP"},
                                       ok=frozenset({403})),
}


@dataclass
class World:
    url: str
    ids: dict[str, Any]
    forbidden: dict[str, list[str]]  # role -> markers of people that role may not see


def _markers(prospect: Any) -> list[str]:
    from outreach.fields import display_phone

    out = [prospect.client_number, prospect.first_name, prospect.last_name, prospect.address]
    for number in {prospect.phone, prospect.mobile} - {None, ""}:
        out += [number, display_phone(number), number.replace("+31", "0")]
    return [m for m in out if m]


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """Two coaches with their people, an attempt and a queued message each, a mail merge of two studio users, a draft."""
    from sqlalchemy import select

    from outreach import tracking
    from outreach.documents import drafts, load_template
    from outreach.messaging import Message
    from outreach.tracking.models import Coach, Prospect
    from outreach.tracking.service import Actor
    from outreach.web import jobs
    from outreach.web.accounts import Account
    from outreach.web.users import add_user

    (tmp_path / "eigen" / "templates").mkdir(parents=True)
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "eigen"))
    url = f"sqlite:///{tmp_path / 'matrix.db'}"
    seed(url, tmp_path, MATRIX_PEOPLE)
    with db.session(url) as s:
        for role, name in USERS.items():
            if role != "coach":
                add_user(s, "os:test", name, [role], PASSWORD)
        add_user(s, "os:test", OTHER_STUDIO_USER, ["communicatie"], PASSWORD)
    ids: dict[str, Any] = {}
    with db.session(url) as s:
        coach = {c.name: c.id for c in s.scalars(select(Coach))}
        sanne = Actor(f"coach:{coach['Sanne Voorbeeld']}", coach["Sanne Voorbeeld"])
        ahmed = Actor(f"coach:{coach['Ahmed Demo']}", coach["Ahmed Demo"])
        ids["fenna_attempt"] = tracking.log_attempt(s, sanne, "K-1001", "geen-gehoor", channel="bellen").attempt.id
        ids["undo_attempt"] = tracking.log_attempt(s, sanne, "K-1002", "geen-gehoor", channel="bellen").attempt.id
        ids["other_attempt"] = tracking.log_attempt(s, ahmed, "K-2001", "geen-gehoor", channel="bellen").attempt.id
        s.flush()
        people = {p.client_number: p for p in s.scalars(select(Prospect))}
        messages = {m.prospect_id: m.id for m in s.scalars(select(Message).where(Message.status == "queued"))}
        ids["own_message"] = messages[people["K-1001"].id]
        ids["other_message"] = messages[people["K-2001"].id]
        ids["other_coach"], ids["own_coach"] = coach["Ahmed Demo"], coach["Sanne Voorbeeld"]
        accounts = {a.name: a.id for a in s.scalars(select(Account)) if a.name}
        ids["adviser_account"] = accounts[USERS["taaladviseur"]]
        everyone = [m for p in people.values() for m in _markers(p)]
        others = [m for n, p in people.items() if p.coach_id != coach["Sanne Voorbeeld"] for m in _markers(p)]
    others += ["K-3001", "Otto", "Vreemdeling", "06-55554444", "06 55 55 44 44"]  # imported by beheer during its walk
    template = load_template("uitnodiging", "html")
    ids["own_job"] = jobs.create(accounts[USERS["communicatie"]], template, MERGE_CSV, dict(CONSTANTS), url).id
    ids["other_job"] = jobs.create(accounts[OTHER_STUDIO_USER], template, MERGE_CSV, dict(CONSTANTS), url).id
    ids["missing_job"] = "A" * len(ids["own_job"])
    from outreach.web import refused

    bea = accounts[USERS["beheer"]]  # beheer's own refused rows, and those of another account
    ids["own_refused"] = refused.save(bea, "klantnummer;probleem\r\nK-3999;Geen postcode.\r\n")
    ids["other_refused"] = refused.save(accounts[OTHER_STUDIO_USER], "klantnummer;probleem\r\nK-3998;Geen postcode.\r\n")
    ids["missing_refused"] = "A" * len(ids["own_refused"])
    with db.session(url) as s:
        drafts.save(s, "volgende-maand", "sms", SMS_PLAIN.replace("volgende maand", "medio oktober"),  # one finding
                    accounts[USERS["communicatie"]], USERS["communicatie"])
        source = drafts.editable_source(s, "volgende-maand", "sms")
    ids["draft_version"] = drafts.digest(source)
    finding = drafts.check("volgende-maand", "sms", source).report.findings[0]
    ids["draft_rule"], ids["draft_start"], ids["draft_end"] = finding.rule, finding.start, finding.end
    merge_people = ["Eerste", "Tweede", "M-1", "M-2"]  # the studio user's own upload: only its owner sees them
    forbidden = {"anon": everyone + merge_people, "coach": others + merge_people, "communicatie": everyone,
                 "taaladviseur": everyone + merge_people, "beheer": merge_people}
    return World(url, ids, forbidden)


def _fill(text: str, ids: dict[str, Any]) -> str:
    return re.sub(r"\{([a-z_]+)\}", lambda m: str(ids[m.group(1)]), text)


def _as(world: World, role: str) -> TestClient:
    c = client(world.url)
    if role != "anon":
        assert sign_in(c, USERS[role]) == 303
    return c


def _call(c: TestClient, world: World, probe: Probe, method: str, path: str, token: str | None) -> Any:
    path = _fill(path, world.ids)
    if method == "GET":
        return c.get(path)
    form = {k: _fill(v, world.ids) for k, v in probe.form.items()}
    if token is not None:
        form["csrf"] = token
    if probe.upload:
        name, filename, data, kind = probe.upload
        return c.post(path, data=form, files={name: (filename, data or _png(), kind)})
    return c.post(path, data=form)


def _routes() -> list[tuple[str, str]]:
    from outreach.web import create_app

    found = []
    for route in create_app("sqlite://").routes:
        if isinstance(route, Route):
            found += [(route.path, m) for m in sorted(route.methods or ()) if m != "HEAD"]
        else:
            assert isinstance(route, Mount) and route.path == "/static", f"unknown kind of route: {route!r}"
    return found


def _check_body(world: World, role: str, what: str, response: Any) -> None:
    body = response.content.decode("utf-8", "replace")
    leaked = [m for m in world.forbidden[role] if m in body]
    assert not leaked, f"{what} as {role} shows {leaked}"
    assert response.headers.get("cache-control") == "no-store", f"{what} as {role}: {response.headers.get('cache-control')}"
    assert "Traceback" not in body


def test_every_route_is_classified() -> None:
    routes = _routes()
    assert len(routes) >= 50
    unknown = sorted(set(routes) - set(PROBES))
    assert not unknown, f"routes without a probe (add them to PROBES, with the roles that may use them): {unknown}"
    stale = sorted(set(PROBES) - set(routes))
    assert not stale, f"probes of routes that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_every_route_with_every_role(world: World, role: str) -> None:
    c = _as(world, role)
    token = csrf(c, "/inloggen" if role == "anon" else "/controleren")
    order = sorted(_routes(), key=lambda key: PROBES[key].last)
    for path, method in order:
        probe = PROBES[(path, method)]
        what = f"{method} {path}"
        response = _call(c, world, probe, method, probe.own, token)
        allowed = probe.allowed == PUBLIC or (probe.allowed != WEBHOOK and role in probe.allowed)
        if allowed or probe.allowed == WEBHOOK:
            assert response.status_code in probe.ok, (what, role, response.status_code, response.text[:500])
        elif role == "anon":
            assert (response.status_code, response.headers.get("location")) == (303, "/inloggen"), (what, role)
        else:
            assert response.status_code == 403, (what, role, response.status_code)
        _check_body(world, role, what, response)
        if probe.other is None:
            continue
        other = _call(c, world, probe, method, probe.other, token)
        missing = _call(c, world, probe, method, probe.missing or probe.other, token)
        _check_body(world, role, what + " (other's)", other)
        _check_body(world, role, what + " (missing)", missing)
        if allowed:  # not yours looks exactly like does not exist
            assert other.status_code == 404, (what, role, other.status_code)
            assert (missing.status_code, missing.text) == (other.status_code, other.text), what
        else:
            assert other.status_code == response.status_code and missing.status_code == response.status_code, what


@pytest.mark.parametrize("key", [k for k, p in PROBES.items() if k[1] == "POST" and p.allowed not in (WEBHOOK,)],
                         ids=lambda k: f"{k[1]} {k[0]}")
def test_every_form_needs_the_sessions_own_csrf_token(world: World, key: tuple[str, str]) -> None:
    probe = PROBES[key]
    role = "coach" if probe.allowed == PUBLIC else min(probe.allowed)
    c = _as(world, role)
    stranger = _as(world, "anon")
    for token in (None, "", csrf(stranger, "/controleren"), "x" * 32):
        response = _call(c, world, probe, "POST", probe.own, token)
        assert response.status_code == 403, (key, token, response.status_code)
        assert "Dit formulier is verlopen" in response.text
        _check_body(world, role, f"POST {key[0]} without its token", response)
    assert c.get("/controleren").status_code == 200  # still signed in: nothing was done


def test_a_session_cookie_of_another_coach_is_no_key_to_their_people(world: World) -> None:
    sanne, ahmed = _as(world, "coach"), client(world.url)
    assert sign_in(ahmed, "Ahmed Demo") == 303
    assert "Ilse" in ahmed.get("/mensen/K-2001").text
    assert sanne.get("/mensen/K-2001").status_code == 404
    ahmed_token = csrf(ahmed, "/mensen/K-2001")
    sanne_token = csrf(sanne, "/mensen/K-1001")
    for token, status in ((ahmed_token, 403), (sanne_token, 404)):  # Ahmed's token in Sanne's session, Sanne's own
        response = sanne.post("/berichten/{}/annuleren".format(world.ids["other_message"]), data={"csrf": token})
        assert response.status_code == status and "Ilse" not in response.text
    with db.session(world.url) as s:
        from outreach.messaging import Message

        message = s.get(Message, world.ids["other_message"])
        assert message is not None and message.status == "queued"


def test_a_mail_merge_id_is_unguessable_private_and_gone_after_an_hour(world: World,
                                                                      frozen_clock: time_machine.Traveller) -> None:
    own, other = world.ids["own_job"], world.ids["other_job"]
    assert len(own) >= 16 and re.fullmatch(r"[A-Za-z0-9_-]+", own) and own != other
    mira, mark = _as(world, "communicatie"), client(world.url)
    assert sign_in(mark, OTHER_STUDIO_USER) == 303
    assert mira.get(f"/taken/{own}/foute-regels.csv").status_code == 200
    for path in (f"/taken/{own}", f"/taken/{own}/stand", f"/taken/{own}/foute-regels.csv", f"/taken/{own}/lijst.csv",
                 f"/taken/{own}/made", f"/taken/{own}/brieven.pdf"):
        response = mark.get(path)
        assert response.status_code == 404 and "Tweede" not in response.text, path
    assert mira.get(f"/taken/{own}/lijst.csv").status_code == 404  # only the made files, never the upload itself
    frozen_clock.shift(timedelta(minutes=61))
    for path in (f"/taken/{own}", f"/taken/{own}/foute-regels.csv"):
        assert mira.get(path).status_code == 404, path


def test_static_files_are_cached_but_never_an_error_page_or_a_session_cookie(world: World) -> None:
    for role in ROLES:
        c = _as(world, role)
        found = c.get("/static/outreach.css")
        assert found.status_code == 200 and found.headers["cache-control"].startswith("public")
        assert "set-cookie" not in found.headers
        missing = c.get("/static/bestaat-niet.css")
        assert missing.status_code == 404
        assert missing.headers["cache-control"] == "no-store", role  # a shared cache must not keep it
        _check_body(world, role, "GET /static/bestaat-niet.css", missing)


@pytest.mark.parametrize("klant", ["K-2001", "K-9999", "K-1002", ""])
def test_a_refused_undo_shows_the_attempts_own_person_whatever_the_hidden_field_says(world: World, klant: str) -> None:
    from outreach import tracking
    from outreach.tracking.service import Actor

    with db.session(world.url) as s:  # a newer attempt: the first one on K-1001 is no longer the last
        coach_id = world.ids["own_coach"]
        tracking.log_attempt(s, Actor(f"coach:{coach_id}", coach_id), "K-1001", "geen-gehoor", channel="bellen")
    c = _as(world, "coach")
    response = c.post(f"/pogingen/{world.ids['fenna_attempt']}/wissen",
                      data={"csrf": csrf(c, "/vandaag"), "klant": klant})
    assert response.status_code == 409
    assert "<h1>Fenna Testpersoon</h1>" in response.text and "Ruud" not in response.text
    _check_body(world, "coach", "undo with a tampered klant field", response)
