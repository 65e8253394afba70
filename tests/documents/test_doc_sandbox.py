"""Template sandbox: no file, module or method beyond plain data reaches a template (issue 9.1, 9.16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach.documents import load_template, sample_text
from outreach.documents.templates import render_source, template_from_path
from outreach.errors import ContentError, FieldError, NotFoundError, OutreachError

ESCAPES = [
    "{{ (template.path.parent / '/etc/hostname').read_text() }}",
    "{{ template.path.write_text('x') }}",
    "{{ template.__class__.__init__.__globals__ }}",
    "{{ vandaag.__class__.__mro__ }}",
    "{{ pictogram.__globals__['__builtins__'] }}",
    "{{ pictogram.__closure__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ range.__class__ }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ ''.__class__.mro()[1].__subclasses__() }}",
    "{{ ''|attr('__class__') }}",
    "{{ vandaag.today() }}",
    "{{ 'a' * 100000000 }}",
    "{{ 9 ** 99999999 }}",
    "{{ '{0.__class__}'.format('') }}",
    "{{ asset.__globals__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ template.meta }}",
    "{{ template.fields }}",
    "{% include '/etc/hostname' %}",
    "{% include '../../../../../../etc/hostname' %}",
    "{% import '../pyproject.toml' as x %}",
]


def _write(folder: Path, body: str, name: str = "kwaad") -> Path:
    path = folder / f"{name}.html.j2"
    path.write_text('{#---\nkind = "flyer"\ntitle = "x"\nlevel = "A2"\n[fields]\n---#}\n' + body + "\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("body", ESCAPES)
def test_template_cannot_reach_files_or_modules(content_dir: Path, body: str) -> None:
    hostname = Path("/etc/hostname").read_text() if Path("/etc/hostname").is_file() else "\0never"
    _write(content_dir, body)
    try:
        out = render_source(load_template("kwaad"), {})
    except (ContentError, FieldError):
        return
    assert "<module" not in out and "__builtins__" not in out and "function" not in out
    assert hostname.strip() not in out or not hostname.strip()
    assert "class" not in out and "PosixPath" not in out


def test_template_context_holds_plain_data_only(content_dir: Path) -> None:
    _write(content_dir, "{{ template }}|{{ template.title }}|{{ template.kind }}|{{ template.level }}")
    out = render_source(load_template("kwaad"), {})
    assert "|x|flyer|A2" in out and "Path" not in out


def test_checking_a_template_never_writes(tmp_path: Path) -> None:
    canary = tmp_path / "canary.txt"
    path = tmp_path / "check.html.j2"
    path.write_text('{#---\nkind = "flyer"\ntitle = "x"\n[fields]\n---#}\n'
                    "{{ (template.path.parent / 'canary.txt').write_text('pwned') }}\n", encoding="utf-8")
    with pytest.raises((ContentError, FieldError)):
        sample_text(path)
    assert not canary.exists()


def test_a_named_html_file_is_autoescaped_too(tmp_path: Path) -> None:
    path = tmp_path / "los.html.j2"
    path.write_text('{#---\nkind = "flyer"\ntitle = "x"\n[fields]\nnaam = "a"\n---#}\n<p>{{ naam }}</p>\n',
                    encoding="utf-8")
    html = render_source(template_from_path(path), {"naam": "<img src=x onerror=alert(1)>"})
    assert "<img" not in html and "&lt;img" in html


def test_values_that_are_objects_reach_the_template_as_text(content_dir: Path) -> None:
    _write(content_dir, "{{ naam.read_text }}")
    with pytest.raises((ContentError, FieldError)):
        render_source(load_template("kwaad"), {"naam": Path("/etc/hostname")})


@pytest.mark.parametrize("name", ["../../x", "../templates/flyer", "/etc/hostname", "flyer/../flyer", "Flyer",
                                  "a\\b", "..", ".flyer", "flyer\0", "x" * 200])
def test_template_names_never_leave_the_content_folders(name: str) -> None:
    with pytest.raises(NotFoundError):
        load_template(name)


def test_messages_use_the_same_name_check() -> None:
    from outreach.messaging.templates import render as render_message

    with pytest.raises(NotFoundError):
        render_message("../../templates/flyer", {}, "sms")


def test_content_find_stays_in_the_folder(tmp_path: Path, content_dir: Path) -> None:
    from outreach import content

    secret = tmp_path / "geheim.css"
    secret.write_text("body{}")
    (content_dir / "link.css").symlink_to(secret)
    assert content.find("templates", str(secret)) is None
    assert content.find("templates", "../geheim.css") is None
    assert content.find("templates", "link.css") is None
    assert content.find("templates", "css/basis.css") is not None


def test_front_matter_css_outside_the_folder_is_refused(tmp_path: Path, content_dir: Path) -> None:
    from outreach.documents import render

    (tmp_path / "geheim.css").write_text("body { background: red; }")
    path = content_dir / "stijl.html.j2"
    path.write_text('{#---\nkind = "flyer"\ntitle = "Hallo"\ncss = ["/' + str(tmp_path / "geheim.css").lstrip("/")
                    + '"]\n[fields]\n---#}\n<html lang="nl"><body><p>Hallo.</p></body></html>\n', encoding="utf-8")
    with pytest.raises(ContentError):
        render("stijl", {}, format="pdf")


# --- fuzz: random templates built from Jinja syntax and attribute chains -------------------

ROOTS = ["template", "vandaag", "pictogram", "asset", "cycler", "joiner", "namespace", "self", "range", "''", "[]",
         "{}", "0", "loop", "naam", "lipsum", "dict", "pictogram_credits", "caller", "super", "varargs"]
ATTRS = ["__class__", "__globals__", "__init__", "__base__", "__bases__", "__subclasses__()", "__mro__", "mro()",
         "__builtins__", "__dict__", "__module__", "path", "parent", "read_text()", "write_text('x')",
         "open()", "os", "system('id')", "__import__('os')", "meta", "fields", "__self__", "__func__",
         "__closure__", "gi_frame", "f_globals", "__getattribute__('__class__')", "[0]", "['os']", "items()",
         "pop()", "append(1)", "update({})", "format(1)", "__call__", "__reduce__()", "__code__", "co_consts",
         "__wrapped__", "_TemplateReference__context", "environment", "globals", "_Namespace__attrs"]
FORMS = ["{{{{ {e} }}}}", "{{% for c in {e} %}}{{{{ c }}}}{{% endfor %}}", "{{% set x = {e} %}}{{{{ x }}}}",
         "{{{{ {e}|attr('__class__') }}}}", "{{{{ {e}|string }}}}", "{{% if {e} %}}ja{{% endif %}}",
         "{{{{ ({e})() }}}}", "{{{{ {e}|map(attribute='__class__')|list }}}}"]


@st.composite
def hostile(draw: st.DrawFn) -> str:
    expr = draw(st.sampled_from(ROOTS))
    for attr in draw(st.lists(st.sampled_from(ATTRS), min_size=1, max_size=5)):
        expr += attr if attr.startswith("[") else "." + attr
    return draw(st.sampled_from(FORMS)).format(e=expr)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.lists(hostile(), min_size=1, max_size=3).map("".join))
def test_fuzz_sandbox(body: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    import os

    folder = tmp_path_factory.mktemp("fuzz")
    canary = folder / "canary.txt"
    canary.write_text("kanarie-geheim")
    before = os.stat(canary)
    path = folder / "fuzz.html.j2"
    path.write_text('{#---\nkind = "flyer"\ntitle = "x"\n[fields]\n---#}\n' + body + "\n", encoding="utf-8")
    try:
        out = render_source(template_from_path(path), {"naam": str(canary)})
    except OutreachError as exc:
        assert isinstance(exc, (ContentError, FieldError)), exc
        out = ""
    after = os.stat(canary)
    assert "kanarie-geheim" not in out
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    assert "<module" not in out and "<function" not in out and "<class" not in out and "<built-in" not in out
    assert sorted(p.name for p in folder.iterdir()) == ["canary.txt", "fuzz.html.j2"]


def test_an_include_through_a_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path, content_dir: Path) -> None:
    """`content.find` never follows a link out; neither does `{% include %}` (a folder link or a file link)."""
    secret = tmp_path / "buiten"
    secret.mkdir()
    (secret / "geheim.txt").write_text("buiten-geheim", encoding="utf-8")
    (content_dir / "map").symlink_to(secret, target_is_directory=True)
    (content_dir / "los.txt").symlink_to(secret / "geheim.txt")
    (content_dir / "binnen.txt").write_text("binnen-tekst", encoding="utf-8")
    for include in ("map/geheim.txt", "los.txt"):
        _write(content_dir, "{% include '" + include + "' %}")
        with pytest.raises(ContentError):
            render_source(load_template("kwaad"), {})
    _write(content_dir, "{% include 'binnen.txt' %}")
    assert "binnen-tekst" in render_source(load_template("kwaad"), {})


def test_a_pictogram_that_links_out_of_its_folder_is_skipped(tmp_path: Path, content_dir: Path) -> None:
    import warnings

    from outreach import pictograms

    outside = tmp_path / "elders.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><circle r="9"/></svg>', encoding="utf-8")
    folder = content_dir.parent / "pictograms"
    folder.mkdir()
    (folder / "lek.svg").symlink_to(outside)
    (folder / "nul.svg").symlink_to("/dev/zero")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        names = {p.name for p in pictograms.all()}
    assert "lek" not in names and "nul" not in names and "koffie" in names
    assert any("buiten de map" in str(w.message) for w in caught)
