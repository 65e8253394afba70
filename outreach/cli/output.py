"""Turn results into terminal output with Rich: one console for stdout, one for errors."""

from __future__ import annotations

from functools import cache

from rich.console import Console

from ..texts import t


@cache
def console() -> Console:
    return Console(highlight=False)


@cache
def err_console() -> Console:
    return Console(stderr=True, highlight=False)


def error(message: str) -> None:
    """Print a one-line Dutch error, no traceback."""
    err_console().print(f"[bold red]{t('cli.error_prefix')}:[/] {message}", markup=True, soft_wrap=True)
