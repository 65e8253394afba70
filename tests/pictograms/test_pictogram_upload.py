"""Pictogram uploads: CSS read by a real tokenizer, no processing instructions, a bounded cost to draw (issue 16.3, 16.17)."""

from __future__ import annotations

import pytest

from outreach.errors import InputError
from outreach.pictograms.upload import MAX_ELEMENTS, check_upload

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 96 96">'


def _svg(body: str, head: str = HEAD) -> bytes:
    return f"{head}\n{body}</svg>".encode()


def _nested_uses(levels: int, width: int = 10) -> bytes:
    """Level 0 is a circle; each level uses the one below `width` times (the 1.6 KB 'koffie' of issue 16.3)."""
    parts = ['<defs><circle id="a0" r="1"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#a{level - 1}" x="{i}"/>' for i in range(width))
        parts.append(f'<g id="a{level}">{uses}</g>')
    parts.append(f'</defs><use href="#a{levels}"/>')
    return _svg("".join(parts))


@pytest.mark.parametrize("body", [
    r'<rect style="fill:u\72 l(http://example.com/a)"/>',
    r'<rect style="fill:u\rl(http://example.com/a)"/>',
    '<rect style="fill:URL(&quot;http://example.com/a&quot;)"/>',
    r'<rect fill="u\72 l(http://example.com/a)"/>',
    '<style>@IMPORT "http://example.com/a.css";</style>',
    r'<style>@im\70 ort url(x.css);</style>',
    '<style>rect { fill: url(//example.com/a) }</style>',
    r'<style>rect { fill: \75 rl(http://example.com/a) }</style>',
    '<style>rect { background: image-set("a.png" 1x) }</style>',
    '<style>@font-face { src: url(#a) }</style>',
    '<rect style="fill:src(&quot;http://example.com/a&quot;)"/>',
])
def test_a_reference_out_of_the_file_is_refused_whatever_its_escapes_or_case(body: str) -> None:
    with pytest.raises(InputError, match="buiten het bestand"):
        check_upload(_svg(body))


@pytest.mark.parametrize("head", [
    '<?xml-stylesheet href="http://example.com/a.css"?>\n' + HEAD,
    '<?xml version="1.0"?><?XML-STYLESHEET type="text/css" href="a.css"?>' + HEAD,
    HEAD + '<?xml-stylesheet href="a.css"?>',
])
def test_a_style_sheet_instruction_is_refused(head: str) -> None:
    with pytest.raises(InputError, match="buiten het bestand"):
        check_upload(_svg("", head))


@pytest.mark.parametrize("body", [
    '<defs><linearGradient id="g"/></defs><rect style="fill:url(#g)" fill="url(&quot;#g&quot;)"/>',
    '<style>rect { fill: url(#g) } @media print { rect { fill: black } }</style><linearGradient id="g"/><rect/>',
    '<defs><circle id="c" r="4"/></defs><use href="#c"/><use xlink:href="#c" x="10"/>',
])
def test_local_references_and_plain_styles_pass(body: str) -> None:
    assert check_upload(_svg(body, '<?xml version="1.0" encoding="UTF-8"?>\n' + HEAD))


@pytest.mark.parametrize("levels", [4, 5, 8])
def test_use_chains_whose_drawing_would_explode_are_refused(levels: int) -> None:
    data = _nested_uses(levels)
    assert len(data) < 4000
    with pytest.raises(InputError, match="te veel delen"):
        check_upload(data)


def test_a_short_use_chain_is_fine() -> None:
    assert check_upload(_nested_uses(2))  # about a hundred circles


@pytest.mark.parametrize("body", [
    '<g id="a"><use href="#a"/></g>',
    '<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>',
    '<pattern id="p"><rect style="fill:url(#p)"/></pattern><rect fill="url(#p)"/>',
])
def test_references_that_loop_are_refused(body: str) -> None:
    with pytest.raises(InputError, match="te veel delen"):
        check_upload(_svg(body))


def test_patterns_that_refer_to_patterns_are_counted_like_uses() -> None:
    parts = ['<defs><pattern id="p0"><circle r="1"/></pattern>']
    for level in range(1, 7):
        parts.append(f'<pattern id="p{level}">' + "".join(f'<rect fill="url(#p{level - 1})"/>' for _ in range(10))
                     + "</pattern>")
    with pytest.raises(InputError, match="te veel delen"):
        check_upload(_svg("".join(parts) + '</defs><rect fill="url(#p6)"/>'))


@pytest.mark.parametrize("tag", ["filter", "feGaussianBlur", "feTurbulence"])
def test_filters_are_refused(tag: str) -> None:
    with pytest.raises(InputError, match=tag):
        check_upload(_svg(f'<{tag} id="f"/><rect/>'))


def test_the_element_cap_is_generous_for_real_pictograms() -> None:
    assert MAX_ELEMENTS >= 1000
    assert check_upload(_svg('<circle r="1"/>' * 900))


@pytest.mark.parametrize("body", [
    '<defs><pattern id="p" width="0.0001" height="0.0001"><circle r="1"/></pattern></defs><rect width="96" height="96" fill="url(#p)"/>',
    '<defs><pattern id="p" patternUnits="userSpaceOnUse" width="0.01" height="0.01"><circle r="1"/></pattern></defs>'
    '<rect width="96" height="96" fill="url(#p)"/>',
    '<defs><marker id="m"><circle r="1"/><circle r="2"/></marker></defs><path marker-mid="url(#m)" d="M0 0'
    + " L1 1" * 3000 + '"/>',
])
def test_tiny_pattern_tiles_and_markers_on_every_vertex_are_counted(body: str) -> None:
    with pytest.raises(InputError, match="te veel delen"):
        check_upload(_svg(body))


def test_an_ordinary_pattern_and_marker_pass() -> None:
    assert check_upload(_svg('<defs><pattern id="p" width="0.25" height="0.25"><circle r="1"/></pattern>'
                             '<marker id="m"><circle r="1"/></marker></defs><rect width="96" height="96" fill="url(#p)"/>'
                             '<path marker-end="url(#m)" d="M0 0 L10 10 L20 0"/>'))


def test_every_built_in_pictogram_would_pass_the_upload_check() -> None:
    from outreach import pictograms

    for item in pictograms.all():
        assert check_upload(item.path.read_bytes(), item.path.name)
