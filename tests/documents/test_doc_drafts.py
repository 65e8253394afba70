"""Templates edited by a user: saved when they meet their level, kept as a draft letters never use when not."""

from __future__ import annotations

from pathlib import Path

import pytest
from template_samples import FRONT, HARD, PLAIN, VALUES

from outreach.documents import drafts, load_template, render
from outreach.errors import ConflictError, ContentError, LevelError


def test_a_plain_template_is_saved_atomically_and_the_old_one_kept(content_dir: Path) -> None:
    assert drafts.save("volgende-maand", "sms", PLAIN)[0] == "opgeslagen"
    assert (content_dir / "volgende-maand.sms.j2").read_text(encoding="utf-8") == PLAIN
    assert drafts.save("volgende-maand", "sms", PLAIN.replace("Groet", "Tot dan"))[0] == "opgeslagen"
    assert (content_dir / "volgende-maand.sms.j2.vorige").read_text(encoding="utf-8") == PLAIN
    assert "Tot dan" in render("volgende-maand", VALUES, variant="sms")
    assert not list(content_dir.glob(".opslaan-*"))


def test_a_template_that_fails_its_level_is_a_draft_real_letters_never_use(content_dir: Path) -> None:
    state, checked = drafts.save("volgende-maand", "sms", HARD)
    assert state == "concept" and checked.fails
    assert (content_dir / "volgende-maand.sms.j2.concept").is_file()
    assert not (content_dir / "volgende-maand.sms.j2").exists()
    assert "indien" not in render("volgende-maand", VALUES, variant="sms")  # the built-in one still
    assert drafts.editable_source("volgende-maand", "sms") == HARD
    assert drafts.own_templates() == [("volgende-maand", "sms")]


def test_an_approved_draft_becomes_the_template_letters_use(content_dir: Path) -> None:
    drafts.save("volgende-maand", "sms", HARD)
    with pytest.raises(ConflictError):
        drafts.promote("volgende-maand", "sms", drafts.digest(PLAIN))  # not what the adviser saw
    drafts.promote("volgende-maand", "sms", drafts.digest(HARD))
    assert not (content_dir / "volgende-maand.sms.j2.concept").exists()
    assert "indien" in render("volgende-maand", VALUES, variant="sms")  # approved: no LevelError
    (content_dir / "volgende-maand.sms.j2").write_text(HARD.replace("Geachte", "Beste"), encoding="utf-8")
    with pytest.raises(LevelError):  # changed after the approval: refused again
        render("volgende-maand", VALUES, variant="sms")


@pytest.mark.parametrize("source, line, words", [
    (FRONT + "Hallo {{ voornaam }\n", 6, "teken"),
    (FRONT + "Hallo\n\n{% if voornaam %}{{ voornaam }}\n", 8, "te vroeg"),
    (FRONT + "Hallo\n{% doe_iets %}\n", 7, "opdracht"),
])
def test_a_jinja_syntax_error_names_the_problem_and_the_line_and_changes_nothing(
        content_dir: Path, source: str, line: int, words: str) -> None:
    drafts.save("volgende-maand", "sms", PLAIN)
    with pytest.raises(ContentError) as caught:
        drafts.save("volgende-maand", "sms", source)
    assert caught.value.where is not None and caught.value.where.line == line
    assert f"regel {line}" in str(caught.value) and words in caught.value.message
    assert (content_dir / "volgende-maand.sms.j2").read_text(encoding="utf-8") == PLAIN
    assert not (content_dir / "volgende-maand.sms.j2.concept").exists()
    assert load_template("volgende-maand", "sms").path.parent == content_dir


def test_without_a_content_folder_nothing_can_be_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_CONTENT_DIR", raising=False)
    with pytest.raises(ConflictError):
        drafts.save("volgende-maand", "sms", PLAIN)


def test_a_saved_template_replaces_a_built_in_one_that_was_already_rendered(content_dir: Path) -> None:
    assert "Eerder praten" in render("volgende-maand", VALUES, variant="sms")  # cached by Jinja now
    drafts.save("volgende-maand", "sms", PLAIN)
    assert "Eerder praten" not in render("volgende-maand", VALUES, variant="sms")
