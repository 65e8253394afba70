"""Print the share of a whole public word list that the readability checker flags.

List: benchmarks/data/onzetaal_words.txt (the headwords of the Onze Taal list of hard words as
published in reithose/moeilijke-woorden; words only). Every entry is put in a short sentence
(OVERRIDES for entries whose published notation needs a context, FRAME otherwise) and counts as
caught when a word finding of the checker touches the entry (same test as
bench_checker_coverage.py). Entries written as "a/b" or "a, b" (variants) are caught only when
every variant is caught. SKIP lists entries we deliberately do not flag, with a one-word reason;
they count as misses in the catch rate (nothing is excluded).

Run from the repository root: python3 benchmarks/list_coverage.py [--misses]
Optional: --alternatives FILE.json with the list's [word, alternatives] pairs (not stored here)
prints how often the list's own first alternatives are flagged in the same frame.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_checker_coverage import flagged, unmark  # noqa: E402

WORDS = ROOT / "benchmarks" / "data" / "onzetaal_words.txt"
FRAME = "In de brief staat: [{}]."

# Entries whose notation ("-", "...", examples in brackets) needs a written-out sentence.
OVERRIDES = {
    "aan te gane (overeenkomsten)": "Dit geldt voor de [aan te gane] overeenkomsten.",
    "aantrekken (personeel)": "De gemeente gaat personeel [aantrekken].",
    "ad (een bedrag ad € 50,-)": "U krijgt een bedrag [ad] 50 euro.",
    "ex. (artikel)": "Dit besluit is genomen [ex.] artikel 17.",
    "naar (de mensen/partijen/...) toe": "Wij zijn open [naar] de mensen [toe].",
    "of, en zo ja, op welke wijze": "Wij kijken [of, en zo ja, op welke wijze] u hulp krijgt.",
    "op een prettige/goede/ slechte/... wijze": "Wij helpen u [op een goede wijze].",
    "te (Breda/Leeuwarden/ Venlo/...)": "Het gesprek is [te] Breda.",
    "ultimo (jan/feb/mrt/ ...)": "U krijgt het geld [ultimo] januari.",
    "welke (de brief welke, handelingen welke)": "Dit staat in de brief [welke] u kreeg.",
    "stukje, een - beleid/ vooruitgang/...": "Dit is [een stukje] beleid.",
    "...technisch (beleidstechnisch, enz.)": "Dit is een [beleidstechnisch] punt.",
    "...ervaring": "Wij vragen naar uw [klantervaring].",
    "schrijven (het -)": "Wij hebben [het schrijven] van 3 mei ontvangen.",
    "zij, hoe dit ook -": "[Hoe dit ook zij], u krijgt hulp.",
    "zij, wat daarvan -": "[Wat daarvan zij], u krijgt hulp.",
    "onverlet, dat laat -": "[Dat laat onverlet] dat u moet betalen.",
    "ten volle van bewust, zich er - zijn": "Wij [zijn ons er ten volle van bewust].",
    "vergewissen, zich ervan -": "Wij [vergewissen ons ervan] dat het klopt.",
    "toekomen, doen -": "Wij [doen] u de brief [toekomen].",
    "gelegenheid, niet in de - zijn": "Ik [ben niet in de gelegenheid] om te komen.",
    "het ligt geenszins in de bedoeling dat ...": "[Het ligt geenszins in de bedoeling dat] u betaalt.",
    "onder referte aan ...": "[Onder referte aan] uw brief sturen wij dit.",
    "bij schrijven van 1 maart": "Wij hebben u [bij schrijven van] 1 maart geantwoord.",
}

# Entries left out on purpose, with a one-word reason: everyday = a plain word or phrase; ambiguous =
# an everyday meaning or form would give false alarms ('ramen' = windows, 'gezien' = seen, 'in de week'
# = per week, 'het schrijven' / 'dat wil' match verbs anywhere); surnames = 'der' in 'Van der Berg';
# notation = the entry is a pattern, not words ('te Breda'); term = a word we explain instead
# ('vermogen' in assistance letters); policy = kept plain on purpose (tests/readability/test_public_sets.py).
SKIP: dict[str, str] = {
    "afronden": "everyday",
    "bepaald": "everyday",
    "categorie": "everyday",
    "complex": "everyday",
    "concept": "everyday",
    "een aantal": "everyday",
    "een klein aantal": "everyday",
    "elders": "everyday",
    "explosief": "everyday",
    "extreem": "everyday",
    "fraai": "everyday",
    "incident": "everyday",
    "in de buurt van": "everyday",
    "initiatief": "everyday",
    "kwalijk": "everyday",
    "kwestie": "everyday",
    "locatie": "everyday",
    "meenemen": "everyday",
    "onlangs": "everyday",
    "overigens": "everyday",
    "principe": "everyday",
    "procedure": "everyday",
    "stukje, een - beleid/ vooruitgang/...": "everyday",
    "vandaar": "everyday",
    "van plan zijn": "everyday",
    "van start gaan": "everyday",
    "van tevoren": "everyday",
    "vanwege": "everyday",
    "vrezen voor": "everyday",
    "wensen": "everyday",
    "zonder meer": "everyday",
    "zonder uitzondering": "everyday",
    "zorgvuldig": "everyday",
    "dat wil zeggen (d.w.z.)": "everyday",
    "berichten": "ambiguous",
    "conditie": "ambiguous",
    "daar": "ambiguous",
    "enige": "ambiguous",
    "enkel": "ambiguous",
    "ex. (artikel)": "ambiguous",
    "gezien": "ambiguous",
    "het is geboden": "ambiguous",
    "in de week leggen": "ambiguous",
    "laken": "ambiguous",
    "landen": "ambiguous",
    "lichaam": "ambiguous",
    "middelen": "ambiguous",
    "onthouden": "ambiguous",
    "ramen": "ambiguous",
    "schoon": "ambiguous",
    "schrijven (het -)": "ambiguous",
    "stellen": "ambiguous",
    "welke (de brief welke, handelingen welke)": "ambiguous",
    "zien op": "ambiguous",
    "der": "surnames",
    "naar (de mensen/partijen/...) toe": "notation",
    "te (Breda/Leeuwarden/ Venlo/...)": "notation",
    "motie": "term",
    "vermogen": "term",
    "aangezien": "policy",
}


def variants(entry: str) -> list[str]:
    """The checkable forms of a published entry ("aanvang nemen, een -" -> "een aanvang nemen")."""
    text = re.sub(r"\s*\([^)]*\)", "", entry).replace("...", "").strip()
    m = re.fullmatch(r"([^,]+), ([^-]*)-(.*)", text)
    if m:
        return [" ".join(f"{m.group(2)} {m.group(1)} {m.group(3)}".split())]
    parts = re.split(r"\s*[/,]\s*", text)
    return [p for p in parts if p]


def sentences(entry: str) -> list[str]:
    if entry in OVERRIDES:
        return [OVERRIDES[entry]]
    return [FRAME.format(v) for v in variants(entry)]


def caught(entry: str) -> bool:
    return all(flagged(*unmark(s)) for s in sentences(entry))


def load() -> list[str]:
    lines = WORDS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def coverage() -> tuple[int, list[str]]:
    """Number of entries and the entries not caught."""
    entries = load()
    return len(entries), [e for e in entries if not caught(e)]


def alternatives_flagged(path: Path) -> tuple[int, list[str]]:
    """How many first alternatives of the list's own pairs are flagged in the frame."""
    pairs = json.loads(path.read_text(encoding="utf-8"))
    tried, alarms = 0, []
    for _, alts in pairs:
        first = html.unescape(alts).replace("\xa0", " ").split(";")[0].split(",")[0]
        first = re.sub(r"\([^)]*\)|\[[^\]]*\]|\.\.\.|…", "", first).strip()
        if not first or "/" in first:
            continue
        tried += 1
        if flagged(*unmark(FRAME.format(first))):
            alarms.append(first)
    return tried, alarms


def main() -> None:
    total, misses = coverage()
    print(f"Onze Taal list (whole, {total} entries): caught {(total - len(misses)) / total:.1%}; "
          f"missed {len(misses)} (of which skipped on purpose: {sum(m in SKIP for m in misses)})")
    if "--misses" in sys.argv:
        for miss in misses:
            print(f"  missed: {miss}" + (f"  [skip: {SKIP[miss]}]" if miss in SKIP else ""))
    if "--alternatives" in sys.argv:
        tried, alarms = alternatives_flagged(Path(sys.argv[sys.argv.index("--alternatives") + 1]))
        print(f"list's own first alternatives flagged: {len(alarms) / tried:.1%} of {tried}")
        for alarm in alarms:
            print(f"  alternative flagged: {alarm}")


if __name__ == "__main__":
    main()
