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


def usage_error(exc: Exception) -> None:
    """Print a Click/Typer usage error as one Dutch line that points to `--help`."""
    import difflib
    import re

    from typer._click import exceptions as ce

    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, ce.NoArgsIsHelpError):  # `outreach prospects`: show the group's help
        exc.show()
        return
    path = ctx.command_path if ctx is not None else "outreach"
    message = getattr(exc, "message", "") or ""
    if isinstance(exc, ce.BadOptionUsage) and " requires " in message:  # `--port` with nothing after it
        text = t("cli.usage.needs_value", name=exc.option_name)
    elif isinstance(exc, ce.NoSuchOption):
        text = t("cli.usage.no_option", name=exc.option_name)
        if exc.possibilities:
            text += " " + t("cli.usage.did_you_mean", name=", ".join(sorted(exc.possibilities)))
    elif isinstance(exc, ce.BadParameter):  # MissingParameter is one too
        hint = exc.param_hint or (exc.param.get_error_hint() if exc.param is not None else "")
        if not isinstance(hint, str):
            hint = " / ".join(f"'{h}'" for h in hint)
        missing = isinstance(exc, ce.MissingParameter)
        kind = getattr(exc.param, "param_type_name", "option") if exc.param is not None else "option"
        if missing:
            text = t("cli.usage.missing_argument" if kind == "argument" else "cli.usage.missing_option", name=hint)
        else:
            text = f"{t('cli.usage.bad_value', name=hint)} {_type_hint(exc.param)}".strip()
    elif isinstance(exc, ce.UsageError) and (found := re.match(r"No such command '(.+?)'", message)):
        text = t("cli.usage.no_command", name=found.group(1))
        commands = ctx.command.list_commands(ctx) if ctx is not None and hasattr(ctx.command, "list_commands") else []
        close = difflib.get_close_matches(found.group(1), commands, n=1)
        if close:
            text += " " + t("cli.usage.did_you_mean", name=close[0])
    elif isinstance(exc, ce.UsageError) and (found := re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", message)):
        text = t("cli.usage.extra", args=found.group(1))
    else:
        text = t("cli.usage.other")
    error(f"{text} {t('cli.usage.help_hint', command=path)}".strip())


def _type_hint(param: object) -> str:
    """What kind of value an option expects, in Dutch ('' when nothing useful is known)."""
    from .dutch import value_range

    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    limits = value_range(param)
    if annotation is int and limits:
        return t("cli.usage.want_int_in", range=limits)
    if annotation is int:
        return t("cli.usage.want_int")
    if annotation is float:
        return t("cli.usage.want_number")
    return ""


def confirm(question: str) -> bool:
    """Ask a yes/no question in Dutch; j/ja/y/yes is yes, n/nee/no or just Enter is no."""
    while True:
        try:
            answer = input(f"{question} {t('cli.confirm_choices')} ").strip().lower()
        except EOFError:
            return False
        if answer in ("j", "ja", "y", "yes"):
            return True
        if answer in ("", "n", "nee", "no"):
            return False
        err_console().print(t("cli.confirm_again"), markup=False)


def ask_password() -> str:
    """Ask a new password twice without showing it (from a pipe: two lines, no retries)."""
    import getpass
    import sys

    from ..errors import InputError

    tty = sys.stdin.isatty()

    def read(prompt: str) -> str:
        if tty:
            return getpass.getpass(f"{prompt}: ")
        line = sys.stdin.readline()
        if not line:
            raise InputError(t("cli.password_empty"))
        return line.rstrip("\r\n")

    while True:
        first = read(t("cli.password_prompt"))
        if not first:
            if not tty:
                raise InputError(t("cli.password_empty"))
            err_console().print(t("cli.password_empty"), markup=False)
            continue
        if read(t("cli.password_again")) == first:
            return first
        if not tty:
            raise InputError(t("cli.password_mismatch"))
        err_console().print(t("cli.password_mismatch"), markup=False)
