"""Turn template source into a Jinja environment that sees plain data and our helpers only.

Templates, their front matter and the values from CSV files may be hostile. The sandbox is an
ImmutableSandboxedEnvironment (no list or dict changes) that further allows attributes only
on plain data (text, numbers, dates, lists, dicts and Jinja's own loop helpers) and never an
attribute starting with an underscore, so no chain of attributes reaches a class, a module,
a file or a function we did not hand over. Values are made plain before they go in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

MAX_SIZE = 100_000  # longest text or list a template may make with '*'
# Types whose public attributes a template may read (methods of these only read or copy).
_PLAIN = (str, int, float, bool, Decimal, dt.date, dt.time, dt.timedelta, list, tuple, dict, type(None))
# Attributes of plain data that are harmless but still refused: they lead away from data.
_REFUSED = frozenset({"mro", "format_map", "fromtimestamp", "today", "now", "utcnow", "fromordinal",
                      "fromisoformat", "fromisocalendar", "strptime", "combine", "translate", "maketrans"})


def make_environment(loader: Any, autoescape: Any) -> Any:
    """A sandboxed environment over `loader` for plain data (see the module docstring)."""
    import jinja2
    from jinja2.runtime import LoopContext, Macro
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from jinja2.utils import Cycler, Joiner, Namespace

    helpers_types = (LoopContext, Cycler, Joiner, Namespace)

    class PlainSandbox(ImmutableSandboxedEnvironment):
        """Attributes only on plain data and Jinja's loop helpers; calls only to what we gave."""

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            from jinja2.exceptions import SecurityError

            if operator == "**" and isinstance(right, (int, float)) and abs(right) > 100:
                raise SecurityError("exponent too large")
            if operator == "*" and isinstance(left, (str, list, tuple)) and isinstance(right, int) \
                    and len(left) * right > MAX_SIZE or isinstance(right, (str, list, tuple)) \
                    and isinstance(left, int) and len(right) * left > MAX_SIZE:
                raise SecurityError("result too large")
            return super().call_binop(context, operator, left, right)

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if attr.startswith("_") or attr in _REFUSED:
                return False
            if not isinstance(obj, _PLAIN + helpers_types):
                return False
            return bool(super().is_safe_attribute(obj, attr, value))

        def is_safe_callable(self, obj: Any) -> bool:
            if isinstance(obj, type) and obj not in (dict, range, Cycler, Joiner, Namespace):
                return False
            if not callable(obj) or not super().is_safe_callable(obj):
                return False
            owner = getattr(obj, "__self__", None)
            if owner is not None and not isinstance(owner, _PLAIN + helpers_types) and not isinstance(obj, Macro):
                return False
            return True

    env = PlainSandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals.pop("lipsum", None)  # no use in a letter
    return env


def plain(value: Any, depth: int = 0) -> Any:
    """`value` as plain data: text, numbers, dates, lists and dicts; anything else as text."""
    from markupsafe import Markup

    if depth > 20:
        return str(value)
    if isinstance(value, Markup):
        return value
    if isinstance(value, (str, int, float, bool, Decimal, dt.date, dt.time, dt.timedelta)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v, depth + 1) for v in value]
    return str(value)

