"""Turn command lines into calls of the library; errors become Dutch messages and exit codes.

Exit codes: 0 success, 1 a text failed its reading level (or another "no" the user asked
about), 2 bad usage or bad input, 130 interrupted. Each area registers its commands from its
own module; modules import heavy libraries inside the command functions so that
`outreach --help` stays instant.
"""

from __future__ import annotations

import sys

import typer

try:
    from typer._click.exceptions import ClickException  # typer >= 0.29 carries its own click
except ImportError:  # pragma: no cover - older typer on plain click
    from click import ClickException

from ..errors import OutreachError, log_unexpected
from ..texts import t
from .dutch import Typer
from . import backup, check, demo, documents, messaging, pictograms, tracking, translations, web, worker

app = Typer(
    name="outreach",
    help=t("cli.help"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)



@app.callback()
def _root() -> None:
    """Keep `outreach` a group of commands, also while it has only one."""


for module in (check, documents, pictograms, tracking, translations, messaging, web, worker, backup, demo):
    module.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the command line: exit with the code, or return it when `argv` is given (tests)."""
    from ..privatefiles import owner_only

    command = typer.main.get_command(app)
    with owner_only():  # every file the command line creates holds personal data: 0600
        code = _run(command, argv)
    if argv is None:  # run as the `outreach` script
        sys.exit(code)
    return code


def _run(command: object, argv: list[str] | None) -> int:
    try:
        result = command.main(args=argv, prog_name="outreach", standalone_mode=False)  # type: ignore[attr-defined]
        code = result if isinstance(result, int) else 0
    except typer.Exit as exc:
        code = exc.exit_code
    except ClickException as exc:  # usage errors: bad option, missing argument
        from .output import usage_error

        usage_error(exc)
        code = 2
    except typer.Abort:
        code = 130
    except OutreachError as exc:
        from .output import error

        hint = exc.hint_text("cli")
        error(f"{exc} {hint}" if hint else str(exc))
        code = exc.exit_code
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        code = 130
    except Exception as exc:  # a bug or a database failure: never a traceback, never its message
        from .output import error

        error(t("cli.unexpected", ref=log_unexpected(exc)))
        code = 1
    return code
