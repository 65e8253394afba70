"""Turn example texts into the readability part of `outreach demo`: verdicts and an HTML report.

The examples are made up: an officialese invitation and the plain letter a coach would
write instead. Extra (name, text, level, kind, known words) items, such as the built-in
templates, are checked too. Everything lands in one page, `leesbaarheid.html`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..texts import t
from .checker import check
from .html import page
from .report import Report

OFFICIALESE = """Geachte heer/mevrouw,

Middels dit schrijven delen wij u mede dat u in aanmerking komt voor deelname aan het \
project persoonlijke begeleiding, hetgeen in het kader van de Participatiewet wordt \
aangeboden aan uitkeringsgerechtigden die langdurig zijn aangewezen op bijstand. Indien u \
verhinderd bent, dient u dit tijdig kenbaar te maken teneinde een nieuwe afspraak te kunnen \
plannen. Uw deelname wordt door de gemeente zeer op prijs gesteld.

Hoogachtend,
Het college van burgemeester en wethouders
"""

PLAIN = """Beste mevrouw Jansen,

Ik ben Sanne de Vries. Ik ben coach bij de gemeente. Ik help mensen die al lang bijstand \
hebben. Ik wil graag kennis met u maken.

Ik bel u volgende week. Dan maken we samen een afspraak. U kiest waar we praten: bij u \
thuis of in het buurthuis. Meedoen is vrijwillig.

Vragen? Bel of app mij op 06-12345678.

Groet,
Sanne de Vries
"""

Item = tuple[str, str, str, str, tuple[str, ...]]  # name, text, level, kind, known words


def run(out: Path, extra: Iterable[Item] = ()) -> list[tuple[str, Report]]:
    """Check the examples and `extra`; print one line each; write out/leesbaarheid.html."""
    items: list[Item] = [
        (t("readability.demo.officialese"), OFFICIALESE, "B1", "letter", ()),
        (t("readability.demo.plain"), PLAIN, "B1", "letter", ("Sanne", "Jansen", "Vries")),
        *extra,
    ]
    print(t("readability.demo.heading"))
    results = []
    for name, text, level, kind, known in items:
        report = check(text, level=level, kind=kind, known_words=known)
        results.append((name, report))
        print(t("readability.demo.line", name=name, score=f"{report.score:.0f}", summary=report.summary))
    path = out / "leesbaarheid.html"
    path.write_text(page(results), encoding="utf-8")
    print(t("readability.demo.report", path=path))
    return results
