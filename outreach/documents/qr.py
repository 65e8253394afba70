"""Turn a template into the address of its listen page and a printable QR code that opens it.

The listen page of a template version lives at `<OUTREACH_PUBLIC_URL>/luister/<template>-<versie>`,
and a document made for a coach opens `/luister/<template>-<versie>/<listen key>` (the coach's
opaque key, value `luister_coach`: never a person's data). A template's version number is the
number of its live version in the database (`documents.versions`), else 1 (the built-in one):
`Template.version` for a loaded template (the same number its PDF metadata records), and
`template_version()` for a name. Letters, flyers and door cards call `figure()`
through the template helper `luister_qr()`: a QR code (segno, SVG, error correction M, with
its quiet zone at least 20 mm wide) tagged as a figure with Dutch alt text, beside the short
address as text. Without OUTREACH_PUBLIC_URL there is no listen page and no QR code.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from typing import Any

from .. import config
from ..texts import t

QR_MM = 22  # printed width of the code with its quiet zone: at least 20 mm
QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks
_SLUG = re.compile(r"(?P<name>[a-z0-9][a-z0-9_-]{0,80})-(?P<version>[1-9][0-9]{0,5})")
COACH_KEY = re.compile(r"[0-9a-f]{24}")  # tracking.models.Coach.listen_key


def template_version(name: str) -> int:
    """The number of template `name`'s live version in the database (newest approved or passing), else 1."""
    from .. import db
    from .versions import LIVE, newest

    database = db.place_of_record()
    if database is None:
        return 1
    with db.session(database) as s:
        row = newest(s, name, "html", LIVE)
        return row.number if row is not None and 0 < row.number < 10**6 else 1


def slug(name: str, version: int | None = None) -> str:
    """'uitnodiging-3': the last part of a listen page's address."""
    return f"{name}-{template_version(name) if version is None else version}"


def parse_slug(text: str) -> tuple[str, int] | None:
    """(template name, version) of 'uitnodiging-3', or None for anything else."""
    match = _SLUG.fullmatch(text)
    return (match.group("name"), int(match.group("version"))) if match else None


def public_url() -> str:
    """OUTREACH_PUBLIC_URL without a trailing '/', or '' when it is not set."""
    return config.get("OUTREACH_PUBLIC_URL").strip().rstrip("/")


def listen_url(name: str, version: int | None = None, coach_key: str = "") -> str | None:
    """The full address of a template version's listen page (a coach's, given their key), or None without
    OUTREACH_PUBLIC_URL."""
    base = public_url()
    coach = f"/{coach_key}" if COACH_KEY.fullmatch(coach_key) else ""
    return f"{base}/luister/{slug(name, version)}{coach}" if base else None


def short_address(url: str) -> str:
    """The address as people type it: 'gemeente.nl/luister/uitnodiging-3' (no https://, no www.)."""
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip(), flags=re.I)


def svg(url: str) -> bytes:
    """The QR code of `url` as SVG: error correction M exactly, with a quiet zone of 4 modules."""
    import segno

    code = segno.make(url, error="m", boost_error=False, micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", border=QUIET_ZONE, scale=10, xmldecl=False, svgns=True, nl=False,
              dark="#000", light="#fff")
    return out.getvalue()


@functools.lru_cache(maxsize=256)  # a mail merge puts one code on a thousand letters: drawn once
def figure(url: str, kind: str = "letter") -> Any:
    """HTML for the document: the QR code as an image with alt text, and the short address beneath."""
    from markupsafe import Markup, escape

    data = base64.b64encode(svg(url)).decode("ascii")
    # the address breaks only after a '/', so it reads (and copies) as one word per line
    address = "/<wbr>".join(f'<span class="heel">{escape(part)}</span>' for part in short_address(url).split("/"))
    caption = escape(t("documents.listen_caption_letter" if kind == "letter" else "documents.listen_caption_flyer",
                       address="\x00")).replace("\x00", Markup(address))
    return Markup(
        f'<figure class="luister" data-leescheck="nee">'
        f'<img class="qr" src="data:image/svg+xml;base64,{data}" alt="{escape(t("documents.listen_alt"))}"'
        f' style="width: {QR_MM}mm; height: {QR_MM}mm">'
        f'<figcaption>{caption}</figcaption></figure>')


def helpers(template: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The template helpers `luister_qr()` (the figure, or nothing without a public address) and
    `luister_slug()` ('uitnodiging-3', for the PDF's keywords): one version number for both, asked once.

    A personal page's address in the value `luister_adres` (the appointment letter) replaces the
    template's listen page; a coach's key in `luister_coach` makes it the coach's listen page.
    """
    @functools.cache
    def version() -> int:  # the version the template was loaded as (Template.version), asked once otherwise
        known = getattr(template, "version", 1)
        return known if known > 1 else template_version(template.name)

    def luister_qr() -> Any:
        from markupsafe import Markup

        own = str(values.get("luister_adres") or "").strip()
        base = public_url()
        url = own if base and own.startswith(f"{base}/afspraak/") else listen_url(
            template.name, version(), str(values.get("luister_coach") or "").strip())
        return figure(url, template.kind) if url else Markup("")

    def luister_slug() -> str:
        return slug(template.name, version())

    return {"luister_qr": luister_qr, "luister_slug": luister_slug}


def missing_public_url() -> str | None:
    """A plain Dutch note when letters get no QR code because OUTREACH_PUBLIC_URL is not set."""
    return None if public_url() else t("documents.listen_no_public_url")
