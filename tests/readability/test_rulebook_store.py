"""Officialese words added in the browser: rows in the database, changed in parallel without losing one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from outreach import db
from outreach.readability import check
from outreach.readability.rulebook import OfficialeseRule, remove_rule, save_rule


def test_twelve_parallel_rule_changes_keep_every_word(database_url: str) -> None:
    db.use(database_url)

    def add(n: int) -> str:
        with db.session(database_url) as s:
            return save_rule(s, f"web:{n}", f"proefwoord{n % 10}", f"gewoon{n}", "warn")

    with ThreadPoolExecutor(12) as pool:
        added = list(pool.map(add, range(12)))
    assert sorted(set(added)) == [f"proefwoord{n}" for n in range(10)]
    with db.session(database_url) as s:
        assert s.query(OfficialeseRule).count() == 10
    found = [f for f in check("Wij gaan proefwoord3 doen.").findings if f.rule == "officialese"]
    assert found and found[0].suggestions[0].startswith("gewoon")


def test_a_removed_built_in_word_is_switched_off_and_can_come_back(database_url: str) -> None:
    db.use(database_url)
    assert [f for f in check("Dat gaat middels een brief.").findings if f.rule == "officialese"]
    with db.session(database_url) as s:
        remove_rule(s, "web:1", "middels")
    assert not [f for f in check("Dat gaat middels een brief.").findings if f.rule == "officialese"]
    with db.session(database_url) as s:
        save_rule(s, "web:1", "middels", "met", "fail")
    assert [f.severity for f in check("Dat gaat middels een brief.").findings if f.rule == "officialese"] == ["fail"]


@pytest.mark.parametrize("phrase", ["mid\x7fdels", "mid\x00dels", "mid\u202edels", "mid\u2066dels", "mid\ufeffdels"])
def test_control_and_bidi_characters_are_refused(database_url: str, phrase: str) -> None:
    from outreach.errors import FieldError

    with pytest.raises(FieldError) as caught, db.session(database_url) as s:
        save_rule(s, "web:1", phrase, "met", "warn")
    assert caught.value.where is not None and caught.value.where.field == "woord"
