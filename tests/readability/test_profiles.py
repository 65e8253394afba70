"""Thresholds and word lists come from readability/ and a user's own folder overrides them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from outreach import content
from outreach.readability import check
from outreach.readability.profile import KINDS, LEVELS, load


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_profile_loads(level: str, kind: str) -> None:
    profile = load(level, kind)
    assert profile.get("sentences", "max_words_fail") > profile.get("sentences", "max_words_warn")
    assert profile.get("sentences", "avg_words_fail") > profile.get("sentences", "avg_words_pass")


def test_stricter_for_a2_and_short_messages() -> None:
    b1, a2, sms = load("B1", "letter"), load("A2", "letter"), load("B1", "sms")
    for profile in (a2, sms):
        assert profile.get("sentences", "max_words_fail") < b1.get("sentences", "max_words_fail")


def test_officialese_list_is_big_and_has_benefits_jargon() -> None:
    path = content.find("readability", "officialese.toml")
    assert path is not None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = {**data["fail"], **data["warn"]}
    assert len(entries) >= 150
    for word in ("indien", "middels", "teneinde", "uitkeringsgerechtigde", "re-integratie", "inlichtingenplicht"):
        assert entries[word], word


def test_user_folder_overrides_thresholds_and_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Ik bel u morgen om tien uur over de afspraak."  # 10 words
    assert not [f for f in check(text).findings if f.rule == "long-sentence"]
    own = tmp_path / "readability"
    own.mkdir()
    (own / "B1.toml").write_text("[sentences]\nmax_words_warn = 6\n", encoding="utf-8")
    (own / "officialese.toml").write_text('[fail]\nafspraak = ["ontmoeting"]\n', encoding="utf-8")
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path))
    report = check(text)
    assert [f.rule for f in report.findings if f.rule == "long-sentence"] == ["long-sentence"]
    assert any(f.rule == "officialese" and f.suggestions == ["ontmoeting"] for f in report.findings)
    assert any(f.rule == "officialese" and text[f.start:f.end] == "afspraak" for f in report.findings)
    # everything the user did not change still comes from the built-in files
    assert load().get("sentences", "max_words_fail") == 20
    assert "indien" in load().officialese


def test_broken_user_file_is_a_dutch_content_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.errors import ContentError

    own = tmp_path / "readability"
    own.mkdir()
    (own / "B1.toml").write_text("[sentences\n", encoding="utf-8")
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path))
    with pytest.raises(ContentError, match="regelbestand"):
        check("Hallo.")


@pytest.mark.parametrize("content", [
    "fail = 5\n",
    '[warn]\nmiddels = ["met", 5]\n',
    '[warn]\nmiddels = { alternatives = ["met"], example = 5 }\n',
    "x = " + "[" * 20000 + "]" * 20000 + "\n",
])
def test_a_rule_file_of_the_wrong_shape_is_a_dutch_content_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 content: str) -> None:
    from outreach.errors import ContentError

    own = tmp_path / "readability"
    own.mkdir()
    (own / "officialese.toml").write_text(content, encoding="utf-8")
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path))
    with pytest.raises(ContentError) as caught:
        check("Wij bellen u morgen.")
    assert "officialese.toml" in str(caught.value)
