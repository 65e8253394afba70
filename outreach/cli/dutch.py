"""Turn Click's English help pages into Dutch ones: usage line, headings, metavars, defaults.

Typer carries its own copy of click (`typer._click`) whose help strings are hard-coded English
("Usage:", "Show this message and exit.") or go through the process-wide gettext domain
("Options", "[required]"). Instead of patching either, every command of `outreach` uses the
classes below, through the hooks click offers: `Context.formatter_class` (the usage prefix and
the headings), the command classes' `format_*` methods (the sections and help lines, always the
plain layout, never Rich's panels) and `get_help_option` (the text of `--help`).

Use `Typer(...)` from here instead of `typer.Typer(...)`: its groups and commands are Dutch.
A parameter names its placeholder with `metavar=` (a word from `cli.metavar` in cli.toml);
without one the placeholder follows the type (GETAL, PAD, TEKST).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Any

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

from ..fields import MAX_ID
from ..texts import t

HELP_OPTIONS = ["--help", "-h"]
CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": HELP_OPTIONS}


class DutchFormatter(_click.HelpFormatter):
    """Click's plain help layout with a Dutch usage prefix."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=t("cli.helppage.usage") + " " if prefix is None else prefix)


class DutchContext(_click.Context):
    formatter_class = DutchFormatter


def metavar(param: Any) -> str:
    """The placeholder a help page shows for `param`: its own metavar, else a Dutch type word."""
    if param.metavar:
        return str(param.metavar)
    desc = getattr(param, "type_descriptor", None)
    annotation = getattr(desc, "annotation", None)
    if getattr(desc, "is_path", False) or annotation is not None and isinstance(annotation, type) and issubclass(annotation, PurePath):
        return t("cli.metavar.path")
    if annotation in (int, float):
        return t("cli.metavar.number")
    return t("cli.metavar.text")


def _default(param: Any) -> str:
    """The default value as the help page shows it, '' when there is nothing useful to show."""
    value = param.default
    if not getattr(param, "show_default", True) or value is None or callable(value) or getattr(param, "is_flag", False):
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(getattr(value, "value", value))


def value_range(param: Any) -> str:
    """The allowed numbers of `param` in Dutch ('minstens 1'), '' when any number goes."""
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if high is not None and high >= MAX_ID:  # a database id: the upper limit says nothing to a user
        high = None
    if low is not None and high is not None:
        return t("cli.helppage.range_both", min=low, max=high)
    if low is not None:
        return t("cli.helppage.range_min", min=low)
    if high is not None:
        return t("cli.helppage.range_max", max=high)
    return ""


def help_record(param: Any) -> tuple[str, str] | None:
    """(left column, help text) of one argument or option, all in Dutch; None when hidden."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        name = metavar(param) + ("..." if param.nargs != 1 else "")
    else:
        name = _click.formatting.join_options(param.opts)[0]
        if not param.is_flag and not param.count:
            name += " " + metavar(param) + ("..." if param.multiple else "")
    default = _default(param)
    extra = [text for text in (
        t("cli.helppage.default", value=default) if default else "",
        value_range(param),
        t("cli.helppage.required") if param.required else "",
    ) if text]
    help = param.help or ""
    if extra:
        help = f"{help}  [{'; '.join(extra)}]".strip()
    return name, help


class _Dutch:
    """What DutchCommand and DutchGroup share: Dutch usage line, sections and --help text."""

    context_class = DutchContext

    def get_help_option(self, ctx: _click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = t("cli.helppage.help_option")
        return option

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        pieces = [t("cli.helppage.options_metavar")]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                name = metavar(param) if param.required else f"[{metavar(param)}]"
                pieces.append(name + ("..." if param.nargs != 1 else ""))
        if isinstance(self, _click.Command) and hasattr(self, "commands"):
            pieces.append(t("cli.helppage.commands_metavar"))
        return pieces

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc,no-any-return]
        except _click.exceptions.UsageError as exc:  # the parser's errors ("--port" without a value) lack the command
            if exc.ctx is None:
                exc.ctx, exc.cmd = ctx, ctx.command
            raise

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        _click.Command.format_help(self, ctx, formatter)  # type: ignore[arg-type]  # the plain layout, not Rich's

    def format_options(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        rows: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = help_record(param)
            if record is not None:
                rows[param.param_type_name].append(record)
        for kind, heading in (("argument", "cli.helppage.arguments"), ("option", "cli.helppage.options")):
            if rows[kind]:
                with formatter.section(t(heading)):
                    formatter.write_dl(rows[kind])
        commands = getattr(self, "commands", None)
        if commands:
            listed = [(name, cmd) for name, cmd in commands.items() if not cmd.hidden]
            if listed:
                limit = formatter.width - 6 - max(len(name) for name, _ in listed)
                with formatter.section(t("cli.helppage.commands")):
                    formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in listed])


class DutchCommand(_Dutch, TyperCommand):
    """A Typer command whose help page and usage line are Dutch."""


class DutchGroup(_Dutch, TyperGroup):
    """A Typer group whose help page, usage line and command list are Dutch."""


class Typer(typer.Typer):
    """`typer.Typer` whose groups and commands are Dutch (DutchGroup, DutchCommand)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", DutchGroup)
        kwargs.setdefault("context_settings", CONTEXT_SETTINGS)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("rich_markup_mode", None)
        super().__init__(**kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None,  # type: ignore[override]
                **kwargs: Any) -> Callable[[Any], Any]:
        kwargs.setdefault("context_settings", CONTEXT_SETTINGS)
        return super().command(name, cls=cls or DutchCommand, **kwargs)


def walk(command: _click.Command, path: Sequence[str] = ()) -> list[tuple[tuple[str, ...], _click.Command]]:
    """Every command below `command` (itself first) with its path of names: for tests and docs."""
    found = [(tuple(path), command)]
    for name, sub in getattr(command, "commands", {}).items():
        found.extend(walk(sub, (*path, name)))
    return found


def mv(name: str) -> str:
    """The Dutch placeholder `cli.metavar.<name>` for a parameter's `metavar=`."""
    return t(f"cli.metavar.{name}")
