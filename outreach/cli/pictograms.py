"""Turn `outreach pictograms list|sheet` into pictogram library calls.

Exit codes: 0 done, 1 a search found nothing, 2 bad input or a broken pictogram folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

import typer

from ..errors import InputError
from ..texts import t
from .dutch import Typer, mv


def _show_warnings(caught: list[Any]) -> None:
    """Print pictogram warnings (Dutch, with file) on stderr; other warnings stay silent."""
    from ..pictograms import PictogramWarning
    from .output import err_console

    for item in caught:
        if issubclass(item.category, PictogramWarning):
            err_console().print(f"{t('pictograms.cli.warning')}: {item.message}", markup=False, soft_wrap=True)


def _sheet_writer() -> Callable[[Path], Any]:
    """The documents engineer's contact sheet when it exists, else the pictograms' own."""
    try:
        from ..documents import contact_sheet  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        from ..pictograms import write_contact_sheet

        return write_contact_sheet
    return contact_sheet  # type: ignore[no-any-return]


def register(app: typer.Typer) -> None:
    """Add `outreach pictograms list` and `outreach pictograms sheet` to the main app."""
    sub = Typer(help=t("pictograms.cli.help"), no_args_is_help=True, add_completion=False)

    @sub.command("list", help=t("pictograms.cli.list_help"))
    def list_(
        search: Optional[str] = typer.Option(None, "--search", metavar=mv("word"), help=t("pictograms.cli.search_help")),
        format: str = typer.Option("text", "--format", metavar=mv("format"), help=t("pictograms.cli.format_help", text="text", json="json")),
    ) -> None:
        import warnings

        from .. import pictograms
        from .output import console, err_console

        if format not in ("text", "json"):
            raise InputError(t("pictograms.cli.bad_format", choices="text of json", value=format))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            items = pictograms.search(search) if search else pictograms.all()
        _show_warnings(caught)
        if format == "json":
            import json
            import sys

            rows = [{"name": p.name, "label": p.label, "alt": p.alt, "keywords": list(p.keywords),
                     "aliases": list(p.aliases), "set": p.source, "credit": p.credit, "path": str(p.path)}
                    for p in items]
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        elif items:
            from rich.table import Table

            table = Table(box=None, pad_edge=False)
            for column in ("col_name", "col_label", "col_set"):
                table.add_column(t(f"pictograms.cli.{column}"))
            for p in items:
                table.add_row(p.name, p.label, p.source)
            console().print(table)
            console().print(t("pictograms.cli.count", count=len(items)))
        if not items:
            err_console().print(t("pictograms.cli.no_results", word=search or ""), markup=False)
            raise typer.Exit(1)

    @sub.command("sheet", help=t("pictograms.cli.sheet_help"))
    def sheet(
        out: Path = typer.Option(Path("pictogrammen.pdf"), "--out", metavar=mv("file"), help=t("pictograms.cli.out_help")),
    ) -> None:
        import warnings

        from .output import console

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            written = _sheet_writer()(out)
        _show_warnings(caught)
        console().print(t("pictograms.cli.sheet_done", path=written or out), markup=False)

    app.add_typer(sub, name="pictograms")
