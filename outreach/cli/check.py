"""Turn `outreach check` into checker calls and reports into text, JSON or an HTML page."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..texts import t
from .dutch import mv

if TYPE_CHECKING:
    from ..readability.report import Report

FORMATS = ("text", "json", "html")
# Rich styles per rule: sentences get a background (yellow warning, red failure), words their
# own colour on top; named colours so that 16-colour terminals show them too.
STYLES = {
    "long-sentence": ("black on yellow", "black on bright_red"),
    "commas": ("black on yellow", "black on yellow"),
    "officialese": ("bold black on magenta", "bold black on magenta"),
    "passive": ("bold black on cyan", "bold black on cyan"),
    "rare-word": ("bold underline black on bright_white", "bold underline black on bright_white"),
    "compound": ("underline black on bright_white", "underline black on bright_white"),
    "long-word": ("underline black on bright_white", "underline black on bright_white"),
    "nominalisation": ("black on green", "black on green"),
}


def register(app: typer.Typer) -> None:
    """Add `outreach check`."""

    @app.command("check", help=t("readability.cli.help"))
    def check_command(
        paths: list[str] = typer.Argument(None, metavar=mv("file"), help=t("readability.cli.paths_help"), show_default=False),
        level: str = typer.Option(None, "--level", metavar=mv("level"), help=t("readability.cli.level_help"), show_default=False),
        kind: str = typer.Option(None, "--kind", metavar=mv("kind"), help=t("readability.cli.kind_help"), show_default=False),
        output: str = typer.Option("text", "--format", metavar=mv("format"), help=t("readability.cli.format_help")),
        out: str = typer.Option(".", "--out", metavar=mv("folder"), help=t("readability.cli.out_help")),
    ) -> None:
        from pathlib import Path

        folders = [p for p in paths or [] if Path(p).is_dir()]
        if folders:
            code = max(run_folder(Path(f), level, kind, Path(out)) for f in folders)
            raise typer.Exit(code)
        code = run(paths or ["-"], level, kind, output)
        if code:
            raise typer.Exit(code)


def _validate(level: str | None, kind: str | None, output: str) -> tuple[str | None, str | None, str]:
    from ..errors import InputError
    from ..readability import KINDS, LEVELS

    if level is not None and level.upper() not in LEVELS:
        raise InputError(t("readability.unknown_level", level=level))
    if kind is not None and kind.lower() not in KINDS:
        raise InputError(t("readability.unknown_kind", kind=kind))
    if output.lower() not in FORMATS:
        raise InputError(t("readability.cli.unknown_format", format=output))
    return (level.upper() if level else None, kind.lower() if kind else None, output.lower())


def load(path: str, level: str | None, kind: str | None) -> tuple[str, str, str, tuple[str, ...]]:
    """(text, level, kind, known words) for one input; templates render with sample values."""
    from ..errors import InputError, Where, os_reason
    from ..readability.sources import read_text

    if path.endswith(".j2"):
        from ..documents import sample_text

        try:
            text, template = sample_text(path)
        except OSError as exc:
            raise InputError(t("readability.cli.cannot_read", error=os_reason(exc)), Where(file=path)) from None
        known = (tuple(str(v) for v in template.fields.values())
                 + tuple(str(w) for w in template.meta.get("known_words", ())))
        return (text, level or str(getattr(template, "level", None) or "B1").upper(),
                kind or str(getattr(template, "kind", None) or "letter"), known)
    return read_text(path), level or "B1", kind or "letter", ()


def run(paths: list[str], level: str | None, kind: str | None, output: str) -> int:
    """Check every path; print in `output` format; 1 if any text fails, else 0."""
    from ..readability import check

    level, kind, output = _validate(level, kind, output)
    results: list[tuple[str, Report]] = []
    for path in paths:
        text, lvl, knd, known = load(path, level, kind)
        if not text.strip():
            from ..errors import InputError, Where

            if path == "-":
                raise InputError(t("readability.cli.empty_input"))
            raise InputError(t("readability.cli.empty_file"), Where(file=path))
        results.append((path, check(text, level=lvl, kind=knd, known_words=known)))
    if output == "json":
        docs: Any = [{"file": _name(p), **r.to_dict()} for p, r in results]
        print(json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2))
    elif output == "html":
        from ..readability.html import page

        print(page([(_name(p), r) for p, r in results]))
    else:
        for path, report in results:
            show(_name(path), report)
        from ..documents.qr import missing_public_url

        if any(p.endswith(".html.j2") for p in paths) and missing_public_url():
            from .output import console

            console().print(missing_public_url())  # why the printed letter has no QR code
    return 1 if any(r.verdict == "fail" for _, r in results) else 0


def _name(path: str) -> str:
    return t("readability.cli.stdin") if path == "-" else path


def line_starts(text: str) -> list[int]:
    """The offset at which each line starts: the line of offset i is bisect_right(starts, i)."""
    return [0, *(m.end() for m in re.finditer("\n", text))]


PRINT_LINES = 50


def styled_lines(text: str, spans: list[tuple[int, int, str]]) -> list[Any]:
    """`text` as one rich Text per line, each span (start, end, style) applied to the lines it covers."""
    from rich.text import Text

    starts = line_starts(text)
    ends = [*(s - 1 for s in starts[1:]), len(text)]
    lines = [Text(text[a:b]) for a, b in zip(starts, ends)]
    for start, end, style in spans:
        for i in range(bisect_right(starts, start) - 1, bisect_right(starts, max(start, end - 1))):
            a, b = max(start, starts[i]) - starts[i], min(end, ends[i]) - starts[i]
            if a < b:
                lines[i].stylize(style, a, b)
    return lines


def show(name: str, report: Report) -> None:
    """Print one report: header, the text with coloured spans, the findings, the numbers."""
    from rich.text import Text

    from ..readability.report import WHOLE_TEXT_RULES
    from .output import console

    out = console()
    colour = {"pass": "green", "warn": "yellow", "fail": "red"}[report.verdict]
    out.print(Text.assemble((f"{name}", "bold"), "  ", (t(f"readability.cli.verdict_{report.verdict}"), f"bold {colour}"),
                            f"  {report.summary}"))
    spans = [(span["start"], span["end"], "dim") for span in report.ignored]  # letter furniture left out: grey
    for f in sorted(report.findings, key=lambda f: (f.rule not in ("long-sentence", "commas"), f.start)):
        style = STYLES.get(f.rule)
        if style:
            spans.append((f.start, f.end, style[f.severity == "fail"]))
    lines = styled_lines(report.text.rstrip("\n"), spans)
    for first in range(0, len(lines), PRINT_LINES):  # Rich wraps one Text in time quadratic in its lines
        out.print(Text("\n").join(lines[first:first + PRINT_LINES]))
    out.print()
    starts = line_starts(report.text)
    for f in report.findings:
        if f.rule in WHOLE_TEXT_RULES:
            where = t("readability.cli.whole_text")
        else:
            where = t("readability.cli.line", line=bisect_right(starts, f.start))
        sign = ("✗", "red") if f.severity == "fail" else ("!", "yellow")
        out.print(Text.assemble((f" {sign[0]} ", f"bold {sign[1]}"), (where, "dim"), " ", f.message))
    m = report.metrics
    words = t("readability.cli.word_one") if m["words"] == 1 else t("readability.cli.words", count=m["words"])
    sentences = (t("readability.cli.sentence_one") if m["sentences"] == 1
                 else t("readability.cli.sentences", count=m["sentences"]))
    out.print(Text(t("readability.cli.numbers", words=words, sentences=sentences,
                     average=f"{m['avg_sentence_words']:.1f}".replace(".", ","), longest=m["max_sentence_words"],
                     score=f"{report.score:.0f}", flesch=f"{m['flesch_douma']:.0f}"), style="dim"))
    parts = list(dict.fromkeys(t(f"readability.cli.ignored_{span['kind']}") for span in report.ignored
                               if span["kind"] != "subject-label"))
    if parts:
        out.print(Text(t("readability.cli.ignored", parts=", ".join(parts)), style="dim"))
    if report.lint.get("level"):
        out.print(Text(t("readability.cli.lint", score=f"{report.lint['score']:.0f}", level=report.lint["level"],
                         meaning=t(f"readability.lint.level_{report.lint['level']}")), style="dim"))
    out.print()


def run_folder(folder: Path, level: str | None, kind: str | None, out: Path) -> int:
    """Check every letter in `folder` with a progress bar; write the ranked report (HTML and CSV)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..errors import InputError, Where
    from ..readability import folder as folders
    from .output import console

    level, kind, _ = _validate(level, kind, "text")
    found = folders.letters(folder)
    if not found:
        raise InputError(t("readability.cli.folder_empty"), Where(file=str(folder)))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console(), transient=True) as bar:
        task = bar.add_task(t("readability.cli.folder_progress"), total=len(found))
        rows, words = folders.check_folder(folder, level or "B1", kind or "letter",
                                           step=lambda _path: bar.advance(task))
    out.mkdir(parents=True, exist_ok=True)
    html_path, csv_path = out / "leesbaarheid.html", out / "leesbaarheid.csv"
    folders.write_html(rows, words, level or "B1", html_path)
    folders.write_csv(rows, csv_path)
    failed = sum(1 for r in rows if r.error or r.verdict == "fail")
    console().print(t("readability.cli.folder_line", failed=failed, total=len(rows), level=level or "B1"))
    console().print(t("readability.cli.folder_written", html=html_path, csv=csv_path))
    return 1 if failed else 0
