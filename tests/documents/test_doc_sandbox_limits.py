"""Template sandbox: a hostile template cannot take the machine's memory or a worker for ever.

Templates are edited in the web app (checked as one types) and read from the content folder,
so a loop inside a loop, a huge padding or a text that doubles itself must stop fast with a
Dutch error, while ordinary templates keep working.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from outreach.documents import load_template
from outreach.documents.templates import render_source
from outreach.errors import ContentError
from outreach.texts import t

HOSTILE = {
    "nested-loops": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "recursive-loop": "{% for x in range(60) recursive %}{{ loop(range(60)) }}{% endfor %}",
    "branching-macro": "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "center": "{{ 'a'.center(10**9) }}",
    "center-filter": "{{ 'a'|center(10**9) }}",
    "ljust-in-loop": "{% for i in range(99999) %}{{ 'a'.ljust(99999) }}{% endfor %}",
    "format-width": "{{ '%999999999d'|format(1) }}",
    "format-method": "{{ '{:>{}}'.format(1, 10**9) }}",
    "percent": "{{ '%999999999d' % 1 }}",
    "replace": "{{ ('x' * 99999)|replace('x', 'y' * 99999) }}",
    "replace-method": "{{ ('x' * 99999).replace('x', 'y' * 99999) }}",
    "join": "{{ (['x' * 99999] * 1000)|join }}",
    "join-separator": "{{ range(99999)|join('y' * 99999) }}",
    "indent": "{{ ('x\\n' * 50000)|indent('y' * 99999) }}",
    "namespace-doubling": "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "macro-doubling": "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}{% endmacro %}"
                      "{{ d('x', 40) }}",
    "plus-doubling": "{% macro d(s, n) %}{% if n %}{{ d(s + s, n - 1) }}{% endif %}{% endmacro %}{{ d('x', 40) }}",
    "nested-lists": "{% set s = 'x' * 99999 %}{% set l = [s,s,s,s,s,s,s,s,s,s] %}{% set m = [l,l,l,l,l,l,l,l,l,l] %}"
                    "{% set n = [m,m,m,m,m,m,m,m,m,m] %}{{ [n,n,n,n,n,n,n,n,n,n] }}",
    "list-repeat": "{{ [['x' * 99999] * 1000] * 99 }}",
    "sum-of-lists": "{{ ([[1] * 1000] * 1000)|sum(start=[])|length }}",
    "batch-fill": "{{ [1]|batch(10**9, 'x')|list|length }}",
    "power-tower": "{{ ((10 ** 100) ** 100) ** 100 }}",
    "squaring": "{% set ns = namespace(n=10) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n }}",
    "output": "{% set s = 'x' * 99999 %}{% for i in range(99999) %}{{ s }}{% endfor %}",
    "macro-output": "{% set s = 'x' * 99999 %}{% macro m() %}{% for i in range(99999) %}{{ s }}{% endfor %}{% endmacro %}"
                    "{{ m()|length }}",
    "block-set": "{% set s = 'x' * 99999 %}{% set big %}{% for i in range(99999) %}{{ s }}{% endfor %}{% endset %}"
                 "{{ big|length }}",
}


def _write(folder: Path, body: str, variant: str = "html") -> None:
    kind = "flyer" if variant == "html" else variant
    (folder / f"kwaad.{variant}.j2").write_text(
        f'{{#---\nkind = "{kind}"\ntitle = "x"\nlevel = "A2"\n[fields]\n---#}}\n' + body + "\n", encoding="utf-8")


@pytest.mark.parametrize("variant", ["html", "sms"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_runaway_template_stops_fast_with_a_dutch_error(content_dir: Path, name: str, variant: str) -> None:
    _write(content_dir, HOSTILE[name], variant)
    started_cpu = time.process_time()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ContentError) as caught:
        render_source(load_template("kwaad", variant), {})
    assert time.process_time() - started_cpu < 10  # CPU seconds, not the wall clock
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 400 * 1024  # KiB: under 400 MB more
    message = str(caught.value)
    assert "Traceback" not in message and "kwaad" in message
    assert any(part in message for part in (t("documents.template_too_big"), "werkt niet", "mag niet")), message


def test_ordinary_loops_padding_and_numbers_still_work(content_dir: Path) -> None:
    _write(content_dir, "{% set ns = namespace(n=0) %}{% for i in range(20000) %}{% set ns.n = ns.n + i %}{% endfor %}"
                        "{{ ns.n }}|{{ 'a'|center(5) }}|{{ [1, 2]|join(', ') }}|{{ '%05d'|format(3) }}|{{ 2 ** 10 }}|"
                        "{% for a, b in [(1, 2)] %}{{ a }}{{ b }}{% endfor %}|{{ {'a': 1}.a }}|{{ 'x' * 10 }}|"
                        "{{ 'a-b'.replace('-', ' ') }}|{{ '{:>4}'.format(7) }}|{{ [1, 2, 3]|sum }}|"
                        "{% for x in [[1, [2]]] recursive %}{% if x is iterable %}{{ loop(x) }}{% else %}{{ x }}{% endif %}{% endfor %}")
    out = render_source(load_template("kwaad"), {})
    assert "199990000|  a  |1, 2|00003|1024|12|1|xxxxxxxxxx|a b|   7|6|12" in out


def test_each_render_gets_its_own_budget(content_dir: Path) -> None:
    """The limit is per render: a mail merge of many letters never runs out."""
    _write(content_dir, "{% for i in range(90000) %}{% endfor %}ok")
    for _ in range(15):
        assert "ok" in render_source(load_template("kwaad"), {})
