"""Templates edited by a user: numbered versions in the database, live when they meet their level, a draft when not."""

from __future__ import annotations

from pathlib import Path

import pytest
from template_samples import FRONT, HARD, PLAIN, VALUES

from outreach import db
from outreach.documents import drafts, load_template, render, versions
from outreach.errors import ConflictError, ContentError


@pytest.fixture
def url(content_dir: Path, tmp_path: Path) -> str:
    """A SQLite database the templates load from (the web app sets its own the same way)."""
    found = f"sqlite:///{tmp_path / 'sjablonen.db'}"
    db.use(found)
    return found


def _save(url: str, source: str, author_id: int | None = 1) -> str:
    with db.session(url) as s:
        return drafts.save(s, "volgende-maand", "sms", source, author_id, "Mira")[0]


def test_each_save_is_a_numbered_version_and_the_newest_passing_one_is_live(url: str, content_dir: Path) -> None:
    assert _save(url, PLAIN) == "opgeslagen"
    assert _save(url, PLAIN.replace("Groet", "Tot dan")) == "opgeslagen"
    assert "Tot dan" in render("volgende-maand", VALUES, variant="sms")
    with db.session(url) as s:
        rows = versions.history(s, "volgende-maand", "sms")
    assert [(r.number, r.status, r.author_id) for r in rows] == [(3, "voldoet", 1), (2, "voldoet", 1)]  # the shipped file is version 1
    assert not list(content_dir.iterdir())  # the database is the place of record, not the folder


def test_a_template_that_fails_its_level_is_a_draft_real_letters_never_use(url: str) -> None:
    assert _save(url, HARD) == "concept"
    assert "indien" not in render("volgende-maand", VALUES, variant="sms")  # the built-in one still
    with db.session(url) as s:
        assert drafts.editable_source(s, "volgende-maand", "sms") == HARD
        assert drafts.own_templates(s) == [("volgende-maand", "sms")]


def test_an_approved_draft_becomes_the_template_letters_use_but_never_by_its_author(url: str) -> None:
    _save(url, HARD, author_id=1)
    with db.session(url) as s, pytest.raises(ConflictError):
        drafts.promote(s, "volgende-maand", "sms", drafts.digest(PLAIN), 2)  # not what the adviser saw
    with db.session(url) as s, pytest.raises(ConflictError) as own:
        drafts.promote(s, "volgende-maand", "sms", drafts.digest(HARD), 1)  # four eyes: the author never approves
    assert "zelf geschreven" in own.value.message
    assert "indien" not in render("volgende-maand", VALUES, variant="sms")  # still not live: the built-in text
    with db.session(url) as s:
        drafts.promote(s, "volgende-maand", "sms", drafts.digest(HARD), 2)
    assert "indien" in render("volgende-maand", VALUES, variant="sms")  # approved: no LevelError
    assert _save(url, HARD.replace("Geachte", "Beste")) == "concept"  # changed after the approval: a draft again
    assert "Geachte" in render("volgende-maand", VALUES, variant="sms")


@pytest.mark.parametrize("source, line, words", [
    (FRONT + "Hallo {{ voornaam }\n", 6, "teken"),
    (FRONT + "Hallo\n\n{% if voornaam %}{{ voornaam }}\n", 8, "te vroeg"),
    (FRONT + "Hallo\n{% doe_iets %}\n", 7, "opdracht"),
])
def test_a_jinja_syntax_error_names_the_problem_and_the_line_and_changes_nothing(
        url: str, source: str, line: int, words: str) -> None:
    _save(url, PLAIN)
    with pytest.raises(ContentError) as caught:
        _save(url, source)
    assert caught.value.where is not None and caught.value.where.line == line
    assert f"regel {line}" in str(caught.value) and words in caught.value.message
    with db.session(url) as s:
        assert [r.number for r in versions.history(s, "volgende-maand", "sms")] == [2]
    assert load_template("volgende-maand", "sms").path.read_text(encoding="utf-8") == PLAIN


def test_a_saved_template_replaces_a_built_in_one_that_was_already_rendered(url: str) -> None:
    assert "Eerder praten" in render("volgende-maand", VALUES, variant="sms")  # cached by Jinja now
    _save(url, PLAIN)
    assert "Eerder praten" not in render("volgende-maand", VALUES, variant="sms")


@pytest.mark.parametrize("body", [
    '{% if voornaam == "Fatima" %}Hallo {{ voornaam }}, ik bel u.{% else %}' + HARD.split("---#}\n")[1].strip()
    + '{% endif %}\n',
    '{% if voornaam == "Piet" %}' + HARD.split("---#}\n")[1].strip() + '{% elif voornaam %}Hallo {{ voornaam }}, '
    'ik bel u.{% endif %}\n',
    "{{ 'Hallo ' ~ voornaam ~ ', ik bel u.' if voornaam == 'Fatima' else '" + HARD.split("---#}\n")[1].strip()
    .replace("{{ voornaam }}", "u").replace("{{ coach_voornaam }}", "") + "' }}\n",
])
def test_every_branch_is_checked_not_only_the_one_the_sample_values_reach(url: str, body: str) -> None:
    checked = drafts.check("volgende-maand", "sms", FRONT + body)
    assert checked.fails and "indien" in checked.text
    assert _save(url, FRONT + body) == "concept"


def test_a_branch_that_meets_the_level_passes(url: str) -> None:
    body = '{% if voornaam == "Fatima" %}Hallo {{ voornaam }}, ik bel u.{% else %}Dag {{ voornaam }}, ik bel.{% endif %}\n'
    assert not drafts.check("volgende-maand", "sms", FRONT + body).fails


def test_export_writes_the_live_versions_and_the_approvals(url: str, tmp_path: Path) -> None:
    _save(url, HARD, author_id=1)
    with db.session(url) as s:
        drafts.promote(s, "volgende-maand", "sms", drafts.digest(HARD), 2)
        written = versions.export(s, tmp_path / "uit")
    assert written == ["volgende-maand.sms.j2", "_goedgekeurd.toml"]
    assert (tmp_path / "uit" / "volgende-maand.sms.j2").read_text(encoding="utf-8") == HARD
    assert drafts.digest(HARD) in (tmp_path / "uit" / "_goedgekeurd.toml").read_text(encoding="utf-8")


def test_the_cli_exports_templates_and_rules_into_a_content_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   content_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from outreach.cli import main
    from outreach.readability.rulebook import save_rule

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("OUTREACH_DATABASE_URL", url)
    with db.session(url) as s:
        drafts.save(s, "volgende-maand", "sms", PLAIN, 1, "Mira")
        save_rule(s, "Tara", "ondernemen", "doen", "fail")
    assert main(["export", str(tmp_path / "uit")]) == 0
    assert capsys.readouterr().out.startswith("Klaar:")
    assert (tmp_path / "uit" / "templates" / "volgende-maand.sms.j2").read_text(encoding="utf-8") == PLAIN
    assert '"ondernemen" = ["doen"]' in (tmp_path / "uit" / "readability" / "officialese.toml").read_text(encoding="utf-8")
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(tmp_path / "uit"))  # the export ships like any content folder
    db.use(None)
    monkeypatch.setenv("OUTREACH_DATABASE_URL", f"sqlite:///{tmp_path / 'leeg.db'}")
    assert "ik bel u volgende maand" in render("volgende-maand", VALUES, variant="sms")
    (tmp_path / "bestand").write_text("x", encoding="utf-8")
    assert main(["export", str(tmp_path / "bestand")]) == 2


def test_an_adviser_never_approves_a_text_they_saved_even_when_someone_saved_it_again(url: str) -> None:
    _save(url, HARD, author_id=2)
    _save(url, HARD, author_id=3)  # the same text, saved again by someone else
    with db.session(url) as s, pytest.raises(ConflictError):
        drafts.promote(s, "volgende-maand", "sms", drafts.digest(HARD), 2)
    with db.session(url) as s:
        drafts.promote(s, "volgende-maand", "sms", drafts.digest(HARD), 4)


def test_a_saved_letter_that_extends_the_house_style_makes_a_pdf_with_its_new_text(url: str) -> None:
    import io

    import pypdf

    from outreach.content import builtin_dir

    source = (builtin_dir("templates") / "uitnodiging.html.j2").read_text(encoding="utf-8")
    with db.session(url) as s:
        assert drafts.save(s, "uitnodiging", "html", source.replace('subject = "', 'subject = "Nieuw: ', 1),
                           1, "Mira")[0] == "opgeslagen"
    template = load_template("uitnodiging", "html")
    pdf = render(template, template.fields)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Nieuw:" in text and "Wat doe ik?" in text
