"""Turn a folder of letters (.docx, .pdf, .txt, .html) into a ranked readability report, HTML and CSV.

Worst letters first: failing ones before the rest, then by difficulty score. Per letter: the
verdict, score, LiNT-II level, its main problems and the words to replace; for the folder:
the words to replace most often. A broken file is listed with its Dutch error, not fatal.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutreachError
from ..texts import t

SUFFIXES = (".docx", ".pdf", ".txt", ".html", ".htm")
WORD_RULES = ("officialese", "rare-word", "compound", "nominalisation")


@dataclass
class Row:
    """One letter of the folder report."""

    file: str
    verdict: str = "fail"
    score: float = 0.0
    lint_level: int | None = None
    problems: list[str] = field(default_factory=list)  # Dutch labels, most frequent first
    words: list[str] = field(default_factory=list)  # words to replace, most frequent first
    error: str = ""


def letters(folder: Path) -> list[Path]:
    """The letters in `folder` and its subfolders, sorted by name; Word lock files left out."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not p.name.startswith("~$"))


def check_folder(folder: Path, level: str = "B1", kind: str = "letter",
                 step: Callable[[Path], None] | None = None) -> tuple[list[Row], Counter[str]]:
    """Check every letter; rows ranked worst first and the words to replace over all letters."""
    from . import check
    from .sources import read_text

    rows: list[Row] = []
    words: Counter[str] = Counter()
    for path in letters(folder):
        name = str(path.relative_to(folder))
        try:
            report = check(read_text(str(path)), level=level, kind=kind)
        except OutreachError as exc:
            rows.append(Row(name, error=str(exc)))
        else:
            labels = Counter(t(f"readability.html.rules.{f.rule}") for f in report.findings)
            found = Counter(report.text[f.start:f.end].lower() for f in report.findings if f.rule in WORD_RULES)
            words.update(found)
            rows.append(Row(name, report.verdict, report.score, report.lint.get("level"),
                            [label for label, _ in labels.most_common(3)],
                            [w for w, _ in found.most_common(5)]))
        if step is not None:
            step(path)
    order = {"fail": 0, "warn": 1, "pass": 2}
    rows.sort(key=lambda r: (not r.error, order[r.verdict], -r.score, r.file))
    return rows, words


def write_csv(rows: list[Row], path: Path) -> None:
    """The report as CSV with ';' (Dutch Excel), one row per letter, through the one CSV writer
    (a file named '=HYPERLINK(...)' stays text)."""
    from ..tabular import write_rows

    header = [t("readability.folder.file"), t("readability.folder.verdict"), t("readability.folder.score"),
              t("readability.folder.lint"), t("readability.folder.problems"),
              t("readability.folder.words"), t("readability.folder.error")]
    body = ([r.file, "" if r.error else t(f"readability.cli.verdict_{r.verdict}"),
             "" if r.error else f"{r.score:.0f}", r.lint_level or "", ", ".join(r.problems),
             ", ".join(r.words), r.error] for r in rows)
    path.write_text(write_rows([header, *body]), encoding="utf-8-sig", newline="")


def write_html(rows: list[Row], words: Counter[str], level: str, path: Path) -> None:
    """The report as one standalone HTML page."""
    e = html.escape
    failed = sum(1 for r in rows if r.error or r.verdict == "fail")
    body = [f"<h1>{e(t('readability.folder.title'))}</h1>",
            f"<p>{e(t('readability.cli.folder_line', failed=failed, total=len(rows), level=level))}</p>",
            f"<h2>{e(t('readability.folder.top_words'))}</h2><ol>"]
    body += [f"<li>{e(w)} ({n}×)</li>" for w, n in words.most_common(15)]
    body.append("</ol><table><thead><tr>")
    for key in ("file", "verdict", "score", "lint", "problems", "words"):
        body.append(f"<th>{e(t('readability.folder.' + key))}</th>")
    body.append("</tr></thead><tbody>")
    for r in rows:
        verdict = r.error or t(f"readability.cli.verdict_{r.verdict}")
        cls = "fail" if r.error or r.verdict == "fail" else r.verdict
        body.append(f"<tr class='{cls}'><td>{e(r.file)}</td><td>{e(verdict)}</td>"
                    f"<td>{'' if r.error else f'{r.score:.0f}'}</td><td>{r.lint_level or ''}</td>"
                    f"<td>{e(', '.join(r.problems))}</td><td>{e(', '.join(r.words))}</td></tr>")
    body.append("</tbody></table>")
    style = ("body{font-family:sans-serif;margin:2em;line-height:1.5}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.fail td:nth-child(2){color:#b00}"
             ".warn td:nth-child(2){color:#a60}.pass td:nth-child(2){color:#070}")
    path.write_text(f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>"
                    f"{e(t('readability.folder.title'))}</title><style>{style}</style></head><body>"
                    + "".join(body) + "</body></html>\n", encoding="utf-8")
