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
    # issue 16.1: the result's size is known before the call (count x width, tabs x tab size, repeats x length)
    "expandtabs": "{{ ('\\t' * 99999).expandtabs(99999) }}",
    "format-repeated": "{{ ('{0:>99999}' * 9000).format(1) }}",
    "format-nested-width-repeated": "{{ ('{0:>{1}}' * 9000).format(1, 99999) }}",
    "percent-repeated": "{{ ('%99999d' * 2000) % ((1,) * 2000) }}",
    "format-filter-repeated": "{{ ('%99999d' * 2000)|format(*((1,) * 2000)) }}",
    "precision-repeated": "{{ ('{0:.99999f}' * 9000).format(1.5) }}",
    "center-in-loop": "{% for i in range(99999) %}{% set x = 'a'.center(99999) %}{% endfor %}",
    "zfill-in-loop": "{% for i in range(99999) %}{% set x = '1'.zfill(99999) %}{% endfor %}",
    "repeat-in-loop": "{% for i in range(99999) %}{% set x = 'ab' * 49999 %}{% endfor %}",
    "concat-in-loop": "{% set s = 'x' * 99999 %}{% for i in range(99999) %}{% set x = s ~ s %}{% endfor %}",
    # issue 16.2: filters that walk a sequence pay per element
    "map-chain": "{% set l = ['x'] * 99999 %}{{ l" + "|map('upper')" * 20 + "|list|length }}",
    "big-list": "{% set l = [1] * 99999 %}{{ (l + l + l + l + l + l + l + l + l + l)|list|list|list|length }}",
    "sort-in-loop": "{% set l = range(99999)|list %}{% for i in range(100) %}{{ l|sort|length }}{% endfor %}",
    "groupby-in-loop": "{% set l = [{'a': 1}] * 99999 %}{% for i in range(100) %}{{ l|groupby('a')|length }}{% endfor %}",
    "unique-in-loop": "{% set l = range(99999)|list %}{% for i in range(100) %}{{ l|unique|list|length }}{% endfor %}",
    "select-chain": "{% set l = range(99999)|list %}{{ l" + "|select('odd')|map('abs')" * 10 + "|list|length }}",
    "join-in-loop": "{% set l = ['x'] * 99999 %}{% for i in range(100) %}{% set x = l|join %}{% endfor %}",
    "sum-in-loop": "{% set l = [1] * 99999 %}{% for i in range(100) %}{% set x = l|sum %}{% endfor %}",
    "slice-batch": "{% set l = [1] * 99999 %}{% for i in range(100) %}{% set x = l|batch(3)|list %}{% endfor %}",
    "reverse-in-loop": "{% set l = [1] * 99999 %}{% for i in range(100) %}{% set x = l|reverse|list %}{% endfor %}",
    "wordwrap": "{% set s = 'x' * 99999 %}{{ (s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s)|wordwrap(5) }}",
    "wordwrap-narrow": "{{ ('x' * 99999)|wordwrap(1) }}",
    "tojson-indent": "{{ (range(1000)|list)|tojson(indent=99999) }}",
    "tojson-indent-nested": "{{ [[[[[[1] * 9] * 9] * 9] * 9] * 9]|tojson(indent=999) }}",
    "list-count-in-loop": "{% set l = [1] * 99999 %}{% for i in range(99999) %}{% set x = l.count(2) %}{% endfor %}",
    "indent-width": "{{ ('x\\n' * 50000)|indent(99999) }}",
    "title-in-loop": "{% set s = 'ab ' * 33000 %}{% for i in range(1000) %}{% set x = s|title %}{% endfor %}",
    "urlize-in-loop": "{% set s = 'www.a.nl ' * 11000 %}{% for i in range(100) %}{% set x = s|urlize %}{% endfor %}",
    "wordwrap-in-loop": "{% set s = 'x' * 14000 %}{% for i in range(1000) %}{% set x = s|wordwrap(1) %}{% endfor %}",
    "split-huge": "{% set s = 'a ' * 99999 %}{% set t = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s"
                  " ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}{{ t.split()|length }}",
    "list-of-characters": "{% set s = 'a' * 99999 %}{% set t = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s"
                          " ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}{{ t|list|length }}",
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
