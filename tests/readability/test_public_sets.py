"""Officialese and hard words of public plain-language lists are caught; plain words are not.

The sets and the measuring live in benchmarks/bench_checker_coverage.py (data in
benchmarks/data/). Floors are asserted on the `tune` parts only; `heldout` parts are printed.
"""

from __future__ import annotations

import pytest
from benchmarks_loader import load_benchmark

from outreach.readability import check

bench = load_benchmark("bench_checker_coverage")


@pytest.mark.parametrize("part", bench.PARTS)
def test_public_officialese_is_caught(part: str) -> None:
    r = bench.officialese(part)
    print(f"{part}: caught {r.share(r.caught):.0%} of {r.total}; missed: {r.misses}")
    if part == "tune":
        assert r.share(r.caught) >= 0.95, r.misses


@pytest.mark.parametrize("part", bench.PARTS)
def test_public_hard_words_are_flagged_and_substitutes_are_not(part: str) -> None:
    r = bench.words(part)
    print(f"{part}: hard flagged {r.share(r.caught):.0%}, substitutes flagged {r.share(r.false_alarms):.0%}, "
          f"score plain easier {r.share(r.easier):.0%} / harder {r.share(r.harder):.0%} ({r.total} pairs)")
    if part == "tune":
        assert r.share(r.caught) >= 0.9, r.misses
        assert r.share(r.false_alarms) <= 0.05, r.alarms
        assert r.share(r.easier) >= 0.9 and r.share(r.harder) <= 0.05


@pytest.mark.parametrize("text", [
    "Omdat u niet thuis was, bel ik u morgen.",  # "Aangezien" is officialese (issue 17)
    "Ik bel u morgen, want u was niet thuis.",
    "Omdat u ziek bent, komt de coach bij u thuis.",
    "Als u vragen hebt, kunt u ons bellen.",
    "U krijgt een brief van ons.",
    "Wij vragen u om te bellen.",
    "Ik heb acht kinderen.",
    "U moet uw sollicitaties laten zien.",
])
def test_common_plain_words_are_not_flagged(text: str) -> None:
    assert [f for f in check(text).findings if f.rule in bench.WORD_RULES] == []


@pytest.mark.parametrize("text, span", [
    ("Wij bellen u c.q. uw partner.", "c.q."),
    ("Wij gaan het geld terugvorderen.", "terugvorderen"),
    ("Wij zeggen u dank voor uw hulp.", "dank"),
])
def test_abbreviations_and_prefixed_verbs_are_matched(text: str, span: str) -> None:
    assert span in [text[f.start:f.end] for f in check(text).findings if f.rule == "officialese"]


list_coverage = load_benchmark("list_coverage")


def test_whole_onze_taal_list_is_caught() -> None:
    """Every entry of the whole public list counts; skipped entries count as misses."""
    total, misses = list_coverage.coverage()
    assert total >= 870
    print(f"Onze Taal list: caught {(total - len(misses)) / total:.1%} of {total}; missed: {misses}")
    assert (total - len(misses)) / total >= 0.92, [m for m in misses if m not in list_coverage.SKIP]


def test_skipped_list_entries_are_on_the_list() -> None:
    assert set(list_coverage.SKIP) <= set(list_coverage.load())
