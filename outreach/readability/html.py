"""Turn readability reports into one standalone HTML page with Hemingway-style highlights.

Each checked text is shown with coloured spans (long sentences as a background, word
problems on top); pointing at a span shows the message and the suggestions. A side panel
gives the verdict, the numbers and the problems that belong to the whole text.
"""

from __future__ import annotations

from html import escape

from ..texts import t
from .report import Finding, Report

INLINE = ("long-sentence", "commas", "passive", "officialese", "rare-word", "compound", "long-word",
          "nominalisation", "stock-phrase", "abbreviation", "legal-reference", "slash-form", "term", "salutation")
_SENTENCE_RULES = ("long-sentence", "commas")

_PAGE_CSS = """
*{box-sizing:border-box}
body{margin:0;font:17px/1.6 "Open Sans","DejaVu Sans",Arial,sans-serif;color:#1d1d1d;background:#f4f4f1}
header{background:#1f4e79;color:#fff;padding:18px 32px}
header h1{margin:0;font-size:24px}
header p{margin:4px 0 0;font-size:16px;opacity:.9}
main{max-width:1180px;margin:0 auto;padding:24px 32px}
article{display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:24px;margin-bottom:32px}
.text{align-self:start;background:#fff;border-radius:8px;padding:24px 28px;box-shadow:0 1px 3px rgba(0,0,0,.12);
 white-space:pre-wrap;overflow-wrap:anywhere}
.text h2,aside h2{font-size:18px;margin:0 0 12px;white-space:normal}
aside{background:#fff;border-radius:8px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.12);align-self:start;font-size:15px}
.verdict{display:block;padding:10px 12px;border-radius:6px;font-weight:700;margin-bottom:14px}
.verdict.pass{background:#dff3e4;color:#14532d}.verdict.warn{background:#fff4cc;color:#6b4e00}
.verdict.fail{background:#ffe0e0;color:#8b1111}
dl{display:grid;grid-template-columns:1fr auto;gap:4px 12px;margin:0 0 16px}
dt{color:#555}dd{margin:0;font-weight:600;text-align:right}
ul.legend,ul.findings{list-style:none;padding:0;margin:0 0 14px}
ul.legend li{display:flex;justify-content:space-between;gap:8px;padding:3px 8px;border-radius:4px;margin-bottom:4px}
ul.findings li{padding:6px 0;border-top:1px solid #eee}
"""
# The highlight colours, shared with the web checker page (served from the library, not copied).
HIGHLIGHT_CSS = """
.hl{position:relative;border-radius:3px;cursor:help}
.hl .tip{display:none;position:absolute;left:0;top:1.7em;z-index:10;width:320px;white-space:normal;
 background:#222;color:#fff;font-size:14px;line-height:1.45;padding:10px 12px;border-radius:6px;
 box-shadow:0 4px 14px rgba(0,0,0,.3);font-weight:400}
.hl:hover .tip,.hl:focus .tip{display:block}
.tip b{color:#ffe28a}.tip i{font-style:normal;color:#b9f5c6}
.r-commas{background:#fff3b0}
.r-long-sentence.s-warn{background:#fff3b0}.r-long-sentence.s-fail{background:#ffd0d0}
.hl.r-passive{background:#cfe8ff}.hl.r-passive.w-fail{background:#a9d3ff}
.hl.r-officialese{background:#e6d5f7}.hl.r-officialese.w-fail{background:#d6b8f5}
.hl.r-rare-word{background:#ffe0b8}.hl.r-rare-word.w-fail{background:#ffc680}
.hl.r-compound,.hl.r-long-word{background:#ffe0b8}
.hl.r-nominalisation{background:#d8f3dc}
.hl.r-stock-phrase,.hl.r-legal-reference,.hl.r-slash-form,.hl.r-salutation{background:#e6d5f7}
.hl.r-abbreviation,.hl.r-term{background:#ffe0b8}
.hl.top-f{box-shadow:inset 0 -2px 0 #b42318}
ul.legend li.r-passive{background:#cfe8ff}ul.legend li.r-officialese{background:#e6d5f7}
ul.legend li.r-rare-word,ul.legend li.r-compound,ul.legend li.r-long-word{background:#ffe0b8}ul.legend li.r-nominalisation{background:#d8f3dc}
ul.legend li.r-commas{background:#fff3b0}ul.legend li.r-long-sentence{background:#ffd0d0}ul.legend li.r-sentence-length{background:#fff3b0}
ul.legend li.r-paragraph-length,ul.legend li.r-address-reader{background:#eceff3}
ul.legend li.r-stock-phrase,ul.legend li.r-legal-reference,ul.legend li.r-slash-form,ul.legend li.r-salutation{background:#e6d5f7}
ul.legend li.r-abbreviation,ul.legend li.r-term{background:#ffe0b8}
ul.legend li.r-long-sentences,ul.legend li.r-hard-words{background:#ffd0d0}
"""
_CSS = _PAGE_CSS + HIGHLIGHT_CSS


def _segments(text: str, findings: list[Finding]) -> list[tuple[int, int, list[Finding]]]:
    """Cut the text at every span edge; each piece lists the inline findings that cover it."""
    inline = [f for f in findings if f.rule in INLINE and f.end > f.start]
    edges = sorted({0, len(text), *(f.start for f in inline), *(f.end for f in inline)})
    pieces = []
    by_start = sorted(inline, key=lambda f: f.start)  # stable: keeps the report's order
    active: list[Finding] = []
    k = 0
    for a, b in zip(edges, edges[1:]):  # a sweep, not a scan of all findings per piece
        while k < len(by_start) and by_start[k].start <= a:
            active.append(by_start[k])
            k += 1
        active = [f for f in active if f.end > a]  # edges are span ends too: these cover a..b
        pieces.append((a, b, list(active)))
    return pieces


def _tip(findings: list[Finding]) -> str:
    items = []
    for f in sorted(findings, key=lambda f: f.rule in _SENTENCE_RULES):
        label = t(f"readability.html.rules.{f.rule}")
        tips = "".join(f"<br>→ <i>{escape(s)}</i>" for s in f.suggestions if f.rule == "officialese"
                       or f.rule == "nominalisation")
        items.append(f"<b>{escape(label)}</b>: {escape(f.message)}{tips}")
    return "<br>".join(items)


def _body(report: Report, tag: str = "span") -> str:
    out = []
    for a, b, covering in _segments(report.text, report.findings):
        piece = escape(report.text[a:b])
        if not covering:
            out.append(piece)
            continue
        word = [f for f in covering if f.rule not in _SENTENCE_RULES]
        sentence = [f for f in covering if f.rule in _SENTENCE_RULES]
        classes = ["hl", *(f"r-{f.rule}" for f in sentence), *(f"r-{f.rule}" for f in word)]
        if sentence:
            classes.append("s-fail" if any(f.severity == "fail" for f in sentence) else "s-warn")
        if any(f.severity == "fail" for f in word):
            classes += ["w-fail", "top-f"]
        out.append(f'<{tag} class="{" ".join(classes)}" tabindex="0">{piece}'
                   f'<span class="tip" role="tooltip">{_tip(covering)}</span></{tag}>')
    return "".join(out)


def highlighted(report: Report, tag: str = "span") -> str:
    """The checked text as escaped HTML, each finding marked on its own words (whole-text findings left out).

    Pointing at or focusing a mark shows the advice and the alternatives.
    """
    return _body(report, tag)


def whole_text(report: Report) -> list[Finding]:
    """The findings about the whole text: they go in a summary line, never over the text."""
    return [f for f in report.findings if f.rule not in INLINE]


def rule_label(rule: str) -> str:
    return t(f"readability.html.rules.{rule}")


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _aside(report: Report) -> str:
    m = report.metrics
    counts: dict[str, int] = {}
    for f in report.findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    legend = "".join(f'<li class="r-{rule}"><span>{escape(t(f"readability.html.rules.{rule}"))}</span>'
                     f"<b>{counts[rule]}</b></li>" for rule in counts)
    whole = whole_text(report)
    listed = "".join(f"<li><b>{escape(t(f'readability.html.rules.{f.rule}'))}</b>: {escape(f.message)}</li>"
                     for f in whole)
    rows = [
        (t("readability.html.level"), report.level),
        (t("readability.html.kind"), t(f"readability.html.{report.kind}")),
        (t("readability.html.score"), f"{report.score:.0f} {t('readability.html.score_of')}"),
        (t("readability.html.words"), str(m["words"])),
        (t("readability.html.sentences"), str(m["sentences"])),
        (t("readability.html.average"), _number(round(float(m["avg_sentence_words"]), 1))),
        (t("readability.html.longest"), str(m["max_sentence_words"])),
        (t("readability.html.flesch"), _number(round(float(m["flesch_douma"])))),
    ]
    numbers = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    parts = [f'<span class="verdict {report.verdict}">{escape(report.summary)}</span>', f"<dl>{numbers}</dl>"]
    if legend:
        parts.append(f"<h2>{escape(t('readability.html.findings'))}</h2><ul class=\"legend\">{legend}</ul>")
    else:
        parts.append(f"<p>{escape(t('readability.html.none'))}</p>")
    if listed:
        parts.append(f"<h2>{escape(t('readability.html.whole_text'))}</h2><ul class=\"findings\">{listed}</ul>")
    return "".join(parts)


def page(reports: list[tuple[str, Report]]) -> str:
    """A complete HTML page (Dutch) for one or more (name, report) pairs."""
    articles = "".join(
        f'<article><div class="text"><h2>{escape(name)}</h2>{_body(report)}</div>'
        f"<aside>{_aside(report)}</aside></article>"
        for name, report in reports
    )
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(t('readability.html.title'))}</title><style>{_CSS}</style></head>"
        f"<body><header><h1>{escape(t('readability.html.heading'))}</h1>"
        f"<p>{escape(t('readability.html.intro'))}</p></header><main>{articles}</main></body></html>\n"
    )
